"""The add-person page: search first (POST), link a match offered by the search, or create a new person."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from sigap.cases.models.people import CasePerson, Person
from sigap.cases.services.team import case_team_end
from sigap.cases.tests.factories import VICTIM_NIK, make_case, victim_data


def _url(case: Any) -> str:
    return reverse("cases:case_person_add", kwargs={"case_id": case.pk})


NEW_PERSON = {
    "step": "create",
    "person-role": "VICTIM",
    "person-name": "Dewi Baru",
    "person-sex": "P",
    "person-estimated_age": "12",
    "person-nik": "",
    "person-phone": "",
    "person-disabilities": ["FISIK"],
}


def test_create_needs_a_search_first(personas: Any) -> None:
    case = make_case(personas)
    client = personas.client("case_manager")
    response = client.post(_url(case), NEW_PERSON)
    assert response.status_code == 302 and Person.objects.count() == 0
    searched = client.post(_url(case), {"step": "search", "search-role": "VICTIM", "search-name": "Dewi Baru"})
    assert searched.status_code == 200 and searched.context["matches"] == []
    created = client.post(_url(case), NEW_PERSON)
    assert created.status_code == 302
    person = Person.objects.get()
    assert person.disabilities == ["FISIK"] and person.age_estimated


def test_the_relationship_hint_fits_a_parent_too(personas: Any) -> None:
    # Walk: adding a parent, "Relationship to the victim" said "For a perpetrator." (and nothing else).
    case = make_case(personas)
    client = personas.client("case_manager")
    client.cookies["sigap_language"] = "id"
    response = client.post(_url(case), {"step": "search", "search-role": "PARENT_GUARDIAN", "search-name": "Ibu Baru"})
    content = response.content.decode()
    assert response.status_code == 200 and "Hubungan dengan korban" in content
    assert "Untuk terduga pelaku." not in content
    assert "Dicatat hanya jika perannya terduga pelaku; kosongkan untuk peran lain." in content


def test_search_offers_a_known_victim_and_links_it(personas: Any) -> None:
    first = make_case(personas, victim=victim_data())
    second = make_case(personas)
    client = personas.client("case_manager")
    response = client.post(_url(second), {"step": "search", "search-role": "VICTIM", "search-nik": VICTIM_NIK})
    matches = response.context["matches"]
    assert len(matches) == 1 and [c.pk for c in matches[0].visible_cases] == [first.pk]
    content = response.content.decode()
    assert first.number in content and "Canary" not in content  # initials only before linking
    person = matches[0].person
    linked = client.post(_url(second), {"step": "link", "person": str(person.pk), "role": "VICTIM"})
    assert linked.status_code == 302
    assert CasePerson.objects.filter(case=second, person=person).exists()
    assert Person.objects.count() == 1


def test_a_person_not_offered_by_the_search_cannot_be_linked(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    second = make_case(personas)
    person = Person.objects.get()
    client = personas.client("case_manager")
    response = client.post(_url(second), {"step": "link", "person": str(person.pk), "role": "VICTIM"})
    assert response.status_code == 302
    assert not CasePerson.objects.filter(case=second).exists()


def test_hidden_earlier_cases_are_only_counted(personas: Any) -> None:
    hidden = make_case(personas, victim=victim_data())
    case_team_end(actor=personas["head"], case=hidden, member_id=hidden.team.get(user=personas["case_manager"]).pk)
    second = make_case(personas)
    response = personas.client("case_manager").post(
        _url(second), {"step": "search", "search-role": "VICTIM", "search-nik": VICTIM_NIK}
    )
    content = response.content.decode()
    assert hidden.number not in content
    assert str(hidden.pk) not in content
    assert personas["head"].full_name in content


def test_nik_is_never_in_the_url(personas: Any) -> None:
    case = make_case(personas)
    response = personas.client("case_manager").get(_url(case), {"nik": VICTIM_NIK})
    assert response.status_code == 200 and response.context["matches"] is None


def test_the_page_after_a_search_has_no_duplicate_element_ids(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    second = make_case(personas)
    client = personas.client("case_manager")
    response = client.post(_url(second), {"step": "search", "search-role": "VICTIM", "search-nik": VICTIM_NIK})
    assert response.context["person_form"] is not None and response.context["matches"]
    ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
    duplicates = sorted({found for found in ids if ids.count(found) > 1})
    assert duplicates == []
    assert "id_search-name" in ids and "id_person-name" in ids


def test_a_new_person_is_prefilled_from_the_search(personas: Any) -> None:
    case = make_case(personas)
    client = personas.client("case_manager")
    response = client.post(_url(case), {"step": "search", "search-role": "WITNESS", "search-name": "Dewi Baru"})
    form = response.context["person_form"]
    assert form["name"].value() == "Dewi Baru" and form["role"].value() == "WITNESS"


def test_a_phone_typed_after_a_name_search_offers_the_known_person_first(personas: Any) -> None:
    """Walk shots 70-72: searched by name (no match), then typed a known number: a duplicate without a word.

    The number is matched through its blind index (no decryption); the warning is shown once, and sending
    the form again records someone else with the same number (a family shares one phone)."""
    first = make_case(personas, victim=victim_data())
    second = make_case(personas)
    client = personas.client("head")
    client.post(_url(second), {"step": "search", "search-role": "VICTIM", "search-name": "Sumarny"})
    typed = {**NEW_PERSON, "person-phone": "0812 3456 7890"}  # the factory victim's number
    warned = client.post(_url(second), typed)
    assert warned.status_code == 200 and Person.objects.count() == 1
    assert "phone" in warned.context["person_form"].errors
    matches = warned.context["matches"]
    assert [m.matched_on for m in matches] == [["phone"]] and first.number in warned.content.decode()
    linked = client.post(_url(second), {"step": "link", "person": str(matches[0].person.pk), "role": "VICTIM"})
    assert linked.status_code == 302  # the offered person can be linked
    client.post(_url(second), {"step": "search", "search-role": "VICTIM", "search-name": "Dewi Baru"})
    client.post(_url(second), typed)
    assert client.post(_url(second), typed).status_code == 302 and Person.objects.count() == 2
