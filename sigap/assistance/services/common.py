"""Helpers shared by the mediation and health services: the locked open case, the case manager, a due time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_contribute

# Work items of a day fall due at the start of the unit's office hours (in the unit's time zone).
DUE_HOUR = dt.time(9, 0)


def locked_open_case(case_id: Any, actor: User) -> Case:
    """The case row, locked; refused when closed or when the actor is neither the HEAD nor on its team."""
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
    if not case.is_open:
        raise TransitionRefused(_("A closed case takes no new records; reopen it first."))
    if not can_contribute(actor, case):
        raise TransitionRefused(_("Only the head of the unit or a member of the case team can record this."))
    return case


def responsible_for(case: Case, fallback: User) -> User:
    """The case manager answers for the case's follow-ups; without one, whoever recorded it."""
    member = (
        CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.CASE_MANAGER)
        .select_related("user")
        .first()
    )
    return member.user if member is not None else fallback


def due_on(case: Case, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, DUE_HOUR, tzinfo=case.unit.zone)


def audit_case(*, actor: User, case: Case, field: str, values: dict[str, Any], request: HttpRequest | None) -> None:
    """The write's audit event on the case (codes, ids and dates only): also the case timeline's line."""
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=[field],
        new={field: values},
        request=request,
    )
