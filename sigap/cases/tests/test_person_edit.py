"""Correcting the persons of a case (issue #21, "People can be corrected"): edit every field and the role,
remove a person added by mistake; the audit, the timeline, the search indexes and every count follow."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.rules.guards import TransitionRefused, refusals
from sigap.cases.selectors import case as selectors
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import VICTIM_NAME, VICTIM_NIK, incident, make_case, victim_data
from sigap.cases.timeline.case import case_timeline

NEW_NIK = "6402015508900002"


def _victim(case: Case) -> CasePerson:
    return CasePerson.objects.select_related("person").get(case=case, role=PersonRole.VICTIM)


def _edit_url(link: CasePerson) -> str:
    return reverse("cases:case_person_edit", kwargs={"case_id": link.case_id, "link_id": link.pk})


def _remove_url(link: CasePerson) -> str:
    return reverse("cases:case_person_remove", kwargs={"case_id": link.case_id, "link_id": link.pk})


def _form(**overrides: Any) -> dict[str, Any]:
    """Every field of the edit form, as the page would post it for the factory's victim."""
    data: dict[str, Any] = {
        "role": "VICTIM",
        "relationship": "",
        "name": VICTIM_NAME,
        "sex": "P",
        "birth_date": "",
        "estimated_age": "30",
        "nik": VICTIM_NIK,
        "phone": "0812 3456 7890",
        "address": "Jalan Canary 7",
        "education": "",
        "occupation": "",
        "marital_status": "",
        "nationality": "",
    }
    data.update(overrides)
    return data


def _witness(personas: Any, case: Case, name: str = "Budi Salah Catat") -> CasePerson:
    return person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name=name, nik="", phone="", address="", estimated_age=40),
        role=PersonRole.WITNESS,
    )


# --- edit ----------------------------------------------------------------------------------------


def test_the_case_manager_corrects_name_and_nik_and_the_search_finds_the_new_ones_only(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    link = _victim(case)
    client = personas.client("case_manager")
    assert client.get(_edit_url(link)).status_code == 200
    response = client.post(_edit_url(link), _form(name="Ratna Dewi Lestari", nik=NEW_NIK))
    assert response.status_code == 302, response.context["form"].errors if response.context else None
    person = Person.objects.get(pk=link.person_id)
    assert person.name == "Ratna Dewi Lestari" and person.nik == NEW_NIK
    user = personas["case_manager"]
    found = selectors.person_matches(user, case=case, nik=NEW_NIK)
    assert [m.person.pk for m in found] == [person.pk]
    assert selectors.person_matches(user, case=case, nik=VICTIM_NIK) == []
    assert [m.person.pk for m in selectors.person_matches(user, case=case, name="Ratna Lestari")] == [person.pk]
    assert selectors.person_matches(user, case=case, name="Siti Nurhaliza") == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"sex": "L"}, {"sex": "L"}),
        ({"estimated_age": "", "birth_date": "2001-04-05"}, {"birth_year": 2001, "age_estimated": False}),
        ({"estimated_age": "", "birth_date": ""}, {"birth_year": None, "birth_date": None}),
        (
            {"address": "Jalan Baru 12", "phone": "0813 1111 2222"},
            {"address": "Jalan Baru 12", "phone": "6281311112222"},
        ),
        ({"disabilities": ["FISIK", "MENTAL"]}, {"disabilities": ["FISIK", "MENTAL"]}),
        ({"education": "SLTA", "occupation": "SWASTA_BURUH"}, {"education": "SLTA", "occupation": "SWASTA_BURUH"}),
        ({"marital_status": "BELUM_KAWIN", "nationality": "WNI"}, {"marital_status": "BELUM_KAWIN"}),
    ],
)
def test_each_field_group_can_be_corrected(personas: Any, changes: dict[str, Any], expected: dict[str, Any]) -> None:
    case = make_case(personas, victim=victim_data())
    link = _victim(case)
    response = personas.client("head").post(_edit_url(link), _form(**changes))
    assert response.status_code == 302
    person = Person.objects.get(pk=link.person_id)
    for name, value in expected.items():
        stored = getattr(person, name)
        if name == "phone":
            stored = "".join(ch for ch in stored if ch.isdigit())
        assert stored == value, name


def test_an_estimated_age_sets_the_birth_year(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(estimated_age=None))
    link = _victim(case)
    assert link.person.birth_year is None
    personas.client("case_manager").post(_edit_url(link), _form(estimated_age="34"))
    person = Person.objects.get(pk=link.person_id)
    assert person.age_estimated and person.birth_year == timezone.localdate().year - 34


def test_the_relationship_and_the_role_of_a_perpetrator_can_be_corrected(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    link = person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Pelaku Contoh", nik="", phone="", estimated_age=45),
        role=PersonRole.PERPETRATOR,
        relationship="PACAR_TEMAN",
    )
    client = personas.client("case_manager")
    form = _form(role="PERPETRATOR", relationship="ORANG_TUA", name="Pelaku Contoh", nik="", phone="", address="")
    assert client.post(_edit_url(link), form).status_code == 302
    link.refresh_from_db()
    assert link.relationship == "ORANG_TUA"
    form.update(role="PARENT_GUARDIAN")
    assert client.post(_edit_url(link), form).status_code == 302
    link.refresh_from_db()
    assert link.role == PersonRole.PARENT_GUARDIAN and link.relationship == ""
    event = AuditEvent.objects.filter(object_id=str(case.pk), changed_fields=["persons"]).order_by("-seq").first()
    assert event is not None
    assert event.old_values["persons"]["role"] == "PERPETRATOR"
    assert event.new_values["persons"]["role"] == "PARENT_GUARDIAN"
    texts = [e.text for e in case_timeline(case)]
    assert any("Role changed from “Perpetrator” to “Parent / guardian”" in t for t in texts), texts


def test_a_role_named_by_an_incident_is_not_changed_silently(personas: Any) -> None:
    from sigap.cases.services.person_edit import case_person_role_change

    case = make_case(personas, victim=victim_data())
    incident(personas, case, types=["FISIK"])
    with pytest.raises(TransitionRefused):
        case_person_role_change(actor=personas["head"], link=_victim(case), role=PersonRole.WITNESS)
    assert _victim(case).role == PersonRole.VICTIM


def test_the_audit_names_the_changed_fields_without_personal_values(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    link = _victim(case)
    personas.client("case_manager").post(
        _edit_url(link), _form(name="Ratna Dewi Lestari", nik=NEW_NIK, education="SLTA", address="Jalan Rahasia 99")
    )
    event = AuditEvent.objects.get(object_type="cases.person", object_id=str(link.person_id), action="UPDATE")
    assert {"name", "nik", "address", "education"} <= set(event.changed_fields)
    dumped = json.dumps([event.old_values, event.new_values])
    for value in ("Ratna", "Lestari", NEW_NIK, VICTIM_NIK, "Siti", "Rahasia", "SLTA"):
        assert value not in dumped, value
    on_case = AuditEvent.objects.filter(object_id=str(case.pk), changed_fields=["persons"]).order_by("-seq").first()
    assert on_case is not None and on_case.new_values["persons"]["edited"] == ["name", "nik", "address", "education"]
    texts = [e.text for e in case_timeline(case)]
    assert any(t.startswith("Person's details corrected (Victim): name, NIK, address, education") for t in texts)


def test_the_form_says_in_how_many_other_cases_the_person_is(personas: Any) -> None:
    from sigap.cases.services.people import case_person_link

    case = make_case(personas, victim=victim_data())
    other = make_case(personas)
    case_person_link(actor=personas["head"], case=other, person=_victim(case).person, role=PersonRole.VICTIM)
    response = personas.client("case_manager").get(_edit_url(_victim(case)))
    assert response.context["other_cases"] == 1
    assert "This person appears in 1 other case of the unit" in response.content.decode()


def test_bad_input_gets_a_message_and_keeps_the_typed_values(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    link = _victim(case)
    response = personas.client("case_manager").post(_edit_url(link), _form(nik="123", address="Jalan Diketik 5"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page and "Jalan Diketik 5" in page
    assert Person.objects.get(pk=link.person_id).nik == VICTIM_NIK


@pytest.mark.parametrize(
    ("who", "status"),
    [("head", 200), ("case_manager", 200), ("expert", 403), ("other_head", 404), ("other_case_manager", 404)],
)
def test_who_may_correct_and_remove(personas: Any, who: str, status: int) -> None:
    case = make_case(personas, victim=victim_data())
    link = _victim(case)
    client = personas.client(who)
    assert client.get(_edit_url(link)).status_code == status
    assert client.get(_remove_url(link)).status_code == status


def test_a_person_of_another_case_is_not_reached_through_this_one(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    other = make_case(personas, victim=victim_data(name="Orang Lain", nik="", phone=""))
    url = reverse("cases:case_person_edit", kwargs={"case_id": case.pk, "link_id": _victim(other).pk})
    assert personas.client("head").get(url).status_code == 404


# --- removal -------------------------------------------------------------------------------------


def test_removal_needs_a_reason(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    witness = _witness(personas, case)
    response = personas.client("case_manager").post(_remove_url(witness), {"reason": "  "})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert CasePerson.objects.filter(pk=witness.pk).exists()


def test_a_removed_person_leaves_the_case_and_the_head_sees_why(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    witness = _witness(personas, case)
    response = personas.client("case_manager").post(_remove_url(witness), {"reason": "Dicatat pada kasus yang salah."})
    assert response.status_code == 302
    assert [link.pk for link in selectors.case_persons(case)] == [_victim(case).pk]
    row = CasePerson.all_links.get(pk=witness.pk)
    assert row.removed_by == personas["case_manager"] and row.removal_reason == "Dicatat pada kasus yang salah."
    head_page = personas.client("head").get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert 'id="removed-persons"' in head_page and "Dicatat pada kasus yang salah." in head_page
    manager_page = personas.client("case_manager").get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert "Dicatat pada kasus yang salah." not in manager_page.content.decode()
    assert "Budi Salah Catat" not in manager_page.content.decode()
    texts = [e.text for e in case_timeline(case)]
    assert any(t.startswith("Person removed from the case as a mistake: Witness") for t in texts), texts
    audit = json.dumps(list(AuditEvent.objects.values("old_values", "new_values", "reason")), default=str)
    assert "Dicatat pada kasus" not in audit and "Budi" not in audit


def test_a_removed_victim_leaves_the_guards_the_recap_and_the_simfoni_export(personas: Any) -> None:
    from sigap.cases.models.consent import ConsentGiver, ConsentMethod, ConsentScope
    from sigap.cases.services.consent import ConsentData, consent_record
    from sigap.cases.services.person_edit import case_person_remove
    from sigap.reports.periods import Period
    from sigap.reports.recap import unit_recap
    from sigap.reports.selectors import victims_of
    from sigap.reports.simfoni import consent_counts, exportable

    case = make_case(personas, victim=victim_data())
    victim = _victim(case)
    consent_record(
        actor=personas["head"],
        case=case,
        data=ConsentData(
            victim=victim,
            scope=ConsentScope.SIMFONI,
            given_by=ConsentGiver.VICTIM,
            method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate(),
        ),
    )
    today = timezone.localdate()
    period = Period.year(today.year, case.unit.zone)
    assert unit_recap(unit=case.unit, period=period).summary.victims == 1
    assert consent_counts(exportable(victims_of([case.pk])), today).exported == 1
    assert "Record the victim first." not in refusals("start_assessment", case)

    case_person_remove(actor=personas["head"], link=victim, reason="Korban dicatat dua kali.")

    assert unit_recap(unit=case.unit, period=period).summary.victims == 0
    assert consent_counts(exportable(victims_of([case.pk])), today).exported == 0
    assert "Record the victim first." in refusals("start_assessment", case)
    # The same person may be added again in the same role (the removed link does not block it).
    from sigap.cases.services.people import case_person_link

    case_person_link(actor=personas["head"], case=case, person=victim.person, role=PersonRole.VICTIM)
    assert CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).count() == 1


def test_a_person_named_by_an_incident_is_not_removed(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    incident(personas, case, types=["FISIK"])
    response = personas.client("head").post(_remove_url(_victim(case)), {"reason": "Bukan korban yang benar."})
    assert response.status_code == 200
    assert "An incident names this person" in response.content.decode()
    assert CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).exists()


def test_the_case_page_offers_correct_and_remove_to_the_manager_only(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    link = _victim(case)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert _edit_url(link) in personas.client("case_manager").get(url).content.decode()
    assert _edit_url(link) not in personas.client("expert").get(url).content.decode()


def test_a_removed_guardian_s_consent_is_no_longer_relied_on(personas: Any) -> None:
    from sigap.cases.models.consent import ChildAssent, ConsentGiver, ConsentMethod, ConsentScope
    from sigap.cases.services.consent import ConsentData, consent_covers, consent_record
    from sigap.cases.services.person_edit import case_person_remove
    from sigap.reports.selectors import victims_of
    from sigap.reports.simfoni import consent_counts, exportable

    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=10, nik="", phone=""))
    guardian = person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Wali Salah Catat", nik="", phone="", estimated_age=40),
        role=PersonRole.PARENT_GUARDIAN,
    )
    for scope in (ConsentScope.SERVICES, ConsentScope.SIMFONI):
        consent_record(
            actor=personas["head"],
            case=case,
            data=ConsentData(
                victim=_victim(case),
                scope=scope,
                given_by=ConsentGiver.PARENT_GUARDIAN,
                guardian=guardian,
                child_assent=ChildAssent.GIVEN,
                method=ConsentMethod.WRITTEN,
                given_on=timezone.localdate(),
            ),
        )
    today = timezone.localdate()
    assert consent_covers(case, ConsentScope.SERVICES)
    assert consent_counts(exportable(victims_of([case.pk])), today).exported == 1
    case_person_remove(actor=personas["head"], link=guardian, reason="Bukan wali anak ini.")
    assert not consent_covers(case, ConsentScope.SERVICES)
    assert consent_counts(exportable(victims_of([case.pk])), today).exported == 0
