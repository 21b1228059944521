"""The household needs assessment: written by the case manager or the HEAD, one row per case."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.empowerment.models import AssistanceScheme, CivilDocument, HouseholdNeeds
from sigap.empowerment.services.common import audit_empowerment, check_manager, clean_text, locked_case


@dataclass
class NeedsData:
    """What the needs form collected (free texts and two lists of codes)."""

    income_amount: str = ""
    income_source: str = ""
    employment: str = ""
    skills: str = ""
    assets: str = ""
    dependants: str = ""
    housing: str = ""
    debts: str = ""
    documents_missing: list[str] = field(default_factory=list)
    assistance_enrolled: list[str] = field(default_factory=list)
    notes: str = ""


LIST_FIELDS = {"documents_missing": CivilDocument, "assistance_enrolled": AssistanceScheme}
TEXT_FIELDS = [f.name for f in fields(NeedsData) if f.name not in LIST_FIELDS]


def _values(data: NeedsData) -> dict[str, object]:
    values: dict[str, object] = {name: clean_text(getattr(data, name)) for name in TEXT_FIELDS}
    for name, choices in LIST_FIELDS.items():
        found = sorted(set(getattr(data, name)))
        if any(code not in choices.values for code in found):
            raise TransitionRefused(_("Choose from the list."))
        values[name] = found
    for name in ("income_amount", "dependants"):
        if len(str(values[name])) > 100:
            raise TransitionRefused(_("The text is too long (at most 100 characters)."))
    return values


@transaction.atomic
def household_needs_save(
    *, actor: User, case: Case, data: NeedsData, request: HttpRequest | None = None
) -> HouseholdNeeds:
    """Create or rewrite the household needs of ``case`` (open cases only). The audit event names the changed
    fields, never their values (all personal)."""
    locked = locked_case(case)
    check_manager(actor, locked)
    if not locked.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))
    values = _values(data)
    now = timezone.now()
    row = HouseholdNeeds.objects.select_for_update().filter(case=locked).first()
    if row is None:
        row = HouseholdNeeds(case=locked, created_at=now, updated_at=now, updated_by=actor, **values)
        row.full_clean()
        row.save(force_insert=True)
        changed = [name for name, value in values.items() if value]
    else:
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if not changed:
            return row
        for name in changed:
            setattr(row, name, values[name])
        row.updated_at, row.updated_by = now, actor
        row.full_clean()
        row.save(update_fields=[*changed, "updated_at", "updated_by"])
    audit_empowerment(actor=actor, case=locked, event="needs", fields=changed, request=request)
    return row
