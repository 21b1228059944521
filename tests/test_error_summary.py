"""Every long form lists its errors at the top (issue #21, "long forms list their errors at the top").

Each registered form is posted empty (or with one bad value where empty is valid) by a persona allowed to
use it; the answer must carry the error summary of includes/error_summary.html: ``role="alert"``, the
heading "There is a problem" (Indonesian: "Ada masalah"), and one link per field error whose target id
exists on the page. A form added later with more than a handful of fields belongs in ``LONG_FORMS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sigap.intake.tests.factories import ensure_reference

SUMMARY = re.compile(
    r'<div class="error-summary[^"]*" role="alert"[^>]*id="(?P<id>[\w-]+)"[^>]*>(?P<body>.*?)</div>', re.S
)


@dataclass(frozen=True)
class LongForm:
    """One form: where it lives, who may post it, and a POST that it must refuse."""

    url_name: str
    persona: str
    kwargs: Callable[[Any], dict[str, Any]] = lambda p: {}
    # Views build their form with ``Form(request.POST or None)``: a POST with no key at all is read as no
    # form sent, so "empty" is one key with nothing in it.
    data: Callable[[Any], dict[str, Any]] = lambda p: {"unused": ""}
    # A step before the POST (the person form opens only after a search of the case).
    before: Callable[[Any, Client], None] | None = None
    summary_id: str = "error-summary"
    errors: tuple[str, ...] = field(default=())


def _cw(p: Any) -> dict[str, Any]:
    from sigap.cases.tests.access_rules_casework import case_of

    return case_of("cw")(p)  # type: ignore[no-any-return]


def _planning(p: Any) -> dict[str, Any]:
    from sigap.cases.tests.access_rules_casework import case_of

    return case_of("planning")(p)  # type: ignore[no-any-return]


def _incident(p: Any) -> dict[str, Any]:
    from sigap.cases.tests.access_rules_casework import incident

    return incident(p)


def _team(p: Any) -> dict[str, Any]:
    from sigap.cases.tests.access_rules import team

    return team(p)


def _team_victim(p: Any) -> dict[str, Any]:
    from sigap.cases.tests.access_rules import team_victim

    return team_victim(p)


def _queued(p: Any) -> dict[str, Any]:
    from sigap.intake.tests.factories import make_complaint

    return {"complaint_id": make_complaint(p).pk}


def _own_expert(p: Any) -> dict[str, Any]:
    from sigap.experts.tests.access_rules import own

    return own(p)


def _search_first(p: Any, client: Client) -> None:
    url = reverse("cases:case_person_add", kwargs=_team(p))
    client.post(url, {"step": "search", "search-role": "VICTIM", "search-name": "Nobody Known"})


def _expert_profile(p: Any) -> Any:
    from sigap.contracts.tests.factories import expert_profile

    return expert_profile(p)


def _open_period(p: Any) -> dict[str, Any]:
    from sigap.contracts.tests.access_rules import colleague_period

    return colleague_period(p)


LONG_FORMS = [
    LongForm("lapor:report", "anonymous", data=lambda p: {"unit": str(p.kukar.pk)}, summary_id="form-error"),
    LongForm("intake:complaint_create", "intake"),
    LongForm("intake:complaint_triage", "intake", kwargs=_queued),
    LongForm("cases:case_open", "case_manager"),
    LongForm("cases:case_edit", "case_manager", kwargs=_team, data=lambda p: {"category": "NOT-A-CATEGORY"}),
    LongForm("cases:case_person_add", "case_manager", kwargs=_team, data=lambda p: {"step": "search"}),
    LongForm(
        "cases:case_person_add",
        "case_manager",
        kwargs=_team,
        data=lambda p: {"step": "create", "person-birth_date": "2999-01-01"},
        before=_search_first,
    ),
    LongForm("cases:case_person_edit", "case_manager", kwargs=_team_victim, data=lambda p: {"birth_date": "x"}),
    LongForm("cases:case_request_closure", "case_manager", kwargs=_team),
    LongForm("cases:incident_create", "case_manager", kwargs=_cw),
    LongForm("cases:incident_edit", "case_manager", kwargs=_incident),
    LongForm("cases:consent_create", "case_manager", kwargs=_cw),
    LongForm("cases:assessment_section", "case_manager", kwargs=lambda p: {**_cw(p), "area": "SOCIAL"}),
    LongForm("cases:plan_edit", "case_manager", kwargs=_planning),
    LongForm("cases:plan_item_add", "case_manager", kwargs=_planning),
    LongForm("accounts:user_create", "admin"),
    LongForm("accounts:user_edit", "admin", kwargs=lambda p: {"pk": p["intake"].pk}, data=lambda p: {"email": "x"}),
    LongForm("experts:expert_edit", "head", kwargs=_own_expert),
    LongForm("experts:credential_add", "head", kwargs=_own_expert),
    LongForm("contracts:contract_create", "head", before=lambda p, c: _expert_profile(p)),
    LongForm("contracts:period_evaluation", "head", kwargs=lambda p: _open_period(p)),
]


def _post(personas: Any, form: LongForm, language: str) -> str:
    client = personas.client(form.persona)
    client.cookies["sigap_language"] = language
    if form.before:
        form.before(personas, client)
    response = client.post(reverse(form.url_name, kwargs=form.kwargs(personas)), form.data(personas))
    assert response.status_code == 200, (form.url_name, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("form", LONG_FORMS, ids=lambda f: f"{f.url_name}-{f.persona}")
def test_an_invalid_post_lists_every_error_at_the_top_linked_to_its_field(personas: Any, form: LongForm) -> None:
    ensure_reference()
    html = _post(personas, form, "en")
    found = SUMMARY.search(html)
    assert found, f"{form.url_name}: no error summary"
    assert found.group("id") == form.summary_id
    body = found.group("body")
    assert "There is a problem" in body
    targets = re.findall(r'<a href="#([^"]+)"', body)
    assert targets, f"{form.url_name}: the summary links to no field"
    for target in targets:
        assert f'id="{target}"' in html, f"{form.url_name}: the summary links to #{target}, which is not on the page"
    # The summary comes before the first field of the form: it is read first.
    assert html.index(found.group(0)) < html.index(f'id="{targets[0]}"')


def test_the_summary_speaks_indonesian(personas: Any) -> None:
    ensure_reference()
    html = _post(personas, LongForm("intake:complaint_create", "intake"), "id")
    found = SUMMARY.search(html)
    assert found and "Ada masalah" in found.group("body")
