"""The history page of a restricted case needs break-glass for the HEAD (finding 8); odd ids are 404."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.cases.models.people import CasePerson
from sigap.cases.services.team import break_glass_open
from sigap.cases.tests.factories import make_case, victim_data


def _url(object_type: str, object_id: object) -> str:
    return reverse("audit:object_history", kwargs={"object_type": object_type, "object_id": object_id})


def test_the_head_needs_break_glass_for_a_restricted_cases_history(personas: Any) -> None:
    case = make_case(personas, manager=None, experts=(), restricted=True, victim=victim_data())
    head = personas.client("head")
    response = head.get(_url("cases.case", case.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_break_glass", kwargs={"case_id": case.pk})
    person_id = CasePerson.objects.get(case=case).person_id
    assert head.get(_url("cases.person", person_id)).status_code == 404
    break_glass_open(actor=personas["head"], case=case, reason="An urgent court hearing needs the file.")
    assert head.get(_url("cases.case", case.pk)).status_code == 200
    assert head.get(_url("cases.person", person_id)).status_code == 200


def test_the_auditor_and_a_team_head_still_see_it(personas: Any) -> None:
    case = make_case(personas, manager="head", experts=(), restricted=True)
    assert personas.client("head").get(_url("cases.case", case.pk)).status_code == 200
    assert personas.client("auditor").get(_url("cases.case", case.pk)).status_code == 200


def test_an_unrestricted_cases_history_is_open_to_the_head(personas: Any) -> None:
    case = make_case(personas)
    assert personas.client("head").get(_url("cases.case", case.pk)).status_code == 200


def test_huge_or_odd_ids_are_not_found(personas: Any) -> None:
    head = personas.client("head")
    for object_type, object_id in (
        ("accounts.membership", "99999999999999999999999"),
        ("accounts.user", "99999999999999999999999999999999999999"),
        ("cases.casenote", "99999999999999999999999"),
        ("cases.case", "99999999999999999999999"),
    ):
        assert head.get(_url(object_type, object_id)).status_code == 404


def test_a_person_removed_from_a_restricted_case_keeps_its_protection(personas: Any) -> None:
    """The history of a person (or of their link) removed as a mistake still needs the case's access rules."""
    from sigap.cases.services.person_edit import case_person_remove

    case = make_case(personas, manager="case_manager", experts=(), restricted=True, victim=victim_data())
    link = CasePerson.objects.get(case=case)
    case_person_remove(actor=personas["case_manager"], link=link, reason="Dicatat di kasus yang salah.")
    head = personas.client("head")
    assert head.get(_url("cases.person", link.person_id)).status_code == 404
    assert head.get(_url("cases.caseperson", link.pk)).status_code == 404
