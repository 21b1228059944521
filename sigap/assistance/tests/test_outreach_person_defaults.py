"""A person added to a case found by an outreach visit starts with the visit's village (and, for the victim, its
address), shown as coming from the visit and editable; never an address to a reader who may not see it (#12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.selectors.outreach import outreach_person_defaults
from sigap.assistance.services.outreach import OutreachRecordData, outreach_record
from sigap.assistance.tests.outreach_steps import case_visit
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.tests.factories import make_case, regions

pytestmark = pytest.mark.django_db
ADDRESS = "Gang Mawar RT 04, rumah kuning"


def _visited_case(personas: Any) -> Any:
    case = make_case(personas)
    visit = case_visit(personas, case)
    outreach_record(
        actor=personas["case_manager"],
        visit=visit,
        data=OutreachRecordData(
            done_at=timezone.now() - dt.timedelta(hours=1),
            result="Met the victim at home.",
            follow_up="OTHER",
            team=[personas["case_manager"]],
            village=regions()["64.02.01"],
            address_detail=ADDRESS,
        ),
    )
    return case


def _search(personas: Any, case: Any, role: str, who: str = "case_manager") -> str:
    url = reverse("cases:case_person_add", kwargs={"case_id": case.pk})
    post = {"step": "search", "search-role": role, "search-name": "Sari Wulandari", "search-birth_year": "2012"}
    response = personas.client(who).post(url, post)
    assert response.status_code == 200
    return response.content.decode()


def test_the_victim_starts_with_the_visits_village_and_address_shown_as_from_the_visit(personas: Any) -> None:
    case = _visited_case(personas)
    page = _search(personas, case, PersonRole.VICTIM)
    assert 'id="person-defaults"' in page and "from the outreach visit of" in page
    assert ADDRESS in page and "64.02.01.2001" in page
    # Editable: the values are the form's own fields; what is posted is what is recorded.
    url = reverse("cases:case_person_add", kwargs={"case_id": case.pk})
    client = personas.client("case_manager")
    client.post(url, {"step": "search", "search-role": "VICTIM", "search-name": "Sari Wulandari"})
    response = client.post(
        url,
        {
            "step": "create",
            "person-role": "VICTIM",
            "person-name": "Sari Wulandari",
            "person-estimated_age": "12",
            "person-address": "Jalan Lain 9",
            "person-village": "64.02.01.2001",
        },
    )
    assert response.status_code == 302, response.context["person_form"].errors
    person = CasePerson.objects.get(case=case, role="VICTIM").person
    assert person.address == "Jalan Lain 9" and person.village_id == "64.02.01.2001"


def test_a_parent_gets_the_village_only_and_a_perpetrator_nothing(personas: Any) -> None:
    case = _visited_case(personas)
    parent = _search(personas, case, PersonRole.PARENT_GUARDIAN)
    assert 'id="person-defaults"' in parent and "64.02.01.2001" in parent and ADDRESS not in parent
    perpetrator = _search(personas, case, PersonRole.PERPETRATOR)
    assert 'id="person-defaults"' not in perpetrator and ADDRESS not in perpetrator


def test_no_address_for_a_reader_who_may_not_see_addresses(personas: Any) -> None:
    case = _visited_case(personas)
    assert outreach_person_defaults(personas["case_manager"], case, PersonRole.VICTIM).address == ADDRESS  # type: ignore[union-attr]
    found = outreach_person_defaults(personas["expert"], case, PersonRole.VICTIM)
    assert found is not None and found.address == "" and found.village is not None


def test_a_case_without_a_done_visit_starts_empty(personas: Any) -> None:
    case = make_case(personas)
    case_visit(personas, case)  # planned, not done
    page = _search(personas, case, PersonRole.VICTIM)
    assert 'id="person-defaults"' not in page
