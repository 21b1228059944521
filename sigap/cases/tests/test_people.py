"""Persons: create (encrypted, indexed), link a known person, search before create without leaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.case import person_matches
from sigap.cases.services.people import case_person_link, person_create
from sigap.cases.services.team import case_team_end
from sigap.cases.tests.factories import VICTIM_NAME, VICTIM_NIK, make_case, victim_data


def test_it_stores_identities_encrypted(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    person = Person.objects.get()
    assert person.name == VICTIM_NAME and person.nik == VICTIM_NIK and person.phone == "+6281234567890"
    assert person.age_estimated and person.birth_year is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, nik, phone, address FROM cases_person")
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "Canary" not in raw and VICTIM_NIK not in raw and "3456" not in raw
    assert CasePerson.objects.get().case == case


def test_it_refuses_bad_values(personas: Any) -> None:
    case = make_case(personas)
    head = personas["head"]
    bad = [
        victim_data(name="  ", sex="", birth_date=None, estimated_age=None),  # nothing says who it is
        victim_data(nik="1234"),
        victim_data(phone="12"),
        victim_data(sex="X"),
        victim_data(education="PHD_ON_MARS"),
        victim_data(disabilities=["NOPE"]),
        victim_data(estimated_age=300),
    ]
    for data in bad:
        with pytest.raises(TransitionRefused):
            person_create(actor=head, case=case, data=data, role=PersonRole.VICTIM)
    with pytest.raises(TransitionRefused):
        person_create(actor=head, case=case, data=victim_data(), role="GHOST")
    with pytest.raises(TransitionRefused):
        person_create(
            actor=head, case=case, data=victim_data(nik=""), role=PersonRole.PERPETRATOR, relationship="ALIEN"
        )
    assert Person.objects.count() == 0


def test_only_head_and_case_manager_record_persons(personas: Any) -> None:
    case = make_case(personas)
    with pytest.raises(TransitionRefused):
        person_create(actor=personas["expert"], case=case, data=victim_data(), role=PersonRole.VICTIM)
    link = person_create(
        actor=personas["case_manager"],
        case=case,
        data=victim_data(name="Budi Pelaku", nik="", phone=""),
        role=PersonRole.PERPETRATOR,
        relationship="ORANG_TUA",
    )
    assert link.relationship == "ORANG_TUA"


def test_search_finds_a_known_person_by_nik_phone_and_name_year(personas: Any) -> None:
    first = make_case(personas, victim=victim_data())
    new = make_case(personas)
    head = personas["head"]
    person = Person.objects.get()
    year = person.birth_year
    for kwargs in (
        {"nik": "6402 0145 0710 0001"},
        {"phone": "+62 812-3456-7890"},
        {"name": "Ibu Siti Nurhaliza Canary", "birth_year": year},
    ):
        matches = person_matches(head, case=new, **kwargs)
        assert [m.person.pk for m in matches] == [person.pk], kwargs
        assert [c.pk for c in matches[0].visible_cases] == [first.pk]
    assert person_matches(head, case=new, name="Siti Nurhaliza Canary", birth_year=(year or 0) + 5) == []
    assert person_matches(head, case=new, nik="6402014507100002") == []


def test_search_never_names_a_case_outside_scope(personas: Any) -> None:
    hidden = make_case(personas, victim=victim_data())  # case_manager + expert on this team
    case_team_end(actor=personas["head"], case=hidden, member_id=hidden.team.get(user=personas["case_manager"]).pk)
    new = make_case(personas)
    matches = person_matches(personas["case_manager"], case=new, nik=VICTIM_NIK)
    assert len(matches) == 1
    assert matches[0].visible_cases == []
    assert matches[0].hidden_count == 1
    assert matches[0].head_name == personas["head"].full_name
    # Another unit never finds the person at all.
    other = make_case(personas, unit="samarinda", manager="other_case_manager", experts=())
    assert person_matches(personas["other_case_manager"], case=other, nik=VICTIM_NIK) == []


def test_linking_a_known_person(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    new = make_case(personas)
    person = Person.objects.get()
    case_person_link(actor=personas["case_manager"], case=new, person=person, role=PersonRole.VICTIM)
    assert Person.objects.count() == 1 and person.case_links.count() == 2
    with pytest.raises(TransitionRefused):
        case_person_link(actor=personas["case_manager"], case=new, person=person, role=PersonRole.VICTIM)
    other = make_case(personas, unit="samarinda", manager="other_case_manager", experts=())
    with pytest.raises(TransitionRefused):
        case_person_link(actor=personas["other_head"], case=other, person=person, role=PersonRole.VICTIM)


def test_initials_mask_the_name(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    assert Person.objects.get().initials == "S. C. N."
