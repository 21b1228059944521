"""Issue #21's "Done when", as one journey through the real pages, each step starting from the one before.

A neighbour reports an unnamed 7-year-old on a phone (with how to reach the family safely), reloads the
thank-you page (still one complaint), leaves with the quick exit and presses Back (no reporting page). The
intake officer identifies the complaint reading its account and opens the case; the HEAD puts the case manager
on the team. The case manager finds the child, the account and the safe-contact rule on the case page without
typing anything; learns the child's name and age and corrects them, adds the mother, removes a witness she
added by mistake, records the mother's consent and starts the assessment. Her session ends while she types a
note: the note is there after she logs in again. The psychologist the HEAD adds to the team sees the
notification under the bell.

Screenshots: ``test-artifacts/morning-NN-*.png``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.models import UserSession
from sigap.cases.models import CaseState
from sigap.cases.models.people import CaseNote, CasePerson, Person, PersonRole
from sigap.intake.models import Complaint
from tests.e2e.steps import (
    BEFORE,
    EXIT,
    add_person,
    expect_success,
    identify,
    login_again,
    open_case,
    phone_page,
    put_on_team,
    submit,
)
from tests.e2e.test_case_journey import PASSWORD, Journey, _shown, _step
from tests.e2e.test_handoff_journey import _seed

pytestmark = pytest.mark.browser

ACCOUNT = "Contoh: anak tetangga umur 7 tahun sering dipukul ayahnya dan menangis tiap malam (data fiktif untuk uji)."
RULE = "Hanya WhatsApp ke ibunya, setelah jam 17.00. Jangan telepon."
NEIGHBOUR = "Contoh Tetangga Pelapor"
CHILD = "Contoh Anak Melati"
MOTHER = "Contoh Ibu Melati"
WITNESS = "Contoh Saksi Salah Catat"
NOTE = (
    "Percakapan WhatsApp dengan ibu korban (contoh fiktif): anak tinggal bersama ibu di rumah nenek sejak kemarin. "
    "Tindak lanjut: asesmen psikologis minggu ini."
)
UNNAMED = "nama belum diketahui"


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Any:
    for old in artifacts.glob("morning-*.png"):
        old.unlink()
    journey = Journey(browser, live_server, artifacts, "morning")
    try:
        yield journey
    finally:
        journey.close()


def test_the_first_morning_from_a_neighbours_report_to_the_psychologists_notification(
    trip: Journey, browser: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    users = _seed()

    # 1. A neighbour reports, on her phone, a child whose name she does not know.
    phone, outside, problems = phone_page(browser, live_server.url)
    phone.goto(BEFORE)
    phone.goto(reverse("lapor:report"))
    entries = phone.evaluate("history.length")
    phone.fill("#id_account", ACCOUNT)
    phone.check("input[name=reporter_type][value=PIHAK_LAIN]")
    phone.fill("#id_victim_age", "7")
    phone.select_option("#id_victim_sex", "P")
    phone.fill("#id_reporter_name", NEIGHBOUR)
    phone.fill("#id_reporter_relationship", "Tetangga")
    phone.check("#id_contact_consent")
    phone.fill("#id_reporter_phone", "0812 5555 7777")
    phone.fill("#id_contact_instructions", RULE)
    phone.check("input[name=contact_calls][value=PESAN_SAJA]")
    trip.shot(phone, "lapor-hp")
    submit(phone, "#public-report-form")
    expect(phone.locator("#tracking-code")).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    trip.shot(phone, "terima-kasih-hp")
    # She reloads the thank-you page: nothing is sent again.
    phone.reload()
    expect(phone.locator("#code-shown-once")).to_be_visible()
    assert Complaint.objects.count() == 1
    assert phone.evaluate("history.length") == entries
    # She leaves with the quick exit and presses Back: the page she read before, not the reporting page.
    phone.click("#quick-exit")
    phone.wait_for_url(EXIT)
    phone.go_back()
    phone.wait_for_url(BEFORE)
    assert phone.locator("#public-report-form").count() == 0 and phone.locator("#tracking-code").count() == 0
    assert outside == [] and problems == []
    complaint = Complaint.objects.get()
    assert complaint.people[0]["name"] == "" and complaint.people[0]["age"] == 7

    # 2. Intake identifies it with the account in front of her and opens the case, confirming its people.
    intake = trip.login(users["intake"])
    intake.goto(reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk}))
    expect(intake.locator("#triage-account")).to_contain_text("dipukul ayahnya")
    identify(intake, complaint, category="KTA", criterion="ANAK_BERSAMA_PELAKU", level="TINGGI")
    case = open_case(intake, complaint)
    trip.shot(intake, "pengaduan-jadi-kasus")

    # 3. The HEAD puts the case manager on the team.
    head = trip.login(users["head"])
    put_on_team(head, case, users["manager"], "CASE_MANAGER")

    # 4. The case manager finds the child, the account and the rule on the case page; nothing to type.
    manager = trip.login(users["manager"])
    case_url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    manager.click(f"a[href='{reverse('cases:case_list')}']")
    manager.click(f"a:has-text('{case.number}')")
    expect(manager.locator("#contact-rule")).to_contain_text(RULE)
    expect(manager.locator("#contact-rule")).to_contain_text("JANGAN MENELEPON")
    expect(manager.locator("#complaint-account")).to_contain_text("dipukul ayahnya")
    expect(manager.locator("#person-table [data-unnamed]")).to_have_text(UNNAMED)
    expect(manager.locator("#person-table")).to_contain_text(NEIGHBOUR)
    expect(manager.locator("a[href^='tel:']")).to_have_count(0)
    trip.shot(manager, "kasus-dibuka-manajer")

    # 5. The mother answers on WhatsApp: the child is Melati, 8. The case manager corrects the child's record.
    child = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    manager.click(f"a[href='{reverse('cases:case_person_edit', kwargs={'case_id': case.pk, 'link_id': child.pk})}']")
    expect(manager.locator("#person-edit-form [name=estimated_age]")).to_have_value("7")
    manager.fill("#person-edit-form [name=name]", CHILD)
    manager.fill("#person-edit-form [name=estimated_age]", "8")
    trip.shot(manager, "koreksi-anak")
    submit(manager, "#person-edit-form")
    expect_success(manager)
    assert Person.objects.get(pk=child.person_id).birth_year == timezone.localdate().year - 8
    expect(manager.locator("#person-table")).to_contain_text(CHILD)

    # 6. She adds the mother, and by mistake a witness of another case; she removes the witness with a reason.
    add_person(manager, case, role="PARENT_GUARDIAN", name=MOTHER, age="31")
    add_person(manager, case, role="WITNESS", name=WITNESS, age="40")
    expect(manager.locator("#person-table")).to_contain_text(WITNESS)
    witness = CasePerson.objects.get(case=case, role=PersonRole.WITNESS)
    manager.click(
        f"a[href='{reverse('cases:case_person_remove', kwargs={'case_id': case.pk, 'link_id': witness.pk})}']"
    )
    manager.fill("#person-remove-form [name=reason]", "Salah catat: saksi ini milik kasus lain.")
    submit(manager, "#person-remove-form")
    expect_success(manager)
    expect(manager.locator("#person-table")).not_to_contain_text(WITNESS)
    trip.shot(manager, "orang-dikoreksi")

    # 7. The mother consents for her daughter, who agrees; the assessment starts.
    manager.goto(reverse("cases:consent_create", kwargs={"case_id": case.pk}))
    manager.select_option("#consent-form [name=victim]", index=1)
    manager.select_option("#consent-form [name=scope]", "SERVICES")
    manager.select_option("#consent-form [name=given_by]", "PARENT_GUARDIAN")
    manager.select_option("#consent-form [name=guardian]", index=1)
    manager.select_option("#consent-form [name=child_assent]", "GIVEN")
    manager.select_option("#consent-form [name=method]", "WRITTEN")
    trip.shot(manager, "persetujuan-ibu")
    submit(manager, "#consent-form")
    expect_success(manager)
    manager.goto(case_url)
    _step(manager, "start_assessment")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.ASESMEN.label))
    trip.shot(manager, "asesmen-dimulai")

    # 8. Her session ends while she types a note; after logging in again the note is there, saved on her click.
    manager.fill("#note-form [name=body]", NOTE)
    keys = UserSession.objects.filter(user=users["manager"]).values("session_key")
    assert Session.objects.filter(session_key__in=keys).delete()[0] >= 1
    with manager.expect_navigation():
        manager.click("#note-form button[type=submit]")
    expect(manager.locator("#session-ended")).to_be_visible()
    trip.shot(manager, "sesi-berakhir")
    login_again(manager, users["manager"], PASSWORD)
    expect(manager).to_have_url(f"{trip.base}{case_url}")
    expect(manager.locator("#note-form [name=body]")).to_have_value(NOTE)
    assert not CaseNote.objects.exists(), "nothing is saved without her click"
    trip.shot(manager, "catatan-dipulihkan")
    submit(manager, "#note-form")
    expect_success(manager)
    assert CaseNote.objects.get().body == NOTE

    # 9. The HEAD adds the psychologist; she finds the hand-off under the bell.
    put_on_team(head, case, users["psychologist"], "EXPERT")
    psychologist = trip.login(users["psychologist"])
    expect(psychologist.locator("#work-bell-count .badge")).to_have_text("1")
    psychologist.click("#work-bell")
    expect(psychologist.locator("#notification-list")).to_contain_text(case.number)
    trip.shot(psychologist, "psikolog-notifikasi")
    for page in (intake, head, manager, psychologist):
        assert page.js_errors == []
