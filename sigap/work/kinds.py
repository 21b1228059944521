"""The registry of work-item kinds.

Each app registers the obligations it creates (``register_kind("complaint_response", ...)``) when it
is imported, usually from its ``AppConfig.ready()``. The key is what the database stores; the label,
the reminder lead time and the flags live here, so a new kind needs no migration and no edit of a
central enum.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class WorkKind:
    """What the scheduler and the pages need to know about one kind of obligation.

    - ``remind_before``: the reminder goes to the responsible user at ``due_at - remind_before``
      (zero: no reminder, only the miss).
    - ``escalate``: a missed item is escalated to the unit's HEAD(s).
    - ``approval``: the item waits for a HEAD's decision and is listed in the approval queue.
    - ``url_name``: the page of the target, reversed with the target's id as the only argument
      (empty: the item links to nothing).
    - ``subject``: what the obligation is about, as a decision names it ("the intervention plan" was
      approved); empty: the label.
    - ``expires``: a notice, not an obligation (an appointment's reminder): at ``due_at`` the item is
      closed as done, never marked missed nor escalated.
    - ``mail_line``: for such notices, the one line the e-mail digest gives per reminder (the app that
      registers the kind writes it, with no personal value); None: the digest counts it with the others.
    """

    key: str
    label: str | Promise
    remind_before: timedelta = timedelta(0)
    escalate: bool = True
    approval: bool = False
    url_name: str = ""
    subject: str | Promise = ""
    expires: bool = False
    mail_line: Callable[[Any], str] | None = None


_REGISTRY: dict[str, WorkKind] = {}


def register_kind(
    key: str,
    label: str | Promise,
    *,
    remind_before: timedelta = timedelta(0),
    escalate: bool = True,
    approval: bool = False,
    url_name: str = "",
    subject: str | Promise = "",
    expires: bool = False,
    mail_line: Callable[[Any], str] | None = None,
) -> WorkKind:
    """Register a kind (idempotent for the same values; a conflicting second definition fails)."""
    if not _KEY.match(key):
        raise ImproperlyConfigured(f"work kind key {key!r}: use 2-40 lower-case letters, digits and underscores")
    if remind_before < timedelta(0):
        raise ImproperlyConfigured(f"work kind {key!r}: remind_before cannot be negative")
    kind = WorkKind(
        key=key,
        label=label,
        remind_before=remind_before,
        escalate=escalate,
        approval=approval,
        url_name=url_name,
        subject=subject,
        expires=expires,
        mail_line=mail_line,
    )
    existing = _REGISTRY.get(key)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"work kind {key!r} is already registered with other values")
    _REGISTRY[key] = kind
    return kind


def unregister_kind(key: str) -> None:
    """Remove a kind (tests only: the product never unregisters)."""
    _REGISTRY.pop(key, None)


def get_kind(key: str) -> WorkKind:
    """The registered kind; ``LookupError`` for an unknown key (a service must not invent kinds)."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"unknown work kind {key!r}") from None


def kind_or_fallback(key: str) -> WorkKind:
    """The registered kind, or a neutral stand-in for rows of a kind no longer registered.

    The scheduler and the pages must keep working on old rows after an app drops a kind.
    """
    return _REGISTRY.get(key) or WorkKind(key=key, label=key)


def all_kinds() -> list[WorkKind]:
    return sorted(_REGISTRY.values(), key=lambda kind: kind.key)


def approval_kind_keys() -> list[str]:
    return [kind.key for kind in all_kinds() if kind.approval]


def quiet_kind_keys() -> list[str]:
    """Keys of the kinds that are never escalated to the HEAD."""
    return [kind.key for kind in all_kinds() if not kind.escalate or kind.expires]


def expiring_kind_keys() -> list[str]:
    """Keys of the notice kinds: closed as done at their due time, never missed."""
    return [kind.key for kind in all_kinds() if kind.expires]
