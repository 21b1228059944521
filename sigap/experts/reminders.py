"""Reminders of an expiring credential (issue #13): 60, 30 and 7 days before it lapses, to the expert and the HEAD.

Each lead time is a work item of ``sigap.work`` on the credential, opened by the hourly step
(:func:`credential_reminders_open`) on the day it falls due, with an immediate REMINDER notification (the bell
and the e-mail digest). The item of a shorter lead replaces the longer one (cancelled), so a person has one open
item per credential at a time. All are due when the credential stops being valid (the start of the day after
``valid_until`` in the unit's time zone); only the expert's 7-day item is marked missed and escalated to the
HEAD when that moment passes, since from then the expert is not licensed and the session guard refuses
psychological services (Permenkes 45/2017 Pasal 3 and 5; domain.md §E5 asks the 60-day alert).

A renewed credential (same kind, valid longer) closes the reminders as done (``credential_add``); an ended
credential cancels them (``credential_end``). A lead whose item already existed is never opened again, so a
reminder closed by hand does not come back the next hour.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Membership, Role
from sigap.experts.models import Credential
from sigap.work.kinds import register_kind
from sigap.work.models import Notification
from sigap.work.services import notification_send, work_item_cancel, work_item_done, work_item_last, work_item_open

LEADS = (60, 30, 7)
RECIPIENTS = ("expert", "head")
LABELS = {
    60: _("A credential expires within 60 days: renew it (an expert without a valid licence may not serve)"),
    30: _("A credential expires within 30 days: renew it (an expert without a valid licence may not serve)"),
    7: _("A credential expires within 7 days: renew it (an expert without a valid licence may not serve)"),
}


def kind_key(lead: int, recipient: str) -> str:
    return f"expert_credential_{lead}_{recipient}"


def all_kind_keys() -> list[str]:
    return [kind_key(lead, recipient) for lead in LEADS for recipient in RECIPIENTS]


def register_credential_kinds() -> None:
    for lead in LEADS:
        for recipient in RECIPIENTS:
            register_kind(
                kind_key(lead, recipient),
                LABELS[lead],
                # Only the expert's last reminder is an obligation whose miss reaches the HEAD; the earlier
                # ones are replaced before they fall due, and the HEAD's own would escalate to themselves.
                escalate=lead == LEADS[-1] and recipient == "expert",
                url_name="experts:credential_go",
            )


def lapse_moment(credential: Credential) -> dt.datetime:
    """When the credential stops being valid: midnight after ``valid_until`` in the unit's time zone."""
    assert credential.valid_until is not None
    day_after = credential.valid_until + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(0), tzinfo=credential.profile.unit.zone)


def _renewed(credential: Credential) -> bool:
    """Is there another credential of the same kind, not ended, valid beyond this one's end?"""
    return (
        Credential.objects.filter(profile_id=credential.profile_id, kind=credential.kind, ended_at__isnull=True)
        .exclude(pk=credential.pk)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=credential.valid_until))
        .exists()
    )


def _current_lead(days_left: int) -> int | None:
    due = [lead for lead in LEADS if days_left <= lead]
    return min(due) if due else None


def credential_reminders_open(*, now: dt.datetime | None = None) -> int:
    """Open the reminder of every credential that reached a lead time (the hourly step); how many opened.

    Idempotent: a lead whose item exists (in any state) is skipped. An expert no longer active in the
    unit gets none (nobody to remind); a unit without an active HEAD gives the HEAD's item to nobody.
    """
    now = now or timezone.now()
    # The widest window over every time zone: the exact day count is taken per unit below.
    horizon = now.date() + dt.timedelta(days=LEADS[0] + 1)
    candidates = Credential.objects.filter(
        ended_at__isnull=True, valid_until__isnull=False, valid_until__gte=now.date() - dt.timedelta(days=1)
    ).filter(valid_until__lte=horizon)
    opened = 0
    for credential in candidates.select_related("profile__unit", "profile__user").order_by("pk"):
        unit = credential.profile.unit
        assert credential.valid_until is not None
        days_left = (credential.valid_until - timezone.localdate(now, unit.zone)).days
        lead = _current_lead(days_left)
        if lead is None or days_left < 0 or _renewed(credential):
            continue
        expert_active = Membership.objects.filter(
            user=credential.profile.user, unit=unit, role=Role.EXPERT, is_active=True, user__is_active=True
        ).exists()
        head = (
            Membership.objects.filter(unit=unit, role=Role.HEAD, is_active=True, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        responsible = {
            "expert": credential.profile.user if expert_active else None,
            "head": head.user if head is not None else None,
        }
        for recipient, user in responsible.items():
            if not user or work_item_last(target=credential, kind=kind_key(lead, recipient)) is not None:
                continue
            for longer in LEADS:
                if longer > lead:
                    work_item_cancel(target=credential, kind=kind_key(longer, recipient))
            item = work_item_open(
                unit=unit,
                kind=kind_key(lead, recipient),
                target=credential,
                due_at=lapse_moment(credential),
                responsible=user,
                title_key=f"{credential.kind}-{credential.pk}",
            )
            notification_send(kind=Notification.Kind.REMINDER, deliveries=[(item, user.pk)])
            opened += 1
    return opened


def credential_reminders_close(*, credential: Credential, renewed: bool) -> None:
    """Close the credential's open reminders: done when renewed, cancelled when the credential ended."""
    close = work_item_done if renewed else work_item_cancel
    for key in all_kind_keys():
        close(target=credential, kind=key)


def credential_reminders_renewed(*, renewal: Credential) -> None:
    """A new credential was recorded: close the reminders of those of the same kind it outlasts."""
    older = Credential.objects.filter(profile_id=renewal.profile_id, kind=renewal.kind).exclude(pk=renewal.pk)
    if renewal.valid_until is not None:
        older = older.filter(valid_until__lt=renewal.valid_until)
    for credential in older.filter(valid_until__isnull=False):
        credential_reminders_close(credential=credential, renewed=True)
