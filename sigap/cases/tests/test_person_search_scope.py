"""The person search ranks and cuts matches within the unit only (review finding 7)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from sigap.cases.models.people import Person, PersonRole
from sigap.cases.selectors.case import persons_matching
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import make_case, victim_data


@pytest.fixture
def ordered_ids(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[uuid.UUID]]:
    """Persons get ids from this list (in order): ties are ranked by id, so the test is deterministic."""
    queue: list[uuid.UUID] = []
    monkeypatch.setattr(Person._meta.get_field("id"), "_get_default", lambda: queue.pop(0))
    yield queue


def _namesakes_elsewhere(personas: Any, count: int = 60) -> None:
    other = make_case(personas, unit="samarinda", manager="other_case_manager", experts=())
    for _ in range(count):
        person_create(
            actor=personas["other_head"],
            case=other,
            data=victim_data(name="Siti Aminah", nik="", phone=""),
            role=PersonRole.WITNESS,
        )


def test_many_namesakes_in_another_unit_do_not_hide_the_units_own_person(
    personas: Any, ordered_ids: list[uuid.UUID]
) -> None:
    # The other unit's namesakes sort first, the unit's own person last.
    ordered_ids.extend([uuid.UUID(int=n) for n in range(1, 61)] + [uuid.UUID(int=2**128 - 1)])
    _namesakes_elsewhere(personas)
    make_case(personas, victim=victim_data(name="Siti Aminah", nik="", phone=""))
    second = make_case(personas)
    response = personas.client("case_manager").post(
        reverse("cases:case_person_add", kwargs={"case_id": second.pk}),
        {"step": "search", "search-role": "VICTIM", "search-name": "Siti Aminah"},
    )
    assert len(response.context["matches"]) == 1


def test_the_case_list_search_finds_the_units_own_person_too(personas: Any, ordered_ids: list[uuid.UUID]) -> None:
    ordered_ids.extend([uuid.UUID(int=n) for n in range(1, 211)] + [uuid.UUID(int=2**128 - 1)])
    _namesakes_elsewhere(personas, count=210)
    make_case(personas, victim=victim_data(name="Siti Aminah", nik="", phone=""))
    assert len(persons_matching(personas["head"], name="Siti Aminah")) == 1
