"""Reminders of an expiring cooperation agreement: 60 and 30 days before it ends, to the HEAD of the unit.

Each lead time is a work item of ``sigap.work`` on the agreement, opened by the hourly step
(:func:`agreement_reminders_open`) on the day it falls due, with a REMINDER notification. The 30-day item
replaces the 60-day one (cancelled). Both are due when the agreement ends (midnight after ``valid_until``
in the unit's time zone). A renewal (a later agreement with the same partner) closes them as done; a lead
whose item already existed is never opened again, so a reminder closed by hand does not come back.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Membership, Role
from sigap.partners.models import Agreement
from sigap.work.kinds import register_kind
from sigap.work.models import Notification
from sigap.work.services import notification_send, work_item_cancel, work_item_done, work_item_last, work_item_open

LEADS = (60, 30)
LABELS = {
    60: _("A cooperation agreement with a partner ends within 60 days: renew it"),
    30: _("A cooperation agreement with a partner ends within 30 days: renew it"),
}


def kind_key(lead: int) -> str:
    return f"partner_agreement_{lead}"


def register_agreement_kinds() -> None:
    for lead in LEADS:
        register_kind(kind_key(lead), LABELS[lead], escalate=False, url_name="partners:agreement_go")


def end_moment(agreement: Agreement) -> dt.datetime:
    assert agreement.valid_until is not None
    day_after = agreement.valid_until + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(0), tzinfo=agreement.partner.unit.zone)


def _renewed(agreement: Agreement) -> bool:
    later = Agreement.objects.filter(partner_id=agreement.partner_id).exclude(pk=agreement.pk)
    assert agreement.valid_until is not None
    return (
        later.filter(valid_until__isnull=True).exists() or later.filter(valid_until__gt=agreement.valid_until).exists()
    )


def agreement_reminders_open(*, now: dt.datetime | None = None) -> int:
    """Open the reminder of every agreement that reached a lead time (the hourly step); how many opened."""
    now = now or timezone.now()
    horizon = now.date() + dt.timedelta(days=LEADS[0] + 1)
    candidates = Agreement.objects.filter(
        valid_until__isnull=False,
        valid_until__gte=now.date() - dt.timedelta(days=1),
        valid_until__lte=horizon,
        partner__is_active=True,
    )
    opened = 0
    for agreement in candidates.select_related("partner__unit").order_by("pk"):
        unit = agreement.partner.unit
        assert agreement.valid_until is not None
        days_left = (agreement.valid_until - timezone.localdate(now, unit.zone)).days
        due = [lead for lead in LEADS if days_left <= lead]
        if not due or days_left < 0 or _renewed(agreement):
            continue
        lead = min(due)
        if work_item_last(target=agreement, kind=kind_key(lead)) is not None:
            continue
        head = (
            Membership.objects.filter(unit=unit, role=Role.HEAD, is_active=True, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if head is None:
            continue
        for longer in LEADS:
            if longer > lead:
                work_item_cancel(target=agreement, kind=kind_key(longer))
        item = work_item_open(
            unit=unit,
            kind=kind_key(lead),
            target=agreement,
            due_at=end_moment(agreement),
            responsible=head.user,
            title_key=re.sub(r"[^A-Za-z0-9/._-]", "-", f"{agreement.kind}-{agreement.number}")[:60],
        )
        notification_send(kind=Notification.Kind.REMINDER, deliveries=[(item, head.user.pk)])
        opened += 1
    return opened


def agreement_reminders_close(*, agreement: Agreement, renewed: bool) -> None:
    close = work_item_done if renewed else work_item_cancel
    for lead in LEADS:
        close(target=agreement, kind=kind_key(lead))
