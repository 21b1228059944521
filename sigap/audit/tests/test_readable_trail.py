"""The audit trail in words (#21 "pages a non-developer can read").

Objects by their business name (case number, complaint ticket, user's name), actions and kinds
translated, changes as "field: old → new" with code-list labels, never a Python dict or a UUID;
export events show their period and row count; a whole page is named in a fixed number of queries.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import TeamRole
from sigap.cases.services.lifecycle import case_update_classification
from sigap.cases.services.team import case_team_assign
from sigap.cases.tests.factories import make_case
from sigap.intake.tests.factories import make_complaint
from sigap.reports.services import ReportKind, report_export_record

URL = reverse("audit:search")
UUID_RE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)
DICT_REPR_RE = re.compile(r"\{\s*['\"]|&#x27;[a-z_]+&#x27;:|'[a-z_]+':")


@pytest.fixture
def trail(personas: Any) -> dict[str, Any]:
    """A case re-rated and given a second expert, a complaint viewed, a recap exported."""
    case = make_case(personas, experts=())
    case_update_classification(actor=personas["head"], case=case, category=case.category, risk_level="TINGGI")
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    complaint = make_complaint(personas)
    audit_record(actor=personas["head"], unit=personas.kukar, action=AuditAction.VIEW, obj=complaint)
    report_export_record(
        actor=personas["data_officer"],
        unit=personas.kukar,
        kind=ReportKind.UNIT_RECAP,
        period={"from": "2026-01", "to": "2026-03"},
        rows=1234,
    )
    return {"case": case, "complaint": complaint}


def _page(personas: Any, language: str, **params: Any) -> str:
    client = personas.client("auditor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _table(page: str) -> str:
    return page[page.index("<table") : page.index("</table>")]


def test_objects_are_named_by_their_business_name(personas: Any, trail: dict[str, Any]) -> None:
    table = _table(_page(personas, "en"))
    assert trail["case"].number in table
    assert trail["complaint"].number in table
    # The team change names the expert by her name, and the case's kind is a word, not a model label.
    assert personas["expert"].full_name in table
    assert "cases.case" not in table and "intake.complaint" not in table


def test_changes_read_field_old_new_with_code_list_labels(personas: Any, trail: dict[str, Any]) -> None:
    table = _table(_page(personas, "en"))
    assert "Risk level: Medium → High" in table
    assert "team role: Expert" in table
    assert "Unit recap" in table


@pytest.mark.parametrize("language", ["en", "id"])
def test_no_uuid_and_no_dict_repr_in_the_page(personas: Any, trail: dict[str, Any], language: str) -> None:
    page = _page(personas, language)
    assert not UUID_RE.search(page), UUID_RE.search(page)
    table = _table(page)
    assert not DICT_REPR_RE.search(table), DICT_REPR_RE.search(table)


def test_actions_kinds_and_fields_are_in_indonesian(personas: Any, trail: dict[str, Any]) -> None:
    table = _table(_page(personas, "id"))
    with translation.override("id"):
        risk = str(translation.gettext("risk level")).capitalize()
        changed = str(translation.gettext("Changed"))
        kind = str(translation.gettext("case"))
    assert changed != "Changed" and changed in table
    assert f"{risk}: Sedang → Tinggi" in table
    assert kind.capitalize() in table
    assert "Rekap unit" in table


def test_exports_show_their_period_and_row_count(personas: Any, trail: dict[str, Any]) -> None:
    table = _table(_page(personas, "en", action="EXPORT"))
    assert "period: January 2026 – March 2026" in table
    assert "1,234 rows" in table
    table = _table(_page(personas, "id", action="EXPORT"))
    assert "Januari 2026 – Maret 2026" in table and "1.234" in table


def test_record_history_names_its_object(personas: Any, trail: dict[str, Any]) -> None:
    case = trail["case"]
    client = personas.client("head")
    page = client.get(reverse("audit:object_history", args=["cases.case", case.pk])).content.decode()
    start = page.index("<h1")
    intro = html.unescape(page[start : page.index("<form", start)])
    assert case.number in intro and "cases.case" not in intro
    assert not UUID_RE.search(html.unescape(_table(page)))


# The search page's own queries (session, user, membership, shell, filters, count, rows, its VIEW
# event) plus one per object type named: the same for a page of 10 events as for a page of 50.
@pytest.mark.parametrize("cases", [1, 6])
def test_a_page_is_named_in_a_fixed_number_of_queries(
    personas: Any, django_assert_num_queries: Any, cases: int
) -> None:
    client = personas.client("auditor")
    for _ in range(cases):
        case = make_case(personas, experts=())
        case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    client.get(URL)  # warm the session and the filter choices' caches alike for both runs
    expected = {"sqlite": 11, "postgresql": 11}[connection.vendor]
    with django_assert_num_queries(expected):
        response = client.get(URL)
    assert response.status_code == 200


def test_a_team_member_and_a_person_carried_from_a_complaint_read_in_indonesian(
    personas: Any, trail: dict[str, Any]
) -> None:
    """The keys of a team row and of a person carried from a complaint (``cases.services.carry`` writes this shape)
    are words of the page's language: a walk found "user", "created" and "from complaint" on the Indonesian page."""
    case = trail["case"]
    audit_record(
        actor=personas["head"],
        unit=personas.kukar,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["persons"],
        new={"persons": {"person": str(case.pk), "role": "REPORTER", "created": True, "from_complaint": True}},
    )
    table = _table(_page(personas, "id"))
    assert "petugas: " in table and "dibuat: ya" in table and "dari pengaduan: ya" in table
    assert "user:" not in table and "created:" not in table and "from complaint" not in table
    english = _table(_page(personas, "en"))
    assert "staff member: " in english and "from the complaint: yes" in english
