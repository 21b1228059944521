"""Recording a follow-up: its safety, wellbeing, the goals' progress and the empowerment indicators, in one step.

Any new violence is recorded as a new incident of the case **and** takes the case back to assessment in the same
transaction (domain.md §B2: "needs change → ASESMEN"; a closed case is reopened, "new incident"): the follow-up,
the incident, the state change and their audit events commit together or not at all. Three follow-ups in a row
without reaching the victim hand the HEAD a work item (the closure reason "cannot be contacted" is hers to weigh).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, User
from sigap.cases.models import Case, CaseState, Incident, ReopenReason
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.closure import case_reopen
from sigap.cases.services.incident import IncidentData, incident_record
from sigap.cases.services.lifecycle import case_revise
from sigap.empowerment.kinds import FOLLOW_UP_DUE, NOT_REACHED
from sigap.empowerment.models import (
    FollowUp,
    FollowUpMode,
    FollowUpStatus,
    GoalsProgress,
    IncomeBand,
    OutcomeRecord,
    Wellbeing,
)
from sigap.empowerment.services.common import audit_empowerment, check_manager, clean_text, locked_case
from sigap.work.services import work_item_done, work_item_hand

NOT_REACHED_LIMIT = 3
NOT_REACHED_DAYS = 7


@dataclass
class Indicators:
    """The empowerment indicators of one follow-up."""

    income_band: str
    business_running: bool = False
    employed: bool = False
    documents_complete: bool = False
    enrolled_assistance: bool = False
    independent: bool = False


@dataclass
class FollowUpData:
    """What the follow-up form collected. ``reached`` False: only the mode, the day and the notes count."""

    mode: str
    held_on: dt.date
    reached: bool
    new_violence: bool = False
    wellbeing: str = ""
    goals_progress: str = ""
    notes: str = ""
    indicators: Indicators | None = None


def suggest_independent(*, income_band: str, documents_complete: bool) -> bool:
    """The rule that proposes "independent" (the case manager decides against the unit's definition): her own
    income and complete civil documents."""
    return income_band in IncomeBand.values and income_band != IncomeBand.NONE and documents_complete


def _check(data: FollowUpData, incident: IncidentData | None, today: dt.date) -> None:
    if data.mode not in FollowUpMode.values:
        raise TransitionRefused(_("Choose how the follow-up was done."))
    if data.held_on > today:
        raise TransitionRefused(_("The follow-up cannot be recorded for a day in the future."))
    if not data.reached:
        if data.new_violence:
            raise TransitionRefused(_("New violence is recorded only when the victim was reached."))
        return
    if data.wellbeing not in Wellbeing.values:
        raise TransitionRefused(_("Choose the victim's wellbeing."))
    if data.goals_progress not in GoalsProgress.values:
        raise TransitionRefused(_("Choose how far the goals of the plan are met."))
    if data.indicators is None or data.indicators.income_band not in IncomeBand.values:
        raise TransitionRefused(_("Choose the victim's own income."))
    if data.new_violence and incident is None:
        raise TransitionRefused(_("Record the new incident with the follow-up."))


def _target(locked: Case, follow_up: FollowUp | None, now: dt.datetime) -> FollowUp:
    if follow_up is not None:
        row = FollowUp.objects.select_for_update().get(pk=follow_up.pk, case=locked)
        if row.status != FollowUpStatus.SCHEDULED:
            raise TransitionRefused(_("This follow-up is already recorded or cancelled."))
        return row
    if locked.state == CaseState.ARSIP:
        raise TransitionRefused(_("An archived case takes no follow-up."))
    return FollowUp(case=locked, created_at=now, post_closure=locked.state == CaseState.TERMINASI)


def _relapse(*, actor: User, case: Case, incident: IncidentData, request: HttpRequest | None) -> tuple[Case, Incident]:
    """The new incident, and the case back to assessment (reopened when closed). Returns the case and incident."""
    note = _("New violence reported at a follow-up.")
    if case.state == CaseState.TERMINASI:
        case = case_reopen(actor=actor, case=case, reason=ReopenReason.NEW_INCIDENT, note=note, request=request)
        recorded = incident_record(actor=actor, case=case, data=incident, request=request)
    else:
        recorded = incident_record(actor=actor, case=case, data=incident, request=request)
        if case.state == CaseState.PEMANTAUAN:
            case = case_revise(actor=actor, case=case, to_state=CaseState.ASESMEN, note=note, request=request)
    return case, recorded


@transaction.atomic
def follow_up_record(
    *,
    actor: User,
    case: Case,
    data: FollowUpData,
    follow_up: FollowUp | None = None,
    incident: IncidentData | None = None,
    request: HttpRequest | None = None,
) -> FollowUp:
    """Record a scheduled follow-up (``follow_up``) or one outside the schedule (after closure: post-closure,
    without reopening the case). See the module docstring for new violence and "could not be reached"."""
    locked = locked_case(case)
    check_manager(actor, locked)
    now = timezone.now()
    _check(data, incident, timezone.localdate(now, locked.unit.zone))
    row = _target(locked, follow_up, now)
    scheduled = row.sequence is not None
    row.status = FollowUpStatus.DONE if data.reached else FollowUpStatus.NOT_REACHED
    row.mode, row.held_on, row.notes = data.mode, data.held_on, clean_text(data.notes)
    row.new_violence = data.reached and data.new_violence
    row.wellbeing = data.wellbeing if data.reached else ""
    row.goals_progress = data.goals_progress if data.reached else ""
    row.recorded_at, row.recorded_by = now, actor
    row.full_clean()
    row.save()
    if data.reached and data.indicators is not None:
        values = data.indicators
        OutcomeRecord.objects.create(
            case=locked,
            follow_up=row,
            income_band=values.income_band,
            business_running=values.business_running,
            employed=values.employed,
            documents_complete=values.documents_complete,
            enrolled_assistance=values.enrolled_assistance,
            independent=values.independent,
            suggested_independent=suggest_independent(
                income_band=values.income_band, documents_complete=values.documents_complete
            ),
            recorded_at=now,
            recorded_by=actor,
        )
    audit_empowerment(
        actor=actor,
        case=locked,
        event="follow_up",
        follow_up=str(row.pk),
        status=row.status,
        mode=row.mode,
        sequence=row.sequence,
        post_closure=row.post_closure,
        new_violence=row.new_violence,
        request=request,
    )
    if scheduled:
        work_item_done(target=row, kind=FOLLOW_UP_DUE, by=actor)
    if row.new_violence and incident is not None:
        _case, recorded = _relapse(actor=actor, case=locked, incident=incident, request=request)
        row.incident = recorded
        row.save(update_fields=["incident"])
    if row.status == FollowUpStatus.NOT_REACHED:
        _not_reached_check(actor=actor, case=locked, now=now)
    return row


def not_reached_streak(case: Case) -> int:
    """How many of the case's last recorded follow-ups in a row did not reach the victim."""
    statuses = (
        FollowUp.objects.filter(case=case, status__in=[FollowUpStatus.DONE, FollowUpStatus.NOT_REACHED])
        .order_by("-recorded_at")
        .values_list("status", flat=True)[:NOT_REACHED_LIMIT]
    )
    streak = 0
    for status in statuses:
        if status != FollowUpStatus.NOT_REACHED:
            break
        streak += 1
    return streak


def _not_reached_check(*, actor: User, case: Case, now: dt.datetime) -> None:
    if not_reached_streak(case) < NOT_REACHED_LIMIT:
        return
    head = (
        Membership.objects.filter(unit_id=case.unit_id, role=Role.HEAD, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    audit_empowerment(actor=actor, case=case, event="not_reached", count=NOT_REACHED_LIMIT)
    if head is not None:
        work_item_hand(
            unit=case.unit,
            kind=NOT_REACHED,
            target=case,
            due_at=now + dt.timedelta(days=NOT_REACHED_DAYS),
            responsible=head.user,
            title_key=case.number,
            actor=actor,
        )
