"""Journey (issue #12): a neighbour reports on /lapor/ → intake identifies the complaint and decides "outreach
first" → the planned visit appears on the complaint's outreach page → on a phone-sized page (390 px) the intake
officer records the visit: what she types survives a reload (the tab's sessionStorage), a refused submit keeps it,
and the saved visit sends the complaint back to identification.

Screenshots: ``test-artifacts/outreach-NN-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sigap.assistance.models.outreach import OutreachStatus, OutreachVisit
from sigap.intake.models import Complaint, ComplaintState
from tests.e2e.steps import expect_success, identify, submit
from tests.e2e.test_case_journey import Journey, journey_of

pytestmark = pytest.mark.browser

ACCOUNT = "Contoh laporan: tetangga saya sering dipukul suaminya, ia tidak bisa keluar rumah (data fiktif untuk uji)."
RESULT = "Tim bertemu korban di rumah kakaknya; korban setuju datang ke UPTD (data fiktif)."
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "outreach")


def _fits(page: Any) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_outreach_from_the_public_report_to_the_recorded_visit_on_a_phone(trip: Journey) -> None:
    from playwright.sync_api import expect

    from tests.e2e.test_case_journey import _seed

    users = _seed()

    # 1. A neighbour reports on the public page: the victim cannot come herself.
    public = trip.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=PIHAK_LAIN]")
    public.fill("#id_victim_age", "34")
    public.select_option("#id_victim_sex", "P")
    trip.shot(public, "lapor")
    submit(public, "#public-report-form")
    expect(public.locator("#tracking-code")).to_be_visible()
    complaint = Complaint.objects.get()

    # 2. Intake identifies it and decides "outreach first": the decision plans the visit and its clock.
    intake = trip.login(users["intake"])
    identify(intake, complaint, category="KTP", criterion="BERULANG", level="SEDANG")
    intake.goto(reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk}))
    intake.check("input[name=decision][value=PENJANGKAUAN]")
    submit(intake, "#decision-form")
    expect_success(intake)
    intake.click("#complaint-visits-link")
    planned = intake.locator("#outreach-visits .outreach-visit[data-status=PLANNED]")
    expect(planned).to_have_count(1)
    expect(planned).to_contain_text("Dilaporkan pihak lain atau media")
    trip.shot(intake, "kunjungan-terencana")

    # 3. On her phone: the visit's page, then its record form.
    intake.set_viewport_size(PHONE)
    planned.locator("a").click()
    expect(intake.locator("#visit-status")).to_have_text("Direncanakan")
    _fits(intake)
    trip.shot(intake, "kunjungan-di-ponsel")
    # The draft script listens once the record page has loaded: under load a fill could come first (a flake when
    # two suites ran side by side; a person types after the page shows, and her next keystroke would keep it anyway).
    with intake.expect_navigation(wait_until="load"):
        intake.click("#visit-record-link")
    intake.fill("#id_address_detail", "RT 05, rumah kuning dekat masjid")
    intake.select_option("#id_transport", "MOTORBIKE")
    intake.fill("#id_result", RESULT)
    _fits(intake)
    trip.shot(intake, "formulir-di-ponsel")

    # 4. The connection drops and the page is reloaded: what she typed is still there (this tab only).
    intake.reload()
    expect(intake.locator("#id_result")).to_have_value(RESULT)
    expect(intake.locator("#id_address_detail")).to_have_value("RT 05, rumah kuning dekat masjid")
    expect(intake.locator("#id_transport")).to_have_value("MOTORBIKE")
    assert intake.evaluate("window.localStorage.length") == 0  # nothing outlives the tab

    # 5. Sent without "what follows": refused at the top, and nothing typed is lost.
    submit(intake, "#outreach-record-form")
    expect(intake.locator("#error-summary")).to_be_visible()
    expect(intake.locator("#id_result")).to_have_value(RESULT)
    trip.shot(intake, "ditolak-tetap-terisi")

    # 6. With what follows chosen, the visit is recorded; the draft is forgotten; the complaint goes back.
    intake.select_option("#id_follow_up", "CASE_TO_OPEN")
    submit(intake, "#outreach-record-form")
    expect_success(intake)
    expect(intake.locator("#visit-status")).to_have_text("Selesai")
    expect(intake.locator("#visit-result")).to_contain_text("rumah kakaknya")
    _fits(intake)
    trip.shot(intake, "tercatat")
    drafts = "Object.keys(window.sessionStorage).filter(k => k.startsWith('sigap-outreach-draft:'))"
    assert intake.evaluate(drafts) == []  # htmx keeps its own history key there; no draft is left
    visit = OutreachVisit.objects.get()
    assert visit.status == OutreachStatus.DONE and visit.transport == "MOTORBIKE"
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.IDENTIFIKASI
    assert not intake.js_errors
