"""Shelter pages: the address rule per persona, admission and discharge through the forms (a refusal keeps
what was typed), the case timeline's lines, and the board's pinned query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from conftest import make_user
from sigap.accounts.models import Role
from sigap.assistance.models.shelter import ShelterStay
from sigap.assistance.rules.shelter import can_see_shelter_address
from sigap.assistance.services.shelter import shelter_discharge
from sigap.assistance.tests.shelter_steps import admit, placed_case, shelter

pytestmark = pytest.mark.django_db
ADDRESS = "Jalan Rahasia 9"


def _detail(personas: Any, persona: str, shelter_id: Any) -> Any:
    return personas.client(persona).get(reverse("assistance:shelter_detail", kwargs={"shelter_id": shelter_id}))


def test_the_address_is_for_the_head_and_the_teams_of_cases_placed_there(personas: Any) -> None:
    beds = shelter(personas)
    placed = placed_case(personas, experts=())  # the expert persona is on no placed case
    other_manager = make_user("cm_other", personas.kukar, Role.CASE_MANAGER)
    personas.users["cm_other"] = other_manager
    placed_case(personas, manager="cm_other")  # a case of another manager, not placed
    stay = admit(personas, placed, beds.women[0])
    shelter_id = beds.shelter.pk
    expected = {"head": True, "case_manager": True, "cm_other": False, "expert": False, "admin": False}
    for persona, sees in expected.items():
        assert can_see_shelter_address(personas[persona], beds.shelter) is sees, persona
        response = _detail(personas, persona, shelter_id)
        assert response.status_code == 200
        assert (ADDRESS in response.content.decode()) is sees, persona
    assert _detail(personas, "other_head", shelter_id).status_code == 404
    assert _detail(personas, "other_case_manager", shelter_id).status_code == 404
    # Once placed is enough: the team still visits her records after the discharge.
    shelter_discharge(actor=personas["head"], stay=stay, onward="FAMILY")
    assert can_see_shelter_address(personas["case_manager"], beds.shelter)
    # The board and the list never show it, even to the HEAD.
    head = personas.client("head")
    assert ADDRESS not in head.get(reverse("assistance:shelter_board")).content.decode()
    assert ADDRESS not in head.get(reverse("assistance:shelter_list")).content.decode()


def _admit_post(pc: Any, bed: Any, child_bed: Any = None, **extra: Any) -> dict[str, Any]:
    data = {
        "victim": pc.victim.pk,
        "bed": bed.pk,
        "criteria": ["LIFE_THREATENED"],
        "criteria_reason": "Ancaman pembunuhan oleh suami.",
        **extra,
    }
    if child_bed is not None:
        data[f"child_{pc.child.pk}"] = child_bed.pk
    return data


def test_admission_and_discharge_through_the_pages(personas: Any) -> None:
    beds, pc = shelter(personas), placed_case(personas)
    client = personas.client("case_manager")
    url = reverse("assistance:shelter_admit", kwargs={"case_id": pc.case.pk})
    page = client.get(url).content.decode()
    assert "Anak Fiktif" in page and "Rumah Teduh · Room Mawar" in page
    # The boy in the women's room: refused with the reason at the top, what was typed kept.
    refused = client.post(url, _admit_post(pc, beds.family[0], beds.women[1]))
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "takes Women and girls only" in body and "Ancaman pembunuhan oleh suami." in body
    done = client.post(url, _admit_post(pc, beds.women[0], beds.family[0]))
    assert done.status_code == 302
    stay = ShelterStay.objects.get(case=pc.case, principal=None)
    section = client.get(reverse("assistance:case_shelter", kwargs={"case_id": pc.case.pk})).content.decode()
    assert "day 1 of 14" in section and "with Anak Fiktif" in section
    discharge = reverse("assistance:shelter_discharge", kwargs={"stay_id": stay.pk})
    assert client.post(discharge, {"onward": ""}).status_code == 200
    assert client.post(discharge, {"onward": "OTHER", "note": ""}).status_code == 200
    assert client.post(discharge, {"onward": "SAFE_HOUSE", "note": ""}).status_code == 302
    assert not ShelterStay.objects.filter(case=pc.case, discharged_at__isnull=True).exists()
    detail = client.get(reverse("cases:case_detail", kwargs={"case_id": pc.case.pk})).content.decode()
    assert "case-shelter-link" in detail
    timeline = client.get(reverse("cases:case_timeline", kwargs={"case_id": pc.case.pk})).content.decode()
    assert "Admitted to a temporary shelter with 1 child." in timeline
    assert "Discharged from the temporary shelter to: Safe house (rumah aman)." in timeline
    assert ADDRESS not in timeline and "Rumah Teduh" not in timeline


def test_the_administrator_manages_without_the_address(personas: Any) -> None:
    beds = shelter(personas)
    url = reverse("assistance:shelter_edit", kwargs={"shelter_id": beds.shelter.pk})
    admin_form = personas.client("admin").get(url).content.decode()
    assert 'name="address"' not in admin_form and ADDRESS not in admin_form
    head_form = personas.client("head").get(url).content.decode()
    assert 'name="address"' in head_form and ADDRESS in head_form
    # The administrator's save keeps the address the HEAD wrote.
    response = personas.client("admin").post(url, {"name": "Rumah Teduh Baru", "owner": "PARTNER", "active": "on"})
    assert response.status_code == 302
    beds.shelter.refresh_from_db()
    assert beds.shelter.name == "Rumah Teduh Baru" and beds.shelter.address == ADDRESS


def test_the_timeline_lines(personas: Any) -> None:
    from sigap.assistance.timeline import shelter_event_text

    assert shelter_event_text({"event": "admitted", "persons": 2}) == "Admitted to a temporary shelter with 1 child."
    assert shelter_event_text({"event": "admitted", "persons": 1}) == "Admitted to a temporary shelter."
    text = shelter_event_text({"event": "discharged", "onward": "SAFE_HOUSE"})
    assert text == "Discharged from the temporary shelter to: Safe house (rumah aman)."


# Session, user, membership…, then the board's five row sets: shelters, rooms, beds, open stays, visible cases.
BOARD_PINNED = 7


def test_the_board_query_count_is_pinned(personas: Any, django_assert_num_queries: Any) -> None:
    beds = shelter(personas)
    admit(personas, placed_case(personas), beds.women[0], child_bed=beds.family[0])
    client = personas.client("head")
    url = reverse("assistance:shelter_board")
    client.get(url)
    with django_assert_num_queries(BOARD_PINNED):
        page = client.get(url).content.decode()
    assert "day 1 of 14" in page and "Free" in page
    more = shelter(personas, name="Rumah Kedua")
    admit(personas, placed_case(personas), more.women[0])
    admit(personas, placed_case(personas), beds.women[1])
    with django_assert_num_queries(BOARD_PINNED):
        client.get(url)


def test_the_board_says_the_warning_in_words(personas: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False):
        beds = shelter(personas)
        admit(personas, placed_case(personas), beds.women[0])
    for days, words in (
        (8, "day 9 of 14\n"),
        (9, "day 10 of 14 — <strong>warning: the 14-day limit is near"),
        (14, "day 15 of 14 — <strong>over the 14-day limit"),
    ):
        with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC) + dt.timedelta(days=days), tick=False):
            page = personas.client("head").get(reverse("assistance:shelter_board")).content.decode()
        assert words in page, days


def test_the_admission_offers_only_the_victim_s_companions_and_each_room_s_range(personas: Any) -> None:
    """Walk finding 8: a bed was offered to every person of the case (the reporter too); the room's sex and age
    range was learnt only from a refusal; "Kamar Kamar Mawar"."""
    from sigap.assistance.models.shelter import RoomTakes
    from sigap.assistance.services.shelter import RoomData, bed_add, room_save
    from sigap.cases.models.people import PersonRole
    from sigap.cases.services.people import person_create
    from sigap.cases.tests.factories import victim_data

    beds = shelter(personas)
    named = room_save(
        actor=personas["head"],
        shelter=beds.shelter,
        data=RoomData(name="Kamar Anggrek", takes=RoomTakes.FEMALE, min_age=13),
    )
    bed_add(actor=personas["head"], room=named, label="A1")
    placed = placed_case(personas)
    for role, name in ((PersonRole.REPORTER, "Anak Pelapor"), (PersonRole.WITNESS, "Anak Saksi")):
        person_create(
            actor=personas["head"],
            case=placed.case,
            data=victim_data(name=name, nik="", phone="", sex="L", estimated_age=8),
            role=role,
        )
    page = personas.client("case_manager").get(reverse("assistance:shelter_admit", kwargs={"case_id": placed.case.pk}))
    body = page.content.decode()
    offered = [name for name in page.context["form"].fields if name.startswith("child_")]
    assert offered == [f"child_{placed.child.pk}"]
    assert "Anak Pelapor" not in body and "Anak Saksi" not in body
    assert "Kamar Kamar" not in body and "Room Kamar" not in body
    assert "Room Mawar (Women and girls, ages 12–120)" in body
    assert "Kamar Anggrek (Women and girls, ages 13–120)" in body
    assert "Room Melati (Anyone (e.g. a mother with her children), any age)" in body


def test_a_witness_or_the_reporter_is_refused_as_a_companion(personas: Any) -> None:
    from sigap.assistance.tests.shelter_steps import admission
    from sigap.cases.models.people import CasePerson, PersonRole
    from sigap.cases.rules.guards import TransitionRefused

    beds = shelter(personas)
    placed = placed_case(personas)
    CasePerson.objects.filter(pk=placed.child.pk).update(role=PersonRole.REPORTER)
    from sigap.assistance.services.shelter import shelter_admit

    with pytest.raises(TransitionRefused) as refused:
        shelter_admit(
            actor=personas["case_manager"],
            case=placed.case,
            data=admission(placed, beds.family[0], child_bed=beds.family[1]),
        )
    assert "Accompanying child / dependant" in " ".join(refused.value.messages)


def test_a_girl_comes_in_with_her_mother_never_with_herself_nor_a_suspect_parent(personas: Any) -> None:
    """Fresh-eyes walk 2, B: a child victim's mother (parent/guardian) could not be admitted; the girl was offered
    a bed as her own companion, and again after she was admitted."""
    from django.utils import timezone

    from sigap.cases.models.people import CasePerson, PersonRole
    from sigap.cases.services.people import person_create
    from sigap.cases.tests.factories import make_case, victim_data

    beds = shelter(personas)
    case = make_case(personas, victim=victim_data(nik="", phone="", estimated_age=10))
    girl = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)

    def add(name: str, sex: str) -> CasePerson:
        data = victim_data(name=name, nik="", phone="", sex=sex, estimated_age=38)
        return person_create(actor=personas["head"], case=case, data=data, role=PersonRole.PARENT_GUARDIAN)

    mother, father = add("Ibu Fiktif", "P"), add("Ayah Fiktif", "L")
    CasePerson.objects.create(
        case=case, person=father.person, role=PersonRole.PERPETRATOR, added_at=timezone.now(), added_by=personas["head"]
    )
    url = reverse("assistance:shelter_admit", kwargs={"case_id": case.pk})
    client = personas.client("case_manager")
    form = client.get(url).context["form"]
    assert [name for name in form.fields if name.startswith("child_")] == [f"child_{mother.pk}"]
    response = client.post(
        url,
        {
            "victim": girl.pk,
            "bed": beds.family[0].pk,
            f"child_{mother.pk}": beds.family[1].pk,
            "criteria": ["LIFE_THREATENED"],
            "criteria_reason": "Her father is the suspect.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    stays = ShelterStay.objects.filter(case=case, discharged_at__isnull=True)
    assert {s.person_id for s in stays} == {girl.pk, mother.pk}
    page = client.get(url)  # both inside: neither offered again
    again = page.context["form"]
    assert 'id="all-in-shelter"' in page.content.decode()
    assert list(again.fields["victim"].queryset) == []
    assert not [name for name in again.fields if name.startswith("child_")]


def test_a_parent_comes_only_with_a_child_victim(personas: Any) -> None:
    from sigap.assistance.services.shelter import AdmissionData, shelter_admit
    from sigap.cases.models.people import PersonRole
    from sigap.cases.rules.guards import TransitionRefused
    from sigap.cases.services.people import person_create
    from sigap.cases.tests.factories import victim_data

    beds = shelter(personas)
    placed = placed_case(personas)  # a woman of 30
    parent = person_create(
        actor=personas["head"],
        case=placed.case,
        data=victim_data(name="Ibu Fiktif", nik="", phone="", estimated_age=60),
        role=PersonRole.PARENT_GUARDIAN,
    )
    form = (
        personas.client("case_manager")
        .get(reverse("assistance:shelter_admit", kwargs={"case_id": placed.case.pk}))
        .context["form"]
    )
    assert f"child_{parent.pk}" not in form.fields
    data = AdmissionData(
        victim=placed.victim,
        bed=beds.family[0],
        criteria=["LIFE_THREATENED"],
        criteria_reason="Threatened.",
        children=[parent],
        child_beds=[beds.family[1]],
    )
    with pytest.raises(TransitionRefused) as refused:
        shelter_admit(actor=personas["case_manager"], case=placed.case, data=data)
    assert "only with a child victim" in " ".join(refused.value.messages)


def test_with_two_victims_the_one_admitted_is_not_her_own_companion(personas: Any) -> None:
    from sigap.cases.models.people import CasePerson, PersonRole
    from sigap.cases.services.people import person_create
    from sigap.cases.tests.factories import make_case, victim_data

    beds = shelter(personas)
    case = make_case(personas, victim=victim_data(nik="", phone="", estimated_age=10))
    girl = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    sister = person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Adik Fiktif", nik="", phone="", estimated_age=8),
        role=PersonRole.VICTIM,
    )
    url = reverse("assistance:shelter_admit", kwargs={"case_id": case.pk})
    client = personas.client("case_manager")
    posted = {
        "victim": girl.pk,
        "bed": beds.family[0].pk,
        f"child_{girl.pk}": beds.family[1].pk,
        "criteria": ["LIFE_THREATENED"],
        "criteria_reason": "Both threatened.",
    }
    response = client.post(url, posted)
    assert response.status_code == 200
    assert "She is the victim admitted" in response.content.decode()
    assert not ShelterStay.objects.filter(case=case).exists()
    del posted[f"child_{girl.pk}"]
    assert client.post(url, {**posted, f"child_{sister.pk}": beds.family[1].pk}).status_code == 302
