"""The follow-up schedule of a case under monitoring, and the hourly step that opens each follow-up's work item.

- Entering ``PEMANTAUAN`` (the case file's "state changed" hook, inside the transition's transaction): one
  scheduled follow-up per month of the unit's schedule (default 1, 3, 6, 12), counted from the day monitoring
  begins in the unit's time zone (a missing day falls back to the month's last).
- Leaving monitoring (back to assessment or the plan, or closed): the scheduled follow-ups are cancelled with
  their work items. A later return to monitoring schedules afresh.
- Each hour (``follow_up_items_open``): a scheduled follow-up within ``kinds.OPEN_LEAD`` of its day gets its
  work item, for the case manager (the HEAD when the case has none): reminded on the day, missed and escalated
  to the HEAD a week after (``kinds.GRACE``) by the work scheduler.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from sigap.accounts.models import Membership, Role, User
from sigap.cases.models import Case, CaseState, CaseTeamMember, TeamRole
from sigap.empowerment.kinds import FOLLOW_UP_DUE, GRACE, OPEN_LEAD
from sigap.empowerment.models import DEFAULT_SCHEDULE_MONTHS, EmpowermentSettings, FollowUp, FollowUpStatus
from sigap.empowerment.services.common import audit_empowerment
from sigap.work.services import work_item_cancel, work_item_open


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on; the 31st becomes the month's last day where it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_months(unit_id: int) -> list[int]:
    row = EmpowermentSettings.objects.filter(unit_id=unit_id).only("schedule_months").first()
    months = row.months if row is not None else []
    return months or list(DEFAULT_SCHEDULE_MONTHS)


def schedule_open(*, actor: User | None, case: Case, now: dt.datetime | None = None) -> list[FollowUp]:
    """Schedule the follow-ups of ``case`` from today (call inside the transaction that starts monitoring)."""
    now = now or timezone.now()
    start = timezone.localdate(now, case.unit.zone)
    months = schedule_months(case.unit_id)
    rows = FollowUp.objects.bulk_create(
        [
            FollowUp(case=case, sequence=number, months_after=m, due_on=add_months(start, m), created_at=now)
            for number, m in enumerate(months, start=1)
        ]
    )
    audit_empowerment(actor=actor, case=case, event="schedule", months=months)
    return rows


def schedule_cancel(*, actor: User | None, case: Case) -> int:
    """Cancel the scheduled follow-ups of ``case`` and their work items; how many."""
    pending = list(FollowUp.objects.select_for_update().filter(case=case, status=FollowUpStatus.SCHEDULED))
    for follow_up in pending:
        work_item_cancel(target=follow_up, kind=FOLLOW_UP_DUE, by=actor)
    FollowUp.objects.filter(pk__in=[f.pk for f in pending]).update(status=FollowUpStatus.CANCELLED)
    if pending:
        audit_empowerment(actor=actor, case=case, event="schedule_cancelled", count=len(pending))
    return len(pending)


def schedule_on_state_change(*, actor: User, case: Case, old_state: str, new_state: str) -> None:
    """The case file's "state changed" hook (``sigap.cases.services.state_hooks``)."""
    if new_state == CaseState.PEMANTAUAN and old_state != CaseState.PEMANTAUAN:
        schedule_open(actor=actor, case=case)
    elif old_state == CaseState.PEMANTAUAN and new_state != CaseState.PEMANTAUAN:
        schedule_cancel(actor=actor, case=case)


def follow_up_responsible(case: Case) -> User | None:
    """The case's active case manager, else the unit's HEAD (None: tried again next hour)."""
    member = (
        CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.CASE_MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("assigned_at")
        .first()
    )
    if member is not None:
        return member.user
    head = (
        Membership.objects.filter(unit_id=case.unit_id, role=Role.HEAD, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return head.user if head is not None else None


def follow_up_due_at(follow_up: FollowUp, zone: dt.tzinfo) -> dt.datetime:
    """00.00 a week after the follow-up's day, in the unit's zone (the reminder falls on the day itself)."""
    assert follow_up.due_on is not None
    day = follow_up.due_on + GRACE
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def follow_up_title(case: Case, follow_up: FollowUp) -> str:
    """The work item's reference: the case number and the follow-up's number, never a name."""
    return f"{case.number}-FU{follow_up.sequence or 0}"


def follow_up_items_open(*, now: dt.datetime | None = None) -> int:
    """The hourly step: open the work item of each scheduled follow-up within two weeks of its day. Idempotent."""
    now = now or timezone.now()
    horizon = now.date() + OPEN_LEAD + dt.timedelta(days=1)  # the widest zone; each row checked in its unit's zone
    due = (
        FollowUp.objects.filter(status=FollowUpStatus.SCHEDULED, item_opened_at__isnull=True, due_on__lte=horizon)
        .select_related("case__unit")
        .order_by("due_on", "pk")
    )
    opened = 0
    for follow_up in due:
        case = follow_up.case
        assert follow_up.due_on is not None
        if follow_up.due_on - timezone.localdate(now, case.unit.zone) > OPEN_LEAD:
            continue
        responsible = follow_up_responsible(case)
        if responsible is None:
            continue
        work_item_open(
            unit=case.unit,
            kind=FOLLOW_UP_DUE,
            target=follow_up,
            due_at=follow_up_due_at(follow_up, case.unit.zone),
            responsible=responsible,
            title_key=follow_up_title(case, follow_up),
        )
        follow_up.item_opened_at = now
        follow_up.save(update_fields=["item_opened_at"])
        opened += 1
    return opened
