"""The case list's rows as plain values: three queries, no model instances, labels decided here.

A list of 25 cases used to load 25 ``Case`` models, their victims' ``CasePerson`` and ``Person`` models and
their managers' team rows and ``User`` models through two prefetches: ~130 model instances and the
prefetch machinery per page, the largest part of the list's own Python after its template (issue #22). The
list shows eight values of a case, a label per victim and a name per manager, so it reads exactly those:

- the cases' columns (``values_list`` of the scoped queryset, the ``locked`` annotation included);
- the victims of the *unlocked* cases only (a locked row shows "—": its victims' names are neither read
  nor decrypted), in the order they were added (their codes K1, K2… follow that order);
- the active case managers' names.

Who may see a full name is still ``disclosure.list_label``'s one rule; the rows only carry its facts.

Each of these queries is built and compiled once per shape (the reader's role, the filters, the number of
ids) and run with the request's values (``sigap.core.compiled``, D71): the scope's SQL is the ORM's own,
compiled with stand-ins, and ``test_compiled_scope.py`` compares it with a fresh compile for every shape.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from sigap.accounts.models import Role, User
from sigap.cases.models import CaseState, CaseTeamMember, TeamRole
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.rules.disclosure import ROLE_LETTERS, list_label
from sigap.cases.selectors.case import SCOPE_KINDS, CaseFilters, case_list, case_list_for, scope_values
from sigap.core import compiled


@dataclass(slots=True)
class ListedPerson:
    """The three facts of a person that a list label needs (``disclosure.list_label``), with the model's
    own rules for them: the same functions as ``Person``'s, so the label cannot drift from the case page."""

    name: str
    birth_year: int | None
    age_estimated: bool

    is_child_in = Person.is_child_in
    initials = Person.initials
    spoken_name = Person.spoken_name


@dataclass(slots=True)
class CaseRow:
    """One line of the case list: what it shows and nothing else (``locked``: a restricted case outside
    the HEAD's scope, number and state only)."""

    pk: uuid.UUID
    number: str
    state: str
    category: str
    risk_level: str
    restricted: bool
    locked: bool
    closure_requested_at: dt.datetime | None
    opened_at: dt.datetime
    victims: list[str] = field(default_factory=list)
    managers: list[str] = field(default_factory=list)

    @property
    def closure_pending(self) -> bool:
        # The same test as ``Case.closure_pending``.
        return self.closure_requested_at is not None and self.state != CaseState.TERMINASI


ROW_COLUMNS = (
    "pk",
    "number",
    "state",
    "category",
    "risk_level",
    "restricted",
    "locked",
    "closure_requested_at",
    "opened_at",
)


def case_rows(user: User, cases: QuerySet[Any], *, year: int) -> list[CaseRow]:
    """The rows of ``cases`` (a ``selectors.case_list`` queryset, already scoped, filtered, ordered and
    sliced or narrowed to a page's ids), in its order, with victims' labels and managers' names."""
    rows = [CaseRow(*values) for values in cases.values_list(*ROW_COLUMNS)]
    _add_people(user, rows, year=year)
    return rows


def _people_query(name: str, ids: Any) -> QuerySet[Any]:
    if name == "managers":
        return (
            CaseTeamMember.objects.filter(case_id__in=ids, is_active=True, team_role=TeamRole.CASE_MANAGER)
            .order_by("assigned_at", "pk")
            .values_list("case_id", "user_id", "user__full_name", "user__username")
        )
    return (
        CasePerson.objects.filter(case_id__in=ids, role=PersonRole.VICTIM)
        .order_by("added_at", "pk")
        .values_list("case_id", "person__name", "person__birth_year", "person__age_estimated")
    )


def _people(ids: list[uuid.UUID], along: compiled.Along | None) -> list[list[tuple[Any, ...]]]:
    """The managers' and the victims' rows of the cases ``ids``, in one round trip with the page's ``along``
    queries (D93)."""
    people = [
        compiled.Query(
            ("cases.list_people", name, len(ids)),
            lambda v, name=name: _people_query(name, v["ids"]),  # type: ignore[misc]
            {"ids": ("uuid", len(ids))},
            {"ids": ids},
        )
        for name in ("managers", "victims")
    ]
    extra = along.pending() if along is not None else []
    found = compiled.objects_together([*people, *extra])
    if along is not None:
        along.take(found[2:])
    return found[:2]


def _add_people(user: User, rows: Sequence[CaseRow], *, year: int, along: compiled.Along | None = None) -> None:
    open_rows = {row.pk: row for row in rows if not row.locked}
    if not open_rows:
        return
    ids = list(open_rows)
    manager_ids: dict[uuid.UUID, set[Any]] = {pk: set() for pk in ids}
    managers, victims = _people(ids, along)
    for case_id, user_id, full_name, username in managers:
        open_rows[case_id].managers.append(full_name or username)  # ``User.__str__``
        manager_ids[case_id].add(user_id)
    is_head = user.membership is not None and user.membership.role == Role.HEAD
    letter = ROLE_LETTERS[PersonRole.VICTIM]
    for case_id, name, birth_year, age_estimated in victims:
        row = open_rows[case_id]
        # The list's HEAD sees full identities, so does the manager of the case; an expert sees a child's label.
        full = is_head or user.pk in manager_ids[case_id]
        person = ListedPerson(name or "", birth_year, bool(age_estimated))
        code = f"{letter}{len(row.victims) + 1}"
        row.victims.append(list_label(person, role=PersonRole.VICTIM, code=code, full=full, year=year))  # type: ignore[arg-type]


# The roles whose list is kept compiled; any other reader goes through the ORM (whose scope is empty).
_COMPILED_ROLES = frozenset({Role.HEAD, Role.CASE_MANAGER, Role.EXPERT})


@dataclass(frozen=True)
class _Listing:
    """The list of one reader and filters, its queries kept compiled by shape (``sigap.core.compiled``).

    Only filters of bounded codes and flags name a shape: a typed case number or the overdue filter (a list
    of ids read first) go through the ORM, as does a reader without a case role."""

    role: str
    values: dict[str, Any]
    filters: CaseFilters

    @property
    def kept(self) -> bool:
        return self.role in _COMPILED_ROLES and not self.filters.number and not self.filters.overdue

    def _cases(self, values: Any, person_ids: Any = None) -> QuerySet[Any]:
        return case_list_for(self.role, values, self.filters, person_ids=person_ids)

    def count(self) -> int:
        key = ("cases.list_count", self.role, self.filters)
        return compiled.count(key, lambda v: self._cases(v).order_by().values_list("pk"), SCOPE_KINDS, self.values)

    def ids(self, limit: int, offset: int) -> list[uuid.UUID]:
        key = ("cases.list_ids", self.role, self.filters)
        return [row[0] for row in compiled.rows(key, self._ids, SCOPE_KINDS, self.values, page=(limit, offset))]

    def count_and_ids(self, limit: int, offset: int) -> tuple[int, list[uuid.UUID]]:
        """:meth:`count` and :meth:`ids` in one round trip (``compiled.count_and_rows``)."""
        key = ("cases.list_page", self.role, self.filters)
        total, found = compiled.count_and_rows(key, self._ids, SCOPE_KINDS, self.values, (limit, offset))
        return total, [row[0] for row in found]

    def _ids(self, values: Any) -> QuerySet[Any]:
        return self._cases(values).values_list("pk")

    def rows(self, ids: list[uuid.UUID]) -> list[CaseRow]:
        key = ("cases.list_rows", self.role, self.filters, len(ids))
        kinds: dict[str, compiled.Kind] = {**SCOPE_KINDS, "ids": ("uuid", len(ids))}
        build = lambda v: self._cases(v).filter(pk__in=v["ids"]).values_list(*ROW_COLUMNS)  # noqa: E731
        return [CaseRow(*values) for values in compiled.rows(key, build, kinds, {**self.values, "ids": ids})]

    def found(self, person_ids: list[Any], limit: int) -> list[CaseRow]:
        key = ("cases.search_rows", self.role, self.filters, len(person_ids))
        kinds: dict[str, compiled.Kind] = {**SCOPE_KINDS, "person_ids": ("uuid", len(person_ids))}
        build = lambda v: self._cases(v, v["person_ids"]).values_list(*ROW_COLUMNS)  # noqa: E731
        values = {**self.values, "person_ids": person_ids}
        return [CaseRow(*row) for row in compiled.rows(key, build, kinds, values, page=(limit, 0))]


class _PageIds:
    """What ``Paginator`` reads of a list: its count and a slice of its ids (both kept compiled). The ids of
    the page asked for are read with the count (:meth:`read_with_count`); another slice is read on its own."""

    ordered = True

    def __init__(self, listing: _Listing) -> None:
        self.listing = listing
        self.read: dict[tuple[int, int], list[uuid.UUID]] = {}

    def read_with_count(self, limit: int, offset: int) -> int:
        total, self.read[(offset, offset + limit)] = self.listing.count_and_ids(limit, offset)
        return total

    def count(self) -> int:
        return self.listing.count()

    def __getitem__(self, part: slice) -> list[uuid.UUID]:
        start = part.start or 0
        if part.stop <= start:
            return []  # as the ORM: an empty slice sends no query
        for (read_start, read_stop), found in self.read.items():
            # The paginator ends the last page's slice at the count: within what was read.
            if read_start == start and part.stop <= read_stop:
                return found[: part.stop - start]
        return self.listing.ids(part.stop - start, start)


# Far more rows than any unit's list holds, far below a 64-bit integer.
MAX_OFFSET = 10**9


def _page(ids: _PageIds, number: Any, per_page: int) -> Page[Any]:
    """``Paginator(ids, per_page).get_page(number)``, the count and the asked page's ids read together. A number
    past the last page (or not a number) gets the page ``get_page`` gives, its ids then read on their own."""
    paginator: Paginator[Any] = Paginator(ids, per_page)  # type: ignore[arg-type]
    try:
        asked = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):
        asked = 1
    # Only a page a list can have is read with the count: a huge number (a typed URL) would overflow the
    # database's integer as an OFFSET; the paginator then counts and gives its last page, as Django does.
    if asked >= 1 and (asked - 1) * per_page < MAX_OFFSET:
        paginator.count = ids.read_with_count(per_page, (asked - 1) * per_page)  # a cached_property: known now
    return paginator.get_page(number)


def _listing(user: User, filters: CaseFilters) -> _Listing | None:
    values = scope_values(user)
    if values is None or user.membership is None:
        return None
    listing = _Listing(user.membership.role, values, filters)
    return listing if listing.kept else None


def case_list_page(
    user: User, filters: CaseFilters, number: Any, per_page: int, *, year: int, along: compiled.Along | None = None
) -> Page[Any]:
    """One page of ``case_list``: the page's ids first, then those rows only (a "deferred join").

    Counting and skipping rows (``OFFSET``) reads the ids alone, which the index ``(unit, opened_at,
    id)`` holds in order: a deep page no longer sorts the unit's whole rows (docs/performance.md,
    finding 9). ``page.object_list`` holds the page's ``CaseRow``s, in list order.
    """
    listing = _listing(user, filters)
    if listing is None:
        cases = case_list(user, filters)
        page: Page[Any] = Paginator(cases.values_list("pk", flat=True), per_page).get_page(number)
        wanted = list(page.object_list)
        rows = case_rows(user, cases.filter(pk__in=wanted), year=year) if wanted else []
    else:
        page = _page(_PageIds(listing), number, per_page)
        wanted = list(page.object_list)
        rows = listing.rows(wanted) if wanted else []
        _add_people(user, rows, year=year, along=along)
    # A case that left the user's scope between the two queries is dropped (that page shows one row
    # fewer); the second query repeats the scope filter, so it can never show one more.
    found = {row.pk: row for row in rows}
    page.object_list = [found[pk] for pk in wanted if pk in found]
    return page


def case_search_rows(
    user: User,
    filters: CaseFilters,
    person_ids: list[Any],
    limit: int,
    *,
    year: int,
    along: compiled.Along | None = None,
) -> list[CaseRow]:
    """The cases of the persons found by a search (``persons_matching``), at most ``limit``, in list order."""
    listing = _listing(user, filters)
    if listing is None or not person_ids:
        return case_rows(user, case_list(user, filters, person_ids=person_ids)[:limit], year=year)
    rows = listing.found(person_ids, limit)
    _add_people(user, rows, year=year, along=along)
    return rows
