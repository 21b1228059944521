"""In the browser (#12): a psychologist opens her week, books a session for a case whose team she is on
(the case comes from a report on /lapor/), sees it in her week, and records it as held.

Screenshots: ``test-artifacts/calendar-NN-*.png``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sigap.assistance.models.session import AccompanimentSession, SessionStatus
from tests.e2e.steps import expect_success, expert_user, identify, open_case, put_on_team, submit
from tests.e2e.test_case_journey import Journey, _seed, journey_of

pytestmark = pytest.mark.browser

ACCOUNT = "Contoh laporan: anak tetangga saya sering dipukul di rumah (data fiktif untuk uji kalender)."


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "calendar")


def _psychologist(unit: Any, head: Any) -> Any:
    from sigap.experts.tests.factories import licensed_clinical

    user = expert_user(unit, "rina.e2e", "Rina Psikolog")
    licensed_clinical({"head": head}, user)
    return user


def _id(msgid: str) -> str:
    """The Indonesian text the pages show for an English message id."""
    with translation.override("id"):
        return translation.gettext(msgid)


def test_a_psychologist_books_and_records_a_session_from_her_week(trip: Journey) -> None:
    from playwright.sync_api import expect

    from sigap.intake.models import Complaint

    users = _seed()
    psychologist = _psychologist(users["head"].membership.unit, users["head"])

    # A neighbour reports on /lapor/; intake opens the case; the HEAD puts the psychologist on its team.
    public = trip.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=PIHAK_LAIN]")
    public.fill("#id_victim_age", "10")
    submit(public, "#public-report-form")
    complaint = Complaint.objects.get()
    intake = trip.login(users["intake"])
    identify(intake, complaint, category="KTA", criterion="ANAK_BERSAMA_PELAKU", level="TINGGI")
    case = open_case(intake, complaint)
    head = trip.login(users["head"])
    put_on_team(head, case, psychologist, "EXPERT")

    # Her week, from the menu: nothing booked yet; "book a session" offers her case.
    page = trip.login(psychologist)
    page.click(f"a[href='{reverse('assistance:calendar_mine')}']")
    expect(page.locator("#calendar-title")).to_have_text("Minggu saya")
    trip.shot(page, "minggu-kosong")
    page.click("#calendar-book summary")
    page.click(f"#calendar-book a:has-text('{case.number}')")

    # An hour and a half ago, at the unit office: booked now, as a late entry, so it can be recorded as held.
    zone = case.unit.zone
    start = timezone.localtime(timezone.now() - dt.timedelta(minutes=90), zone).replace(second=0, microsecond=0)
    page.select_option("#id_kind", "COUNSELLING")
    page.fill("#id_planned_start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_planned_end", (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_place", "UNIT_OFFICE")
    page.check(f"input[name=experts][value='{psychologist.pk}']")
    trip.shot(page, "jadwalkan")
    submit(page, "#session-plan-form")
    expect_success(page)
    session = AccompanimentSession.objects.get(case=case)

    # It is in her week, with the case number and the kind, no name; it links to the session.
    page.goto(f"{reverse('assistance:calendar_mine')}?hari={start.date().isoformat()}")
    row = page.locator(".calendar-slot", has_text=case.number)
    expect(row).to_contain_text(_id("Counselling"))
    expect(row).to_contain_text(_id("Planned"))
    trip.shot(page, "minggu-dengan-sesi")
    row.locator("a").click()
    page.click(f"a[href='{reverse('assistance:session_record', kwargs={'session_id': session.pk})}']")
    page.select_option("#id_outcome", "HELD")
    page.check("#id_victim_present")
    page.fill("#id_outcome_summary", "Sesi pertama berjalan baik (data fiktif).")
    submit(page, "#session-record-form")
    expect_success(page)
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD

    # Back in her week: the slot now says it was held.
    page.goto(f"{reverse('assistance:calendar_mine')}?hari={start.date().isoformat()}")
    expect(page.locator(".calendar-slot", has_text=case.number)).to_contain_text(_id("Held"))
    trip.shot(page, "minggu-terlaksana")
    # On a phone (390 px) the week still reads: no horizontal scroll of the page itself.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    trip.shot(page, "minggu-ponsel")
    assert page.js_errors == []
