"""The empowerment plan's programmes: added and moved through their status by the case manager or the HEAD."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.empowerment.models import Programme, ProgrammeKind, ProgrammeStatus
from sigap.empowerment.services.common import audit_empowerment, check_manager, clean_text, locked_case
from sigap.partners.models import Partner


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise TransitionRefused(_("The end cannot be before the start."))


def _check_partner(case: Case, partner: Partner | None) -> None:
    if partner is not None and (partner.unit_id != case.unit_id or not partner.is_active):
        raise TransitionRefused(_("Choose an active partner of your unit."))


@transaction.atomic
def programme_add(
    *,
    actor: User,
    case: Case,
    kind: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    notes: str = "",
    partner: Partner | None = None,
    request: HttpRequest | None = None,
) -> Programme:
    """Add a planned programme to the case's empowerment plan (open cases only), with the partner who delivers it."""
    locked = locked_case(case)
    check_manager(actor, locked)
    if not locked.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))
    if kind not in ProgrammeKind.values:
        raise TransitionRefused(_("Choose the programme from the list."))
    _check_dates(start, end)
    _check_partner(locked, partner)
    now = timezone.now()
    programme = Programme(
        case=locked,
        kind=kind,
        start=start,
        end=end,
        notes=clean_text(notes),
        partner=partner,
        created_at=now,
        created_by=actor,
    )
    programme.full_clean()
    programme.save(force_insert=True)
    audit_empowerment(
        actor=actor,
        case=locked,
        event="programme",
        programme=str(programme.pk),
        kind=kind,
        status=programme.status,
        partner=programme.partner_id,
        request=request,
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    status: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    notes: str = "",
    cancel_reason: str = "",
    partner: Partner | None = None,
    request: HttpRequest | None = None,
) -> Programme:
    """Change a programme's status, dates, partner or notes. Cancelling needs the reason; a closed case is not
    changed; the partner stays while the programme's referral is under way (it was sent to that partner)."""
    locked = locked_case(programme.case)
    check_manager(actor, locked)
    if not locked.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))
    row = Programme.objects.select_for_update(of=("self",)).select_related("referral").get(pk=programme.pk, case=locked)
    if status not in ProgrammeStatus.values:
        raise TransitionRefused(_("Choose the status from the list."))
    _check_dates(start, end)
    if partner is not None and partner.pk != row.partner_id:
        _check_partner(locked, partner)
        if row.referral_id and row.referral is not None and row.referral.is_open:
            raise TransitionRefused(_("The partner cannot change while the programme's referral is under way."))
    elif partner is None and row.partner_id is not None:
        partner = row.partner  # an edit without the field keeps the partner
    reason = clean_text(cancel_reason)
    if status == ProgrammeStatus.CANCELLED and not reason:
        raise TransitionRefused(_("Write why the programme is cancelled."))
    if status != ProgrammeStatus.CANCELLED:
        reason = ""
    new = {
        "status": status,
        "start": start,
        "end": end,
        "notes": clean_text(notes),
        "cancel_reason": reason,
        "partner": partner,
    }
    changed = [name for name, value in new.items() if getattr(row, name) != value]
    if not changed:
        return row
    old_status = row.status
    for name in changed:
        setattr(row, name, new[name])
    if "status" in changed:
        row.status_changed_at, row.status_changed_by = timezone.now(), actor
        changed += ["status_changed_at", "status_changed_by"]
    row.full_clean()
    row.save(update_fields=changed)
    audit_empowerment(
        actor=actor,
        case=locked,
        event="programme",
        programme=str(row.pk),
        kind=row.kind,
        status=row.status,
        old_status=old_status,
        partner=row.partner_id,
        request=request,
    )
    return row
