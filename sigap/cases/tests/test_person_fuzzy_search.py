"""Name search before create tolerates partial names and birth years ± 2 (estimated ages), ranked (#21)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.cases.models.people import Person, PersonRole
from sigap.cases.selectors.case import MAX_MATCHES, person_matches, persons_matching
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.tests.factories import make_case


def _add(personas: Any, case: Any, name: str, age: int | None) -> Person:
    link = person_create(
        actor=personas["head"], case=case, data=PersonData(name=name, estimated_age=age), role=PersonRole.WITNESS
    )
    return link.person


def _names(matches: list[Any]) -> list[str]:
    return [m.person.name for m in matches]


def test_partial_names_and_two_years_either_side_are_found(personas: Any) -> None:
    case = make_case(personas)
    siti = _add(personas, case, "Siti Aminah", 30)  # an estimated age: the year may be off by one or two
    year = siti.birth_year
    assert year is not None
    for name in ("Siti", "Aminah Siti", "siti aminah"):
        for guess in (year - 2, year, year + 2):
            assert "Siti Aminah" in _names(person_matches(personas["head"], case=case, name=name, birth_year=guess))
    assert person_matches(personas["head"], case=case, name="Siti", birth_year=year + 3) == []
    assert person_matches(personas["head"], case=case, name="Aminah", birth_year=year - 3) == []


def test_people_without_a_birth_year_are_listed_and_the_best_match_comes_first(personas: Any) -> None:
    case = make_case(personas)
    unknown_age = _add(personas, case, "Siti Rahma", None)
    near = _add(personas, case, "Siti Aminah", 30)
    further = _add(personas, case, "Aminah Siti Hasanah", 31)  # both tokens, a year further away
    far = _add(personas, case, "Siti Aminah", 40)  # far outside ± 2: never listed
    year = near.birth_year
    assert year is not None
    found = [m.person.pk for m in person_matches(personas["head"], case=case, name="Siti Aminah", birth_year=year)]
    # More tokens matched first, then the nearer year; an unknown year after a known one.
    assert found == [near.pk, further.pk, unknown_age.pk]
    assert far.pk not in found
    # The case search by person uses the same rule.
    ids = persons_matching(personas["head"], name="Aminah", birth_year=year + 1)
    assert set(ids) == {near.pk, further.pk}


def test_the_list_is_bounded_and_its_query_count_fixed(personas: Any, django_assert_num_queries: Any) -> None:
    case = make_case(personas)
    other = make_case(personas)
    for age in range(28, 33):
        _add(personas, other, "Siti Aminah", age)
    year = timezone.localdate().year - 30
    with CaptureQueriesContext(connection) as few:
        assert len(person_matches(personas["head"], case=case, name="Siti", birth_year=year)) == 5
    for age in range(28, 33):
        for _ in range(5):
            _add(personas, other, "Siti Aminah", age)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(person_matches(personas["head"], case=case, name="Siti", birth_year=year)) == MAX_MATCHES
