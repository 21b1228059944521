"""Reads of the audit trail: the pages' querysets and the chain verification."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import QuerySet

from sigap.accounts.models import SecurityEvent, Unit, User
from sigap.audit.chain import GENESIS_HASH, event_hash
from sigap.audit.models import AuditChainHead, AuditEvent

OBJECT_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}\.[a-z][a-z0-9_]{0,49}$")
OBJECT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class AuditFilters:
    """Filters of the audit pages; dates are days in the unit's time zone, both ends included."""

    actor: User | None = None
    action: str = ""
    object_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_context(self) -> dict[str, Any]:
        """Ids and codes only: written into the VIEW event of the page."""
        return {
            "actor": self.actor.pk if self.actor is not None else None,
            "action": self.action,
            "object_type": self.object_type,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }


def _day_start(day: dt.date, unit: Unit) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=unit.zone)


def _filtered(qs: QuerySet[Any], *, unit: Unit, filters: AuditFilters, action_field: str) -> QuerySet[Any]:
    if filters.actor is not None:
        qs = qs.filter(actor=filters.actor)
    if filters.action:
        qs = qs.filter(**{action_field: filters.action})
    if filters.date_from:
        qs = qs.filter(created_at__gte=_day_start(filters.date_from, unit))
    if filters.date_to:
        qs = qs.filter(created_at__lt=_day_start(filters.date_to + dt.timedelta(days=1), unit))
    return qs


def audit_event_list(*, unit: Unit, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The unit's events, newest first, with their actors (one query per page)."""
    qs = AuditEvent.objects.filter(unit=unit).select_related("actor")
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    return _filtered(qs, unit=unit, filters=filters, action_field="action").order_by("-created_at", "-seq")


def audit_object_history(
    *, unit: Unit, object_type: str, object_id: str, filters: AuditFilters
) -> QuerySet[AuditEvent]:
    """Who saw or changed one object, as recorded in the viewer's unit."""
    qs = AuditEvent.objects.filter(unit=unit, object_type=object_type, object_id=object_id).select_related("actor")
    return _filtered(qs, unit=unit, filters=filters, action_field="action").order_by("-created_at", "-seq")


def security_event_list(*, unit: Unit, filters: AuditFilters) -> QuerySet[SecurityEvent]:
    """The unit's security events (logins, lockouts, role changes), newest first."""
    qs = SecurityEvent.objects.filter(unit=unit).select_related("actor", "subject")
    return _filtered(qs, unit=unit, filters=filters, action_field="kind").order_by("-created_at", "-pk")


def audit_object_types(*, unit: Unit) -> list[str]:
    """Object types that occur in the unit's trail (choices of the search filter)."""
    qs = AuditEvent.objects.filter(unit=unit).exclude(object_type="").values_list("object_type", flat=True)
    return sorted(set(qs.order_by().distinct()))


def audit_unit_people(*, unit: Unit) -> QuerySet[User]:
    """Everyone who is or was a member of the unit (filter choices: former staff stay findable)."""
    return User.objects.filter(memberships__unit=unit).distinct().order_by("full_name", "username")


def audit_history_visible(*, unit: Unit, object_type: str, object_id: str) -> bool:
    """May a viewer of ``unit`` see the history of this object? False means 404.

    Yes when the object exists and belongs to the unit; for objects without a unit (or deleted
    ones), when the unit's trail mentions them. Never reveals whether another unit's object exists.
    """
    if not (OBJECT_TYPE_RE.match(object_type) and OBJECT_ID_RE.match(object_id)):
        return False
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return False
    owner_ids: list[Any] = []
    try:
        if model is Unit:
            owner_ids = list(Unit.objects.filter(pk=object_id).values_list("pk", flat=True))
        else:
            try:
                unit_field = model._meta.get_field("unit")
            except FieldDoesNotExist:
                unit_field = None
            if unit_field is not None and getattr(unit_field, "related_model", None) is Unit:
                owner_ids = list(model._default_manager.filter(pk=object_id).values_list("unit_id", flat=True))
    except (ValueError, TypeError, OverflowError, ValidationError):
        # Malformed or out-of-range ids (e.g. 23 digits for an integer key) are simply not found.
        return False
    if owner_ids:
        return bool(owner_ids[0] == unit.pk)
    return AuditEvent.objects.filter(unit=unit, object_type=object_type, object_id=object_id).exists()


def audit_restricted_case_ids(*, object_type: str, object_id: str) -> list[Any]:
    """Ids of the restricted cases this object belongs to: the case itself, the case of a row with a
    ``case`` foreign key, or the cases of a person. Their history needs the case's own access rules
    (break-glass for the HEAD, review finding 8). Call after ``audit_history_visible``.
    """
    from sigap.cases.models import Case  # the audit app does not depend on the cases app at import time
    from sigap.cases.models.people import CasePerson, Person

    try:
        model = apps.get_model(object_type)
        if model is Case:
            case_ids: Any = Case.objects.filter(pk=object_id).values("pk")
        elif model is Person:
            # Links removed as a mistake too: the history still holds what was done while they stood.
            case_ids = CasePerson.all_links.filter(person_id=object_id).values("case_id")
        else:
            case_field = model._meta.get_field("case")
            if getattr(case_field, "related_model", None) is not Case:
                return []
            case_ids = model._base_manager.filter(pk=object_id).values("case_id")  # removed rows too
        return list(Case.objects.filter(pk__in=case_ids, restricted=True).values_list("pk", flat=True))
    except (LookupError, FieldDoesNotExist):
        return []
    except (ValueError, TypeError, OverflowError, ValidationError):
        return []


# --- verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    """The first broken link of one chain."""

    chain: str
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"chain {self.chain}, event #{self.seq}: {self.problem}"


@dataclass(frozen=True)
class ChainStatus:
    chain: str
    events: int
    last_seq: int
    last_hash: str


@dataclass
class VerifyReport:
    """Outcome of ``audit_chain_verify``: OK, or the first broken link of each broken chain."""

    chains: list[ChainStatus] = field(default_factory=list)
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def events(self) -> int:
        return sum(c.events for c in self.chains)


def _verify_chain(chain: str, head: AuditChainHead | None) -> tuple[ChainStatus, ChainBreak | None]:
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    events = AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    for event in events:
        if event.seq != expected_seq:
            missing = f"#{expected_seq}" if event.seq == expected_seq + 1 else f"#{expected_seq}-#{event.seq - 1}"
            return _status(chain, count, expected_seq - 1, prev_hash), ChainBreak(
                chain, event.seq, f"event(s) {missing} missing before it (deleted rows)"
            )
        if event.prev_hash != prev_hash:
            return _status(chain, count, expected_seq - 1, prev_hash), ChainBreak(
                chain, event.seq, "does not link to the previous event (an earlier row was changed or replaced)"
            )
        if event_hash(event) != event.hash:
            return _status(chain, count, expected_seq - 1, prev_hash), ChainBreak(
                chain, event.seq, "content does not match its hash (the row was changed)"
            )
        prev_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
    status = _status(chain, count, expected_seq - 1, prev_hash)
    if head is None:
        if count:
            return status, ChainBreak(chain, expected_seq - 1, "the chain head is missing")
        return status, None
    if head.last_seq != expected_seq - 1 or (head.last_seq and head.last_hash != prev_hash):
        if head.last_seq > expected_seq - 1:
            problem = f"events #{expected_seq}-#{head.last_seq} at the end of the chain are missing (deleted rows)"
        else:
            problem = "the chain head does not match the last event (the head was changed)"
        return status, ChainBreak(chain, max(head.last_seq, expected_seq - 1), problem)
    return status, None


def _status(chain: str, count: int, last_seq: int, last_hash: str) -> ChainStatus:
    return ChainStatus(chain=chain, events=count, last_seq=last_seq, last_hash=last_hash)


def audit_chain_verify(*, chains: list[str] | None = None) -> VerifyReport:
    """Walk every chain (or the given ones) from its first event and check each link."""
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    known = set(heads) | set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    report = VerifyReport()
    for chain in sorted(known if chains is None else set(chains)):
        status, broken = _verify_chain(chain, heads.get(chain))
        report.chains.append(status)
        if broken is not None:
            report.breaks.append(broken)
    return report
