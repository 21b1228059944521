"""A person whose name is not known yet (walkfix1, shots 22 and 37): recorded and corrected with an age, a
birth date or the sex instead (as on /lapor/), named "name not known yet" meanwhile, in the case list too."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.cases.forms.case import PersonForm
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.tests.factories import make_case, victim_data


def _victim(case: Any) -> CasePerson:
    return CasePerson.objects.select_related("person").get(case=case, role=PersonRole.VICTIM)


def _unnamed(case: Any) -> CasePerson:
    """As the complaint carried it (cases.services.carry): the reporter did not know the name."""
    link = _victim(case)
    link.person.name = ""
    link.person.save(update_fields=["name"])
    return link


EDIT = {"role": "VICTIM", "relationship": "", "name": "", "sex": "P", "birth_date": "", "estimated_age": "8"}


def test_an_unnamed_victim_s_age_is_corrected_without_inventing_a_name(personas: Any) -> None:
    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=7, nik="", phone=""))
    link = _unnamed(case)
    client = personas.client("case_manager")
    url = reverse("cases:case_person_edit", kwargs={"case_id": case.pk, "link_id": link.pk})
    page = client.get(url).content.decode()
    assert 'placeholder="name not known yet"' in page
    response = client.post(url, EDIT)
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(pk=link.person_id)
    assert person.name == "" and person.age_estimated and person.spoken_name == "name not known yet"


def test_a_person_with_nothing_that_says_who_they_are_is_refused_with_a_clear_message(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    link = _unnamed(case)
    url = reverse("cases:case_person_edit", kwargs={"case_id": case.pk, "link_id": link.pk})
    response = personas.client("case_manager").post(url, {**EDIT, "sex": "", "estimated_age": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Enter the name, or at least the age, the birth date or the sex while the name is not known."
    ]


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(["", "  ", "Budi"]),
    sex=st.sampled_from(["", "L", "P"]),
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
)
def test_the_form_accepts_a_person_exactly_when_something_says_who_they_are(
    name: str, sex: str, age: int | None
) -> None:
    data = {"role": "PERPETRATOR", "name": name, "sex": sex, "estimated_age": "" if age is None else str(age)}
    form = PersonForm(data)
    assert form.is_valid() == bool(name.strip() or sex or age is not None), form.errors


def test_an_unknown_perpetrator_is_added_after_a_search_by_nothing_but_the_name_unknown(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    client = personas.client("case_manager")
    url = reverse("cases:case_person_add", kwargs={"case_id": case.pk})
    refused = client.post(url, {"step": "search", "search-role": "PERPETRATOR"})
    assert refused.context["person_form"] is None  # nothing to search by: say so
    searched = client.post(url, {"step": "search", "search-role": "PERPETRATOR", "search-name_unknown": "on"})
    assert searched.status_code == 200 and searched.context["matches"] == []
    created = client.post(
        url,
        {
            "step": "create",
            "person-role": "PERPETRATOR",
            "person-name": "",
            "person-sex": "L",
            "person-estimated_age": "35",
            "person-relationship": "",
        },
    )
    assert created.status_code == 302
    perpetrator = CasePerson.objects.get(case=case, role=PersonRole.PERPETRATOR).person
    assert perpetrator.name == "" and perpetrator.sex == "L" and perpetrator.birth_year is not None


def test_the_case_list_names_an_unnamed_victim_in_words_not_a_dash(personas: Any) -> None:
    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=30, nik="", phone=""))
    _unnamed(case)
    page = personas.client("head").get(reverse("cases:case_list")).content.decode()
    row = page[page.index(case.number) :]
    row = row[: row.index("</tr>")]
    assert "name not known yet" in row
