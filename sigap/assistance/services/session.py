"""Writes of accompaniment sessions (issue #12): plan, record held / not held, cancel, reschedule.

Every function is typed, runs in one transaction on the locked case row, refuses a closed case, and
writes one audit event on the case (``changed_fields=["sessions"]``, codes and ids only) which is also
the case timeline's line. Who may write: the HEAD, or an active member of the case's team (an expert
records sessions only for the cases whose team she is on; ``cases_visible_to`` already keeps the others
out of the pages, and the service checks it again).

Credential guards (domain.md §E5, §D2; :func:`sigap.assistance.rules.session.credential_refusals`) run on
the session's day in the unit's time zone, when it is planned, rescheduled and recorded as held. A
refusal names its legal rule; only the HEAD may go on, with a written reason, kept encrypted on the
session and flagged in the audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.models.room import Room
from sigap.assistance.models.session import (
    AccompanimentSession,
    NotHeldReason,
    SessionKind,
    SessionPlace,
    SessionStatus,
)
from sigap.assistance.rules.session import (
    ExpertFacts,
    credential_refusals,
    notes_group_of,
    service_code_of,
)
from sigap.assistance.services.booking import booking_check, lock_unit_bookings, room_for
from sigap.assistance.services.reminder import session_reminders_cancel, session_reminders_open
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.plan import PlanItem, PlanItemStatus, PlanState
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_contribute, is_head_of
from sigap.cases.selectors.team import is_sexual_violence_case
from sigap.cases.services.plan import plan_item_set_status, provider_candidates
from sigap.experts.licensing import valid_credentials
from sigap.experts.models import ExpertProfile

MAX_TEXT = 10000
MAX_SHORT = 200
MAX_LENGTH = dt.timedelta(hours=12)
# How far from today a session may be booked: a late entry of last month's session, or a court date.
PLAN_WINDOW_PAST = dt.timedelta(days=366)
PLAN_WINDOW_FUTURE = dt.timedelta(days=2 * 366)
# A session "held" must have started; a few minutes of clock drift between a phone and the server are fine.
CLOCK_SLACK = dt.timedelta(minutes=10)
ITEM_STATUSES = frozenset({PlanItemStatus.IN_PROGRESS, PlanItemStatus.DONE})


@dataclass(frozen=True)
class SessionPlanData:
    """What is booked: kind, slot, place, who comes, and the plan's service it delivers (optional)."""

    kind: str
    planned_start: dt.datetime
    planned_end: dt.datetime
    place: str
    place_detail: str = ""
    plan_item: PlanItem | None = None
    experts: Sequence[User] = field(default_factory=list)
    staff: Sequence[User] = field(default_factory=list)
    room: Room | None = None


@dataclass(frozen=True)
class SessionHeldData:
    """The outcome of a held session; ``item_status`` moves its plan service on ("" leaves it)."""

    actual_start: dt.datetime
    actual_end: dt.datetime
    victim_present: bool
    experts: Sequence[User] = field(default_factory=list)
    staff: Sequence[User] = field(default_factory=list)
    companion_present: bool = False
    companion_who: str = ""
    outcome_summary: str = ""
    next_step: str = ""
    notes: str = ""
    item_status: str = ""


# --- guards -------------------------------------------------------------------------------------------


def _locked(case_id: Any, actor: User) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
    if not case.is_open:
        raise TransitionRefused(_("A closed case takes no new sessions; reopen it first."))
    if not can_contribute(actor, case):
        raise TransitionRefused(_("Only the head of the unit or a member of the case team can record sessions."))
    return case


def _locked_session(session: AccompanimentSession, actor: User) -> tuple[Case, AccompanimentSession]:
    case = _locked(session.case_id, actor)
    row = AccompanimentSession.objects.select_for_update().get(pk=session.pk, case=case)
    if row.status != SessionStatus.PLANNED:
        raise TransitionRefused(_("This session already has its outcome."))
    return case, row


def _text(value: str, *, limit: int = MAX_TEXT) -> str:
    text = (value or "").replace("\x00", "").strip()
    if len(text) > limit:
        raise TransitionRefused(_("A text is too long (at most %(n)d characters).") % {"n": limit})
    return text


def _slot(start: dt.datetime, end: dt.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise TransitionRefused(_("Give the time in the unit's time zone."))
    if end <= start:
        raise TransitionRefused(_("The end must be after the start."))
    if end - start > MAX_LENGTH:
        raise TransitionRefused(_("A session lasts at most 12 hours."))


def _planned_slot(start: dt.datetime, end: dt.datetime) -> None:
    _slot(start, end)
    now = timezone.now()
    if not now - PLAN_WINDOW_PAST <= start <= now + PLAN_WINDOW_FUTURE:
        raise TransitionRefused(_("The session must be within a year before and two years after today."))


def _people(case: Case, experts: Sequence[User], staff: Sequence[User]) -> tuple[list[User], list[User]]:
    """Experts must be experts of the case's team; staff the other team members or the unit's HEAD."""
    expert_ids = set(
        CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.EXPERT).values_list(
            "user_id", flat=True
        )
    )
    if any(user.pk not in expert_ids for user in experts):
        raise TransitionRefused(_("Only experts on the case team can be named as the session's experts."))
    staff_ids = set(provider_candidates(case).values_list("pk", flat=True)) - expert_ids
    if any(user.pk not in staff_ids for user in staff):
        raise TransitionRefused(_("Only the case team or the head of the unit can be named as staff present."))
    return list(experts), list(staff)


def _plan_item(case: Case, item: PlanItem | None) -> PlanItem | None:
    if item is None:
        return None
    ok = PlanItem.objects.filter(
        pk=item.pk,
        plan__case=case,
        plan__state=PlanState.APPROVED,
        status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS],
    ).first()
    if ok is None:
        raise TransitionRefused(_("Choose a service of the approved plan that is not finished yet."))
    return ok


def _expert_facts(experts: Sequence[User], day: dt.date) -> list[ExpertFacts]:
    ids = [user.pk for user in experts]
    professions = dict(ExpertProfile.objects.filter(user_id__in=ids).values_list("user_id", "profession"))
    kinds: dict[int, set[str]] = {}
    for user_id, kind in (
        valid_credentials(day).filter(profile__user_id__in=ids).values_list("profile__user_id", "kind")
    ):
        kinds.setdefault(user_id, set()).add(kind)
    return [
        ExpertFacts(user.pk, str(user), professions.get(user.pk), frozenset(kinds.get(user.pk, set())))
        for user in experts
    ]


def _credential_check(
    *, actor: User, case: Case, kind: str, experts: Sequence[User], start: dt.datetime, override_reason: str
) -> tuple[list[str], str]:
    """The overridden rule codes and the reason, or a refusal naming each rule that failed."""
    if not experts:
        return [], ""
    day = timezone.localtime(start, case.unit.zone).date()
    refusals = credential_refusals(
        kind=kind,
        sexual_violence=is_sexual_violence_case(case),
        experts=_expert_facts(experts, day),
    )
    if not refusals:
        return [], ""
    reason = _text(override_reason)
    if not reason or not is_head_of(actor, case):
        messages = [r.message for r in refusals]
        if is_head_of(actor, case):
            messages.append(_("As head of the unit you may go on: write why in the override reason."))
        elif reason:
            messages.append(_("Only the head of the unit can override this rule."))
        raise TransitionRefused(messages)
    return sorted({r.rule for r in refusals}), reason


def _audit(
    *,
    actor: User,
    case: Case,
    session: AccompanimentSession,
    event: str,
    request: HttpRequest | None,
    overridden: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    values: dict[str, Any] = {
        "session": str(session.pk),
        "kind": session.kind,
        "status": session.status,
        "event": event,
        **(extra or {}),
    }
    if overridden:
        values["override"] = overridden
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["sessions"],
        new={"sessions": values},
        reason=(
            "credential guard overridden by the head; the reason is kept encrypted on the session" if overridden else ""
        ),
        request=request,
    )


# --- writes -------------------------------------------------------------------------------------------


def _create(
    *,
    actor: User,
    case: Case,
    data: SessionPlanData,
    overridden: list[str],
    reason: str,
    replaces: AccompanimentSession | None = None,
) -> AccompanimentSession:
    """Insert the session once its slot is free: no one booked, no victim, no room taken twice (D45)."""
    if data.kind not in SessionKind.values:
        raise TransitionRefused(_("Choose the kind of session."))
    if data.place not in SessionPlace.values:
        raise TransitionRefused(_("Choose where the session takes place."))
    item = _plan_item(case, data.plan_item)
    experts, staff = _people(case, data.experts, data.staff)
    room = room_for(case, data.room, data.place)
    lock_unit_bookings(case)
    booking_check(
        actor=actor,
        case=case,
        start=data.planned_start,
        end=data.planned_end,
        people=[*experts, *staff],
        room=room,
        exclude=[replaces.pk] if replaces is not None else [],
    )
    session = AccompanimentSession(
        unit=case.unit,
        case=case,
        plan_item=item,
        kind=data.kind,
        service_code=service_code_of(data.kind, item.service if item is not None else None),
        planned_start=data.planned_start,
        planned_end=data.planned_end,
        place=data.place,
        place_detail=_text(data.place_detail, limit=MAX_SHORT),
        room=room,
        override_rules=overridden,
        override_reason=reason,
        override_by=actor if overridden else None,
        created_at=timezone.now(),
        created_by=actor,
    )
    session.full_clean(exclude=["unit", "case", "plan_item", "room"])
    session.save(force_insert=True)
    session.experts_present.set(experts)
    session.staff_present.set(staff)
    session_reminders_open(session=session, case=case)
    return session


@transaction.atomic
def session_plan(
    *,
    actor: User,
    case: Case,
    data: SessionPlanData,
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> AccompanimentSession:
    """Book a session of the case (refused on a closed case, and by the credential guards)."""
    locked = _locked(case.pk, actor)
    _planned_slot(data.planned_start, data.planned_end)
    overridden, reason = _credential_check(
        actor=actor,
        case=locked,
        kind=data.kind,
        experts=data.experts,
        start=data.planned_start,
        override_reason=override_reason,
    )
    session = _create(actor=actor, case=locked, data=data, overridden=overridden, reason=reason)
    _audit(actor=actor, case=locked, session=session, event="planned", request=request, overridden=overridden)
    return session


def _author_profession(actor: User) -> str | None:
    return ExpertProfile.objects.filter(user=actor).values_list("profession", flat=True).first()


@transaction.atomic
def session_record_held(
    *,
    actor: User,
    session: AccompanimentSession,
    data: SessionHeldData,
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> AccompanimentSession:
    """Record that the session took place, its outcome and notes; move its plan service on if asked.

    The notes' field group is fixed now, from the kind and the recording author's profession.
    """
    case, row = _locked_session(session, actor)
    _slot(data.actual_start, data.actual_end)
    # What happened may differ from the booking (sessions move, D53), but it cannot lie ahead of now.
    now = timezone.now()
    if data.actual_start > now + CLOCK_SLACK:
        raise TransitionRefused(_("A session in the future cannot be recorded as held yet."))
    if data.actual_end > now + CLOCK_SLACK:
        raise TransitionRefused(_("This session is not over yet: record it as held once it has ended."))
    if data.item_status and data.item_status not in ITEM_STATUSES:
        raise TransitionRefused(_("Choose how the plan's service goes on."))
    if data.item_status and row.plan_item_id is None:
        raise TransitionRefused(_("This session delivers no service of the plan."))
    experts, staff = _people(case, data.experts, data.staff)
    overridden, reason = _credential_check(
        actor=actor, case=case, kind=row.kind, experts=experts, start=data.actual_start, override_reason=override_reason
    )
    notes = _text(data.notes)
    row.status = SessionStatus.HELD
    row.actual_start, row.actual_end = data.actual_start, data.actual_end
    row.victim_present = data.victim_present
    row.companion_present = data.companion_present
    row.companion_who = _text(data.companion_who, limit=MAX_SHORT) if data.companion_present else ""
    row.outcome_summary, row.next_step, row.notes = _text(data.outcome_summary), _text(data.next_step), notes
    row.notes_group = notes_group_of(row.kind, _author_profession(actor)) if notes else ""
    row.notes_author = actor if notes else None
    row.recorded_at, row.recorded_by = timezone.now(), actor
    fields = [
        "status",
        "actual_start",
        "actual_end",
        "victim_present",
        "companion_present",
        "companion_who",
        "outcome_summary",
        "next_step",
        "notes",
        "notes_group",
        "notes_author",
        "recorded_at",
        "recorded_by",
    ]
    if overridden:
        row.override_rules = sorted(set(row.override_rules or []) | set(overridden))
        row.override_reason = "\n".join(filter(None, [row.override_reason, reason]))
        row.override_by = actor
        fields += ["override_rules", "override_reason", "override_by"]
    row.save(update_fields=fields)
    session_reminders_cancel(session=row)
    row.experts_present.set(experts)
    row.staff_present.set(staff)
    _audit(actor=actor, case=case, session=row, event="held", request=request, overridden=overridden)
    if data.item_status and row.plan_item is not None and row.plan_item.status != data.item_status:
        plan_item_set_status(actor=actor, item=row.plan_item, status=data.item_status, request=request)
    return row


def _close(
    *,
    actor: User,
    session: AccompanimentSession,
    status: str,
    reason: str,
    note: str,
    event: str,
    request: HttpRequest | None,
) -> tuple[Case, AccompanimentSession]:
    case, row = _locked_session(session, actor)
    session_reminders_cancel(session=row)
    row.status, row.not_held_reason, row.status_note = status, reason, _text(note)
    row.recorded_at, row.recorded_by = timezone.now(), actor
    row.save(update_fields=["status", "not_held_reason", "status_note", "recorded_at", "recorded_by"])
    _audit(actor=actor, case=case, session=row, event=event, request=request, extra={"reason": reason})
    return case, row


@transaction.atomic
def session_record_not_held(
    *, actor: User, session: AccompanimentSession, reason: str, note: str = "", request: HttpRequest | None = None
) -> AccompanimentSession:
    """The session did not take place: the victim or the expert was absent, or another reason (in words)."""
    if reason not in NotHeldReason.values or reason == NotHeldReason.RESCHEDULED:
        raise TransitionRefused(_("Choose why the session was not held (to move it, reschedule it)."))
    if reason == NotHeldReason.OTHER and not _text(note):
        raise TransitionRefused(_("Say in words why the session was not held."))
    return _close(
        actor=actor,
        session=session,
        status=SessionStatus.NOT_HELD,
        reason=reason,
        note=note,
        event="not_held",
        request=request,
    )[1]


@transaction.atomic
def session_cancel(
    *, actor: User, session: AccompanimentSession, note: str, request: HttpRequest | None = None
) -> AccompanimentSession:
    """Call the session off (no longer needed); it stays listed, with the reason."""
    if not _text(note):
        raise TransitionRefused(_("Say why the session is cancelled."))
    return _close(
        actor=actor,
        session=session,
        status=SessionStatus.CANCELLED,
        reason="",
        note=note,
        event="cancelled",
        request=request,
    )[1]


@transaction.atomic
def session_reschedule(
    *,
    actor: User,
    session: AccompanimentSession,
    planned_start: dt.datetime,
    planned_end: dt.datetime,
    note: str = "",
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> AccompanimentSession:
    """Move a planned session: the old slot stays as "not held, rescheduled" and points to the new one."""
    _planned_slot(planned_start, planned_end)
    case, row = _locked_session(session, actor)
    experts, staff = list(row.experts_present.all()), list(row.staff_present.all())
    overridden, reason = _credential_check(
        actor=actor, case=case, kind=row.kind, experts=experts, start=planned_start, override_reason=override_reason
    )
    data = SessionPlanData(
        kind=row.kind,
        planned_start=planned_start,
        planned_end=planned_end,
        place=row.place,
        place_detail=row.place_detail,
        plan_item=row.plan_item,
        experts=experts,
        staff=staff,
        room=row.room,
    )
    session_reminders_cancel(session=row)
    new = _create(actor=actor, case=case, data=data, overridden=overridden, reason=reason, replaces=row)
    row.status, row.not_held_reason, row.status_note = SessionStatus.NOT_HELD, NotHeldReason.RESCHEDULED, _text(note)
    row.recorded_at, row.recorded_by, row.rescheduled_to = timezone.now(), actor, new
    row.save(update_fields=["status", "not_held_reason", "status_note", "recorded_at", "recorded_by", "rescheduled_to"])
    _audit(
        actor=actor,
        case=case,
        session=row,
        event="rescheduled",
        request=request,
        overridden=overridden,
        extra={"to": str(new.pk)},
    )
    return new
