"""Reminders of unanswered referrals (the hourly step ``referrals.unanswered``).

A referral still SENT (the partner neither accepted nor declined it) once its ``response_due`` day has
passed in the unit's time zone gets a work item of kind ``referral_unanswered`` for the case manager (the
sender when the case has none), with an immediate REMINDER. The item is due ``ESCALATE_AFTER`` later: if
the partner still has not answered by then, the scheduler marks it missed and escalates it to the HEAD.
The partner's answer (or a withdrawal) closes it. One item per referral: a reminder closed by hand does
not come back the next hour.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sigap.cases.models import CaseTeamMember, TeamRole
from sigap.referrals.kinds import UNANSWERED
from sigap.referrals.models import Direction, Referral, Status
from sigap.work.models import Notification
from sigap.work.services import notification_send, work_item_last, work_item_open

ESCALATE_AFTER = dt.timedelta(days=2)
DUE_HOUR = dt.time(9, 0)


def unanswered_reminders_open(*, now: dt.datetime | None = None) -> int:
    """Open the reminder of every referral unanswered after its due day; how many opened."""
    now = now or timezone.now()
    # The widest window over every time zone: the exact day is taken per unit below.
    candidates = Referral.objects.filter(
        direction=Direction.OUT, status=Status.SENT, response_due__lt=now.date() + dt.timedelta(days=1)
    ).select_related("unit", "case", "created_by")
    opened = 0
    for referral in candidates.order_by("response_due", "pk"):
        zone = referral.unit.zone
        if referral.response_due >= timezone.localdate(now, zone):
            continue
        if work_item_last(target=referral, kind=UNANSWERED) is not None:
            continue
        assert referral.case_id is not None  # a referral out always has its case
        manager = (
            CaseTeamMember.objects.filter(case_id=referral.case_id, is_active=True, team_role=TeamRole.CASE_MANAGER)
            .select_related("user")
            .first()
        )
        responsible = manager.user if manager is not None else referral.created_by
        day_after = referral.response_due + dt.timedelta(days=1)
        item = work_item_open(
            unit=referral.unit,
            kind=UNANSWERED,
            target=referral,
            due_at=dt.datetime.combine(day_after, DUE_HOUR, tzinfo=zone) + ESCALATE_AFTER,
            responsible=responsible,
            title_key=referral.number.replace(" ", "-")[:60],
        )
        notification_send(kind=Notification.Kind.REMINDER, deliveries=[(item, responsible.pk)])
        opened += 1
    return opened
