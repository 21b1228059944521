"""The case list's pages (``selectors.rows.case_list_page``): ids first, then the page's rows only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases.models import Case
from sigap.cases.selectors import case as selectors
from sigap.cases.selectors import rows as list_rows
from sigap.cases.tests.factories import make_case, victim_data

URL = reverse("cases:case_list")
YEAR = timezone.now().year


def _cases(personas: Any, count: int, **kwargs: Any) -> list[Case]:
    """``count`` cases opened a day apart (oldest first), so the list order is known."""
    made = []
    start = timezone.now() - timedelta(days=count + 1)
    for index in range(count):
        case = make_case(personas, victim=victim_data(nik="", phone=""), **kwargs)
        case.opened_at = start + timedelta(days=index)
        case.save(update_fields=["opened_at"])
        made.append(case)
    return made


def test_each_page_holds_the_rows_of_the_plain_order(personas: Any) -> None:
    made = _cases(personas, 7)
    head = personas["head"]
    expected = [case.pk for case in selectors.case_list(head, selectors.CaseFilters())]
    assert expected == [case.pk for case in reversed(made)]
    pages = [list_rows.case_list_page(head, selectors.CaseFilters(), number, 3, year=YEAR) for number in (1, 2, 3)]
    assert [[case.pk for case in page.object_list] for page in pages] == [expected[0:3], expected[3:6], expected[6:]]
    assert pages[0].paginator.count == 7
    assert pages[2].has_next() is False


def test_a_page_out_of_range_gives_the_last_and_nonsense_gives_the_first(personas: Any) -> None:
    made = _cases(personas, 4)
    head = personas["head"]
    assert [
        case.pk for case in list_rows.case_list_page(head, selectors.CaseFilters(), "99", 3, year=YEAR).object_list
    ] == [made[0].pk]
    first = list_rows.case_list_page(head, selectors.CaseFilters(), "abc", 3, year=YEAR)
    assert first.number == 1
    assert [case.pk for case in first.object_list] == [made[3].pk, made[2].pk, made[1].pk]


def test_an_empty_list_has_one_empty_page(personas: Any) -> None:
    page = list_rows.case_list_page(personas["head"], selectors.CaseFilters(), "1", 25, year=YEAR)
    assert list(page.object_list) == []
    assert page.paginator.count == 0


def test_rows_keep_their_lock_and_their_victims_labels(personas: Any) -> None:
    open_case = make_case(personas, victim=victim_data(nik="", phone=""))
    locked = make_case(personas, manager=None, experts=(), restricted=True)
    page = list_rows.case_list_page(personas["head"], selectors.CaseFilters(), "1", 25, year=YEAR)
    rows = {case.pk: case for case in page.object_list}
    assert rows[locked.pk].locked is True
    assert rows[open_case.pk].locked is False
    assert len(rows[open_case.pk].victims) == 1
    assert rows[open_case.pk].victims[0]
    # A locked row's victims are neither shown nor read: no name of a restricted case leaves the database.
    assert rows[locked.pk].victims == [] and rows[locked.pk].managers == []


def test_the_counting_and_skipping_queries_read_the_ids_only(personas: Any) -> None:
    """The deep-page cost: COUNT and OFFSET must not carry the wide encrypted rows (finding 9)."""
    _cases(personas, 5)
    with CaptureQueriesContext(connection) as captured:
        page = list_rows.case_list_page(personas["head"], selectors.CaseFilters(), "2", 2, year=YEAR)
    # On PostgreSQL the count and the ids are one text of two statements (D93): each is checked.
    statements = [sql for q in captured.captured_queries for sql in q["sql"].split(";\n")]
    offset_queries = [sql for sql in statements if "OFFSET" in sql.upper()]
    assert len(offset_queries) == 1, captured.captured_queries
    selected = offset_queries[0].split(" FROM ")[0]
    assert "closure_summary" not in selected and "number" not in selected, selected
    assert '"id"' in selected
    assert len(page.object_list) == 2


def test_a_case_manager_pages_through_their_own_cases_only(personas: Any) -> None:
    mine = _cases(personas, 3)
    _cases(personas, 2, manager=None, experts=())
    page = list_rows.case_list_page(personas["case_manager"], selectors.CaseFilters(), "1", 25, year=YEAR)
    assert {case.pk for case in page.object_list} == {case.pk for case in mine}
    assert page.paginator.count == 3


def test_the_page_shows_the_second_page(personas: Any) -> None:
    made = _cases(personas, 27)
    response = personas.client("head").get(URL, {"page": "2"})
    assert response.status_code == 200
    assert [case.pk for case in response.context["rows"]] == [made[1].pk, made[0].pk]


def test_filtered_pages_match_the_plain_list_locked_rows_included(personas: Any) -> None:
    """Every page equals the same slice of ``case_list`` (ids, order, lock), with and without a filter."""
    made = _cases(personas, 5)
    locked = _cases(personas, 3, manager=None, experts=(), restricted=True)
    head = personas["head"]
    for filters in (
        selectors.CaseFilters(),
        selectors.CaseFilters(state=made[0].state),
        selectors.CaseFilters(risk_level=made[0].risk_level),
    ):
        rows: list[Any] = list(selectors.case_list(head, filters))  # annotated with ``locked``
        plain = [(case.pk, case.locked) for case in rows]
        paged: list[tuple[Any, bool]] = []
        for number in range(1, 5):
            page = list_rows.case_list_page(head, filters, str(number), 3, year=YEAR)
            if page.number != number:
                break
            paged += [(case.pk, case.locked) for case in page.object_list]
        assert paged == plain, filters
    lock_of = {
        case.pk: case.locked for case in list_rows.case_list_page(head, selectors.CaseFilters(), "1", 25, year=YEAR)
    }
    assert [lock_of[case.pk] for case in locked] == [True, True, True]


def test_any_page_number_gives_the_page_djangos_paginator_gives(personas: Any) -> None:
    """The count and the asked page's ids are read together (D93); past the last page, before the first or
    not a number, the page is still the one ``Paginator.get_page`` gives, with its rows."""
    from django.core.paginator import Paginator

    _cases(personas, 7)
    head = personas["head"]
    plain = [case.pk for case in selectors.case_list(head, selectors.CaseFilters())]
    for number in (None, "", "1", "2", "3", "4", "99", "0", "-1", "abc", "2.0", 3, "400000000000000000", 10**30):
        expected = Paginator(plain, 3).get_page(number)
        page = list_rows.case_list_page(head, selectors.CaseFilters(), number, 3, year=YEAR)
        assert (page.number, page.paginator.count) == (expected.number, 7), number
        assert [case.pk for case in page.object_list] == list(expected.object_list), number


def test_the_count_and_the_pages_ids_are_one_round_trip_on_postgresql(personas: Any) -> None:
    _cases(personas, 5)
    list_rows.case_list_page(personas["head"], selectors.CaseFilters(), "2", 2, year=YEAR)  # compiled once
    with CaptureQueriesContext(connection) as captured:
        page = list_rows.case_list_page(personas["head"], selectors.CaseFilters(), "2", 2, year=YEAR)
    assert len(page.object_list) == 2
    sent = [q["sql"] for q in captured.captured_queries]
    counting = [sql for sql in sent if "COUNT(" in sql.upper()]
    assert len(counting) == 1
    together = connection.vendor == "postgresql"
    assert ("OFFSET" in counting[0].upper()) is together, sent
    # the count with the ids, the rows, the managers with the victims (each apart on SQLite)
    assert len(sent) == (3 if together else 5), sent


def test_a_huge_page_number_in_the_address_shows_the_last_page(personas: Any) -> None:
    """A typed ``?page=`` far past the end must not reach the database as an OFFSET (it would overflow)."""
    made = _cases(personas, 27)
    response = personas.client("head").get(URL, {"page": "400000000000000000000"})
    assert response.status_code == 200
    assert [case.pk for case in response.context["rows"]] == [made[1].pk, made[0].pk]
