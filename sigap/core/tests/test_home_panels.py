"""The role's morning (#21): the home page counts what waits for each role, and each count is a link to
the list behind it, which shows exactly that many rows. Data made through the services only."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.forms.case import CaseFilterForm
from sigap.cases.models import Case, CaseState, TeamRole
from sigap.cases.selectors.case import CaseFilters, case_list, unit_districts
from sigap.cases.services.closure import case_request_closure
from sigap.cases.services.lifecycle import case_open
from sigap.cases.services.team import case_team_assign
from sigap.cases.tests.casework_steps import walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.experts.models import CredentialKind
from sigap.experts.selectors import expert_list
from sigap.experts.tests.factories import credential, profile
from sigap.intake.selectors import complaint_list
from sigap.intake.tests.factories import make_complaint, triaged
from sigap.work import selectors as work_selectors
from sigap.work.scheduler import work_items_tick

FIGURE = re.compile(r'<a class="[^"]*" href="(?P<url>[^"]+)" data-count="(?P<count>\d+)">')


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _panels(html: str) -> dict[str, list[tuple[str, int]]]:
    """{panel key: [(url, count), ...]} as the home page shows them."""
    found: dict[str, list[tuple[str, int]]] = {}
    for chunk in html.split("<section ")[1:]:
        heading = re.match(r'class="card h-100" aria-labelledby="panel-(\w+)-heading"', chunk)
        if heading is None:
            continue
        body = chunk.split("</section>", 1)[0]
        found[heading[1]] = [(m["url"].replace("&amp;", "&"), int(m["count"])) for m in FIGURE.finditer(body)]
    return found


def _rows_behind(user: User, url: str) -> int:
    """How many rows the list at ``url`` shows ``user``: the same form and selector as its view."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    name = resolve(parts.path).view_name
    if name == "cases:case_list":
        form = CaseFilterForm(query, districts=unit_districts(user))
        assert form.is_valid(), form.errors
        return case_list(user, CaseFilters(**form.cleaned_data)).count()
    if name == "experts:expert_list":
        return expert_list(user, expiring=query.get("expiring") == "1").count()
    if name == "intake:complaint_list":
        return complaint_list(user, query["view"], clock=query.get("clock", "")).count()
    assert name == "work:my_work", url
    membership = user.membership
    assert membership is not None
    anchor = parts.fragment
    if anchor == "unit-missed":
        return work_selectors.unit_missed_work_items(membership=membership).count()
    if anchor == "approvals":
        return work_selectors.unit_approval_queue(membership=membership).count()
    if anchor == "my-open":
        return work_selectors.my_open_work_items(user=user).count()
    # My work without an anchor: the items past their due time, missed or not yet marked.
    now = timezone.now()
    return sum(1 for item in work_selectors.my_open_work_items(user=user) if item.is_overdue(now)) + (
        work_selectors.my_missed_work_items(user=user).count()
    )


@pytest.fixture
def morning(personas: Any) -> Any:
    """A unit's morning, made through the services: cases at several steps and risks, a restricted case,
    a closure and a plan waiting, a missed deadline, complaints at every clock, another unit's case."""
    head, manager = personas["head"], personas["case_manager"]
    make_case(personas)  # opened, medium risk, manager + expert
    child = case_open(actor=head, category="KTA", risk_level="TINGGI", case_manager=manager)
    case_team_assign(actor=head, case=child, user=personas["expert"], team_role=TeamRole.EXPERT)
    walk_to(make_case(personas, victim=victim_data()), CaseState.ASESMEN)
    planning = walk_to(
        make_case(personas, victim=victim_data(nik="6402014507990077"), experts=()), CaseState.RENCANA_INTERVENSI
    )
    case_request_closure(actor=manager, case=planning, reason="TUJUAN_TERCAPAI", summary="Goals met.")
    locked = case_open(actor=head, category="KTP", risk_level="TINGGI")
    Case.objects.filter(pk=locked.pk).update(restricted=True)  # restricted, the head off its team: locked for her
    case_open(actor=head, category="KTP", risk_level="TINGGI")  # no manager: the head's team item
    make_case(personas, unit="samarinda", manager="other_case_manager", experts=())
    # Complaints: one answered (triaged), one overdue (received long ago), one fresh.
    triaged(personas, make_complaint(personas))
    make_complaint(personas, received_at=timezone.now() - timedelta(days=3))
    make_complaint(personas, risk_level="TINGGI")
    # The expert's licence expires in 30 days (within the 60-day warning), their permit in 400.
    expert = profile(personas, personas["expert"])
    credential(personas, expert, CredentialKind.STRPK, days_left=30)
    credential(personas, expert, CredentialKind.SIPPK, days_left=400, number="NUM-0002")
    # The first-contact clock of the child case runs out: missed and escalated.
    work_items_tick(now=timezone.now() + timedelta(days=2))
    return personas


PANELS = {
    "head": {"cases", "work", "complaints", "experts"},
    "case_manager": {"cases", "work"},
    "expert": {"cases", "work"},
    "intake": {"complaints"},
    "admin": set(),
    "auditor": set(),
    "leadership": set(),
    "partner": set(),
    "data_officer": set(),
}


def test_each_role_sees_its_panels_and_each_count_is_the_list_behind_it(morning: Any) -> None:
    for persona, panels in PANELS.items():
        client = morning.client(persona)
        shown = _panels(client.get("/").content.decode())
        assert set(shown) == panels, persona
        user = morning[persona]
        nonzero = 0
        for key, figures in shown.items():
            assert figures, key
            for url, count in figures:
                assert _rows_behind(user, url) == count, (persona, key, url)
                nonzero += bool(count)
                # The link opens for this role (no count links to a page the role may not see).
                assert client.get(url).status_code == 200, url
        assert nonzero >= 2 or not panels, persona  # the data gives every role something to count


def test_the_heads_counts(morning: Any) -> None:
    shown = dict(_panels(morning.client("head").get("/").content.decode())["cases"])
    opened = reverse("cases:case_list") + "?state=KASUS_DIBUKA"
    # The head's unit: 4 opened (two with a manager, one restricted, one without a manager), one in
    # assessment, one in planning; not the other unit's case.
    assert shown[opened] == 4
    assert (
        shown[reverse("cases:case_list") + "?risk_level=TINGGI&open=on"] == 3
    )  # child, planning (re-rated high by its assessment), the one without manager; not the restricted one
    missed, approvals = (count for _url, count in _panels(morning.client("head").get("/").content.decode())["work"])
    assert missed >= 1 and approvals == 1  # the missed first contact (and others); the closure waiting


def test_another_units_head_counts_only_their_unit(morning: Any) -> None:
    shown = _panels(morning.client("other_head").get("/").content.decode())
    assert dict(shown["cases"])[reverse("cases:case_list") + "?state=KASUS_DIBUKA"] == 1
    assert all(count == 0 for _url, count in shown["complaints"])


@pytest.mark.parametrize(("persona", "queries"), [("head", 7), ("case_manager", 5), ("intake", 4)])
def test_the_home_page_costs_a_fixed_number_of_queries(
    morning: Any, persona: str, queries: int, django_assert_num_queries: Any
) -> None:
    client = morning.client(persona)
    client.get("/")  # warm the session and the caches
    with django_assert_num_queries(queries):
        client.get("/")
    # Twice the data costs no query more (one GROUP BY per panel, whatever the unit holds).
    make_case(morning)
    make_complaint(morning)
    with django_assert_num_queries(queries):
        client.get("/")


def test_the_head_sees_first_the_cases_waiting_for_their_team(morning: Any) -> None:
    """Walk finding 15: a new case is seen by the HEAD alone until she assigns its case manager (by design,
    ARCHITECTURE §3); her home now says so first, in words, with the list behind it."""
    html = morning.client("head").get("/").content.decode()
    figures = _panels(html)["cases"]
    url = reverse("cases:case_list") + "?awaiting_team=on"
    assert figures[0] == (url, 2)  # the restricted one and the one opened without a manager
    panel = html.split('id="panel-cases"')[1].split("</section>")[0]
    assert "Cases waiting for their team (assign the case manager)" in panel
    assert "needs attention" in panel.split("Cases waiting for their team")[1].split("</li>")[0]
    mine = _panels(morning.client("case_manager").get("/").content.decode())["cases"]
    assert all("awaiting_team" not in figure_url for figure_url, _count in mine)
