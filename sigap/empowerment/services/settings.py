"""The unit's empowerment settings, written by its HEAD (audited on the settings row)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Role, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.rules.guards import TransitionRefused
from sigap.empowerment.models import EmpowermentSettings

MAX_FOLLOW_UPS = 12
MAX_MONTHS = 36
MAX_DEFINITION = 2000


def schedule_parse(text: str) -> list[int]:
    """``"1, 3, 6, 12"`` → ``[1, 3, 6, 12]``; refused unless 1–12 distinct whole months between 1 and 36."""
    parts = [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
    if not parts or not all(part.isdigit() and len(part) <= 3 for part in parts):
        raise TransitionRefused(_("Write the months as whole numbers separated by commas, e.g. 1, 3, 6, 12."))
    months = sorted({int(part) for part in parts})
    if months[0] < 1 or months[-1] > MAX_MONTHS:
        raise TransitionRefused(_("Each follow-up falls between 1 and 36 months after monitoring begins."))
    if len(months) > MAX_FOLLOW_UPS:
        raise TransitionRefused(_("At most 12 follow-ups."))
    return months


@transaction.atomic
def empowerment_settings_save(
    *, actor: User, schedule: str, definition: str, request: HttpRequest | None = None
) -> EmpowermentSettings:
    """The HEAD sets her unit's follow-up schedule and definition of "independent". A new schedule applies to cases
    entering monitoring from now on (the ones already scheduled keep theirs)."""
    membership = actor.membership
    if membership is None or membership.role != Role.HEAD:
        raise TransitionRefused(_("Only the head of the unit can change these settings."))
    months = schedule_parse(schedule)
    text = (definition or "").replace("\x00", "").strip()
    if len(text) > MAX_DEFINITION:
        raise TransitionRefused(_("The definition is too long (at most 2000 characters)."))
    row, _created = EmpowermentSettings.objects.select_for_update().get_or_create(unit_id=membership.unit_id)
    new = {"schedule_months": ",".join(str(m) for m in months), "independence_definition": text}
    changed = {name: (getattr(row, name), value) for name, value in new.items() if getattr(row, name) != value}
    if not changed and not _created:
        return row
    for name, (_old, value) in changed.items():
        setattr(row, name, value)
    row.updated_at, row.updated_by = timezone.now(), actor
    row.full_clean()
    row.save(update_fields=[*changed, "updated_at", "updated_by"])
    audit_record(
        actor=actor,
        unit=membership.unit,
        action=AuditAction.UPDATE,
        obj=row,
        changed_fields=list(changed),
        old={name: old for name, (old, _new) in changed.items()},
        new={name: value for name, (_old, value) in changed.items()},
        request=request,
    )
    return row
