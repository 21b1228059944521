"""A person merge (sigap.cases) moves the legal-process tracks and shelter stays of a link that gives way
to the survivor's link in the same case and role (sigap.assistance.services.merge)."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.assistance.models.legal import LegalTrack
from sigap.assistance.models.shelter import ShelterStay
from sigap.assistance.services.legal import legal_track_start
from sigap.assistance.services.merge import MERGE_REFERENCES
from sigap.assistance.tests.legal_steps import legal_case
from sigap.assistance.tests.shelter_steps import PlacedCase, admit, placed_case, shelter
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.services.people import case_person_link, person_create
from sigap.cases.services.person_merge import handled_references, person_merge
from sigap.cases.tests.factories import make_case, victim_data

pytestmark = pytest.mark.django_db
REASON = "Same person typed twice in two cases."


def _second_record(personas: Any, case: Any, role: str, name: str) -> CasePerson:
    """The same person typed again in another case, then linked to ``case`` in ``role``."""
    other = make_case(personas)
    data = victim_data(name=name, nik="", phone="", sex="L" if role == PersonRole.PERPETRATOR else "P")
    person = person_create(actor=personas["head"], case=other, data=data, role=role).person
    return case_person_link(actor=personas["head"], case=case, person=person, role=role)


def _merge(personas: Any, survivor: Person, merged: Person) -> None:
    person_merge(actor=personas["head"], survivor=survivor, merged=merged, field_choices={}, reason=REASON)


def test_the_services_references_are_handled_by_the_merge() -> None:
    assert handled_references() >= MERGE_REFERENCES


def test_a_track_on_the_link_that_gives_way_moves_to_the_kept_link(personas: Any) -> None:
    lc = legal_case(personas)
    dup = _second_record(personas, lc.case, PersonRole.PERPETRATOR, "Pelaku Kedua")
    track = legal_track_start(actor=personas["case_manager"], case=lc.case, perpetrator=dup)
    _merge(personas, lc.perpetrator.person, dup.person)
    track.refresh_from_db()
    assert track.perpetrator_id == lc.perpetrator.pk
    assert CasePerson.all_links.get(pk=dup.pk).removed_at is not None


def test_when_both_links_have_a_track_both_stay(personas: Any) -> None:
    lc = legal_case(personas)
    dup = _second_record(personas, lc.case, PersonRole.PERPETRATOR, "Pelaku Kedua")
    kept_track = legal_track_start(actor=personas["case_manager"], case=lc.case, perpetrator=lc.perpetrator)
    dup_track = legal_track_start(actor=personas["case_manager"], case=lc.case, perpetrator=dup)
    _merge(personas, lc.perpetrator.person, dup.person)
    assert LegalTrack.objects.get(pk=kept_track.pk).perpetrator_id == lc.perpetrator.pk
    assert LegalTrack.objects.get(pk=dup_track.pk).perpetrator_id == dup.pk


def _placed_twice(personas: Any) -> tuple[PlacedCase, PlacedCase]:
    pc = placed_case(personas)
    dup = _second_record(personas, pc.case, PersonRole.VICTIM, "Korban Kedua")
    return pc, PlacedCase(case=pc.case, victim=dup, child=pc.child)


def test_an_open_stay_on_the_link_that_gives_way_moves_to_the_kept_link(personas: Any) -> None:
    beds = shelter(personas)
    pc, dup = _placed_twice(personas)
    stay = admit(personas, dup, beds.women[0])
    _merge(personas, pc.victim.person, dup.victim.person)
    stay.refresh_from_db()
    assert stay.person_id == pc.victim.pk and stay.discharged_at is None


def test_two_open_stays_keep_their_links_rather_than_break_one_open_stay_per_person(personas: Any) -> None:
    beds = shelter(personas)
    pc, dup = _placed_twice(personas)
    kept_stay = admit(personas, pc, beds.women[0])
    dup_stay = admit(personas, dup, beds.women[1])
    _merge(personas, pc.victim.person, dup.victim.person)
    assert ShelterStay.objects.get(pk=kept_stay.pk).person_id == pc.victim.pk
    assert ShelterStay.objects.get(pk=dup_stay.pk).person_id == dup.victim.pk
