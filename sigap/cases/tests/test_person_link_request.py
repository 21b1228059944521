"""Linking a known person the user may not fully see goes through the HEAD (review finding 1)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.cases.models.link import LinkRequestState, PersonLinkRequest
from sigap.cases.models.people import CasePerson, Person
from sigap.cases.tests.factories import VICTIM_NIK, make_case, victim_data
from sigap.work.models import WorkItem

SECRET_ADDRESS = "Jalan RahasiaShelter 9"


def _add_url(case: Any) -> str:
    return reverse("cases:case_person_add", kwargs={"case_id": case.pk})


def _detail(case: Any) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case.pk})


def _decide_url(case: Any, link_request: PersonLinkRequest) -> str:
    return reverse("cases:case_person_link_decide", kwargs={"case_id": case.pk, "request_id": link_request.pk})


def _search_and_link(client: Any, case: Any, role: str = "PERPETRATOR") -> Any:
    found = client.post(_add_url(case), {"step": "search", "search-role": role, "search-nik": VICTIM_NIK})
    person = found.context["matches"][0].person
    return client.post(_add_url(case), {"step": "link", "person": str(person.pk), "role": role})


def test_a_victim_of_a_restricted_case_is_not_linked_directly(personas: Any) -> None:
    make_case(personas, manager=None, experts=(), restricted=True, victim=victim_data(address=SECRET_ADDRESS))
    mine = make_case(personas)
    client = personas.client("case_manager")
    response = _search_and_link(client, mine)
    assert response.status_code == 302
    assert not CasePerson.objects.filter(case=mine).exists()
    link_request = PersonLinkRequest.objects.get(case=mine)
    assert link_request.state == LinkRequestState.PENDING
    for name in ("case_manager", "expert"):
        page = personas.client(name).get(_detail(mine)).content.decode()
        assert "RahasiaShelter" not in page and VICTIM_NIK[-4:] not in page and "Canary" not in page
        assert "Link requested" in page
    item = WorkItem.objects.get(kind="case_person_link_approval")
    assert item.responsible == personas["head"] and item.state == WorkItem.State.OPEN


def test_a_person_on_a_case_the_user_may_not_see_needs_approval(personas: Any) -> None:
    make_case(personas, manager=None, experts=("expert",), victim=victim_data())
    mine = make_case(personas)
    _search_and_link(personas.client("case_manager"), mine)
    assert PersonLinkRequest.objects.filter(case=mine, state=LinkRequestState.PENDING).exists()
    assert not CasePerson.objects.filter(case=mine).exists()


def test_a_person_whose_cases_are_all_visible_is_linked_directly(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    mine = make_case(personas)
    response = _search_and_link(personas.client("case_manager"), mine)
    assert response.status_code == 302
    assert CasePerson.objects.filter(case=mine).exists()
    assert not PersonLinkRequest.objects.exists()


def test_the_head_approves_and_the_person_is_linked(personas: Any) -> None:
    make_case(personas, manager=None, experts=(), restricted=True, victim=victim_data(address=SECRET_ADDRESS))
    mine = make_case(personas)
    _search_and_link(personas.client("case_manager"), mine)
    link_request = PersonLinkRequest.objects.get(case=mine)
    head = personas.client("head")
    assert "Approve link" in head.get(_detail(mine)).content.decode()
    # Only the HEAD decides: the case manager and the expert are refused, another unit gets 404.
    for who, status in (("case_manager", 403), ("expert", 403), ("other_head", 404)):
        assert personas.client(who).post(_decide_url(mine, link_request), {"decision": "approve"}).status_code == status
    assert not CasePerson.objects.filter(case=mine).exists()
    response = head.post(_decide_url(mine, link_request), {"decision": "approve"})
    assert response.status_code == 302
    link_request.refresh_from_db()
    assert link_request.state == LinkRequestState.APPROVED and link_request.decided_by == personas["head"]
    assert CasePerson.objects.filter(case=mine, person=Person.objects.get(), role="PERPETRATOR").exists()
    assert WorkItem.objects.get(kind="case_person_link_approval").state == WorkItem.State.DONE
    # A decided request cannot be decided again.
    again = head.post(_decide_url(mine, link_request), {"decision": "refuse"})
    assert again.status_code == 302
    link_request.refresh_from_db()
    assert link_request.state == LinkRequestState.APPROVED


def test_the_head_refuses_and_nothing_is_linked(personas: Any) -> None:
    make_case(personas, manager=None, experts=(), restricted=True, victim=victim_data())
    mine = make_case(personas)
    _search_and_link(personas.client("case_manager"), mine)
    link_request = PersonLinkRequest.objects.get(case=mine)
    response = personas.client("head").post(_decide_url(mine, link_request), {"decision": "refuse"})
    assert response.status_code == 302
    link_request.refresh_from_db()
    assert link_request.state == LinkRequestState.REJECTED
    assert not CasePerson.objects.filter(case=mine).exists()


def test_a_bad_decision_is_answered_with_a_message(personas: Any) -> None:
    make_case(personas, manager=None, experts=(), restricted=True, victim=victim_data())
    mine = make_case(personas)
    _search_and_link(personas.client("case_manager"), mine)
    link_request = PersonLinkRequest.objects.get(case=mine)
    head = personas.client("head")
    assert head.post(_decide_url(mine, link_request), {"decision": "maybe"}).status_code == 302
    missing = reverse("cases:case_person_link_decide", kwargs={"case_id": mine.pk, "request_id": 99999999})
    assert head.post(missing, {"decision": "approve"}).status_code == 302
    link_request.refresh_from_db()
    assert link_request.state == LinkRequestState.PENDING


def test_the_timeline_tells_the_request_and_the_decision(personas: Any) -> None:
    make_case(personas, manager=None, experts=(), restricted=True, victim=victim_data())
    mine = make_case(personas)
    _search_and_link(personas.client("case_manager"), mine)
    link_request = PersonLinkRequest.objects.get(case=mine)
    personas.client("head").post(_decide_url(mine, link_request), {"decision": "approve"})
    page = personas.client("case_manager").get(reverse("cases:case_timeline", kwargs={"case_id": mine.pk}))
    text = page.content.decode()
    assert "Link of a known person requested: Perpetrator." in text
    assert "Link of a known person approved: Perpetrator." in text
