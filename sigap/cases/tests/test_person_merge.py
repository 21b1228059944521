"""The HEAD's merge of two records of one person (issue #21): the service ``person_merge``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident, IncidentPerpetrator
from sigap.cases.models.link import LinkRequestState, PersonLinkRequest
from sigap.cases.models.people import CasePerson, Person, PersonNameToken, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.case import persons_matching
from sigap.cases.services import person_merge as merge_module
from sigap.cases.services.people import DuplicateNik, PersonData, case_person_link, person_create
from sigap.cases.services.person_edit import EDITABLE_FIELDS
from sigap.cases.services.person_merge import MERGE_FIELDS, handled_references, person_merge
from sigap.cases.tests.factories import VICTIM_NAME, VICTIM_NIK, make_case
from sigap.cases.tests.merge_fixtures import OTHER_NAME, OTHER_NIK, duplicate, recorded_incident
from sigap.cases.timeline.case import case_timeline

REASON = "Same mother, same village, NIK typed twice."


def _merge(personas: Any, survivor: Person, merged: Person, who: str = "head", **choices: str) -> Person:
    return person_merge(actor=personas[who], survivor=survivor, merged=merged, field_choices=choices, reason=REASON)


def test_it_keeps_the_survivors_values_by_default_and_takes_the_chosen_ones(personas: Any) -> None:
    d = duplicate(personas)
    kept = _merge(personas, d.a, d.b, phone="merged", birth="merged")
    kept.refresh_from_db()
    assert (kept.name, kept.nik) == (VICTIM_NAME, VICTIM_NIK)  # A's own
    assert kept.phone == "+6281211112222"  # B's, with its blind index: a phone search finds A
    assert kept.birth_year == d.b.birth_year and kept.age_estimated
    assert persons_matching(personas["head"], phone="0812 1111 2222") == [kept.pk]


def test_it_takes_the_merged_name_and_nik_the_other_way_round(personas: Any) -> None:
    d = duplicate(personas)
    kept = _merge(personas, d.a, d.b, name="merged", nik="merged")
    kept.refresh_from_db()
    assert (kept.name, kept.nik) == (OTHER_NAME, OTHER_NIK)  # B's NIK passes to A: B no longer counts
    assert persons_matching(personas["head"], nik=OTHER_NIK) == [kept.pk]
    assert persons_matching(personas["head"], nik=VICTIM_NIK) == []
    # The name tokens follow the new name: "Canary" (A's old name only) finds nobody any more.
    assert persons_matching(personas["head"], name="Canary") == []


def test_the_merged_record_points_to_the_survivor_and_leaves_every_search(personas: Any) -> None:
    d = duplicate(personas)
    _merge(personas, d.a, d.b)
    gone = Person.all_persons.get(pk=d.b.pk)
    assert gone.merged_into_id == d.a.pk and gone.merged_at is not None and gone.merge_reason == REASON
    assert not Person.objects.filter(pk=d.b.pk).exists()
    assert not PersonNameToken.objects.filter(owner_id=d.b.pk).exists()
    head = personas["head"]
    assert persons_matching(head, nik=OTHER_NIK) == []
    assert persons_matching(head, phone="0812 1111 2222") == []
    assert d.b.pk not in persons_matching(head, name=OTHER_NAME)


def test_links_move_and_a_duplicate_in_the_same_case_and_role_gives_way(personas: Any) -> None:
    d = duplicate(personas)
    a_in_case1 = CasePerson.objects.get(case=d.case1, person=d.a)
    _merge(personas, d.a, d.b)
    assert set(CasePerson.objects.filter(person=d.a).values_list("case_id", flat=True)) == {d.case1.pk, d.case2.pk}
    assert not CasePerson.all_links.filter(person_id=d.b.pk).exists()
    removed = CasePerson.all_links.get(pk=d.b_in_case1.pk)
    assert removed.removed_at is not None and REASON in removed.removal_reason
    # What named B's link in case 1 names A's link now.
    assert Incident.objects.get(pk=d.incident.pk).victim_id == a_in_case1.pk
    assert Consent.objects.get(pk=d.consent.pk).victim_id == a_in_case1.pk
    assert CasePerson.objects.filter(case=d.case1, role=PersonRole.VICTIM).count() == 1


def test_an_incident_naming_both_records_as_perpetrators_keeps_one(personas: Any) -> None:
    head = personas["head"]
    case = make_case(personas)
    victim = person_create(actor=head, case=case, data=PersonData(name="Korban Satu"), role=PersonRole.VICTIM)
    x = person_create(actor=head, case=case, data=PersonData(name="Pelaku Dua"), role=PersonRole.PERPETRATOR)
    y = person_create(actor=head, case=case, data=PersonData(name="Pelaku Dua B"), role=PersonRole.PERPETRATOR)
    incident = recorded_incident(personas, victim, [x, y])
    other = recorded_incident(personas, victim, [y])
    _merge(personas, x.person, y.person)
    assert list(IncidentPerpetrator.objects.filter(incident=incident).values_list("perpetrator_id", flat=True)) == [
        x.pk
    ]
    assert list(other.perpetrators.values_list("pk", flat=True)) == [x.pk]


def test_a_pending_link_request_moves_and_a_duplicate_one_is_refused(personas: Any) -> None:
    d = duplicate(personas)
    case3 = make_case(personas)
    now = d.case1.opened_at
    for person in (d.a, d.b):
        PersonLinkRequest.objects.create(
            case=case3, person=person, role="WITNESS", requested_at=now, requested_by=personas["case_manager"]
        )
    _merge(personas, d.a, d.b)
    rows = PersonLinkRequest.objects.filter(case=case3).order_by("pk")
    assert [(r.person_id, r.state) for r in rows] == [
        (d.a.pk, LinkRequestState.PENDING),
        (d.a.pk, LinkRequestState.REJECTED),
    ]


def test_an_earlier_merge_into_the_merged_record_now_points_to_the_survivor(personas: Any) -> None:
    d = duplicate(personas)
    third = person_create(
        actor=personas["head"], case=make_case(personas), data=PersonData(name="Siti N."), role=PersonRole.VICTIM
    ).person
    _merge(personas, d.b, third)
    _merge(personas, d.a, d.b)
    assert Person.all_persons.get(pk=third.pk).merged_into_id == d.a.pk


def test_one_merge_event_with_field_names_only_and_a_timeline_entry_on_each_case(personas: Any) -> None:
    d = duplicate(personas)
    _merge(personas, d.a, d.b, phone="merged")
    event = AuditEvent.objects.get(action=AuditAction.MERGE)
    assert (event.object_type, event.object_id) == ("cases.person", str(d.a.pk))
    summary = event.new_values["merged"]
    assert summary["person"] == str(d.b.pk) and summary["from_merged"] == ["phone"]
    assert "name" in summary["from_survivor"] and (summary["links_moved"], summary["links_removed"]) == (1, 1)
    everything = json.dumps(list(AuditEvent.objects.values()), default=str)
    clear = [VICTIM_NAME, OTHER_NAME, VICTIM_NIK, OTHER_NIK, "81211112222", "1111 2222", "Same mother"]
    assert [value for value in clear if value in everything] == []
    for case in (d.case1, d.case2):
        texts = [entry.text for entry in case_timeline(case)]
        assert "Two records of the same person merged by the head of the unit (Victim)." in texts


def test_a_nik_that_a_third_record_has_is_refused_and_nothing_changes(personas: Any, monkeypatch: Any) -> None:
    d = duplicate(personas)
    # The unique constraint keeps a third live record from holding B's NIK: the check is the guard before it.
    third = Person.objects.exclude(pk__in=[d.a.pk, d.b.pk]).first() or d.a

    def taken(unit_id: int, nik: str, *, other_than: Any = None) -> None:
        raise DuplicateNik(third)

    monkeypatch.setattr(merge_module, "_check_nik_free", taken)
    with pytest.raises(TransitionRefused, match="Another record of the unit has this NIK"):
        _merge(personas, d.a, d.b, nik="merged")
    assert Person.objects.filter(pk=d.b.pk).exists()
    assert Person.objects.get(pk=d.a.pk).nik == VICTIM_NIK
    assert CasePerson.objects.filter(person=d.b).count() == 2
    assert not AuditEvent.objects.filter(action=AuditAction.MERGE).exists()


@pytest.mark.parametrize("who", ["case_manager", "expert", "intake", "admin"])
def test_only_the_head_merges(personas: Any, who: str) -> None:
    d = duplicate(personas)
    with pytest.raises(PermissionDenied):
        _merge(personas, d.a, d.b, who=who)
    assert Person.objects.filter(pk=d.b.pk).exists()


def test_another_units_head_is_told_not_found(personas: Any) -> None:
    d = duplicate(personas)
    with pytest.raises(TransitionRefused, match="not found"):
        _merge(personas, d.a, d.b, who="other_head")


def test_the_same_record_twice_and_an_already_merged_record_are_refused(personas: Any) -> None:
    d = duplicate(personas)
    with pytest.raises(TransitionRefused, match="two different records"):
        _merge(personas, d.a, d.a)
    _merge(personas, d.a, d.b)
    gone = Person.all_persons.get(pk=d.b.pk)
    with pytest.raises(TransitionRefused, match="already been merged"):
        _merge(personas, gone, d.a)


def test_unknown_choices_and_a_short_reason_are_refused(personas: Any) -> None:
    d = duplicate(personas)
    with pytest.raises(TransitionRefused, match="Choose, for each line"):
        _merge(personas, d.a, d.b, name="both")
    with pytest.raises(TransitionRefused, match="Choose, for each line"):
        _merge(personas, d.a, d.b, created_by="merged")
    with pytest.raises(TransitionRefused, match="at least 10"):
        person_merge(actor=personas["head"], survivor=d.a, merged=d.b, field_choices={}, reason="same")


def test_a_record_in_a_restricted_case_the_head_cannot_open_is_refused(personas: Any) -> None:
    d = duplicate(personas)
    hidden = make_case(personas, restricted=True, experts=())
    case_person_link(actor=personas["head"], case=hidden, person=d.b, role=PersonRole.WITNESS)
    with pytest.raises(TransitionRefused, match="restricted case"):
        _merge(personas, d.a, d.b)


def test_both_rows_are_locked(personas: Any, monkeypatch: Any) -> None:
    d = duplicate(personas)
    locked: list[set[Any]] = []
    original = QuerySet._fetch_all

    def spy(self: QuerySet[Any]) -> None:
        original(self)
        if self.model is Person and self.query.select_for_update:
            locked.append({row.pk for row in self._result_cache or []})

    monkeypatch.setattr(QuerySet, "_fetch_all", spy)
    _merge(personas, d.a, d.b)
    assert {d.a.pk, d.b.pk} in locked


def _reverse_relations(model: Any) -> set[tuple[str, str]]:
    return {
        (f.related_model._meta.label_lower, f.field.name)
        for f in model._meta.get_fields(include_hidden=True)
        if f.is_relation and f.auto_created and not f.concrete
    }


def test_every_reference_to_a_person_or_a_case_link_is_handled_by_the_merge() -> None:
    """A new foreign key to Person or CasePerson fails here until ``person_merge`` moves it (REFERENCES) or a
    higher app registers a handler for it (``register_merge_handler``, at app ready)."""
    found = _reverse_relations(Person) | _reverse_relations(CasePerson)
    # The through table of Incident.perpetrators, created by Django, points to nothing we keep.
    found = {(model, name) for model, name in found if not model.startswith("cases.incident_perpetrators")}
    assert found - handled_references() == set()


def test_the_merge_lines_cover_every_editable_field() -> None:
    assert sorted(name for names in MERGE_FIELDS.values() for name in names) == sorted(EDITABLE_FIELDS)
