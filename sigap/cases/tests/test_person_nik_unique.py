"""One person per NIK in a unit: the service refuses a second one and offers the existing person; the
database refuses it too (issue #21, "People can be corrected")."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.services.people import DuplicateNik, person_create
from sigap.cases.services.team import case_team_end
from sigap.cases.tests.factories import VICTIM_NIK, make_case, victim_data


def _url(case: Any) -> str:
    return reverse("cases:case_person_add", kwargs={"case_id": case.pk})


def test_the_service_refuses_a_second_person_with_the_same_nik(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    existing = Person.objects.get()
    second = make_case(personas)
    with pytest.raises(DuplicateNik) as refused:
        person_create(
            actor=personas["head"], case=second, data=victim_data(name="Another Name"), role=PersonRole.VICTIM
        )
    assert refused.value.existing == existing
    assert "NIK" in refused.value.messages[0]
    assert Person.objects.count() == 1 and not CasePerson.objects.filter(case=second).exists()


def test_the_same_nik_in_another_unit_is_another_person(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    make_case(personas, unit="other", manager=None, experts=(), victim=victim_data())
    assert Person.objects.count() == 2


def test_the_database_refuses_a_duplicate_nik_in_a_unit(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    existing = Person.objects.get()
    copy = Person(unit=existing.unit, name="Copy", nik=VICTIM_NIK, created_by=personas["head"])
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save(force_insert=True)
    # Persons without an NIK are never in conflict with each other.
    for name in ("A", "B"):
        Person(unit=existing.unit, name=name, created_by=personas["head"]).save(force_insert=True)
    assert Person.objects.filter(nik_index__isnull=True).count() == 2


def _create_post(nik: str) -> dict[str, Any]:
    return {
        "step": "create",
        "person-role": "VICTIM",
        "person-name": "Dewi Ganda",
        "person-sex": "P",
        "person-estimated_age": "20",
        "person-nik": nik,
    }


def test_the_page_refuses_the_duplicate_and_offers_the_existing_person(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    existing = Person.objects.get()
    second = make_case(personas)
    client = personas.client("case_manager")
    # A search by name only: the person recorded with that NIK is not found, the NIK is typed afterwards.
    client.post(_url(second), {"step": "search", "search-role": "VICTIM", "search-name": "Dewi Ganda"})
    response = client.post(_url(second), _create_post(VICTIM_NIK))
    assert response.status_code == 200 and Person.objects.count() == 1
    content = response.content.decode()
    assert "already recorded in the unit" in content  # the refusal (the personas read English)
    assert [m.person.pk for m in response.context["matches"]] == [existing.pk]
    assert response.context["person_form"]["name"].value() == "Dewi Ganda"  # nothing typed is lost
    # The offer works: the existing person is linked with the button shown.
    linked = client.post(_url(second), {"step": "link", "person": str(existing.pk), "role": "VICTIM"})
    assert linked.status_code == 302 and CasePerson.objects.filter(case=second, person=existing).exists()


def test_the_offer_asks_the_head_when_the_existing_person_is_on_a_hidden_case(personas: Any) -> None:
    hidden = make_case(personas, victim=victim_data())
    case_team_end(actor=personas["head"], case=hidden, member_id=hidden.team.get(user=personas["case_manager"]).pk)
    existing = Person.objects.get()
    second = make_case(personas)
    client = personas.client("case_manager")
    client.post(_url(second), {"step": "search", "search-role": "VICTIM", "search-name": "Dewi Ganda"})
    response = client.post(_url(second), _create_post(VICTIM_NIK))
    content = response.content.decode()
    assert hidden.number not in content and "Canary" not in content
    [match] = response.context["matches"]
    assert match.person.pk == existing.pk and match.needs_approval
    client.post(_url(second), {"step": "link", "person": str(existing.pk), "role": "VICTIM"})
    assert not CasePerson.objects.filter(case=second, person=existing).exists()
    assert existing.link_requests.filter(case=second).exists()


def test_correcting_a_person_to_an_nik_another_person_has_is_refused_not_a_database_error(personas: Any) -> None:
    """The edit service checks like the create service: without it the unique constraint would answer a 500."""
    from sigap.cases.services.person_edit import person_update

    make_case(personas, victim=victim_data())
    second = make_case(personas)
    other = person_create(
        actor=personas["head"],
        case=second,
        data=victim_data(name="Another Name", nik="6402015507990002"),
        role=PersonRole.VICTIM,
    )
    with pytest.raises(DuplicateNik):
        person_update(actor=personas["head"], link=other, data=victim_data(name="Another Name"))
    other.person.refresh_from_db()
    assert other.person.nik == "6402015507990002"
    # Keeping one's own NIK is no conflict.
    person_update(actor=personas["head"], link=other, data=victim_data(name="Renamed", nik="6402015507990002"))
