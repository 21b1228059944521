"""Reads of the complaints app, always scoped to the user: one function decides what a user may see.

``complaints_visible_to(user)`` (ARCHITECTURE §3):

- HEAD: every complaint of the unit;
- INTAKE: the complaints of the unit it recorded or handles, and the triage queue of the unit
  (received and in identification);
- everyone (also a case manager): the complaints whose case the user sees in full, i.e. the manager of
  the case a complaint became (and the HEAD) reads what the complaint knew; nobody else gains access. An
  expert on the team reads the account and the contact rule on the case page, not the complaint (it names
  the children the case page codes for her).

``get_complaint_for_user`` answers 404 for anything outside it, the same as for an unknown id.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.models import Membership, Role, User
from sigap.audit.naming import uuid_keys
from sigap.cases.models.people import NAME_NOT_KNOWN as PERSON_NAME_NOT_KNOWN
from sigap.intake.kinds import COMPLAINT_RESPONSE
from sigap.intake.models import ACTIVE_STATES, QUEUE_STATES, Complaint, ComplaintState
from sigap.work.models import WorkItem

MISSED_WINDOW_DAYS = 30


def _membership(user: User) -> Membership | None:
    return user.membership if user.is_authenticated else None


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    """The complaints ``user`` may open (see the module docstring). Never cached across requests."""
    membership = _membership(user)
    if membership is None:
        return Complaint.objects.none()
    unit_rows = Complaint.objects.filter(unit_id=membership.unit_id)
    if membership.role == Role.HEAD:
        return unit_rows
    through_case = _through_case(user)
    if membership.role == Role.INTAKE:
        return unit_rows.filter(Q(recorded_by=user) | Q(handler=user) | Q(state__in=QUEUE_STATES) | through_case)
    return unit_rows.filter(through_case)


def _through_case(user: User) -> Q:
    """Complaints whose case ``user`` sees in full (the case's scope and disclosure rule decide)."""
    try:
        from sigap.cases.selectors.carry import cases_seen_in_full_by
    except ImportError:  # the case file is not installed: no case, no access through one
        return Q(pk__in=[])
    return Q(case_id__isnull=False, case_id__in=cases_seen_in_full_by(user).values("pk"))


def _parse_id(complaint_id: Any) -> uuid.UUID:
    try:
        return complaint_id if isinstance(complaint_id, uuid.UUID) else uuid.UUID(str(complaint_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None


def get_complaint_for_user(user: User, complaint_id: Any) -> Complaint:
    """The complaint if ``user`` may see it, else ``Http404`` (also for malformed or unknown ids)."""
    found = (
        complaints_visible_to(user)
        .select_related("unit", "recorded_by", "handler", "first_response_by", "decided_by")
        .filter(pk=_parse_id(complaint_id))
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- lists -------------------------------------------------------------------------------------

VIEW_QUEUE = "queue"
VIEW_MINE = "mine"
VIEW_ALL = "all"


# The queue by clock (the intake officer's morning): the same condition filters the list and counts it.
CLOCK_OVERDUE, CLOCK_SOON, CLOCK_RUNNING, CLOCK_ANSWERED = "overdue", "soon", "running", "answered"
QUEUE_CLOCKS = (CLOCK_OVERDUE, CLOCK_SOON, CLOCK_RUNNING, CLOCK_ANSWERED)
SOON = timedelta(minutes=30)  # as the badge of ``clock_of``


def clock_condition(clock: str, now: datetime) -> Q:
    """Queue rows whose response clock is overdue, due within 30 minutes, running, or already answered."""
    waiting = Q(first_response_at__isnull=True)
    if clock == CLOCK_OVERDUE:
        return waiting & Q(response_due_at__lte=now)
    if clock == CLOCK_SOON:
        return waiting & Q(response_due_at__gt=now, response_due_at__lte=now + SOON)
    if clock == CLOCK_RUNNING:
        return waiting & (Q(response_due_at__gt=now + SOON) | Q(response_due_at__isnull=True))
    return Q(first_response_at__isnull=False)


def queue_clock_counts(user: User, now: datetime) -> dict[str, int]:
    """How many complaints of the user's queue stand at each clock (one query)."""
    rows = complaints_visible_to(user).filter(state__in=QUEUE_STATES).order_by()
    return rows.aggregate(**{clock: Count("pk", filter=clock_condition(clock, now)) for clock in QUEUE_CLOCKS})


# Encrypted columns of a complaint that the complaints page never shows.
LIST_NEVER_SHOWN = (
    "reporter_name",
    "reporter_phone",
    "reporter_relationship",
    "contact_instructions",
    "account",
    "risk_criteria",
    "risk_note",
    "transfer_to",
    "decision_note",
    "tracking_code",
)


def complaint_list(
    user: User, view: str = VIEW_QUEUE, *, clock: str = "", now: datetime | None = None
) -> QuerySet[Complaint]:
    """The rows of one tab of the complaints page.

    ``queue``: received and in identification, complaints whose clock still runs first, the most
    overdue on top, then the others by time of receipt. ``mine``: recorded or handled by the user.
    ``all``: every visible complaint, newest first (the HEAD's view of the unit). ``clock`` (queue
    only): the rows at that clock (``QUEUE_CLOCKS``), as the home page counts them.
    """
    # The page shows the victims' masked names of ``people``, nothing else encrypted: the other encrypted
    # columns are not loaded (each one loaded is one decryption per row, issue #22).
    rows = complaints_visible_to(user).select_related("handler").defer(*LIST_NEVER_SHOWN)
    if view == VIEW_MINE:
        return rows.filter(Q(recorded_by=user) | Q(handler=user)).order_by("-received_at", "pk")
    if view == VIEW_ALL:
        return rows.order_by("-received_at", "pk")
    queue = rows.filter(state__in=QUEUE_STATES)
    if clock in QUEUE_CLOCKS:
        queue = queue.filter(clock_condition(clock, now or timezone.now()))
    return queue_ordering(queue)


def queue_ordering(rows: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Clock running first (on every database), the soonest due on top, then by receipt."""
    return rows.order_by(
        F("first_response_at").asc(nulls_first=True), F("response_due_at").asc(nulls_last=True), "received_at", "pk"
    )


@dataclass(frozen=True)
class QueueCounts:
    """The figures on top of the complaints page."""

    received: int
    identification: int
    emergency: int
    outreach: int
    overdue: int
    missed_recently: int


def queue_counts(membership: Membership, now: datetime | None = None) -> QueueCounts:
    """Counts of the unit's complaints (two queries); ``missed_recently``: clocks missed in 30 days."""
    now = now or timezone.now()
    # Only open complaints are counted: reading them through ``complaint_queue_idx (unit, state, …)``
    # costs what the unit has open, not all it ever received (docs/performance.md, finding 9).
    open_rows = Complaint.objects.filter(unit_id=membership.unit_id, state__in=sorted(ACTIVE_STATES))
    figures = open_rows.aggregate(
        received=Count("pk", filter=Q(state=ComplaintState.ADUAN_MASUK)),
        identification=Count("pk", filter=Q(state=ComplaintState.IDENTIFIKASI)),
        emergency=Count("pk", filter=Q(state=ComplaintState.DARURAT)),
        outreach=Count("pk", filter=Q(state=ComplaintState.PENJANGKAUAN)),
        overdue=Count(
            "pk",
            filter=Q(state=ComplaintState.ADUAN_MASUK, first_response_at__isnull=True, response_due_at__lte=now),
        ),
    )
    missed = WorkItem.objects.filter(
        unit_id=membership.unit_id,
        kind=COMPLAINT_RESPONSE,
        missed_at__isnull=False,
        missed_at__gte=now - timedelta(days=MISSED_WINDOW_DAYS),
    ).count()
    return QueueCounts(missed_recently=missed, **figures)


def intake_officers(membership: Membership) -> QuerySet[User]:
    """Active intake officers of the unit (the HEAD assigns complaints to them)."""
    return User.objects.filter(
        is_active=True,
        memberships__unit_id=membership.unit_id,
        memberships__is_active=True,
        memberships__role=Role.INTAKE,
    ).order_by("full_name", "pk")


# --- display helpers ---------------------------------------------------------------------------

# A person of a complaint recorded without a name ("a 7-year-old", "my husband, 34"): named as the case names
# them once it is opened.
NAME_NOT_KNOWN = PERSON_NAME_NOT_KNOWN


def initials(name: str) -> str:
    """``Siti Nurhaliza`` → ``S. N.``: names are masked in lists."""
    parts = [part for part in name.replace(".", " ").split() if part[:1].isalpha()]
    return " ".join(f"{part[0].upper()}." for part in parts[:3]) or "—"


def masked_name(name: str) -> str:
    """Initials, or "name not known yet" for a person recorded without a name."""
    return initials(name) if name.strip() else str(NAME_NOT_KNOWN)


def masked_victims(complaint: Complaint) -> str:
    found = [masked_name(str(p.get("name") or "")) for p in complaint.victims()]
    return "; ".join(found) if found else "—"


@dataclass(frozen=True)
class ComplaintClock:
    """How a complaint stands against its response clock (for the badge)."""

    status: str  # "overdue", "soon", "ok" or "done"
    due_at: datetime | None
    responded_at: datetime | None


def clock_of(complaint: Complaint, now: datetime) -> ComplaintClock:
    due = complaint.response_due_at
    if complaint.first_response_at is not None or complaint.is_final:
        return ComplaintClock("done", due, complaint.first_response_at)
    if due is None:
        return ComplaintClock("ok", None, None)
    if due <= now:
        return ComplaintClock("overdue", due, None)
    if due - now <= timedelta(minutes=30):
        return ComplaintClock("soon", due, None)
    return ComplaintClock("ok", due, None)


def complaint_numbers(ids: Collection[str]) -> dict[str, str]:
    """Ticket numbers of complaints by id, in one query (the audit pages' names, sigap/audit/naming.py)."""
    keys = uuid_keys(ids)
    return {str(pk): number for pk, number in Complaint.objects.filter(pk__in=keys).values_list("pk", "number")}
