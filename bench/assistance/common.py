"""Helpers the assistance extensions share: office hours, the audit event on the case, work items."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType

from bench.writer import new
from sigap.accounts.models import Role, User
from sigap.audit.models import AuditAction
from sigap.work.kinds import get_kind
from sigap.work.models import WorkItem

if TYPE_CHECKING:
    from bench.base import Batch, CasePlan


def office_time(rng: random.Random, near: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A weekday slot between 08:00 and 15:30 in the unit's time zone on or after ``near``'s day."""
    day = near.astimezone(zone).date()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.choice((0, 30))), tzinfo=zone)


def role_of(plan: CasePlan, user: User) -> str:
    if user is plan.staff.head:
        return Role.HEAD
    return Role.EXPERT if user in plan.staff.experts else Role.CASE_MANAGER


def case_event(batch: Batch, plan: CasePlan, actor: User, at: dt.datetime, field: str, values: dict[str, Any]) -> None:
    """The UPDATE of the case naming ``field`` that the assistance services record (``audit_case``)."""
    batch.event(
        unit_id=plan.case.unit.pk,
        actor=actor,
        role=role_of(plan, actor),
        action=AuditAction.UPDATE,
        obj=plan.case,
        at=at,
        changed=[field],
        new={field: values},
    )


def work_item_add(
    batch: Batch, plan: CasePlan, kind: str, target: Any, due: dt.datetime, responsible: User, now: dt.datetime
) -> None:
    """An open work item (missed once its due time passed), as ``work_item_open`` makes it; closed ones are not
    generated (as for the cases' own work items)."""
    # Django's own cache (per database, cleared when the content types are made again): a module-level dict
    # kept the ids of another test database (a foreign-key violation in the workers' test on PostgreSQL).
    content_type = ContentType.objects.get_for_model(type(target))
    remind = get_kind(kind).remind_before
    missed = due <= now and not get_kind(kind).expires
    batch.add(
        new(
            WorkItem,
            unit_id=plan.case.unit.pk,
            kind=kind,
            title_key=plan.case.number,
            responsible=responsible,
            content_type=content_type,
            object_id=str(target.pk),
            state=WorkItem.State.MISSED if missed else WorkItem.State.OPEN,
            due_at=due,
            remind_at=due - remind if remind else None,
            missed_at=due if missed else None,
        )
    )
