"""Journey (issue #21): a report on /lapor/ with a safe-contact instruction → intake triages (reading the
account) and opens the case confirming its people → the HEAD puts the case manager on the team → the case
manager opens the case and finds the child, the account and the safe-contact rule without typing anything.

Screenshots: ``test-artifacts/fromcomplaint-NN-*.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sigap.cases.models import Case
from sigap.intake.models import Complaint
from tests.e2e.steps import put_on_team
from tests.e2e.test_case_journey import Journey, _expect_success, _seed, _submit, journey_of

UNNAMED = "nama belum diketahui"  # an unnamed child, as the staff read it in Indonesian
REPORTER = "Contoh Bibi Pelapor"
ACCOUNT = "Contoh laporan: keponakan saya dipukul ayah tirinya di rumah (data fiktif untuk uji)."
RULE = "Hanya WhatsApp, setelah jam 17.00. Jangan telepon."

pytestmark = pytest.mark.browser


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "fromcomplaint")


def test_the_case_opens_with_what_the_complaint_knew(trip: Journey) -> None:
    from playwright.sync_api import expect

    users = _seed()

    # 1. An aunt reports for her niece on the public page, and says how to reach her safely.
    public = trip.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=PIHAK_LAIN]")
    # The aunt does not know the child's name as the unit would record it: the child is kept unnamed.
    public.fill("#id_victim_age", "9")
    public.select_option("#id_victim_sex", "P")
    public.fill("#id_reporter_name", REPORTER)
    public.fill("#id_reporter_relationship", "Bibi")
    public.check("#id_contact_consent")
    public.fill("#id_reporter_phone", "0812 5555 6666")
    public.fill("#id_contact_instructions", RULE)
    public.check("input[name=contact_calls][value=PESAN_SAJA]")
    trip.shot(public, "lapor")
    _submit(public, "#public-report-form")
    expect(public.locator("#tracking-code")).to_be_visible()
    complaint = Complaint.objects.get()

    # 2. Intake triages it with the account in front of her, and opens the case confirming the people.
    intake = trip.login(users["intake"])
    intake.goto(reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk}))
    expect(intake.locator("#triage-account")).to_contain_text("dipukul ayah tirinya")
    intake.select_option("#id_category", "KTA")
    intake.check("input[name=risk_criteria][value=ANAK_BERSAMA_PELAKU]")
    intake.select_option("#id_risk_level", "TINGGI")
    intake.check("input[name=jurisdiction][value=UNIT_INI]")
    trip.shot(intake, "identifikasi-dengan-kronologi")
    _submit(intake, "#triage-form")
    _expect_success(intake)
    intake.goto(reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk}))
    intake.check("input[name=decision][value=BUKA_KASUS]")
    expect(intake.locator("#carry-people [data-carry-row=p0]")).to_contain_text(UNNAMED)
    expect(intake.locator("#carry-people")).to_contain_text(REPORTER)
    trip.shot(intake, "keputusan-pihak")
    _submit(intake, "#decision-form")
    _expect_success(intake)
    expect(intake.locator("#complaint-case")).to_contain_text(re.compile(r"PPA-KKR/\d{4}/0001"))
    case = Case.objects.get()

    # 3. The HEAD sees the rule on top of the case and puts the case manager on the team.
    head = trip.login(users["head"])
    put_on_team(head, case, users["manager"], "CASE_MANAGER")

    # 4. The case manager opens the case: the child, the account and the rule are there; no call link.
    manager = trip.login(users["manager"])
    manager.click(f"a[href='{reverse('cases:case_list')}']")
    manager.click(f"a:has-text('{case.number}')")
    expect(manager.locator("#contact-rule")).to_contain_text(RULE)
    expect(manager.locator("#contact-rule")).to_contain_text("JANGAN MENELEPON")
    expect(manager.locator("#complaint-account")).to_contain_text("dipukul ayah tirinya")
    expect(manager.locator("#person-table [data-unnamed]")).to_have_text(UNNAMED)
    expect(manager.locator("#person-table")).to_contain_text(REPORTER)
    expect(manager.locator("a[href^='tel:']")).to_have_count(0)
    trip.shot(manager, "kasus-manajer")

    # 5. She reads the complaint itself through the case (it used to answer 403).
    manager.click("#complaint-account a")
    expect(manager.locator("#contact-instructions")).to_contain_text(RULE)
    expect(manager.locator("#complaint-account")).to_contain_text("dipukul ayah tirinya")
    trip.shot(manager, "pengaduan-dibaca-manajer")
    assert not manager.js_errors
