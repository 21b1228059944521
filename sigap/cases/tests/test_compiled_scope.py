"""The case list's queries kept compiled (``sigap.core.compiled``, D71) are the ORM's, for every scope shape.

The scope is a security rule: a kept query must bind exactly what a fresh ORM compile binds, for every
reader (HEAD, case manager, expert, another unit's staff; a restricted case on and off the team, with and
without break-glass) and every filter shape, and give the same rows. Run on SQLite and PostgreSQL by CI.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sigap.cases.models import BreakGlassGrant, Case, CaseState
from sigap.cases.selectors import case as selectors
from sigap.cases.selectors import rows as list_rows
from sigap.cases.tests.factories import make_case, victim_data
from sigap.core import compiled

pytestmark = pytest.mark.django_db

READERS = ("head", "case_manager", "expert", "other_head", "other_case_manager")
SHAPES = (
    selectors.CaseFilters(),
    selectors.CaseFilters(state=CaseState.KASUS_DIBUKA),
    selectors.CaseFilters(risk_level="SEDANG", category="KTP"),
    selectors.CaseFilters(violence_type="FISIK", district="64.02.01"),
    selectors.CaseFilters(mine=True, open=True),
    selectors.CaseFilters(awaiting_team=True),
)
YEAR = timezone.now().year


@pytest.fixture
def scope_data(personas: Any) -> dict[str, Case]:
    """Cases in and out of each reader's scope: own, another manager's, restricted off the HEAD's team (one
    with a break-glass grant, one with an expired one), a case with no team, another unit's."""
    made = {
        "own": make_case(personas, victim=victim_data(nik="", phone="")),
        "no_team": make_case(personas, manager=None, experts=(), victim=victim_data(nik="", phone="")),
        "restricted": make_case(personas, restricted=True, manager=None, experts=()),
        "granted": make_case(personas, restricted=True, manager=None, experts=()),
        "expired": make_case(personas, restricted=True, manager=None, experts=()),
        "other_unit": make_case(personas, unit="samarinda", manager="other_case_manager", experts=()),
    }
    now = timezone.now()
    for name, expires in (("granted", now + dt.timedelta(hours=1)), ("expired", now - dt.timedelta(minutes=1))):
        BreakGlassGrant.objects.create(
            case=made[name], user=personas["head"], reason="sintetis", expires_at=expires, granted_at=now
        )
    return made


def _listing(user: Any, filters: selectors.CaseFilters) -> Any:
    listing = list_rows._listing(user, filters)
    assert listing is not None, "a case reader's list is kept compiled"
    return listing


def _fresh(queryset: Any) -> tuple[str, list[Any]]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _builds(listing: Any, count: int) -> dict[str, tuple[Any, Any]]:
    """The four queries the list keeps, as ``selectors.rows._Listing`` builds them."""

    def rows(v: Any) -> Any:
        return listing._cases(v).filter(pk__in=v["ids"]).values_list(*list_rows.ROW_COLUMNS)

    def found(v: Any) -> Any:
        return listing._cases(v, v["person_ids"]).values_list(*list_rows.ROW_COLUMNS)

    return {
        "count": (lambda v: listing._cases(v).order_by().values_list("pk"), selectors.SCOPE_KINDS),
        "ids": (lambda v: listing._cases(v).values_list("pk"), selectors.SCOPE_KINDS),
        "rows": (rows, {**selectors.SCOPE_KINDS, "ids": ("uuid", count)}),
        "found": (found, {**selectors.SCOPE_KINDS, "person_ids": ("uuid", count)}),
    }


@pytest.mark.parametrize("reader", READERS)
def test_every_kept_scope_query_binds_what_the_orm_binds(
    personas: Any, scope_data: dict[str, Case], reader: str
) -> None:
    user = personas[reader]
    ids = [case.pk for case in scope_data.values()]
    for filters in SHAPES:
        listing = _listing(user, filters)
        values = {**listing.values, "ids": ids, "person_ids": ids}
        builds = _builds(listing, len(ids))
        for name, (build, kinds) in builds.items():
            kept = compiled.prepare(build, kinds)
            assert kept is not None, (reader, filters, name)
            # The ORM's own compile, from the user object (``case_list``), not from the values.
            fresh = selectors.case_list(user, filters, person_ids=ids if name == "found" else None)
            fresh = fresh.filter(pk__in=ids) if name == "rows" else fresh
            fresh = fresh.order_by() if name == "count" else fresh
            fresh_sql, fresh_params = _fresh(
                fresh.values_list(*(("pk",) if name in ("count", "ids") else list_rows.ROW_COLUMNS))
            )
            assert kept.sql == fresh_sql, (reader, filters, name)
            # ``now`` differs by microseconds between the two reads of the clock: bind the listing's.
            expected = _fresh(build(values))[1]
            assert kept.params(values) == expected, (reader, filters, name)
            assert len(fresh_params) == len(expected)


@pytest.mark.parametrize("reader", READERS)
def test_the_kept_list_gives_the_orms_rows(personas: Any, scope_data: dict[str, Case], reader: str) -> None:
    user = personas[reader]
    for filters in SHAPES:
        orm = [row.pk for row in list_rows.case_rows(user, selectors.case_list(user, filters), year=YEAR)]
        page = list_rows.case_list_page(user, filters, 1, 25, year=YEAR)
        assert [row.pk for row in page.object_list] == orm, (reader, filters)
        assert page.paginator.count == len(orm)
        ids = [case.pk for case in scope_data.values()]
        searched = list_rows.case_search_rows(user, filters, ids, 50, year=YEAR)
        orm_searched = list_rows.case_rows(user, selectors.case_list(user, filters, person_ids=ids)[:50], year=YEAR)
        assert searched == orm_searched, (reader, filters)


def test_the_scope_itself_is_unchanged(personas: Any, scope_data: dict[str, Case]) -> None:
    """What each reader lists: deny by default, the restricted case only with a live grant (HEAD, locked rows
    shown as locked), another unit's never."""
    listed = {
        reader: {
            row.pk: row.locked
            for row in list_rows.case_list_page(personas[reader], selectors.CaseFilters(), 1, 25, year=YEAR).object_list
        }
        for reader in READERS
    }
    data = scope_data
    assert listed["head"] == {
        data["own"].pk: False,
        data["no_team"].pk: False,
        data["restricted"].pk: True,
        data["granted"].pk: False,
        data["expired"].pk: True,
    }
    assert set(listed["case_manager"]) == {data["own"].pk}
    assert set(listed["expert"]) == {data["own"].pk}
    assert set(listed["other_head"]) == {data["other_unit"].pk}
    assert set(listed["other_case_manager"]) == {data["other_unit"].pk}
    for reader in ("intake", "data_officer"):
        assert list_rows._listing(personas[reader], selectors.CaseFilters()) is None  # the ORM's empty scope


def test_a_stand_in_written_into_the_sql_is_never_kept() -> None:
    # ``extra`` writes the value into the SQL text: the query must run through the ORM every time.
    def build(v: Any) -> Any:
        where = [f"'{v['unit_id']}' <> ''"]
        return Case.objects.filter(unit_id=v["unit_id"]).extra(where=where).values_list("pk")  # noqa: S610 - on purpose

    assert compiled.prepare(build, {"unit_id": "int"}) is None


ALL_READERS = (*READERS, "intake", "data_officer")


@pytest.mark.parametrize("reader", ALL_READERS)
def test_the_kept_case_getter_opens_what_the_scope_opens(
    personas: Any, scope_data: dict[str, Case], reader: str
) -> None:
    """``get_case_for_user`` (its query kept compiled per role) opens exactly the cases ``cases_visible_to``
    lets the reader open, with the same columns, and 404s every other one (D89)."""
    from django.http import Http404

    user = personas[reader]
    for name, case in scope_data.items():
        visible = selectors.cases_visible_to(user).filter(pk=case.pk).first()
        try:
            opened: Case | None = selectors.get_case_for_user(user, case.pk)
        except Http404:
            opened = None
        if visible is None:
            assert opened is None, (reader, name)
            continue
        assert opened is not None, (reader, name)
        assert opened.pk == case.pk and opened.unit.pk == case.unit_id
        fresh = Case.objects.get(pk=case.pk)
        for field in Case._meta.concrete_fields:
            assert getattr(opened, field.attname) == getattr(fresh, field.attname), (reader, name, field.name)


def test_kept_model_rows_are_the_orms(personas: Any, scope_data: dict[str, Case]) -> None:
    """``compiled.objects`` (select_related, only/defer, annotations) makes the instances the ORM makes."""
    from django.contrib.contenttypes.models import ContentType

    from sigap.cases.models import CaseTeamMember
    from sigap.cases.selectors.view import CASE_KIND, TEAM_KINDS, links_query, team_query

    case = scope_data["own"]
    content_type = ContentType.objects.get_for_model(CaseTeamMember).pk
    values = {"case": case.pk, "content_type": content_type}
    kept = compiled.objects(("test.team",), team_query, TEAM_KINDS, values)
    orm = list(team_query(values))
    assert kept and [vars_of(row) for row in kept] == [vars_of(row) for row in orm]
    assert [row.user.full_name for row in kept] == [row.user.full_name for row in orm]
    assert [row.file_unread for row in kept] == [row.file_unread for row in orm]
    for full in (True, False):
        build = links_query(full)
        kept_links = compiled.objects(("test.links", full), build, CASE_KIND, {"case": case.pk})
        orm_links = list(build({"case": case.pk}))
        assert kept_links and [vars_of(r) for r in kept_links] == [vars_of(r) for r in orm_links]
        assert [vars_of(r.person) for r in kept_links] == [vars_of(r.person) for r in orm_links]  # decrypted alike
        assert [r.person.get_deferred_fields() for r in kept_links] == [
            r.person.get_deferred_fields() for r in orm_links
        ]


def test_queries_sent_together_give_each_querys_own_rows(
    personas: Any, scope_data: dict[str, Case], django_assert_num_queries: Any
) -> None:
    """``compiled.objects_together``: the same instances as each query alone, in the order asked, a query
    not kept (run through the ORM) in between; on PostgreSQL the kept ones in one statement text (D93)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import Value

    from sigap.cases.models import CaseTeamMember
    from sigap.cases.models.people import CasePerson
    from sigap.cases.selectors.view import CASE_KIND, TEAM_KINDS, links_query, team_query

    case, other = scope_data["own"], scope_data["no_team"]
    content_type = ContentType.objects.get_for_model(CaseTeamMember).pk
    queries = [
        compiled.Query(
            ("test.together.team",), team_query, TEAM_KINDS, {"case": case.pk, "content_type": content_type}
        ),
        compiled.Query(("test.together.links", True), links_query(True), CASE_KIND, {"case": case.pk}),
        # A build turning the id into another value (here a text) is never kept: it runs through the ORM, alone.
        compiled.Query(
            ("test.together.unkept",),
            lambda v: CasePerson.objects.filter(case_id=v["case"]).annotate(as_text=Value(str(v["case"]))),
            CASE_KIND,
            {"case": other.pk},
        ),
        compiled.Query(("test.together.links", True), links_query(True), CASE_KIND, {"case": other.pk}),
        compiled.Query(("test.together.links", True), links_query(True), CASE_KIND, {"case": case.pk}, page=(1, 0)),
    ]
    compiled.objects_together(queries)  # each shape compiled once, outside the count
    alone = [compiled.objects(q.key, q.build, q.kinds, q.values, page=q.page) for q in queries]
    assert compiled.prepare(queries[2].build, CASE_KIND) is None and compiled.prepare(queries[1].build, CASE_KIND)
    sent = 2 if connection.vendor == "postgresql" else 5  # the kept four together, the other alone
    with django_assert_num_queries(sent):
        together = compiled.objects_together(queries)
    assert [len(rows) for rows in together] == [2, 1, 1, 1, 1]
    for mine, its in zip(together, alone, strict=True):
        assert [vars_of(row) for row in mine] == [vars_of(row) for row in its]
    assert [vars_of(r.person) for r in together[1]] == [vars_of(r.person) for r in alone[1]]  # decrypted alike
    assert together[3][0].case_id == other.pk and together[1][0].case_id == case.pk


def vars_of(row: Any) -> dict[str, Any]:
    """A model row's loaded column values (its ``_state`` and cached relations aside)."""
    return {key: value for key, value in vars(row).items() if not key.startswith("_")}


@pytest.mark.parametrize("birth_year", [None, timezone.now().year - 30])  # the victims: 30 years old
def test_the_kept_name_match_binds_what_the_orm_binds(
    personas: Any, scope_data: dict[str, Case], birth_year: Any
) -> None:
    """The name search's token query (keyed hashes, unit, years) is kept, and binds exactly the ORM's values."""
    from sigap.cases.tests.factories import VICTIM_NAME
    from sigap.core.crypto.tokens import name_query_hashes

    hashes = sorted(name_query_hashes(VICTIM_NAME))
    year, tolerance = birth_year or 0, selectors.BIRTH_YEAR_TOLERANCE
    values = {
        "unit": personas["head"].membership.unit_id,
        "tokens": hashes,
        **{"year": year, "low": year - tolerance, "high": year + tolerance},
    }
    kinds = {"unit": "int", "tokens": ("text", len(hashes)), "year": "int", "low": "int", "high": "int"}
    build = selectors._name_matches(birth_year is not None)
    kept = compiled.prepare(build, kinds)
    assert kept is not None
    fresh_sql, fresh_params = _fresh(build(values))
    assert (kept.sql, kept.params(values)) == (fresh_sql, fresh_params)
    found = selectors._unit_name_matches(values["unit"], name=VICTIM_NAME, birth_year=birth_year)
    assert found and found == [row[0] for row in build(values)]


def test_values_rows_sent_together_are_the_orms_tuples_and_along_reads_once(
    personas: Any, scope_data: dict[str, Case], django_assert_num_queries: Any
) -> None:
    """A ``values_list`` build gives the ORM's tuples through ``objects_together``; an ``Along`` query not sent
    with others is sent alone when its rows are asked for, once."""
    from sigap.cases.models.people import CasePerson

    case = scope_data["own"]

    def build(v: Any) -> Any:
        return CasePerson.objects.filter(case_id=v["case"]).order_by("added_at").values_list("pk", "role", "added_at")

    query = compiled.Query(("test.values",), build, {"case": "uuid"}, {"case": case.pk})
    assert compiled.objects_of(query) == list(build({"case": case.pk})) != []
    along = compiled.Along(links=query, nothing=None)
    assert along.rows("nothing") is None and along.pending() == [query]
    with django_assert_num_queries(1):
        first = along.rows("links")
    with django_assert_num_queries(0):
        assert along.rows("links") is first
    assert first == list(build({"case": case.pk}))
