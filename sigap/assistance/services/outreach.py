"""Writes of outreach visits (penjangkauan, issue #12): plan (from a complaint or a case), record, cancel.

Every function is typed, runs in one transaction on the locked complaint or case row and then the visit row,
and writes one audit event (``changed_fields=["outreach"]``, codes and ids only): on the case when the visit
has one (directly or through its complaint's case), which is also the case timeline's line; on the complaint
otherwise. A planned visit has a work item (its clock, ``kinds.OUTREACH_VISIT``) for one member of its team,
due at the planned time; recording or cancelling the visit closes it.

The intake decision "outreach first" plans a visit by itself (``outreach_plan_for_decision``, registered in
``sigap.intake.hooks`` at app ready): the decider goes, 12 hours after the decision (``OUTREACH_WITHIN``).
A planned visit can be changed (``outreach_update``: its time, team and place; the clock moves with it).
Recording the last planned visit of a complaint still in outreach sends it back to identification
(``complaint_outreach_done``), so the intake officer decides with what the visit found. When the intake
officer sends it back herself, the visits still planned are cancelled (``outreach_cancel_for_complaint``,
registered in ``sigap.intake.hooks``) with the reason "outreach ended on the complaint".
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
from sigap.assistance.kinds import OUTREACH_VISIT
from sigap.assistance.models.outreach import (
    OutreachFollowUp,
    OutreachReason,
    OutreachStatus,
    OutreachTransport,
    OutreachVisit,
)
from sigap.assistance.rules.outreach import COMPLAINT_ROLES, OUTREACH_WITHIN, reason_from_complaint
from sigap.assistance.selectors.outreach import team_candidates
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_contribute
from sigap.intake.models import Complaint, ComplaintState
from sigap.intake.services.decision import complaint_outreach_done
from sigap.regions.models import Village
from sigap.work.services import work_item_cancel, work_item_done, work_item_last, work_item_open

MAX_TEXT = 5000
# A visit is planned within a year either side of today (a late entry of last month's visit is fine).
WINDOW = dt.timedelta(days=366)
# A visit "done" cannot be in the future; a few minutes of drift between a phone and the server are fine.
CLOCK_SLACK = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class OutreachPlanData:
    """What is planned: when, why, who goes, where (village and address), how, and the safety plan."""

    planned_at: dt.datetime
    reason: str
    team: Sequence[User] = field(default_factory=list)
    village: Village | None = None
    address_detail: str = ""
    transport: str = ""
    safety_plan: str = ""


@dataclass(frozen=True)
class OutreachRecordData:
    """The visit as it was done: when, who went, where, how, the result and what follows."""

    done_at: dt.datetime
    result: str
    follow_up: str
    team: Sequence[User] = field(default_factory=list)
    village: Village | None = None
    address_detail: str = ""
    transport: str = ""
    safety_plan: str = ""


# --- guards -------------------------------------------------------------------------------------------


def _text(value: str) -> str:
    text = (value or "").replace("\x00", "").strip()
    if len(text) > MAX_TEXT:
        raise TransitionRefused(_("A text is too long (at most %(n)d characters).") % {"n": MAX_TEXT})
    return text


def _aware(value: dt.datetime) -> None:
    if timezone.is_naive(value):
        raise TransitionRefused(_("Give the time in the unit's time zone."))


def _role_in(actor: User, unit_id: int) -> str | None:
    membership = actor.membership
    return membership.role if membership is not None and membership.unit_id == unit_id else None


def _case_of(visit_or_complaint_case_id: Any) -> Case | None:
    if visit_or_complaint_case_id is None:
        return None
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk=visit_or_complaint_case_id)
        .first()
    )


def _locked_complaint(complaint_id: Any, actor: User) -> tuple[Complaint, Case | None]:
    complaint = Complaint.objects.select_for_update(of=("self",)).select_related("unit").get(pk=complaint_id)
    case = _case_of(complaint.case_id)
    if _role_in(actor, complaint.unit_id) not in COMPLAINT_ROLES and not (case and can_contribute(actor, case)):
        raise TransitionRefused(_("Only the intake officers and the head of the unit can plan a complaint's visits."))
    return complaint, case


def _locked_case(case_id: Any, actor: User) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
    if not case.is_open:
        raise TransitionRefused(_("A closed case takes no new records; reopen it first."))
    if not can_contribute(actor, case):
        raise TransitionRefused(_("Only the head of the unit or a member of the case team can record this."))
    return case


def _locked_visit(visit: OutreachVisit, actor: User) -> tuple[OutreachVisit, Complaint | None, Case | None]:
    """The planned visit, locked after its complaint or case (always that order: no deadlock with a plan)."""
    complaint: Complaint | None = None
    if visit.case_id is not None:
        case: Case | None = _locked_case(visit.case_id, actor)
    else:
        complaint, case = _locked_complaint(visit.complaint_id, actor)
    row = OutreachVisit.objects.select_for_update().get(pk=visit.pk)
    if row.status != OutreachStatus.PLANNED:
        raise TransitionRefused(_("This visit is already recorded or cancelled."))
    return row, complaint, case


def _team(unit_id: int, case: Case | None, team: Sequence[User]) -> list[User]:
    if not team:
        raise TransitionRefused(_("Name at least one person of the outreach team."))
    allowed = set(team_candidates(unit_id, case).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in team):
        raise TransitionRefused(_("Only the unit's front-line staff (or the case team) can be on the outreach team."))
    return list(dict.fromkeys(team))


def _details(data: OutreachPlanData | OutreachRecordData) -> dict[str, Any]:
    if data.transport and data.transport not in OutreachTransport.values:
        raise TransitionRefused(_("Choose how the team travels."))
    return {
        "village": data.village,
        "address_detail": _text(data.address_detail),
        "transport": data.transport,
        "safety_plan": _text(data.safety_plan),
    }


def _audit(
    *,
    actor: User,
    visit: OutreachVisit,
    complaint: Complaint | None,
    case: Case | None,
    event: str,
    request: HttpRequest | None,
) -> None:
    """On the case when there is one (the case timeline reads it), else on the complaint."""
    values = {
        "visit": str(visit.pk),
        "event": event,
        "status": visit.status,
        "reason": visit.reason,
        "follow_up": visit.follow_up,
    }
    obj: Any = case if case is not None else complaint
    audit_record(
        actor=actor,
        unit=visit.unit,
        action=AuditAction.UPDATE,
        obj=obj,
        changed_fields=["outreach"],
        new={"outreach": values},
        request=request,
    )


def _responsible(actor: User, team: list[User]) -> User:
    return actor if any(user.pk == actor.pk for user in team) else team[0]


# --- writes -------------------------------------------------------------------------------------------


def _create(
    *,
    actor: User,
    complaint: Complaint | None,
    case: Case | None,
    data: OutreachPlanData,
    request: HttpRequest | None,
) -> OutreachVisit:
    unit = case.unit if case is not None else complaint.unit  # type: ignore[union-attr]
    _aware(data.planned_at)
    now = timezone.now()
    if not now - WINDOW <= data.planned_at <= now + WINDOW:
        raise TransitionRefused(_("The visit must be within a year before or after today."))
    if data.reason not in OutreachReason.values:
        raise TransitionRefused(_("Choose the reason for the visit."))
    team = _team(unit.pk, case, data.team)
    visit = OutreachVisit(
        unit=unit,
        complaint=complaint,
        case=case if complaint is None else None,
        planned_at=data.planned_at,
        reason=data.reason,
        created_at=now,
        created_by=actor,
        **_details(data),
    )
    visit.full_clean(exclude=["team"])
    visit.save()
    visit.team.set(team)
    work_item_open(
        unit=unit,
        kind=OUTREACH_VISIT,
        target=visit,
        due_at=data.planned_at,
        responsible=_responsible(actor, team),
        title_key=case.number if case is not None else complaint.number,  # type: ignore[union-attr]
    )
    _audit(actor=actor, visit=visit, complaint=complaint, case=case, event="planned", request=request)
    return visit


@transaction.atomic
def outreach_plan(
    *,
    actor: User,
    data: OutreachPlanData,
    complaint: Complaint | None = None,
    case: Case | None = None,
    request: HttpRequest | None = None,
) -> OutreachVisit:
    """Plan a visit from a complaint (not decided yet) or from an open case; its clock starts."""
    if (complaint is None) == (case is None):
        raise TransitionRefused(_("A visit is planned from a complaint or from a case."))
    if complaint is not None:
        locked, complaint_case = _locked_complaint(complaint.pk, actor)
        if locked.is_final:
            raise TransitionRefused(_("This complaint is decided: plan the visit from its case instead."))
        return _create(actor=actor, complaint=locked, case=complaint_case, data=data, request=request)
    locked_case = _locked_case(case.pk, actor)  # type: ignore[union-attr]
    return _create(actor=actor, complaint=None, case=locked_case, data=data, request=request)


def outreach_plan_for_decision(*, actor: User, complaint: Complaint, request: HttpRequest | None = None) -> Any:
    """The visit of the intake decision "outreach first" (``sigap.intake.hooks``): the decider goes, 12 hours on.

    Runs in the decision's transaction (the complaint is already locked and moved to outreach).
    """
    data = OutreachPlanData(
        planned_at=timezone.now() + OUTREACH_WITHIN,
        reason=reason_from_complaint(reporter_type=complaint.reporter_type, risk_level=complaint.risk_level),
        team=[actor],
    )
    return _create(actor=actor, complaint=complaint, case=None, data=data, request=request)


@transaction.atomic
def outreach_record(
    *, actor: User, visit: OutreachVisit, data: OutreachRecordData, request: HttpRequest | None = None
) -> OutreachVisit:
    """The visit was done: when, who went, the result and what follows; its clock is done.

    The last planned visit of a complaint still in outreach sends the complaint back to identification.
    """
    row, complaint, case = _locked_visit(visit, actor)
    _aware(data.done_at)
    now = timezone.now()
    if data.done_at > now + CLOCK_SLACK:
        raise TransitionRefused(_("A visit cannot be recorded as done in the future."))
    if data.done_at < now - WINDOW:
        raise TransitionRefused(_("The visit must be within a year before today."))
    if data.follow_up not in OutreachFollowUp.values:
        raise TransitionRefused(_("Choose what follows the visit."))
    if data.follow_up == OutreachFollowUp.CASE_OPENED and case is None:
        raise TransitionRefused(
            _(
                'No case has been opened for this complaint yet. Choose "A case should be opened": the complaint '
                "returns to identification, where the case is opened by the decision on the complaint."
            )
        )
    result = _text(data.result)
    if not result:
        raise TransitionRefused(_("Write the result of the visit."))
    team = _team(row.unit_id, case, data.team)
    for name, value in _details(data).items():
        setattr(row, name, value)
    row.status, row.done_at, row.result, row.follow_up = OutreachStatus.DONE, data.done_at, result, data.follow_up
    row.closed_at, row.closed_by = now, actor
    row.save(
        update_fields=[
            "status",
            "done_at",
            "result",
            "follow_up",
            "village",
            "address_detail",
            "transport",
            "safety_plan",
            "closed_at",
            "closed_by",
        ]
    )
    row.team.set(team)
    work_item_done(target=row, kind=OUTREACH_VISIT, by=actor)
    _audit(actor=actor, visit=row, complaint=complaint, case=case, event="done", request=request)
    _complaint_back_to_identification(actor=actor, complaint=complaint, request=request)
    return row


@transaction.atomic
def outreach_update(
    *, actor: User, visit: OutreachVisit, data: OutreachPlanData, request: HttpRequest | None = None
) -> OutreachVisit:
    """Change a planned visit (time, reason, team, place, transport, safety plan) under the plan's rules.

    A new time moves the visit's clock: the old work item is cancelled (a miss stays on it) and one opens at
    the new time; a new team without the responsible person gives the clock to one of the new team.
    """
    row, complaint, case = _locked_visit(visit, actor)
    _aware(data.planned_at)
    now = timezone.now()
    if not now - WINDOW <= data.planned_at <= now + WINDOW:
        raise TransitionRefused(_("The visit must be within a year before or after today."))
    if data.reason not in OutreachReason.values:
        raise TransitionRefused(_("Choose the reason for the visit."))
    team = _team(row.unit_id, case, data.team)
    moved = row.planned_at != data.planned_at
    row.planned_at, row.reason = data.planned_at, data.reason
    for name, value in _details(data).items():
        setattr(row, name, value)
    row.save(update_fields=["planned_at", "reason", "village", "address_detail", "transport", "safety_plan"])
    row.team.set(team)
    item = work_item_last(target=row, kind=OUTREACH_VISIT)
    in_team = item is not None and any(user.pk == item.responsible_id for user in team)
    if moved or not in_team:
        work_item_cancel(target=row, kind=OUTREACH_VISIT, by=actor)
        work_item_open(
            unit=row.unit,
            kind=OUTREACH_VISIT,
            target=row,
            due_at=row.planned_at,
            responsible=item.responsible if in_team and item is not None else _responsible(actor, team),
            title_key=case.number if case is not None else complaint.number,  # type: ignore[union-attr]
        )
    _audit(actor=actor, visit=row, complaint=complaint, case=case, event="changed", request=request)
    return row


def _complaint_back_to_identification(*, actor: User, complaint: Complaint | None, request: HttpRequest | None) -> None:
    """A complaint in outreach whose visits are all done or cancelled returns to identification."""
    if complaint is None or complaint.state != ComplaintState.PENJANGKAUAN:
        return
    if _role_in(actor, complaint.unit_id) not in COMPLAINT_ROLES:
        return  # the case team recorded it: the intake officer moves the complaint herself
    if OutreachVisit.objects.filter(complaint=complaint, status=OutreachStatus.PLANNED).exists():
        return
    complaint_outreach_done(actor=actor, complaint=complaint, request=request)


def outreach_cancel_for_complaint(*, actor: User, complaint: Complaint, request: HttpRequest | None = None) -> int:
    """The complaint left outreach for identification: its visits still planned are cancelled, their clocks
    too, each with one audit event (``sigap.intake.hooks``; runs in that transaction, the complaint locked
    and its actor checked there). Returns how many were cancelled."""
    planned = list(
        OutreachVisit.objects.select_for_update()
        .filter(complaint_id=complaint.pk, status=OutreachStatus.PLANNED)
        .select_related("unit")
        .order_by("pk")
    )
    if not planned:
        return 0
    case = _case_of(complaint.case_id)
    now, reason = timezone.now(), _("outreach ended on the complaint")
    for row in planned:
        row.status, row.cancel_reason, row.closed_at, row.closed_by = OutreachStatus.CANCELLED, reason, now, actor
        row.save(update_fields=["status", "cancel_reason", "closed_at", "closed_by"])
        work_item_cancel(target=row, kind=OUTREACH_VISIT, by=actor)
        _audit(actor=actor, visit=row, complaint=complaint, case=case, event="cancelled", request=request)
    return len(planned)


@transaction.atomic
def outreach_cancel(
    *, actor: User, visit: OutreachVisit, reason: str, request: HttpRequest | None = None
) -> OutreachVisit:
    """The planned visit will not take place (the reason is kept, encrypted); its clock is cancelled."""
    row, complaint, case = _locked_visit(visit, actor)
    text = _text(reason)
    if not text:
        raise TransitionRefused(_("Give the reason for cancelling the visit."))
    row.status, row.cancel_reason = OutreachStatus.CANCELLED, text
    row.closed_at, row.closed_by = timezone.now(), actor
    row.save(update_fields=["status", "cancel_reason", "closed_at", "closed_by"])
    work_item_cancel(target=row, kind=OUTREACH_VISIT, by=actor)
    _audit(actor=actor, visit=row, complaint=complaint, case=case, event="cancelled", request=request)
    return row
