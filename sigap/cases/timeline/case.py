"""The case timeline: state history and the audit trail's writes on the case, in time order.

State changes come from ``CaseStateChange`` (with their reason codes); everything else (team, persons,
notes, closure requests, prints, break-glass) from the audit events recorded on the case. Views of
the case are left out: they are on the "who saw this case" page of the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases import codes
from sigap.cases.models import Case, CaseState, CaseStateChange, ReopenReason, TeamRole
from sigap.cases.models.link import LinkRequestState
from sigap.cases.models.people import NoteConfidentiality, Person, PersonRole
from sigap.cases.timeline.casework import casework_event_text


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: when, who, what (text built from codes and ids, never personal values)."""

    at: datetime
    actor: str
    text: str
    kind: str
    note: str = ""  # the reason in words of a step back or a reopening (shown to those who see the case)


# Apps above the case file (assistance: attachments, sessions …) record their writes as audit events on the
# case and say here, in words, what an event of theirs was: a hook returns None for events not its own.
TIMELINE_TEXT_HOOKS: list[Callable[[AuditEvent], str | None]] = []


def timeline_text_register(hook: Callable[[AuditEvent], str | None]) -> None:
    """Register ``hook`` (idempotent: ``ready()`` may run more than once in tests)."""
    if hook not in TIMELINE_TEXT_HOOKS:
        TIMELINE_TEXT_HOOKS.append(hook)


@dataclass(frozen=True)
class FieldLine:
    """A hook for the events an app writes under one ``changed_fields`` name (``"sessions"``): ``text`` gets
    that entry's new values. Equal for the same name and function, so registering it twice adds it once."""

    name: str
    text: Callable[[dict[str, Any]], str]

    def __call__(self, event: AuditEvent) -> str | None:
        if self.name not in (event.changed_fields or []):
            return None
        values = (event.new_values or {}).get(self.name)
        return self.text(values if isinstance(values, dict) else {})


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _state_text(change: CaseStateChange) -> str:
    if not change.from_state:
        return _("Case opened.")
    text = _("State changed from “%(old)s” to “%(new)s”.") % {
        "old": _label(CaseState, change.from_state),
        "new": _label(CaseState, change.to_state),
    }
    if change.to_state == CaseState.TERMINASI and change.reason:
        text += " " + _("Reason: %(reason)s.") % {"reason": codes.label_of(codes.TERMINATION_REASON, change.reason)}
    elif change.reason in ReopenReason.values:
        text += " " + _("Reopened: %(reason)s.") % {"reason": _label(ReopenReason, change.reason)}
    return text


def _field_names(names: list[str]) -> str:
    """The changed fields of a person, by their translated labels (names only: values are never kept)."""
    labels = []
    for name in names:
        try:
            labels.append(str(getattr(Person._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:
            labels.append(str(name))
    return ", ".join(labels)


def _person_text(new: dict[str, Any], old: dict[str, Any]) -> str:
    if "merged_from" in new:
        roles = ", ".join(_label(PersonRole, role) for role in new.get("roles") or [])
        return _("Two records of the same person merged by the head of the unit (%(roles)s).") % {"roles": roles}
    role = _label(PersonRole, new.get("role"))
    if new.get("removed"):
        return _("Person removed from the case as a mistake: %(role)s (the reason is with the head).") % {"role": role}
    if "edited" in new:
        return _("Person's details corrected (%(role)s): %(fields)s.") % {
            "role": role,
            "fields": _field_names(list(new.get("edited") or [])),
        }
    if new.get("role_changed"):
        return _("Role changed from “%(old)s” to “%(new)s”.") % {
            "old": _label(PersonRole, old.get("role")),
            "new": role,
        }
    if "role_changed" in new:
        return _("Relationship to the victim corrected (%(role)s).") % {"role": role}
    return _("Person added: %(role)s.") % {"role": role}


def _event_text(event: AuditEvent, users: dict[int, str]) -> str | None:
    fields = set(event.changed_fields or [])
    new = event.new_values or {}
    for hook in TIMELINE_TEXT_HOOKS:
        text = hook(event)
        if text is not None:
            return text
    if event.action == AuditAction.BREAK_GLASS:
        return _("Emergency access by the head of the unit (reason recorded for review).")
    if event.action == AuditAction.PRINT:
        return _("Case summary printed.")
    if "state" in fields or event.action == AuditAction.CREATE:
        return None  # covered by the state history
    if "team" in fields:
        team = new.get("team") or {}
        values = {"name": users.get(int(team.get("user") or 0), "?"), "role": _label(TeamRole, team.get("team_role"))}
        if team.get("active"):
            return _("%(name)s joined the team as %(role)s.") % values
        return _("%(name)s left the team (%(role)s).") % values
    if "persons" in fields:
        return _person_text(new.get("persons") or {}, (event.old_values or {}).get("persons") or {})
    if "link_requests" in fields:
        link = new.get("link_requests") or {}
        texts: dict[str, str] = {
            LinkRequestState.PENDING: _("Link of a known person requested: %(role)s."),
            LinkRequestState.APPROVED: _("Link of a known person approved: %(role)s."),
            LinkRequestState.REJECTED: _("Link of a known person refused: %(role)s."),
        }
        text = texts.get(str(link.get("state")), texts[LinkRequestState.PENDING])
        return text % {"role": _label(PersonRole, link.get("role"))}
    if "notes" in fields:
        conf = (new.get("notes") or {}).get("confidentiality")
        return _("Note added (%(who)s).") % {"who": _label(NoteConfidentiality, conf)}
    if "closure_requested_at" in fields:
        if new.get("closure_reason"):
            return _("Closure requested: %(reason)s.") % {
                "reason": codes.label_of(codes.TERMINATION_REASON, new["closure_reason"])
            }
        return _("Closure request sent back by the head of the unit.")
    if "same_sex_expert_preferred" in fields:
        if new.get("same_sex_expert_preferred"):
            return _("The victim prefers an expert of the same sex.")
        return _("Preference for an expert of the same sex removed.")
    if "restricted" in fields:
        return _("Case marked restricted.") if new.get("restricted") else _("Restriction lifted.")
    if fields & {"risk_level", "category", "category_subtype"}:
        return _("Category or risk level changed.")
    casework = casework_event_text(fields, new)
    if casework is not None:
        return casework
    return _("Case changed.")


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every entry of the case's timeline, oldest first (two queries plus one for team names)."""
    entries: list[TimelineEntry] = []
    for change in CaseStateChange.objects.filter(case=case).select_related("changed_by"):
        entries.append(
            TimelineEntry(change.changed_at, str(change.changed_by), _state_text(change), "state", change.note)
        )
    events = list(
        AuditEvent.objects.filter(unit_id=case.unit_id, object_type="cases.case", object_id=str(case.pk))
        .exclude(action=AuditAction.VIEW)
        .select_related("actor")
        .order_by("created_at", "seq")
    )
    team_ids = {(e.new_values or {}).get("team", {}).get("user") for e in events if "team" in (e.changed_fields or [])}
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in team_ids if isinstance(i, int)])}
    for event in events:
        text = _event_text(event, users)
        if text is not None:
            entries.append(TimelineEntry(event.created_at, str(event.actor or _("System")), text, event.action.lower()))
    entries.sort(key=lambda e: e.at)
    return entries
