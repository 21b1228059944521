"""Reads of accompaniment sessions, always through ``cases_visible_to`` (404 outside the user's scope).

Encrypted columns are deferred on lists; the notes are loaded (and so decrypted) only for a reader of
their field group (:func:`sigap.assistance.rules.session.can_read_notes`), in a query of their own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from sigap.accounts.models import Unit, User
from sigap.assistance.models.session import AccompanimentSession, SessionStatus
from sigap.assistance.rules.session import Reader, can_read_notes
from sigap.cases.models import Case
from sigap.cases.rules.permissions import is_head_of, team_role_of
from sigap.cases.selectors.case import cases_visible_to
from sigap.experts.models import ExpertProfile

# Encrypted columns a list never shows: not loaded, never decrypted.
LIST_DEFERRED = (
    "place_detail",
    "companion_who",
    "status_note",
    "outcome_summary",
    "next_step",
    "notes",
    "override_reason",
)


def _people() -> list[Prefetch[Any]]:
    users = User.objects.order_by("full_name", "pk")
    return [Prefetch("experts_present", queryset=users), Prefetch("staff_present", queryset=users)]


def case_sessions(case: Case) -> QuerySet[AccompanimentSession]:
    """The sessions of a case the caller already may see, newest first (three queries with the people)."""
    return (
        AccompanimentSession.objects.filter(case=case)
        .defer(*LIST_DEFERRED)
        .select_related("plan_item")
        .prefetch_related(*_people())
        .order_by("-planned_start", "pk")
    )


@dataclass(frozen=True)
class SessionGroups:
    """The case's sessions page: to come (planned), held, and missed (not held or cancelled)."""

    planned: list[AccompanimentSession]
    held: list[AccompanimentSession]
    missed: list[AccompanimentSession]


def case_session_groups(case: Case) -> SessionGroups:
    rows = list(case_sessions(case))
    planned = sorted((s for s in rows if s.status == SessionStatus.PLANNED), key=lambda s: s.planned_start)
    return SessionGroups(
        planned=planned,
        held=[s for s in rows if s.status == SessionStatus.HELD],
        missed=[s for s in rows if s.status in (SessionStatus.NOT_HELD, SessionStatus.CANCELLED)],
    )


def get_session_for_user(user: User, session_id: Any) -> AccompanimentSession:
    """The session if its case is visible to ``user``, else ``Http404``; the notes are not loaded."""
    try:
        pk = session_id if isinstance(session_id, uuid.UUID) else uuid.UUID(str(session_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    found = (
        AccompanimentSession.objects.filter(pk=pk, case__in=cases_visible_to(user))
        .defer("notes")
        .select_related(
            "case__unit", "plan_item", "room", "rescheduled_to", "notes_author", "override_by", "recorded_by"
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def reader_for(user: User, case: Case) -> Reader:
    """What decides ``user``'s reading of this case's notes (two queries)."""
    profession = ExpertProfile.objects.filter(user=user).values_list("profession", flat=True).first()
    return Reader(
        user_id=user.pk, is_head=is_head_of(user, case), team_role=team_role_of(user, case), profession=profession
    )


def session_notes(reader: Reader, session: AccompanimentSession) -> str | None:
    """The session's notes for a reader of their group (one query), else None (nothing is decrypted)."""
    if not session.notes_group or not can_read_notes(
        reader, group=session.notes_group, author_id=session.notes_author_id
    ):
        return None
    return AccompanimentSession.objects.filter(pk=session.pk).values_list("notes", flat=True).first()


def rescheduled_from(session: AccompanimentSession) -> AccompanimentSession | None:
    """The slot this session replaced (the history of a rescheduled session), notes not loaded."""
    return (
        AccompanimentSession.objects.filter(rescheduled_to=session).only("pk", "planned_start", "status_note").first()
    )


class Bounds(Protocol):
    """A report period (``sigap.reports.periods.Period``): half-open ``start <= t < end``."""

    @property
    def start(self) -> dt.datetime: ...

    @property
    def end(self) -> dt.datetime: ...


def sessions_held(unit_ids: Sequence[int], period: Bounds) -> QuerySet[AccompanimentSession]:
    """Held sessions of the units' cases that started in ``period`` and deliver a SIMFONI service
    (sessions without a service code — kind "other" outside the plan — are left out)."""
    return AccompanimentSession.objects.filter(
        unit_id__in=list(unit_ids),
        status=SessionStatus.HELD,
        actual_start__gte=period.start,
        actual_start__lt=period.end,
    ).exclude(service_code="")


def services_delivered(unit: Unit, period: Bounds) -> dict[str, int]:
    """Held sessions of the unit's cases that started in ``period``, counted per SIMFONI service code
    (one GROUP BY; the unit recap runs the same query compiled once, ``sigap.reports.recap``)."""
    rows = sessions_held([unit.pk], period).values("service_code").annotate(n=Count("pk")).order_by()
    return {row["service_code"]: row["n"] for row in rows}
