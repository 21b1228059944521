"""Writes of the audit trail: ``audit_record`` (any event), ``audit_changes`` (a service's changed
fields), ``audit_view`` (reads), ``audit_diff``.

Rules every caller relies on:

- A change (CREATE, UPDATE, DELETE, ASSIGN, SHARE) is recorded by the service that makes it, inside
  its transaction: ``audit_record`` refuses to run outside one, so that the change and its event
  commit or roll back together. Reads (VIEW, PRINT, EXPORT…) open a transaction of their own.
- Values are kept only for fields classified non-personal (sigap.core.classification).
  ``audit_diff`` does the sorting; an unclassified field keeps its name only (fail closed).
- Appending reads the chain's head and moves it with the insert, so the chain never forks: locked
  ``FOR UPDATE`` inside a transaction, in one conditional statement for a page view on PostgreSQL
  (sigap.audit.append).
- An event without a staff actor (public reporter, system job) keeps the request id only: no IP
  address, no user agent.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from sigap.accounts.models import Unit, User
from sigap.audit.append import audit_append, head_of, head_query, head_read_first
from sigap.audit.chain import event_payload, payload_hash
from sigap.audit.models import CHANGE_ACTIONS, AuditAction, AuditEvent, chain_key_for
from sigap.core import compiled
from sigap.core.net import client_ip

logger = logging.getLogger("sigap.audit")


class AuditOutsideTransactionError(RuntimeError):
    """A change was recorded outside the transaction that made it."""


# --- request context -------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestContext:
    """Where a request came from: correlation id, client IP, browser."""

    request_id: str = ""
    ip_address: str = ""
    user_agent: str = ""


def _clean_text(value: Any, limit: int) -> str:
    # NUL cannot be stored in PostgreSQL text; control characters have no place in these fields.
    text = str(value or "").replace("\x00", "")
    return text[:limit]


def request_context(request: HttpRequest | None) -> RequestContext:
    """Request id (set by RequestIdMiddleware), the client's address (sigap.core.net) and user agent."""
    if request is None:
        return RequestContext()
    raw_ip = client_ip(request)
    try:
        ip = str(ipaddress.ip_address(raw_ip))
    except ValueError:
        ip = ""
    return RequestContext(
        request_id=_clean_text(getattr(request, "request_id", ""), 64),
        ip_address=ip,
        user_agent=_clean_text(request.META.get("HTTP_USER_AGENT", ""), 300),
    )


# --- values ----------------------------------------------------------------------------------


def _json_safe(value: Any) -> Any:
    """The value as it will read back from a JSON column (so its hash stays the same)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, allow_nan=False))


def owning_unit_id(obj: Any) -> int | None:
    """The unit that owns ``obj``: the unit itself, or the object's ``unit`` foreign key."""
    if isinstance(obj, Unit):
        return obj.pk
    unit_id = getattr(obj, "unit_id", None)
    return unit_id if isinstance(unit_id, int) else None


# Credentials are "internal" in the registry, yet their values (hashes, secrets) never go in the trail.
_CREDENTIAL_MARKERS = ("password", "secret", "token", "otp", "key")


def _is_credential(name: str) -> bool:
    return any(marker in name.lower() for marker in _CREDENTIAL_MARKERS)


def _registry_safe_fields(model: type[models.Model]) -> frozenset[str]:
    """Non-personal field names by the classification registry (unclassified counts as personal).

    Any failure here means "keep no values" (fail closed, ERR-02).
    """
    from sigap.core.classification import is_personal

    try:
        return frozenset(
            f.name for f in model._meta.concrete_fields if not is_personal(model, f.name) and not _is_credential(f.name)
        )
    except Exception:  # noqa: BLE001 - registry error: keep field names only
        logger.warning("audit: classification lookup failed", extra={"model": model._meta.label_lower})
        return frozenset()


def audit_snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored values of a model instance, by field name (foreign keys as ids)."""
    return {f.name: f.value_from_object(instance) for f in instance._meta.concrete_fields}


@dataclass(frozen=True)
class AuditDiff:
    """The outcome of ``audit_diff``: names of changed fields, values of the safe ones only."""

    changed_fields: list[str] = field(default_factory=list)
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def audit_diff(
    *,
    before: models.Model | Mapping[str, Any] | None,
    after: models.Model | Mapping[str, Any] | None,
    safe_fields: Iterable[str] | None = None,
) -> AuditDiff:
    """Compare two states of one object; keep values only for fields in ``safe_fields``.

    ``before=None`` is a creation and ``after=None`` a deletion (then every field holding a value
    counts as changed). ``safe_fields=None`` asks the classification registry, and keeps no value
    at all when there is none. The primary key is never listed.
    """
    model = next((type(x) for x in (before, after) if isinstance(x, models.Model)), None)
    if safe_fields is not None:
        safe = frozenset(name for name in safe_fields if not _is_credential(name))
    else:
        safe = _registry_safe_fields(model) if model is not None else frozenset()
    old_state = audit_snapshot(before) if isinstance(before, models.Model) else dict(before or {})
    new_state = audit_snapshot(after) if isinstance(after, models.Model) else dict(after or {})
    pk_name = model._meta.pk.name if model is not None and model._meta.pk is not None else None
    names = [n for n in dict.fromkeys([*old_state, *new_state]) if n != pk_name]
    changed: list[str] = []
    for name in names:
        old_value, new_value = old_state.get(name), new_state.get(name)
        if before is None or after is None:
            if _is_empty(old_value) and _is_empty(new_value):
                continue
        elif old_value == new_value:
            continue
        changed.append(name)
    return AuditDiff(
        changed_fields=changed,
        old={n: _json_safe(old_state.get(n)) for n in changed if n in safe and before is not None},
        new={n: _json_safe(new_state.get(n)) for n in changed if n in safe and after is not None},
    )


# --- recording -------------------------------------------------------------------------------


def _actor_user(actor: Any) -> User | None:
    # AnonymousUser and system jobs are recorded without an actor.
    return actor if isinstance(actor, User) and actor.pk is not None else None


def audit_record(
    *,
    actor: Any,
    unit: Unit | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    changed_fields: Iterable[str] = (),
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
    head_read: tuple[int, str] | None = None,
) -> AuditEvent:
    """Append one event to the chain of ``unit`` (the system chain when ``unit`` is None).

    ``old``/``new`` must hold non-personal values only: build them with ``audit_diff``. For a
    change they may only name fields listed in ``changed_fields``.
    """
    action = AuditAction(action)
    if action in CHANGE_ACTIONS and not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(f"{action} must be recorded inside the transaction that makes it")
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    fields = [str(name) for name in changed_fields]
    old_values = _json_safe(dict(old or {}))
    new_values = _json_safe(dict(new or {}))
    if action in CHANGE_ACTIONS and not (set(old_values) | set(new_values)) <= set(fields):
        raise ValueError("old/new values may only name changed fields")
    user = _actor_user(actor)
    membership = user.membership if user is not None else None
    context = request_context(request)
    if user is None:
        # No staff actor (a public reporter, a system job): an address and a phone model could identify
        # an anonymous reporter to whoever reads the trail. The request id still correlates with the logs.
        context = RequestContext(request_id=context.request_id)
    chain = chain_key_for(unit.pk if unit is not None else None)

    actor_id = user.pk if user is not None else None
    unit_id = unit.pk if unit is not None else None
    fixed: dict[str, Any] = {
        "chain": chain,
        "actor_role": membership.role if membership is not None else "",
        "action": str(action),
        "object_type": _clean_text(object_type, 100),
        "object_id": _clean_text(object_id, 100),
        "changed_fields": fields,
        "old_values": old_values,
        "new_values": new_values,
        "request_id": context.request_id,
        "ip_address": context.ip_address,
        "user_agent": context.user_agent,
        "reason": _clean_text(reason, 500),
    }

    def build(seq: int, prev_hash: str) -> AuditEvent:
        # The time is taken once the head is read, so that times follow the chain's order.
        values = {**fixed, "seq": seq, "prev_hash": prev_hash, "created_at": timezone.now()}
        digest = payload_hash(event_payload(actor_id=actor_id, unit_id=unit_id, **values))
        return AuditEvent(actor=user, unit=unit, hash=digest, **values)

    # The head is read, the event hashed and inserted, the head moved: sigap.audit.append.
    event = audit_append(chain, build, head_read=head_read)
    return event


def audit_created(
    *,
    actor: Any,
    unit: Unit | None,
    obj: models.Model,
    request: HttpRequest | None,
    safe_fields: Iterable[str] | None = None,
    action: AuditAction | str = AuditAction.CREATE,
) -> AuditEvent:
    """One event for a row a service has just created: every field holding a value is named, the values
    kept for the ``safe_fields`` only (``None``: the classification registry's, see :func:`audit_diff`)."""
    diff = audit_diff(before=None, after=obj, safe_fields=safe_fields)
    return audit_record(
        actor=actor,
        unit=unit,
        action=action,
        obj=obj,
        changed_fields=diff.changed_fields,
        new=diff.new,
        request=request,
    )


class ChangeEvent(TypedDict):
    """What a service says about its change to :func:`audit_changes` (``changed``: name → (old, new))."""

    actor: Any
    action: AuditAction
    changed: Mapping[str, tuple[Any, Any]]
    request: HttpRequest | None
    reason: NotRequired[str]


def audit_changes(
    *, obj: models.Model, unit: Unit | None, safe_fields: Collection[str], **event: Unpack[ChangeEvent]
) -> AuditEvent:
    """One event for the fields a service changed on ``obj``.

    Every changed field is named; values are kept for the ``safe_fields`` only (the model's non-personal
    fields), and an empty old value (None, "") is left out: it says nothing the new value does not.
    """
    changed = event["changed"]
    return audit_record(
        actor=event["actor"],
        unit=unit,
        action=event["action"],
        obj=obj,
        changed_fields=list(changed),
        old={k: v[0] for k, v in changed.items() if k in safe_fields and v[0] not in (None, "")},
        new={k: v[1] for k, v in changed.items() if k in safe_fields},
        reason=event.get("reason", ""),
        request=event["request"],
    )


def audit_view(
    request: HttpRequest,
    obj: models.Model | None = None,
    action: AuditAction | str = AuditAction.VIEW,
    *,
    object_type: str = "",
    object_id: str | int = "",
    context: Mapping[str, Any] | None = None,
    reason: str = "",
    head_rows: list[Any] | None = None,
) -> AuditEvent:
    """Record that the requesting user saw (printed, exported…) ``obj`` or a page.

    Call it in the view that fetches the data, once per response: N views give N events. The event
    goes to the chain of the unit that owns the object (else the viewer's unit). ``context`` holds
    ids and codes only (e.g. the filters of a search), never personal values. ``head_rows``: the rows of
    :func:`audit_view_head`, read with the page's other queries (one round trip less, D93).
    """
    membership = getattr(request, "membership", None)
    viewer_unit = membership.unit if membership is not None else None
    unit = viewer_unit
    owner_id = owning_unit_id(obj) if obj is not None else None
    if owner_id is not None and (viewer_unit is None or owner_id != viewer_unit.pk):
        unit = Unit.objects.get(pk=owner_id)
    head_read = head_of(head_rows) if head_rows is not None else None
    return audit_record(
        actor=request.user,
        unit=unit,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        new=context,
        reason=reason,
        request=request,
        head_read=head_read,
    )


def audit_view_head(request: HttpRequest, obj: models.Model | None = None) -> compiled.Query | None:
    """The read of the chain head that :func:`audit_view` of ``obj`` (or of a page) will append to, as a query a
    page sends with its others; its rows go to ``audit_view(..., head_rows=...)``. None where the append would
    not use it (SQLite, or inside a transaction: the head is then read under its lock, ``append.py``)."""
    if not head_read_first():
        return None
    membership = getattr(request, "membership", None)
    unit_id = membership.unit_id if membership is not None else None
    owner_id = owning_unit_id(obj) if obj is not None else None
    return head_query(chain_key_for(owner_id if owner_id is not None else unit_id))
