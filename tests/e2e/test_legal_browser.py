"""In the browser (#12): on a sexual-violence case that comes from a report on /lapor/, the legal counsellor
starts the legal-process track, records the police report within the 3×24 h clock (started at the
complaint's receipt), adds a hearing, and finds it in his week ("Minggu saya").

Screenshots: ``test-artifacts/legal-NN-*.png``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.e2e.steps import add_person, expect_success, expert_user, identify, open_case, put_on_team, submit
from tests.e2e.test_case_journey import Journey, _seed, journey_of

pytestmark = pytest.mark.browser

ACCOUNT = "Contoh laporan: saya dilecehkan oleh atasan di tempat kerja (data fiktif untuk uji proses hukum)."


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "legal")


def _counsellor(unit: Any, head: Any) -> Any:
    from sigap.experts.models import Profession
    from sigap.experts.tests.factories import profile

    user = expert_user(unit, "bayu.e2e", "Bayu Konselor Hukum")
    profile({"head": head}, user, profession=Profession.LEGAL_COUNSELLOR, sex="L")
    return user


def _id(msgid: str) -> str:
    with translation.override("id"):
        return translation.gettext(msgid)


def test_the_legal_counsellor_reports_to_the_police_in_time_and_finds_the_hearing_in_his_week(trip: Journey) -> None:
    from playwright.sync_api import expect

    from sigap.assistance.kinds import LEGAL_POLICE_REPORT
    from sigap.assistance.models.legal import Hearing, LegalStage, LegalTrack
    from sigap.intake.models import Complaint
    from sigap.work.models import WorkItem

    users = _seed()
    head_user = users["head"]
    counsellor = _counsellor(head_user.membership.unit, head_user)

    # The victim reports on /lapor/; intake identifies the complaint and opens the case.
    public = trip.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=KORBAN]")
    public.fill("#id_victim_name", "Dewi Fiktif")
    public.fill("#id_victim_age", "24")
    public.select_option("#id_victim_sex", "P")
    submit(public, "#public-report-form")
    complaint = Complaint.objects.get()
    intake = trip.login(users["intake"])
    identify(intake, complaint, category="KTP", criterion="BERULANG", level="SEDANG")
    case = open_case(intake, complaint)

    # The HEAD puts the legal counsellor on the team, records the perpetrator and the sexual-violence incident.
    head = trip.login(head_user)
    put_on_team(head, case, counsellor, "EXPERT")
    head.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    add_person(head, case, role="PERPETRATOR", name="Pelaku Fiktif", age="45", sex="L")
    head.goto(reverse("cases:incident_create", kwargs={"case_id": case.pk}))
    head.select_option("#incident-form [name=victim]", index=1)
    head.fill("#incident-form [name=date_from]", (timezone.localdate() - dt.timedelta(days=1)).isoformat())
    head.select_option("#incident-form [name=place]", "TEMPAT_KERJA")
    head.fill("#incident-form [name=account]", "Pelecehan di kantor (contoh fiktif).")
    head.check("#incident-form [name=violence_types][value=SEKSUAL]")
    submit(head, "#incident-form")
    expect_success(head)

    # The counsellor starts the track: the clock runs from the complaint's receipt, shown on the page.
    page = trip.login(counsellor)
    legal_url = reverse("assistance:legal_track", kwargs={"case_id": case.pk})
    page.goto(legal_url)
    page.select_option("#legal-start-form [name=perpetrator]", index=1)
    trip.shot(page, "mulai")
    submit(page, "#legal-start-form")
    expect_success(page)
    track = LegalTrack.objects.get(case=case)
    complaint.refresh_from_db()
    assert track.victim_reported_at == complaint.received_at
    expect(page.locator(".clock-start")).to_contain_text(_id("the complaint was received"))
    clock = WorkItem.objects.get(kind=LEGAL_POLICE_REPORT, object_id=str(track.pk))
    assert clock.due_at == complaint.received_at + dt.timedelta(hours=72)
    # The deadline, its rule and "in time" on the page; the counsellor's own task (fresh-eyes walk 2, A and C).
    expect(page.locator(".police-due")).to_contain_text(_id("still in time"))
    expect(page.locator(".police-due")).to_contain_text("3×24")
    expect(page.locator("#legal-start-hint")).to_have_count(0)
    assert clock.responsible == counsellor

    # The police report, today: within the 3×24 h.
    page.click(f"a[href='{reverse('assistance:legal_stage', kwargs={'track_id': track.pk})}']")
    page.select_option("#legal-track-form [name=stage]", LegalStage.POLICE_REPORT)
    page.fill("#legal-track-form [name=police_report_date]", timezone.localdate(timezone=case.unit.zone).isoformat())
    page.fill("#legal-track-form [name=police_unit]", "Polres Kutai Kartanegara")
    page.fill("#legal-track-form [name=report_number]", "LP/B/123/XI/2026")
    trip.shot(page, "laporan-polisi")
    submit(page, "#legal-track-form")
    expect_success(page)
    clock.refresh_from_db()
    assert clock.state == WorkItem.State.DONE and clock.missed_at is None
    trip.shot(page, "laporan-tercatat")

    # The police investigated and the prosecutor took the file (D60: a hearing never jumps those stages).
    page.click(f"a[href='{reverse('assistance:legal_stage', kwargs={'track_id': track.pk})}']")
    page.select_option("#legal-track-form [name=stage]", LegalStage.PROSECUTION)
    submit(page, "#legal-track-form")
    expect_success(page)

    # A hearing in three days, at 10:00 WITA; the form says it moves the track to trial; it shows in his week.
    zone = case.unit.zone
    day = timezone.localdate(timezone=zone) + dt.timedelta(days=3)
    page.click(f"a[href='{reverse('assistance:legal_hearing', kwargs={'track_id': track.pk})}']")
    expect(page.locator("#legal-form-notice")).to_be_visible()
    page.fill("#legal-track-form [name=starts_at]", f"{day.isoformat()}T10:00")
    page.fill("#legal-track-form [name=court]", "Pengadilan Negeri Tenggarong")
    page.fill("#legal-track-form [name=room]", "Ruang Sidang 2")
    submit(page, "#legal-track-form")
    expect_success(page)
    assert Hearing.objects.filter(track=track).count() == 1
    page.click(f"a[href='{reverse('assistance:calendar_mine')}']")
    expect(page.locator("#calendar-title")).to_have_text("Minggu saya")
    page.goto(f"{reverse('assistance:calendar_mine')}?hari={day.isoformat()}")
    slot = page.locator(".calendar-slot", has_text=case.number)
    expect(slot).to_contain_text(_id("Court hearing no. %(n)d") % {"n": 1})
    trip.shot(page, "minggu-sidang")
    # The hearing links to its legal track (D54).
    expect(
        slot.locator(f"a[href='{reverse('assistance:legal_track_go', kwargs={'track_id': track.pk})}']")
    ).to_have_count(1)
