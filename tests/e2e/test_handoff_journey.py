"""Journey (#21): a report on /lapor/ becomes a case; the HEAD adds a psychologist to its team; the
psychologist sees the notification under the bell and the task in My work, opens the case from it, and
the task is done. Each role's home page (the role's morning) is kept as a screenshot in
``test-artifacts/home-<role>.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Membership, Role, User
from sigap.intake.models import Complaint
from sigap.work.models import WorkItem
from tests.e2e.steps import identify, open_case, put_on_team
from tests.e2e.test_case_journey import ACCOUNT, PASSWORD, Journey, _submit
from tests.e2e.test_case_journey import _seed as _journey_seed

pytestmark = pytest.mark.browser


def _seed() -> dict[str, User]:
    """The case journey's unit and staff, and a psychologist (an expert of the unit)."""
    users = _journey_seed()
    unit = Membership.objects.get(user=users["head"]).unit
    psychologist = User.objects.create_user(
        username="putri.e2e", password=PASSWORD, email="putri.e2e@example.test", full_name="Putri Psikolog"
    )
    Membership.objects.create(user=psychologist, unit=unit, role=Role.EXPERT)
    TOTPDevice.objects.create(user=psychologist, name="default", confirmed=True)
    return {**users, "psychologist": psychologist}


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    trip = Journey(browser, live_server, artifacts)
    try:
        yield trip
    finally:
        trip.close()


def _home_shot(journey: Journey, page: Any, role: str) -> None:
    page.goto(reverse("core:home"))
    _shot(journey, page, f"home-{role}")


def _shot(journey: Journey, page: Any, name: str) -> None:
    # Named apart from the case journey's numbered shots, which that journey clears when it starts.
    page.screenshot(path=str(journey.artifacts / f"{name}.png"), full_page=True)


def test_the_psychologist_added_to_the_team_finds_the_task(journey: Journey) -> None:
    from playwright.sync_api import expect

    users = _seed()

    # 1. Someone reports on the public page (no login).
    public = journey.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=KORBAN]")
    public.fill("#id_victim_name", "Contoh Anak Jurnal")
    public.fill("#id_victim_age", "12")
    public.select_option("#id_victim_sex", "P")
    _submit(public, "#public-report-form")
    expect(public.locator("#tracking-code")).to_be_visible()
    complaint = Complaint.objects.get()

    # 2. The intake officer's morning shows the complaint waiting; she identifies it and opens a case.
    intake = journey.login(users["intake"])
    expect(intake.locator("#panel-complaints")).to_be_visible()
    _home_shot(journey, intake, "intake")
    identify(intake, complaint, category="KTA", criterion="ANCAMAN", level="TINGGI")
    case = open_case(intake, complaint)

    # 3. The HEAD assigns the case manager, then adds the psychologist to the team.
    head = journey.login(users["head"])
    for who, role in (("manager", "CASE_MANAGER"), ("psychologist", "EXPERT")):
        put_on_team(head, case, users[who], role)
    expect(head.locator("#team-list")).to_contain_text("Putri Psikolog")
    _home_shot(journey, head, "head")

    # 4. The psychologist: one unread notification under the bell, the task in My work.
    psychologist = journey.login(users["psychologist"])
    expect(psychologist.locator("#work-bell-count .badge")).to_have_text("1")
    _home_shot(journey, psychologist, "expert")
    psychologist.click("#work-bell")
    expect(psychologist.locator("#notification-list")).to_contain_text(case.number)
    _shot(journey, psychologist, "handoff-notification")
    psychologist.goto(reverse("work:my_work"))
    task = psychologist.locator("#my-open")
    expect(task).to_contain_text(case.number)
    _shot(journey, psychologist, "handoff-my-work")
    # Opening the case from the task is what the task asks: it is done.
    with psychologist.expect_navigation():
        task.locator(f"a:has-text('{case.number}')").first.click()
    expect(psychologist).to_have_url(re.compile(re.escape(reverse("cases:case_detail", kwargs={"case_id": case.pk}))))
    item = WorkItem.objects.get(kind="case_team_joined", responsible=users["psychologist"])
    assert item.state == WorkItem.State.DONE

    # 5. The case manager: the high-risk child case and its 24-hour first contact are on her morning.
    manager = journey.login(users["manager"])
    # Two tasks handed to her: read the case file she joined, first contact with the child within 24 h.
    expect(manager.locator("#panel-work a[href$='#my-open']")).to_have_attribute("data-count", "2")
    _home_shot(journey, manager, "case-manager")
    for page in (public, intake, head, psychologist, manager):
        assert page.js_errors == []
