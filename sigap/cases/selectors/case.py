"""Reads of the case file, always scoped to the user: one function decides what a user may see.

``cases_visible_to(user)`` (ARCHITECTURE §3, AC-03):

- HEAD: every case of the unit, except *restricted* cases, which need the HEAD on the team or an
  unexpired break-glass grant (``break_glass_open``);
- CASE_MANAGER and EXPERT: the cases of their unit whose team they are actively on;
- everyone else (INTAKE, PARTNER, DATA_OFFICER, LEADERSHIP, AUDITOR, UNIT_ADMIN): nothing. A partner user
  reads the shared sections of a referral in the partner portal, through its own scope
  (``sigap.referrals.selectors.portal.referrals_visible_to``), never through the case file's pages.

``get_case_for_user`` answers 404 for anything outside it, the same as for an id that does not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Abs, Coalesce
from django.http import Http404
from django.utils import timezone

from sigap.accounts.models import Membership, Role, User
from sigap.cases.models import OPEN_STATES, BreakGlassGrant, Case, CaseTeamMember, TeamRole
from sigap.cases.models.incident import Incident, IncidentViolenceType
from sigap.cases.models.link import LinkRequestState, PersonLinkRequest
from sigap.cases.models.people import CaseNote, CasePerson, NoteConfidentiality, Person, PersonNameToken
from sigap.cases.selectors.people import PERSON_NAME_ONLY
from sigap.cases.selectors.team import (  # noqa: F401 - re-exported: callers use ``selectors.<name>``
    EXPERT_CANDIDATE_HOOKS,
    SEXUAL_VIOLENCE_TYPES,
    SuggestionFacts,
    active_team,
    expert_candidates,
    expert_suggestions,
    is_sexual_violence_case,
    manager_candidates,
    needed_profession,
    suggestion_facts,
    victims_sex,
)
from sigap.core import compiled
from sigap.core.crypto.blind import IndexKind, blind_lookup
from sigap.core.crypto.tokens import name_query_hashes
from sigap.regions.selectors import districts_of
from sigap.work.models import WorkItem

# --- scope ----------------------------------------------------------------------------------------


def _on_team(user_id: int) -> Exists:
    return Exists(CaseTeamMember.objects.filter(case=OuterRef("pk"), user_id=user_id, is_active=True))


def _has_grant(user_id: int, now: datetime) -> Exists:
    return Exists(BreakGlassGrant.objects.filter(case=OuterRef("pk"), user_id=user_id, expires_at__gt=now))


# Who reads, as the values the scope's SQL is written with (``scope_values``); the role decides its shape.
SCOPE_KINDS: dict[str, str | tuple[str, int]] = {"unit_id": "int", "user_id": "int", "now": "datetime"}


def scope_values(user: User) -> dict[str, Any] | None:
    """The reader's unit, id and the time the scope is read at (None: no active membership, nothing)."""
    membership = user.membership if user.is_authenticated else None
    if membership is None:
        return None
    return {"unit_id": membership.unit_id, "user_id": user.pk, "now": timezone.now()}


def cases_visible_for(role: str, values: Any) -> QuerySet[Case]:
    """``cases_visible_to`` for a reader given by role and ``scope_values`` (the one rule; deny by default)."""
    unit_cases = Case.objects.filter(unit_id=values["unit_id"])
    if role == Role.HEAD:
        return unit_cases.filter(
            Q(restricted=False) | Q(_on_team(values["user_id"])) | Q(_has_grant(values["user_id"], values["now"]))
        )
    if role in (Role.CASE_MANAGER, Role.EXPERT):
        return unit_cases.filter(_on_team(values["user_id"]))
    return Case.objects.none()


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases ``user`` may open (see the module docstring). Never cached across requests."""
    values = scope_values(user)
    if values is None:
        return Case.objects.none()
    return cases_visible_for(user.membership.role, values)  # type: ignore[union-attr]


def _parse_id(case_id: Any) -> uuid.UUID:
    try:
        return case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None


def get_case_for_user(user: User, case_id: Any) -> Case:
    """The case if ``user`` may see it, else ``Http404`` (also for malformed or unknown ids).

    A HEAD sees every unrestricted case of her unit: that case is read by its id and unit alone. Only a
    restricted one goes through the two EXISTS of ``cases_visible_to`` (team or break-glass), which
    stays the one rule of who sees what.
    """
    pk = _parse_id(case_id)
    values = scope_values(user)
    role = user.membership.role if values is not None else None  # type: ignore[union-attr]
    found: Case | None = None
    if role == Role.HEAD:
        found = _first(compiled.objects(("case.get", "unit"), _unit_case, GET_KINDS, {**values, "case": pk}))  # type: ignore[dict-item]
        if found is not None and found.restricted and not cases_visible_to(user).filter(pk=pk).exists():
            found = None
    elif role in (Role.CASE_MANAGER, Role.EXPERT):
        # The query of ``cases_visible_for`` compiled once per role (D71, D89); others see no case at all.
        found = _first(compiled.objects(("case.get", role), _scoped_case(role), GET_KINDS, {**values, "case": pk}))  # type: ignore[dict-item]
    if found is None:
        raise Http404
    return found


GET_KINDS: dict[str, compiled.Kind] = {**SCOPE_KINDS, "case": "uuid"}


def _first(rows: list[Any]) -> Any:
    return rows[0] if rows else None


def _unit_case(values: Any) -> QuerySet[Case]:
    """The HEAD's read of a case of her unit by its id (a restricted one is checked against the scope after)."""
    return Case.objects.select_related("unit").filter(pk=values["case"], unit_id=values["unit_id"])[:1]


def _scoped_case(role: str) -> compiled.Build:
    def build(values: Any) -> QuerySet[Case]:
        return cases_visible_for(role, values).select_related("unit").filter(pk=values["case"])[:1]

    return build


def restricted_case_for_head(user: User, case_id: Any) -> Case | None:
    """A restricted case of the HEAD's own unit that needs break-glass (None otherwise)."""
    membership = user.membership
    if membership is None or membership.role != Role.HEAD:
        return None
    try:
        pk = _parse_id(case_id)
    except Http404:
        return None
    return Case.objects.select_related("unit").filter(pk=pk, unit_id=membership.unit_id, restricted=True).first()


# --- the list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    """Filters of the case list (codes and flags only: safe in a URL and in the audit context)."""

    state: str = ""
    risk_level: str = ""
    category: str = ""
    violence_type: str = ""
    district: str = ""
    number: str = ""
    mine: bool = False
    overdue: bool = False
    open: bool = False
    awaiting_team: bool = False

    def as_context(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "risk_level": self.risk_level,
            "category": self.category,
            "violence_type": self.violence_type,
            "district": self.district,
            "number": bool(self.number),
            "mine": self.mine,
            "overdue": self.overdue,
            "open": self.open,
            "awaiting_team": self.awaiting_team,
        }


def without_case_manager() -> Any:
    """The case has no active case manager on its team: it waits for the HEAD to assign one (a new case is
    seen by the HEAD alone until then, ARCHITECTURE §3; the HEAD's home counts these)."""
    return ~Exists(
        CaseTeamMember.objects.filter(case_id=OuterRef("pk"), is_active=True, team_role=TeamRole.CASE_MANAGER)
    )


def _overdue_case_ids(unit_id: int) -> list[uuid.UUID]:
    """Cases of the unit with an open or missed work item past its due time (one query)."""
    content_type = ContentType.objects.get_for_model(Case)
    rows = WorkItem.objects.filter(
        unit_id=unit_id,
        content_type=content_type,
        state__in=[WorkItem.State.OPEN, WorkItem.State.MISSED],
        due_at__lte=timezone.now(),
    ).values_list("object_id", flat=True)
    found = []
    for raw in rows:
        try:
            found.append(uuid.UUID(raw))
        except ValueError:
            continue
    return found


def unit_districts(user: User) -> list[tuple[str, str]]:
    """(code, name) of the districts (kecamatan) of the user's unit's area, for the list's filter.

    A regency unit (``64.02``) gets its regency's districts; a province unit (``64``) its province's.
    """
    membership = user.membership
    if membership is None:
        return []
    return districts_of(membership.unit.region_code)


def case_list(user: User, filters: CaseFilters, *, person_ids: list[Any] | None = None) -> QuerySet[Case]:
    """The cases of the case list, newest first, annotated with ``locked`` (what a row shows is read by
    ``selectors.rows``).

    For the HEAD, restricted cases outside their scope are listed too with ``locked=True`` (number and
    state only; opening one asks for a break-glass reason).
    """
    values = scope_values(user)
    if values is None:
        return Case.objects.none()
    return case_list_for(user.membership.role, values, filters, person_ids=person_ids)  # type: ignore[union-attr]


def case_list_for(
    role: str, values: Any, filters: CaseFilters, *, person_ids: list[Any] | None = None
) -> QuerySet[Case]:
    """``case_list`` for a reader given by role and ``scope_values`` (kept compiled by ``selectors.rows``)."""
    user_id = values["user_id"]
    if role == Role.HEAD:
        # An unrestricted row answers on its first WHEN: the two EXISTS run for restricted rows only.
        qs = Case.objects.filter(unit_id=values["unit_id"]).annotate(
            locked=CaseWhen(
                When(restricted=False, then=Value(False)),
                When(Q(_on_team(user_id)) | Q(_has_grant(user_id, values["now"])), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
    else:
        qs = cases_visible_for(role, values).annotate(locked=Value(False, output_field=BooleanField()))
    if filters.risk_level or filters.category or filters.violence_type or filters.district or filters.overdue:
        # A locked row matching such a filter would reveal its risk, category or deadlines without
        # break-glass (review finding 8): locked rows only appear in the unfiltered list.
        qs = qs.filter(locked=False)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.open:
        # The open steps only (what the home page counts): closed and archived cases left out.
        qs = qs.filter(state__in=sorted(OPEN_STATES))
    if filters.risk_level:
        qs = qs.filter(risk_level=filters.risk_level)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.violence_type:
        # Through the normalised rows (index code, incident): SQLite cannot look inside the JSON list.
        qs = qs.filter(
            Exists(IncidentViolenceType.objects.filter(incident__case_id=OuterRef("pk"), code=filters.violence_type))
        )
    if filters.district:
        qs = qs.filter(Exists(Incident.objects.filter(case_id=OuterRef("pk"), village__district_id=filters.district)))
    if filters.number:
        qs = qs.filter(number__icontains=filters.number.strip())
    if filters.mine:
        qs = qs.filter(_on_team(user_id))
    if filters.awaiting_team:
        qs = qs.filter(without_case_manager(), state__in=sorted(OPEN_STATES))
    if filters.overdue:
        qs = qs.filter(pk__in=_overdue_case_ids(values["unit_id"]))
    if person_ids is not None:
        qs = qs.filter(locked=False, pk__in=CasePerson.objects.filter(person_id__in=person_ids).values("case_id"))
    # What a row shows is read by ``selectors.rows.case_rows`` (values, not models): this is only which
    # cases, in which order.
    return qs.order_by("-opened_at", "-pk")


def persons_matching(
    user: User, *, nik: str = "", phone: str = "", name: str = "", birth_year: int | None = None
) -> list[Any]:
    """Ids of the unit's persons found by NIK, phone or name tokens (+ birth year): exact, via blind indexes."""
    membership = user.membership
    if membership is None:
        return []
    persons = Person.objects.filter(unit_id=membership.unit_id)
    ids: list[Any] = []
    if nik:
        ids += list(persons.filter(blind_lookup("nik_index", IndexKind.NIK, nik)).values_list("pk", flat=True))
    if phone:
        ids += list(persons.filter(blind_lookup("phone_index", IndexKind.PHONE, phone)).values_list("pk", flat=True))
    if name:
        # Only this unit's tokens are ranked and cut: a cut across all units could drop the unit's own
        # person behind many namesakes elsewhere (review finding 7).
        ids += _unit_name_matches(membership.unit_id, name=name, birth_year=birth_year)
    return list(dict.fromkeys(ids))


# The most persons a name search returns (the add-person page shows at most MAX_MATCHES of them).
MAX_NAME_MATCHES = 200
# A recorded birth year is often estimated from an age ("about 30"): a search tolerates this many years.
BIRTH_YEAR_TOLERANCE = 2


def _unit_name_matches(unit_id: int, *, name: str, birth_year: int | None) -> list[Any]:
    """Ids of the unit's persons sharing at least one name token with ``name``, best first (one query).

    Tokens are exact keyed hashes, so a *partial* name is a subset of the tokens ("Siti" finds "Siti
    Aminah", in any order), never a substring. With ``birth_year``, persons born within
    ``BIRTH_YEAR_TOLERANCE`` years of it, and those with no known year, are kept. Ranked by the number of
    tokens matched, then the nearer year (an unknown year last), then id (stable).

    The token rows carry the unit (``PersonNameToken.unit``): the query reads the unit's rows through the
    ``(unit, token)`` index, so its cost follows the unit's size, not the number of namesakes nationwide.
    """
    hashes = sorted(name_query_hashes(name))
    if not hashes:
        return []
    # Compiled once per number of tokens and with or without a year (D71): the values are ids, years and
    # keyed hashes, never the typed name.
    year = birth_year if birth_year is not None else 0
    low, high = year - BIRTH_YEAR_TOLERANCE, year + BIRTH_YEAR_TOLERANCE
    values = {"unit": unit_id, "tokens": hashes, "year": year, "low": low, "high": high}
    kinds: dict[str, compiled.Kind] = {
        "unit": "int",
        "tokens": ("text", len(hashes)),
        **dict.fromkeys(("year", "low", "high"), "int"),
    }
    key = ("case.name_matches", len(hashes), birth_year is not None)
    return [row[0] for row in compiled.rows(key, _name_matches(birth_year is not None), kinds, values)]


def _name_matches(with_year: bool) -> compiled.Build:
    def build(values: Any) -> QuerySet[Any]:
        rows = PersonNameToken.objects.filter(unit_id=values["unit"], token__in=values["tokens"])
        distance: Any = Value(0)
        if with_year:
            # Each bound value is given, never computed here from another (a stand-in must reach the SQL as itself).
            near = Q(owner__birth_year__range=(values["low"], values["high"]))
            rows = rows.filter(near | Q(owner__birth_year__isnull=True))
            distance = Coalesce(Abs(Max("owner__birth_year") - Value(values["year"])), Value(BIRTH_YEAR_TOLERANCE + 1))
        ranked = rows.values("owner_id").annotate(hits=Count("pk"), distance=distance)
        return ranked.order_by("-hits", "distance", "owner_id").values_list("owner_id", "hits", "distance")[
            :MAX_NAME_MATCHES
        ]

    return build


# --- search before create -----------------------------------------------------------------------


@dataclass
class PersonMatch:
    """A known person the add-person page offers to link, with the earlier cases the user may see."""

    person: Person
    matched_on: list[str]
    visible_cases: list[Case] = field(default_factory=list)
    hidden_count: int = 0
    head_name: str = ""
    needs_approval: bool = False


MAX_MATCHES = 20


def unit_head_name(unit_id: int) -> str:
    membership = (
        Membership.objects.select_related("user")
        .filter(unit_id=unit_id, role=Role.HEAD, is_active=True, user__is_active=True)
        .order_by("pk")
        .first()
    )
    return membership.user.full_name if membership is not None else ""


def person_matches(
    user: User, *, case: Case, nik: str = "", phone: str = "", name: str = "", birth_year: int | None = None
) -> list[PersonMatch]:
    """Known persons of the case's unit matching the search; earlier cases only as far as the user may see.

    A case outside the user's scope is never named: it counts in ``hidden_count``, with the name of the
    HEAD to ask. Persons of other units are never searched.
    """
    persons = Person.objects.filter(unit_id=case.unit_id)
    found: dict[Any, list[str]] = {}

    def add(qs: QuerySet[Person], how: str) -> None:
        for pk in qs.values_list("pk", flat=True)[:MAX_MATCHES]:
            found.setdefault(pk, []).append(how)

    if nik:
        add(persons.filter(blind_lookup("nik_index", IndexKind.NIK, nik)), "nik")
    if phone:
        add(persons.filter(blind_lookup("phone_index", IndexKind.PHONE, phone)), "phone")
    if name:
        # In rank order (a ``pk__in`` query would lose it); the ids are the unit's own (token scope).
        for pk in _unit_name_matches(case.unit_id, name=name, birth_year=birth_year)[:MAX_MATCHES]:
            found.setdefault(pk, []).append("name")
    if not found:
        return []
    people = {p.pk: p for p in persons.filter(pk__in=list(found)[:MAX_MATCHES])}
    visible_ids = set(cases_visible_to(user).values_list("pk", flat=True).filter(persons__person_id__in=list(people)))
    links = CasePerson.objects.filter(person_id__in=list(people)).exclude(case=case).select_related("case")
    head_name = ""
    matches = []
    for pk, how in found.items():
        if pk not in people:
            continue
        cases = {link.case.pk: link.case for link in links if link.person_id == pk}
        visible = sorted((c for c in cases.values() if c.pk in visible_ids), key=lambda c: c.opened_at)
        hidden = len(cases) - len(visible)
        if hidden and not head_name:
            head_name = unit_head_name(case.unit_id)
        needs_approval = bool(hidden) or any(c.restricted for c in cases.values())
        matches.append(PersonMatch(people[pk], how, visible, hidden, head_name if hidden else "", needs_approval))
    return matches


def link_needs_approval(user: User, *, case: Case, person: Person) -> bool:
    """Must the HEAD approve linking ``person`` to ``case``? (review finding 1)

    Linking shows the person's whole record to the case's team. It is direct only when every other
    case of the person is visible to ``user`` and none of them is restricted.
    """
    others = Case.objects.filter(persons__person=person).exclude(pk=case.pk).distinct()
    if others.filter(restricted=True).exists():
        return True
    return others.exclude(pk__in=cases_visible_to(user).values("pk")).exists()


# --- team: sigap/cases/selectors/team.py (re-exported) -------------------------------------------


def pending_link_requests_query(case: Case) -> compiled.Query:
    """Link requests of the case waiting for the HEAD (shown without the person's data), as a query the case
    page sends with its others (``CaseView.load``)."""
    return compiled.Query(("case.link_requests",), _link_requests, {"case": "uuid"}, {"case": case.pk})


def _link_requests(values: Any) -> QuerySet[PersonLinkRequest]:
    return (
        PersonLinkRequest.objects.filter(case_id=values["case"], state=LinkRequestState.PENDING)
        .select_related("person", "requested_by")
        .defer(*PERSON_NAME_ONLY)  # the page shows the person's initials
        .order_by("requested_at", "pk")
    )


def case_persons(case: Case) -> list[CasePerson]:
    return list(
        CasePerson.objects.filter(case=case).select_related("person", "person__village").order_by("role", "added_at")
    )


def notes_for(user: User, case: Case, *, team_role: str | None, is_head: bool) -> compiled.KeptList:
    """The case's notes the user may read (filtered in SQL), newest first: a list the page's paginator counts
    and slices, its two queries compiled once per reader shape."""
    shape = ("head",) if is_head else (team_role is not None, team_role == TeamRole.CASE_MANAGER)
    kinds: dict[str, compiled.Kind] = {"case": "uuid", "user": "int"}
    return compiled.KeptList(("case.notes", *shape), _notes(*shape), kinds, {"case": case.pk, "user": user.pk})


def _notes(*shape: Any) -> compiled.Build:
    def build(values: Any) -> QuerySet[CaseNote]:
        qs = CaseNote.objects.filter(case_id=values["case"]).select_related("author").order_by("-created_at")
        if shape == ("head",):
            return qs
        on_team, manager = shape
        allowed = Q(author_id=values["user"])
        if on_team:
            allowed |= Q(confidentiality=NoteConfidentiality.TEAM)
        if manager:
            allowed |= Q(confidentiality=NoteConfidentiality.MANAGER_HEAD)
        return qs.filter(allowed)

    return build


def active_break_glass_grant(user: User, case: Case) -> BreakGlassGrant | None:
    """The user's unexpired emergency access to ``case`` (the latest ending), if any: the banner's source."""
    return (
        BreakGlassGrant.objects.filter(case=case, user=user, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
