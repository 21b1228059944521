"""What every empowerment write shares: the locked case, who may write, and the audit event on the case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage

MAX_TEXT = 5000


def locked_case(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)


def check_manager(actor: User, case: Case) -> None:
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can do this."))


def clean_text(value: str, *, required: str = "") -> str:
    """Trimmed text without NUL; ``required``: the message when it is empty."""
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise TransitionRefused(required)
    if len(text) > MAX_TEXT:
        raise TransitionRefused(_("The text is too long (at most 5000 characters)."))
    return text


def audit_empowerment(
    *, actor: User | None, case: Case, event: str, request: HttpRequest | None = None, **codes: Any
) -> None:
    """One audit event on the case under the ``empowerment`` field: the event and codes, never a written value.
    The timeline line is built from it (``sigap.empowerment.timeline``)."""
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["empowerment"],
        new={"empowerment": {"event": event, **codes}},
        request=request,
    )
