"""Writes of the work app: open, close and reassign work items; in-app notifications.

The scheduler step (reminders, misses, escalation, e-mail digests) lives in ``sigap.work.scheduler``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Unit, User
from sigap.work.kinds import get_kind
from sigap.work.models import Notification, WorkItem

CLOSABLE_STATES = (WorkItem.State.OPEN, WorkItem.State.MISSED)


def _target_filter(*, target: models.Model, kind: str) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(target),
        "object_id": str(target.pk),
        "kind": kind,
    }


def _check_responsible(*, unit: Unit, responsible: User) -> None:
    if not responsible.is_active or not Membership.objects.filter(user=responsible, unit=unit, is_active=True).exists():
        raise ValidationError(_("The responsible user must be an active member of the unit."))


@transaction.atomic
def work_item_open(
    *,
    unit: Unit,
    kind: str,
    target: models.Model,
    due_at: datetime,
    responsible: User,
    title_key: str,
) -> WorkItem:
    """Open the obligation ``kind`` on ``target``, due at ``due_at``, for ``responsible``.

    Called by the service that creates the obligation, inside its own transaction. If an open item
    of that kind already exists for the target it is returned unchanged (a double submit opens
    nothing new); use ``work_item_reassign`` to change who is responsible. ``title_key`` is the
    target's reference number (e.g. the case number), never a name.
    """
    spec = get_kind(kind)
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be timezone-aware")
    if target.pk is None:
        raise ValueError("the target must be saved before its work item is opened")
    _check_responsible(unit=unit, responsible=responsible)
    lookup = _target_filter(target=target, kind=kind)
    existing = WorkItem.objects.select_for_update().filter(state=WorkItem.State.OPEN, **lookup).first()
    if existing is not None:
        return existing
    item = WorkItem(
        unit=unit,
        kind=spec.key,
        content_type=lookup["content_type"],
        object_id=lookup["object_id"],
        title_key=title_key,
        responsible=responsible,
        due_at=due_at,
        remind_at=due_at - spec.remind_before if spec.remind_before else None,
    )
    item.full_clean()
    item.save()
    return item


# The notifications that ask someone to act on the item: once it is done or cancelled there is nothing
# left to act on, so they no longer count under the bell. A decision's news (APPROVED, RETURNED) is
# sent after the close and stays unread until seen.
ACTION_NOTIFICATIONS = (
    Notification.Kind.REMINDER,
    Notification.Kind.MISSED,
    Notification.Kind.ESCALATED,
    Notification.Kind.HANDED,
)


def _close(*, target: models.Model, kind: str, state: str, stamp_field: str, by: User | None) -> int:
    now = timezone.now()
    # The state guard makes closing idempotent and safe against a concurrent scheduler: an item
    # the scheduler has just marked MISSED is still closed; a closed item is never touched again.
    closing = WorkItem.objects.filter(state__in=CLOSABLE_STATES, **_target_filter(target=target, kind=kind))
    ids = list(closing.values_list("pk", flat=True))
    if not ids:
        return 0
    closed = closing.filter(pk__in=ids).update(state=state, closed_by=by, **{stamp_field: now})
    # Walk of #12: the HEAD's bell still counted reminders of items already "Done".
    Notification.objects.filter(work_item_id__in=ids, kind__in=ACTION_NOTIFICATIONS, read_at__isnull=True).update(
        read_at=now
    )
    return closed


@transaction.atomic
def work_item_done(*, target: models.Model, kind: str, by: User | None = None) -> int:
    """Close the open (or missed) item ``kind`` of ``target`` as fulfilled; returns how many closed.

    A missed item done late stays marked by its ``missed_at``: reports can still count it as late.
    """
    get_kind(kind)
    return _close(target=target, kind=kind, state=WorkItem.State.DONE, stamp_field="done_at", by=by)


@transaction.atomic
def work_item_cancel(*, target: models.Model, kind: str, by: User | None = None) -> int:
    """Cancel the open (or missed) item ``kind`` of ``target`` (the obligation no longer exists)."""
    get_kind(kind)
    return _close(target=target, kind=kind, state=WorkItem.State.CANCELLED, stamp_field="cancelled_at", by=by)


@transaction.atomic
def work_item_reassign(*, target: models.Model, kind: str, responsible: User) -> WorkItem | None:
    """Give the open item ``kind`` of ``target`` to another member of its unit (None: no open item)."""
    item = (
        WorkItem.objects.select_for_update()
        .filter(state=WorkItem.State.OPEN, **_target_filter(target=target, kind=kind))
        .first()
    )
    if item is None:
        return None
    _check_responsible(unit=item.unit, responsible=responsible)
    item.responsible = responsible
    item.save(update_fields=["responsible"])
    return item


def notification_send(*, kind: str, deliveries: Iterable[tuple[WorkItem, int]]) -> list[Notification]:
    """Create the in-app notifications ``kind``: one per (work item, recipient id) pair, duplicates dropped.

    The e-mail digest follows in the scheduler step (``notifications_mail``). Runs inside the
    caller's transaction, so a notification exists exactly when the state change that caused it is
    committed. Rows hold codes and ids only; the text is built when shown.
    """
    seen: set[tuple[int, int]] = set()
    rows = []
    for item, recipient_id in deliveries:
        if (item.pk, recipient_id) in seen:
            continue
        seen.add((item.pk, recipient_id))
        rows.append(Notification(recipient_id=recipient_id, unit_id=item.unit_id, kind=kind, work_item=item))
    return Notification.objects.bulk_create(rows)


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (or all of them when no id is given).

    Raises ``Notification.DoesNotExist`` for an id that is not the user's: the view answers 404.
    """
    now = timezone.now()
    mine = Notification.objects.filter(recipient=user)
    if notification_id is None:
        return mine.filter(read_at__isnull=True).update(read_at=now)
    notification = mine.get(pk=notification_id)
    if notification.read_at is not None:
        return 0
    notification.read_at = now
    notification.save(update_fields=["read_at"])
    return 1


def work_item_last(*, target: models.Model, kind: str) -> WorkItem | None:
    """The most recent item ``kind`` of ``target`` in any state (None: there never was one)."""
    return WorkItem.objects.filter(**_target_filter(target=target, kind=kind)).order_by("-created_at", "-pk").first()


@transaction.atomic
def work_item_hand(
    *,
    unit: Unit,
    kind: str,
    target: models.Model,
    due_at: datetime,
    responsible: User,
    title_key: str,
    actor: User | None = None,
) -> WorkItem:
    """Open the item (``work_item_open``) and tell ``responsible`` at once: a HANDED notification.

    For hand-offs, where the person must act: the bell and the next e-mail digest say so the moment
    the task is given, not only when its reminder falls due. A double submit tells nobody twice, and
    nobody is told about a task they gave themselves (``actor``).
    """
    existing = WorkItem.objects.filter(state=WorkItem.State.OPEN, **_target_filter(target=target, kind=kind)).exists()
    item = work_item_open(
        unit=unit, kind=kind, target=target, due_at=due_at, responsible=responsible, title_key=title_key
    )
    if not existing and (actor is None or actor.pk != responsible.pk):
        notification_send(kind=Notification.Kind.HANDED, deliveries=[(item, responsible.pk)])
    return item


def work_decision_tell(*, target: models.Model, kind: str, approved: bool, recipients: Iterable[User | None]) -> None:
    """Tell ``recipients`` (the requester, the case manager) that the HEAD decided on the item ``kind``.

    The notification points at the item that waited for the decision (its reference and subject make
    the text); a recipient who is the decider, or missing, is skipped. Call in the deciding transaction.
    """
    item = work_item_last(target=target, kind=kind)
    if item is None:
        return
    decider = item.closed_by_id
    ids = [user.pk for user in recipients if user is not None and user.pk != decider]
    kind_value = Notification.Kind.APPROVED if approved else Notification.Kind.RETURNED
    notification_send(kind=kind_value, deliveries=[(item, user_id) for user_id in ids])
