"""Journey: a report on /lapor/ → case opened → the victim comes with the case (no age: a child); the case manager adds a
witness by mistake → corrects the victim's age, removes the witness (with a reason) → the victim consents for
herself → the assessment starts; the HEAD sees the removed person and the timeline names the corrections.

Screenshots: ``test-artifacts/people-NN-*.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.cases.models import CaseState
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.intake.models import Complaint
from tests.e2e.steps import add_person, identify, open_case, put_on_team
from tests.e2e.test_case_journey import Journey, _expect_success, _seed, _shown, _step, _submit

VICTIM = "Contoh Korban Koreksi"
WITNESS = "Contoh Saksi Salah Catat"
ACCOUNT = "Contoh laporan: korban diancam oleh kenalan di tempat kerja (data fiktif untuk uji)."

pytestmark = pytest.mark.browser


class PeopleJourney(Journey):
    def shot(self, page: Any, name: str) -> None:
        self.shots += 1
        page.screenshot(path=str(self.artifacts / f"people-{self.shots:02d}-{name}.png"), full_page=True)


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[PeopleJourney]:
    for old in artifacts.glob("people-*.png"):
        old.unlink()
    trip = PeopleJourney(browser, live_server, artifacts)
    try:
        yield trip
    finally:
        trip.close()


def test_the_case_manager_corrects_an_age_removes_a_mistake_and_starts_the_assessment(
    journey: PeopleJourney,
) -> None:
    from playwright.sync_api import expect

    users = _seed()
    today = timezone.localdate()

    # 1. The victim reports on the public page; she gives no age.
    public = journey.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=KORBAN]")
    public.fill("#id_victim_name", VICTIM)
    public.select_option("#id_victim_sex", "P")
    _submit(public, "#public-report-form")
    expect(public.locator("#tracking-code")).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    complaint = Complaint.objects.get()

    # 2. Intake identifies it and opens a case.
    intake = journey.login(users["intake"])
    identify(intake, complaint, category="KTP", criterion="ANCAMAN", level="SEDANG")
    case = open_case(intake, complaint)

    # 3. The HEAD puts the case manager on the team.
    head = journey.login(users["head"])
    put_on_team(head, case, users["manager"], "CASE_MANAGER")

    # 4. The victim came with the complaint, without an age (nothing typed twice); the case manager adds,
    # by mistake, a witness.
    manager = journey.login(users["manager"])
    case_url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    manager.goto(case_url)
    expect(manager.locator("#person-table")).to_contain_text(VICTIM)
    add_person(manager, case, role="WITNESS", name=WITNESS, age="40")
    expect(manager.locator("#person-table")).to_contain_text(WITNESS)
    journey.shot(manager, "kasus-dua-orang")

    # 5. With no age she counts as a child, who cannot consent alone: the page says so, naming her.
    manager.goto(reverse("cases:consent_create", kwargs={"case_id": case.pk}))
    manager.select_option("#consent-form [name=victim]", index=1)
    manager.select_option("#consent-form [name=scope]", "SERVICES")
    manager.select_option("#consent-form [name=given_by]", "VICTIM")
    manager.select_option("#consent-form [name=method]", "WRITTEN")
    _submit(manager, "#consent-form")
    expect(manager.locator("#consent-form .alert-danger")).to_contain_text(VICTIM)
    journey.shot(manager, "persetujuan-anak-ditolak")

    # 6. She is 19: the case manager corrects the age on the person's page.
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    manager.goto(case_url)
    manager.click(f"a[href='{reverse('cases:case_person_edit', kwargs={'case_id': case.pk, 'link_id': victim.pk})}']")
    expect(manager.locator("#person-edit-form [name=name]")).to_have_value(VICTIM)
    manager.fill("#person-edit-form [name=estimated_age]", "19")
    journey.shot(manager, "koreksi-usia")
    _submit(manager, "#person-edit-form")
    _expect_success(manager)
    assert Person.objects.get(pk=victim.person_id).birth_year == today.year - 19

    # 7. The witness was recorded by mistake: removed, with a reason.
    witness = CasePerson.objects.get(case=case, role=PersonRole.WITNESS)
    remove_url = reverse("cases:case_person_remove", kwargs={"case_id": case.pk, "link_id": witness.pk})
    manager.click(f"a[href='{remove_url}']")
    _submit(manager, "#person-remove-form")  # no reason: refused, with a message at the top
    expect(manager.locator("#error-summary")).to_be_visible()
    manager.fill("#person-remove-form [name=reason]", "Salah catat: saksi ini milik kasus lain.")
    journey.shot(manager, "keluarkan-saksi")
    _submit(manager, "#person-remove-form")
    _expect_success(manager)
    expect(manager.locator("#person-table")).not_to_contain_text(WITNESS)
    expect(manager.locator("#removed-persons")).to_have_count(0)  # the HEAD's section only

    # 8. Consent by the (adult) victim herself, then the assessment starts.
    manager.goto(reverse("cases:consent_create", kwargs={"case_id": case.pk}))
    manager.select_option("#consent-form [name=victim]", index=1)
    manager.select_option("#consent-form [name=scope]", "SERVICES")
    manager.select_option("#consent-form [name=given_by]", "VICTIM")
    manager.select_option("#consent-form [name=method]", "WRITTEN")
    _submit(manager, "#consent-form")
    _expect_success(manager)
    _step(manager, "start_assessment")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.ASESMEN.label))
    journey.shot(manager, "asesmen-dimulai")

    # 9. The HEAD sees the removed witness and the reason; the timeline names the corrections.
    head.goto(case_url)
    head.click("#removed-persons summary")
    expect(head.locator("#removed-persons")).to_contain_text("Salah catat: saksi ini milik kasus lain.")
    journey.shot(head, "kepala-lihat-dikeluarkan")
    head.goto(reverse("cases:case_timeline", kwargs={"case_id": case.pk}))
    expect(head.locator("body")).to_contain_text("dikoreksi")
    expect(head.locator("body")).to_contain_text("dikeluarkan dari kasus")
    journey.shot(head, "riwayat")
    for page in (manager, head, public, intake):
        assert page.js_errors == []
