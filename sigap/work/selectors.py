"""Reads of the work app, always scoped to the user (their own items) or to their unit (the HEAD)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.timesince import timesince, timeuntil

from sigap.accounts.models import Membership, User
from sigap.work.kinds import approval_kind_keys
from sigap.work.models import Notification, WorkItem


@dataclass(frozen=True)
class Clock:
    """How an item stands against its deadline, for the badge on the page."""

    status: str  # "overdue", "soon" or "ok": the badge colour
    text: str  # "3 hours" (the template says "due in" or "overdue by")


def clock_of(item: WorkItem, now: datetime) -> Clock:
    if item.is_overdue(now):
        return Clock("overdue", timesince(item.due_at, now, depth=2))
    status = "soon" if item.is_due_soon(now) else "ok"
    return Clock(status, timeuntil(item.due_at, now, depth=2))


def my_open_work_items(*, user: User, exclude_kinds: list[str] | None = None) -> QuerySet[WorkItem]:
    """The user's open items, soonest first (``exclude_kinds``: kinds listed elsewhere on the page)."""
    items = WorkItem.objects.filter(responsible=user, state=WorkItem.State.OPEN)
    if exclude_kinds:
        items = items.exclude(kind__in=exclude_kinds)
    return items.order_by("due_at", "pk")


def my_missed_work_items(*, user: User) -> QuerySet[WorkItem]:
    """The user's own missed items still to be done (the obligation remains until done or cancelled)."""
    return WorkItem.objects.filter(responsible=user, state=WorkItem.State.MISSED).order_by("due_at", "pk")


def unit_missed_work_items(*, membership: Membership) -> QuerySet[WorkItem]:
    """The unit's missed items (escalated or awaiting escalation): the HEAD's view only."""
    if not membership.can_see_unit_cases:
        return WorkItem.objects.none()
    return (
        WorkItem.objects.filter(unit=membership.unit, state=WorkItem.State.MISSED)
        .select_related("responsible")
        .order_by("due_at", "pk")
    )


def unit_approval_queue(*, membership: Membership) -> QuerySet[WorkItem]:
    """Open items of the kinds that wait for a HEAD's decision (plans awaiting approval, ...)."""
    keys = approval_kind_keys()
    if not membership.can_see_unit_cases or not keys:
        return WorkItem.objects.none()
    return (
        WorkItem.objects.filter(unit=membership.unit, state=WorkItem.State.OPEN, kind__in=keys)
        .select_related("responsible")
        .order_by("due_at", "pk")
    )


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("work_item", "work_item__responsible")
        .order_by("-created_at", "-pk")
    )


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class WorkCounts:
    """The home page's work figures: the user's own, or for the HEAD the unit's misses and approvals."""

    overdue: int = 0
    open: int = 0
    unit_missed: int = 0
    approvals: int = 0


def my_work_counts(*, user: User, now: datetime) -> WorkCounts:
    """The user's open items and those past their due time (missed, or due and not yet marked): one query.

    The same rows My work lists (its own items and its missed ones).
    """
    figures = WorkItem.objects.filter(
        responsible=user, state__in=[WorkItem.State.OPEN, WorkItem.State.MISSED]
    ).aggregate(
        overdue=Count("pk", filter=Q(state=WorkItem.State.MISSED) | Q(due_at__lte=now)),
        open=Count("pk", filter=Q(state=WorkItem.State.OPEN)),
    )
    return WorkCounts(**figures)


def unit_work_counts(*, membership: Membership) -> WorkCounts:
    """The HEAD's unit: missed items and approvals waiting, as My work lists them (one query)."""
    if not membership.can_see_unit_cases:
        return WorkCounts()
    figures = WorkItem.objects.filter(
        unit=membership.unit, state__in=[WorkItem.State.OPEN, WorkItem.State.MISSED]
    ).aggregate(
        unit_missed=Count("pk", filter=Q(state=WorkItem.State.MISSED)),
        approvals=Count("pk", filter=Q(state=WorkItem.State.OPEN, kind__in=approval_kind_keys())),
    )
    return WorkCounts(**figures)
