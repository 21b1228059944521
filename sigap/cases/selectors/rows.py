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
from sigap.cases.selectors.case import CaseFilters, case_list


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


def _add_people(user: User, rows: Sequence[CaseRow], *, year: int) -> None:
    open_rows = {row.pk: row for row in rows if not row.locked}
    if not open_rows:
        return
    ids = list(open_rows)
    manager_ids: dict[uuid.UUID, set[Any]] = {pk: set() for pk in ids}
    managers = (
        CaseTeamMember.objects.filter(case_id__in=ids, is_active=True, team_role=TeamRole.CASE_MANAGER)
        .order_by("assigned_at", "pk")
        .values_list("case_id", "user_id", "user__full_name", "user__username")
    )
    for case_id, user_id, full_name, username in managers:
        open_rows[case_id].managers.append(full_name or username)  # ``User.__str__``
        manager_ids[case_id].add(user_id)
    victims = (
        CasePerson.objects.filter(case_id__in=ids, role=PersonRole.VICTIM)
        .order_by("added_at", "pk")
        .values_list("case_id", "person__name", "person__birth_year", "person__age_estimated")
    )
    is_head = user.membership is not None and user.membership.role == Role.HEAD
    letter = ROLE_LETTERS[PersonRole.VICTIM]
    for case_id, name, birth_year, age_estimated in victims:
        row = open_rows[case_id]
        # The list's HEAD sees full identities, so does the manager of the case; an expert sees a child's label.
        full = is_head or user.pk in manager_ids[case_id]
        person = ListedPerson(name or "", birth_year, bool(age_estimated))
        code = f"{letter}{len(row.victims) + 1}"
        row.victims.append(list_label(person, role=PersonRole.VICTIM, code=code, full=full, year=year))  # type: ignore[arg-type]


def case_list_page(user: User, filters: CaseFilters, number: Any, per_page: int, *, year: int) -> Page[Any]:
    """One page of ``case_list``: the page's ids first, then those rows only (a "deferred join").

    Counting and skipping rows (``OFFSET``) reads the ids alone, which the index ``(unit, opened_at,
    id)`` holds in order: a deep page no longer sorts the unit's whole rows (docs/performance.md,
    finding 9). ``page.object_list`` holds the page's ``CaseRow``s, in list order.
    """
    cases = case_list(user, filters)
    ids = cases.values_list("pk", flat=True)
    page: Page[Any] = Paginator(ids, per_page).get_page(number)
    wanted = list(page.object_list)
    rows = case_rows(user, cases.filter(pk__in=wanted), year=year) if wanted else []
    # A case that left the user's scope between the two queries is dropped (that page shows one row
    # fewer); the second query repeats the scope filter, so it can never show one more.
    found = {row.pk: row for row in rows}
    page.object_list = [found[pk] for pk in wanted if pk in found]
    return page


def case_search_rows(
    user: User, filters: CaseFilters, person_ids: list[Any], limit: int, *, year: int
) -> list[CaseRow]:
    """The cases of the persons found by a search (``persons_matching``), at most ``limit``, in list order."""
    return case_rows(user, case_list(user, filters, person_ids=person_ids)[:limit], year=year)
