"""The scheduler step, run every minute by the worker: remind, mark missed, escalate, mail digests.

Idempotent, and safe with several workers on one PostgreSQL:

- Each step claims a batch of rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` in a short
  transaction, changes each row with an UPDATE that repeats the guard (``state = OPEN AND
  reminded_at IS NULL``...), and creates notifications, in the same transaction, only for the rows
  its own UPDATE changed. A second worker running at the same moment skips the rows the first
  holds; once the first commits, the rows no longer match the filter; and even without the lock
  the guarded UPDATE would find nothing left to change. So every reminder, miss and escalation
  happens exactly once, and running the tick twice in the same minute does nothing new
  (``tests/test_scheduler_postgres.py`` runs three workers at once).
- SQLite has no row locks: its ``BEGIN IMMEDIATE`` transactions (see settings) let one writer in at
  a time, which gives the same guarantee for the single-machine demo.
- E-mail is at-least-once: the digest is sent inside the transaction that marks the notifications
  mailed, so an SMTP failure rolls back and the next tick tries again.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sigap.accounts.drafts import kept_drafts_purge
from sigap.accounts.models import Membership, Role, User
from sigap.accounts.sessions import session_history_purge
from sigap.work.kinds import expiring_kind_keys, kind_or_fallback, quiet_kind_keys
from sigap.work.models import Notification, WorkItem
from sigap.work.services import notification_send

logger = logging.getLogger("sigap.work")

BATCH_SIZE = 200
ModelT = TypeVar("ModelT", bound=models.Model)

# Hourly steps of the apps above this floor: obligations opened by the calendar rather than by a user's action
# (a credential about to expire, a contract period about to end) and retention (recruitment applications past
# their period): ``fn(now=...) -> int`` (how many records it opened or purged). The work app cannot import
# them (the floors); they register here from ``ready()``. Each step must be idempotent: it runs every hour
# and may run twice.
HourlyStep = Callable[..., int]
_HOURLY_STEPS: dict[str, HourlyStep] = {}


def hourly_step_register(name: str, step: HourlyStep) -> None:
    """Run ``step(now=...)`` at the start of every hour (idempotent: ``ready()`` may run more than once)."""
    _HOURLY_STEPS[name] = step


def hourly_steps_run(*, now: datetime) -> int:
    """Run the registered hourly steps; one that fails is logged and does not stop the others."""
    opened = 0
    for name, step in sorted(_HOURLY_STEPS.items()):
        try:
            with transaction.atomic():
                opened += step(now=now)
        except Exception:
            logger.exception("hourly step failed", extra={"step": name})
    return opened


@dataclass
class TickResult:
    """What one tick changed (for the log line and the tests)."""

    reminded: int = 0
    missed: int = 0
    escalated: int = 0
    mailed: int = 0
    purged: int = 0
    hourly: int = 0  # records opened or purged by the apps' hourly steps


def _claim(queryset: models.QuerySet[ModelT], after_pk: int) -> list[ModelT]:
    """The next batch of rows after ``after_pk``, locked; rows another worker holds are skipped.

    ``of=("self",)`` keeps PostgreSQL from locking joined tables; SQLite ignores the whole clause.
    """
    locked = queryset.select_for_update(skip_locked=True, of=("self",))
    return list(locked.filter(pk__gt=after_pk).order_by("pk")[:BATCH_SIZE])


def _guarded(items: list[WorkItem], guard: dict[str, Any], **changes: Any) -> list[WorkItem]:
    """Apply ``changes`` to each item still matching ``guard``; the items this worker changed.

    The row lock of ``_claim`` already keeps other workers away on PostgreSQL; the guard makes the
    step correct even without it (a database without row locks, a lock ignored by mistake): an
    item changed by someone else in between matches no more, and gets no second notification.
    """
    return [item for item in items if WorkItem.objects.filter(pk=item.pk, **guard).update(**changes)]


def _remind(now: datetime) -> int:
    total, last = 0, 0
    due_soon = WorkItem.objects.filter(
        state=WorkItem.State.OPEN, reminded_at__isnull=True, remind_at__lte=now, due_at__gt=now
    )
    while True:
        with transaction.atomic():
            items = _claim(due_soon, last)
            if not items:
                return total
            last = items[-1].pk
            won = _guarded(items, {"state": WorkItem.State.OPEN, "reminded_at__isnull": True}, reminded_at=now)
            notification_send(kind=Notification.Kind.REMINDER, deliveries=[(item, item.responsible_id) for item in won])
            total += len(won)


def _expire(now: datetime) -> int:
    """Close the notices (an appointment's reminders) whose time has come: they are never "missed"."""
    return WorkItem.objects.filter(state=WorkItem.State.OPEN, due_at__lte=now, kind__in=expiring_kind_keys()).update(
        state=WorkItem.State.DONE, done_at=now
    )


def _miss(now: datetime) -> int:
    total, last = 0, 0
    overdue = WorkItem.objects.filter(state=WorkItem.State.OPEN, due_at__lte=now).exclude(kind__in=expiring_kind_keys())
    while True:
        with transaction.atomic():
            items = _claim(overdue, last)
            if not items:
                return total
            last = items[-1].pk
            won = _guarded(items, {"state": WorkItem.State.OPEN}, state=WorkItem.State.MISSED, missed_at=now)
            notification_send(kind=Notification.Kind.MISSED, deliveries=[(item, item.responsible_id) for item in won])
            total += len(won)


def _heads_by_unit(unit_ids: set[int]) -> dict[int, list[int]]:
    heads: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        unit_id__in=unit_ids, role=Role.HEAD, is_active=True, user__is_active=True
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in rows:
        heads[unit_id].append(user_id)
    return heads


def _escalate(now: datetime) -> int:
    """Escalate missed items to their unit's HEAD(s).

    An item of a unit without an active HEAD stays unescalated and is tried again each tick, so
    it reaches the HEAD appointed later. A HEAD who is also the responsible user already has the
    MISSED notification and gets no second one.
    """
    total, last = 0, 0
    # Kinds opt out of escalation; a kind unknown to this process escalates (a miss must reach a HEAD).
    pending = WorkItem.objects.filter(state=WorkItem.State.MISSED, escalated_at__isnull=True).exclude(
        kind__in=quiet_kind_keys()
    )
    while True:
        with transaction.atomic():
            items = _claim(pending, last)
            if not items:
                return total
            last = items[-1].pk
            heads = _heads_by_unit({item.unit_id for item in items})
            reachable = [item for item in items if heads.get(item.unit_id)]
            headless = sorted({item.unit_id for item in items if not heads.get(item.unit_id)})
            if headless:
                logger.warning("work items cannot be escalated: unit has no active head", extra={"units": headless})
            if not reachable:
                continue
            won = _guarded(reachable, {"state": WorkItem.State.MISSED, "escalated_at__isnull": True}, escalated_at=now)
            notification_send(
                kind=Notification.Kind.ESCALATED,
                deliveries=[
                    (item, head_id) for item in won for head_id in heads[item.unit_id] if head_id != item.responsible_id
                ],
            )
            total += len(won)


def digest_text(counts: dict[str, int], details: list[str] | None = None) -> tuple[str, str]:
    """Subject and body of a digest: counts and a link only, never a name, a number or a case detail.

    Sent in the installation's language (Indonesian by default), since users pick no language. The one
    exception is ``details``: the lines of the notice kinds that write their own (``WorkKind.mail_line``:
    an appointment's kind, time, reference number and room, so an expert knows where to be), never a name.
    """
    with translation.override(settings.LANGUAGE_CODE):
        lines = list(details or [])
        reminders = counts.get(Notification.Kind.REMINDER, 0)
        missed = counts.get(Notification.Kind.MISSED, 0)
        escalated = counts.get(Notification.Kind.ESCALATED, 0)
        if reminders:
            lines.append(
                ngettext(
                    "You have %(count)d task that falls due soon in Sigap.",
                    "You have %(count)d tasks that fall due soon in Sigap.",
                    reminders,
                )
                % {"count": reminders}
            )
        if missed:
            lines.append(
                ngettext(
                    "You have %(count)d task past its deadline in Sigap.",
                    "You have %(count)d tasks past their deadline in Sigap.",
                    missed,
                )
                % {"count": missed}
            )
        if escalated:
            lines.append(
                ngettext(
                    "%(count)d task of your unit is past its deadline and was escalated to you.",
                    "%(count)d tasks of your unit are past their deadline and were escalated to you.",
                    escalated,
                )
                % {"count": escalated}
            )
        handed = counts.get(Notification.Kind.HANDED, 0)
        decided = counts.get(Notification.Kind.APPROVED, 0) + counts.get(Notification.Kind.RETURNED, 0)
        if handed:
            lines.append(
                ngettext(
                    "%(count)d new task was handed to you in Sigap.",
                    "%(count)d new tasks were handed to you in Sigap.",
                    handed,
                )
                % {"count": handed}
            )
        if decided:
            lines.append(
                ngettext(
                    "The head decided on %(count)d of your requests in Sigap.",
                    "The head decided on %(count)d of your requests in Sigap.",
                    decided,
                )
                % {"count": decided}
            )
        base_url = settings.SIGAP_BASE_URL.rstrip("/")
        lines.append("")
        if base_url:
            url = f"{base_url}{reverse('work:my_work')}"
            lines.append(_("Log in to Sigap to see them: %(url)s") % {"url": url})
        else:
            lines.append(_("Log in to Sigap and open My work to see them."))
        lines.append(_("This message holds no case details on purpose."))
        subject = _("Sigap: tasks need your attention")
    return subject, "\n".join(lines) + "\n"


def _mail_one(recipient_id: int, now: datetime) -> bool:
    """Mail one user the digest of their unmailed notifications; True when a message was sent."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id=recipient_id, mailed_at__isnull=True)
            .values_list("pk", "kind", "work_item_id")
        )
        if not pending:
            return False
        Notification.objects.filter(pk__in=[pk for pk, _kind, _item in pending], mailed_at__isnull=True).update(
            mailed_at=now
        )
        user = User.objects.filter(pk=recipient_id).values("email", "is_active").first()
        if user is None or not user["is_active"] or not user["email"]:
            # Nothing to mail: the bell still shows the notifications.
            return False
        counts: Counter[str] = Counter()
        details = _detail_lines([item for _pk, kind, item in pending if kind == Notification.Kind.REMINDER])
        for _pk, kind, item_id in pending:
            if not (kind == Notification.Kind.REMINDER and item_id in details):
                counts[kind] += 1
        subject, body = digest_text(counts, [line for line in details.values() if line])
        EmailMessage(subject=subject, body=body, to=[user["email"]]).send()
        return True


def _detail_lines(item_ids: list[int | None]) -> dict[int | None, str]:
    """The digest lines of the reminded items whose kind writes its own line (by item id)."""
    items = WorkItem.objects.filter(pk__in=[pk for pk in item_ids if pk is not None]).order_by("due_at", "pk")
    lines: dict[int | None, str] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for item in items:
            writer = kind_or_fallback(item.kind).mail_line
            if writer is not None:
                lines[item.pk] = writer(item)
    return lines


def notifications_mail(*, now: datetime) -> int:
    """Send each user one e-mail digest covering their notifications not yet mailed."""
    recipient_ids = list(
        Notification.objects.filter(mailed_at__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in recipient_ids:
        try:
            sent += _mail_one(recipient_id, now)
        except Exception:
            # One unreachable mailbox must not stop the others; the rollback keeps them for the next tick.
            logger.exception("work digest mail failed", extra={"recipient_id": recipient_id})
    return sent


def work_items_tick(*, now: datetime | None = None, hourly_due: bool | None = None) -> TickResult:
    """One scheduler step at ``now`` (default: the current time). Safe to run at any moment, twice.

    ``hourly_due`` runs the hourly steps (default: on the hour). The worker's loop passes True on its first
    tick and whenever the hour changed since the last good tick, so a worker started mid-hour, or one that
    missed the tick of minute 0, does not leave a day's reminders unopened for up to an hour (walk #13, 7).
    """
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    run_hourly = now.minute == 0 if hourly_due is None else hourly_due
    # Obligations opened by the calendar come first, so their first reminder goes out in this tick.
    hourly = hourly_steps_run(now=now) if run_hourly else 0
    result = TickResult(reminded=_remind(now), missed=_miss(now), escalated=_escalate(now), hourly=hourly)
    _expire(now)
    result.mailed = notifications_mail(now=now)
    if run_hourly:
        # Hourly housekeeping: session history older than it is kept for (it holds network addresses).
        result.purged = session_history_purge(now=now)
    # Typed text kept after a session ended lives 30 minutes at most (issue #21); usually nothing to do.
    result.purged += kept_drafts_purge(now=now)
    if result.reminded or result.missed or result.escalated or result.mailed or result.purged or result.hourly:
        extra: dict[str, Any] = dict(vars(result))
        logger.info("work tick", extra=extra)
    return result
