"""Phone width (390 px, walk of #21 shots 113, 120): the case pages never scroll sideways.

Screenshots: ``test-artifacts/mobile-NN-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sigap.accounts.models import Membership, Role, User
from sigap.cases.models import Case, TeamRole
from sigap.cases.models.people import PersonRole
from sigap.cases.services.lifecycle import case_open
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.services.team import case_team_assign
from tests.e2e.test_case_journey import Journey, _seed

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    for old in artifacts.glob("mobile-*.png"):
        old.unlink()
    trip = Journey(browser, live_server, artifacts, prefix="mobile")
    try:
        yield trip
    finally:
        trip.close()


def _overflow(page: Any) -> list[str]:
    """The elements wider than the window (to name the culprit when the page scrolls sideways)."""
    return list(
        page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1 && (getComputedStyle(el).position === 'absolute' || !(el.parentElement && el.parentElement.closest('.table-responsive'))))
                .slice(0, 12).map(el => el.tagName + '#' + el.id + '.' + el.className + ':' + Math.round(el.getBoundingClientRect().right))""",
            PHONE_WIDTH,
        )
    )


def _case(users: dict[str, User]) -> Case:
    head, manager = users["head"], users["manager"]
    case = case_open(actor=head, category="KTP", risk_level="TINGGI", case_manager=manager)
    unit = Membership.objects.get(user=head).unit
    expert = User.objects.create_user(username="psi.e2e", password="x-" * 8, full_name="Psikolog Dengan Nama Panjang")
    Membership.objects.create(user=expert, unit=unit, role=Role.EXPERT)
    case_team_assign(actor=head, case=case, user=expert, team_role=TeamRole.EXPERT)
    # Not on the team: a row of the team page's suggestions, with its hidden "Actions" heading.
    other = User.objects.create_user(username="kh.e2e", password="x-" * 8, full_name="Konselor Hukum Kedua")
    Membership.objects.create(user=other, unit=unit, role=Role.EXPERT)
    person_create(
        actor=head,
        case=case,
        data=PersonData(
            name="Contoh Korban Dengan Nama Yang Cukup Panjang",
            sex="P",
            nik="6402014507100001",
            phone="0812 5555 0199",
            address="Jalan Melati RT 03 Nomor 17, Kelurahan Panji, Tenggarong",
            estimated_age=34,
        ),
        role=PersonRole.VICTIM,
    )
    return case


def _fits(journey: Journey, name: str, url_name: str) -> None:
    users = _seed()
    case = _case(users)
    page = journey.login(users["head"])
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    page.goto(reverse(url_name, kwargs={"case_id": case.pk}))
    journey.shot(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (name, width, _overflow(page))


def test_the_team_page_fits_a_phone(journey: Journey) -> None:
    _fits(journey, "team", "cases:case_team")


def test_the_case_page_fits_a_phone(journey: Journey) -> None:
    _fits(journey, "case", "cases:case_detail")


# Walk of #12: the hearings (621 px), attachments (586 px), shelter (585 px) and plan services (528 px)
# tables widened their pages; every data table of the case's pages now scrolls inside itself.
@pytest.mark.parametrize(
    ("name", "url_name"),
    [
        ("sessions", "assistance:session_list"),
        ("attachments", "assistance:case_attachments"),
        ("shelter", "assistance:case_shelter"),
        ("legal", "assistance:legal_track"),
        ("health", "assistance:health_list"),
        ("plan", "cases:plan_detail"),
    ],
)
def test_the_case_subpages_fit_a_phone(journey: Journey, name: str, url_name: str) -> None:
    _fits(journey, name, url_name)
