"""Journey (issue #12): a woman reports on /lapor/ → intake identifies the complaint and opens the case → the
HEAD puts the case manager on the team → the case manager records the woman's son, admits her and the boy to
the unit's shelter (a first try with the boy in the women's room is refused with the reason, nothing typed
lost), the HEAD reads the occupancy board (case number and day of the stay only), and the case manager
discharges them to a safe house.

Screenshots: ``test-artifacts/shelter-NN-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sigap.accounts.models import Unit
from sigap.assistance.models.shelter import RoomTakes, ShelterStay
from sigap.assistance.services.shelter import RoomData, ShelterData, bed_add, room_save, shelter_create
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.intake.models import Complaint
from tests.e2e.steps import add_person, expect_success, identify, open_case, put_on_team, submit
from tests.e2e.test_case_journey import Journey, _seed, journey_of

pytestmark = pytest.mark.browser
ACCOUNT = "Contoh laporan: suami saya mengancam akan membunuh saya dan anak saya (data fiktif untuk uji)."
REASON = "Suami mengancam membunuh; korban dan anaknya tidak aman di rumah (data fiktif)."


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "shelter")


def _shelter(head: Any) -> dict[str, Any]:
    """The unit's shelter, as its HEAD set it up (the shelter pages have their own tests)."""
    unit = Unit.objects.get()
    made = shelter_create(actor=head, unit=unit, data=ShelterData(name="Rumah Teduh", address="Jalan Contoh 1"))
    women = room_save(actor=head, shelter=made, data=RoomData(name="Mawar", takes=RoomTakes.FEMALE, min_age=13))
    family = room_save(actor=head, shelter=made, data=RoomData(name="Keluarga", takes=RoomTakes.ANY))
    return {
        "women": bed_add(actor=head, room=women, label="M1"),
        "women2": bed_add(actor=head, room=women, label="M2"),
        "family": bed_add(actor=head, room=family, label="K1"),
    }


def test_a_victim_and_her_child_are_admitted_and_discharged_to_a_safe_house(trip: Journey) -> None:
    from playwright.sync_api import expect

    users = _seed()
    beds = _shelter(users["head"])

    # 1. The woman reports on the public page.
    public = trip.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=KORBAN]")
    public.fill("#id_victim_name", "Contoh Ibu Korban")
    public.fill("#id_victim_age", "31")
    public.select_option("#id_victim_sex", "P")
    public.check("#id_contact_consent")
    public.fill("#id_contact_instructions", "Hanya WhatsApp.")
    submit(public, "#public-report-form")
    expect(public.locator("#tracking-code")).to_be_visible()
    complaint = Complaint.objects.get()

    # 2. Intake identifies it (high risk: threat) and opens the case; the HEAD gives it its case manager.
    intake = trip.login(users["intake"])
    identify(intake, complaint, category="KTP", criterion="ANCAMAN", level="TINGGI")
    case = open_case(intake, complaint)
    head = trip.login(users["head"])
    put_on_team(head, case, users["manager"], "CASE_MANAGER")

    # 3. The case manager records the son, then goes to the case's shelter section.
    manager = trip.login(users["manager"])
    manager.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    add_person(manager, case, role="ACCOMPANYING", name="Contoh Anak Lelaki", age="5", sex="L")
    manager.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    manager.click("#case-shelter-link")
    manager.click("#shelter-admit-link")
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    child = CasePerson.objects.get(case=case, role=PersonRole.ACCOMPANYING)
    manager.select_option("#id_victim", str(victim.pk))
    manager.select_option("#id_bed", str(beds["women"].pk))
    # First the boy in the women's room: refused with the reason, what was typed is kept.
    manager.select_option(f"#id_child_{child.pk}", str(beds["women2"].pk))
    manager.check("input[name=criteria][value=LIFE_THREATENED]")
    manager.check("input[name=criteria][value=KDRT_HUSBAND]")
    manager.fill("#id_criteria_reason", REASON)
    trip.shot(manager, "penerimaan")
    submit(manager, "#shelter-admit-form")
    expect(manager.locator("#shelter-admit-form")).to_contain_text("hanya menerima Perempuan dan anak perempuan")
    expect(manager.locator("#id_criteria_reason")).to_have_value(REASON)
    trip.shot(manager, "kamar-menolak-anak-laki-laki")
    manager.select_option(f"#id_child_{child.pk}", str(beds["family"].pk))
    submit(manager, "#shelter-admit-form")
    expect_success(manager)
    expect(manager.locator("#case-stays")).to_contain_text("hari ke-1 dari 14")
    expect(manager.locator("#case-stays")).to_contain_text("Contoh Anak Lelaki")
    trip.shot(manager, "sudah-masuk")

    # 4. The HEAD's board: the case number and the day of the stay, never a name or the address.
    head.goto(reverse("assistance:shelter_board"))
    expect(head.locator("main")).to_contain_text(case.number)
    expect(head.locator("main")).not_to_contain_text("Contoh Ibu Korban")
    expect(head.locator("main")).not_to_contain_text("Jalan Contoh 1")
    trip.shot(head, "papan-hunian")

    # 5. The case manager discharges them to a safe house.
    stay = ShelterStay.objects.get(case=case, principal=None)
    manager.click(f"#discharge-{stay.pk}")
    manager.select_option("#id_onward", "SAFE_HOUSE")
    trip.shot(manager, "keluar")
    submit(manager, "#shelter-discharge-form")
    expect_success(manager)
    expect(manager.locator("#case-stays")).to_contain_text("Rumah aman")
    trip.shot(manager, "keluar-ke-rumah-aman")
    assert not ShelterStay.objects.filter(case=case, discharged_at__isnull=True).exists()
    assert ShelterStay.objects.filter(case=case).count() == 2
    assert not manager.js_errors and not head.js_errors
