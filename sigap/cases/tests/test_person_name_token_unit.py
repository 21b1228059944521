"""Name-token rows carry the person's unit; the name search reads only the unit's rows (Scale, finding 5).

Also: the case list loads only the victims' names (the initials it shows), not their other encrypted values.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.cases.models.people import Person, PersonNameToken, PersonRole
from sigap.cases.selectors.case import person_matches, persons_matching
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import make_case, victim_data
from sigap.core.crypto.rotation import rotate_model, rotation_plans
from sigap.core.crypto.tokens import expected_token_rows, name_token_owner_ids, name_tokens_replace
from tests.testapp.models import SecretPersonNameToken

TOKEN_TABLE = PersonNameToken._meta.db_table


def _namesakes_elsewhere(personas: Any, count: int = 60) -> None:
    other = make_case(personas, unit="samarinda", manager="other_case_manager", experts=())
    for _ in range(count):
        person_create(
            actor=personas["other_head"],
            case=other,
            data=victim_data(name="Siti Aminah", nik="", phone=""),
            role=PersonRole.WITNESS,
        )


def _token_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if f'FROM "{TOKEN_TABLE}"' in q["sql"]]


def test_token_rows_carry_the_unit_of_their_person(personas: Any) -> None:
    _namesakes_elsewhere(personas, count=2)
    make_case(personas, victim=victim_data(name="Siti Aminah", nik="", phone=""))
    tokens = PersonNameToken.objects.all()
    assert tokens.filter(unit=personas.kukar).exists()
    assert tokens.filter(unit=personas.samarinda).exists()
    assert not tokens.exclude(unit_id=F("owner__unit_id")).exists()


def test_the_name_search_filters_the_token_table_by_unit_and_finds_the_units_person(personas: Any) -> None:
    _namesakes_elsewhere(personas)
    make_case(personas, victim=victim_data(name="Siti Aminah", nik="", phone=""))
    own = Person.objects.get(unit=personas.kukar)
    unit_id = personas.kukar.pk
    with CaptureQueriesContext(connection) as captured:
        found = persons_matching(personas["head"], name="Siti Aminah")
    assert found == [own.pk]
    [sql] = _token_queries(captured)
    assert f'"{TOKEN_TABLE}"."unit_id" = {unit_id}' in sql
    # No join to the person to test its unit: only the unit's token rows are read.
    assert '"cases_person"' not in sql

    # The add-person page's search (person_matches) goes the same way.
    case = make_case(personas)
    with CaptureQueriesContext(connection) as captured:
        matches = person_matches(personas["head"], case=case, name="Siti Aminah")
    assert [m.person.pk for m in matches] == [own.pk]
    [sql] = _token_queries(captured)
    assert f'"{TOKEN_TABLE}"."unit_id" = {unit_id}' in sql


def test_the_name_and_birth_year_search_is_unit_scoped_too(personas: Any) -> None:
    _namesakes_elsewhere(personas, count=3)
    make_case(personas, victim=victim_data(name="Siti Aminah", nik="", phone=""))
    own = Person.objects.get(unit=personas.kukar)
    with CaptureQueriesContext(connection) as captured:
        found = persons_matching(personas["head"], name="Siti Aminah", birth_year=own.birth_year)
    assert found == [own.pk]
    [sql] = _token_queries(captured)
    assert f'"{TOKEN_TABLE}"."unit_id" = {personas.kukar.pk}' in sql
    # Since issue #21 the year is a range (± 2, estimated ages) read from the person joined by its key,
    # after the unit's token rows were found through the (unit, token) index.
    assert '"token" IN' in sql and "BETWEEN" in sql


def test_the_other_units_search_never_returns_this_units_person(personas: Any) -> None:
    make_case(personas, victim=victim_data(name="Siti Aminah", nik="", phone=""))
    assert persons_matching(personas["other_head"], name="Siti Aminah") == []
    assert name_token_owner_ids(PersonNameToken, name="Siti Aminah", scope_id=personas.samarinda.pk) == []


def test_rotation_rewrites_token_rows_whose_unit_is_wrong(personas: Any) -> None:
    make_case(personas, victim=victim_data(name="Siti Aminah", nik="", phone=""))
    person = Person.objects.get()
    PersonNameToken.objects.filter(owner=person).update(unit=personas.samarinda)
    [plan] = [p for p in rotation_plans() if p.model is Person]
    assert rotate_model(plan, check_only=True).tokens_rebuilt == 1
    assert rotate_model(plan).tokens_rebuilt == 1
    assert set(PersonNameToken.objects.values_list("unit_id", flat=True)) == {personas.kukar.pk}
    assert rotate_model(plan, check_only=True).tokens_rebuilt == 0
    assert persons_matching(personas["head"], name="Siti Aminah") == [person.pk]


@pytest.mark.django_db
def test_a_scope_is_required_where_the_token_model_has_one_and_refused_where_it_has_none() -> None:
    rows = expected_token_rows("Siti Aminah", 1990)
    with pytest.raises(ValueError, match="unit_id"):
        name_tokens_replace(PersonNameToken, owner_id=None, rows=rows)
    with pytest.raises(ValueError, match="no token_scope_field"):
        name_token_owner_ids(SecretPersonNameToken, name="Siti Aminah", scope_id=1)


def test_the_case_list_loads_only_the_victims_name(personas: Any) -> None:
    make_case(personas, victim=victim_data(name="Siti Canary Nurhaliza"))
    client = personas.client("head")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:case_list"))
    assert response.status_code == 200
    assert "S. C. N." in response.content.decode()
    [sql] = [q["sql"] for q in captured.captured_queries if 'INNER JOIN "cases_person"' in q["sql"]]
    assert '"cases_person"."name"' in sql
    for column in ("nik", "phone", "address", "birth_date", "disabilities"):
        assert f'"cases_person"."{column}"' not in sql
