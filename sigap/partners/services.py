"""Writes of the partner directory, each with its audit event in the same transaction.

Only the HEAD and the UNIT_ADMIN of the partner's unit write here. A refusal is a ``ValidationError``
whose message the page shows. Audit events keep values of the partner's own (internal) fields; of a
contact person only the field names (their name and phone are personal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_created, audit_diff, audit_record
from sigap.core.files.kinds import FileRefused
from sigap.core.files.store import file_accept, file_delete
from sigap.core.reference.definitions import by_key
from sigap.partners.models import Agreement, AgreementKind, Partner, PartnerContact, PartnerKind, PartnerUser
from sigap.partners.reminders import agreement_reminders_close
from sigap.partners.selectors import MANAGE_ROLES

MAX_NAME = 200
MAX_SHORT = 120
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
PARTNER_FIELDS = ("name", "kind", "services", "address", "phone", "email", "is_active")


@dataclass(frozen=True)
class PartnerData:
    name: str
    kind: str
    services: list[str]
    address: str = ""
    phone: str = ""
    email: str = ""
    is_active: bool = True


def service_codes() -> set[str]:
    return {code.code for code in by_key("service_type").codes}


def _managed_unit(actor: User) -> Unit:
    membership = actor.membership
    if membership is None or membership.role not in MANAGE_ROLES:
        raise ValidationError(_("Only the head of the unit or the unit administrator can manage partners."))
    return membership.unit


def _line(value: str, *, limit: int, what: str) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if len(text) > limit:
        raise ValidationError(_("%(what)s is too long (at most %(n)d characters).") % {"what": what, "n": limit})
    return text


def _clean_partner(data: PartnerData) -> dict[str, Any]:
    name = _line(data.name, limit=MAX_NAME, what=_("The name"))
    if not name:
        raise ValidationError(_("Enter the partner's name."))
    if data.kind not in PartnerKind.values:
        raise ValidationError(_("Choose a type of partner from the list."))
    known = service_codes()
    services = sorted({code for code in data.services if code in known})
    if len(services) != len(set(data.services)):
        raise ValidationError(_("Choose the services from the list."))
    email = (data.email or "").strip()
    if email:
        validate_email(email)
    address = (data.address or "").replace("\x00", "").strip()
    if len(address) > 500:
        raise ValidationError(_("The address is too long (at most 500 characters)."))
    phone = _line(data.phone, limit=40, what=_("The phone"))
    return {**asdict(data), "name": name, "services": services, "email": email, "address": address, "phone": phone}


def _name_taken(unit: Unit, name: str, exclude: int | None = None) -> bool:
    rows = Partner.objects.filter(unit=unit, name__iexact=name)
    return (rows.exclude(pk=exclude) if exclude is not None else rows).exists()


@transaction.atomic
def partner_save(
    *, actor: User, data: PartnerData, partner: Partner | None = None, request: HttpRequest | None = None
) -> Partner:
    """Add a partner to the actor's unit, or change one of it (nothing changed: no event)."""
    unit = _managed_unit(actor)
    values = _clean_partner(data)
    if partner is not None and partner.unit_id != unit.pk:
        raise ValidationError(_("This partner is not in your unit."))
    if _name_taken(unit, values["name"], exclude=partner.pk if partner else None):
        raise ValidationError(_("Your unit already has a partner with this name."))
    now = timezone.now()
    if partner is None:
        partner = Partner(unit=unit, created_at=now, created_by=actor, **values)
        partner.full_clean()
        try:
            with transaction.atomic():
                partner.save()
        except IntegrityError as exc:  # two saves of the same name at once: the constraint decides
            raise ValidationError(_("Your unit already has a partner with this name.")) from exc
        diff = audit_diff(before=None, after=partner)
        action = AuditAction.CREATE
    else:
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        before = {name: getattr(locked, name) for name in PARTNER_FIELDS}
        changed = [name for name in PARTNER_FIELDS if before[name] != values[name]]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, values[name])
        locked.updated_at = now
        locked.full_clean()
        locked.save(update_fields=[*changed, "updated_at"])
        diff = audit_diff(before=before, after={name: getattr(locked, name) for name in PARTNER_FIELDS})
        partner, action = locked, AuditAction.UPDATE
    audit_record(
        actor=actor,
        unit=unit,
        action=action,
        obj=partner,
        changed_fields=diff.changed_fields,
        old=diff.old,
        new=diff.new,
        request=request,
    )
    return partner


def _check(actor: User, partner: Partner) -> Unit:
    unit = _managed_unit(actor)
    if partner.unit_id != unit.pk:
        raise ValidationError(_("This partner is not in your unit."))
    return unit


@transaction.atomic
def contact_add(
    *,
    actor: User,
    partner: Partner,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
    request: HttpRequest | None = None,
) -> PartnerContact:
    """Record a person to contact at the partner (encrypted; only field names reach the audit trail)."""
    unit = _check(actor, partner)
    name = _line(name, limit=MAX_NAME, what=_("The name"))
    if not name:
        raise ValidationError(_("Enter the contact person's name."))
    email = (email or "").strip()
    if email:
        validate_email(email)
    contact = PartnerContact(
        partner=partner,
        name=name,
        position=_line(position, limit=MAX_SHORT, what=_("The position")),
        phone=_line(phone, limit=40, what=_("The phone")),
        email=email[:200],
        created_at=timezone.now(),
    )
    contact.full_clean()
    contact.save()
    audit_created(actor=actor, unit=unit, obj=contact, request=request)
    return contact


@transaction.atomic
def contact_end(*, actor: User, contact: PartnerContact, request: HttpRequest | None = None) -> PartnerContact:
    """The person no longer works there: inactive, never deleted (referrals name who was contacted)."""
    unit = _check(actor, contact.partner)
    if contact.is_active:
        contact.is_active = False
        contact.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            unit=unit,
            action=AuditAction.UPDATE,
            obj=contact,
            changed_fields=["is_active"],
            old={"is_active": True},
            new={"is_active": False},
            request=request,
        )
    return contact


@transaction.atomic
def agreement_add(
    *,
    actor: User,
    partner: Partner,
    kind: str,
    number: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    title: str = "",
    document: Any = None,
    request: HttpRequest | None = None,
) -> Agreement:
    """Record an MoU or PKS with its validity and, optionally, its signed document (stored encrypted).

    A new agreement that outlasts the ones before it closes their expiry reminders as done.
    """
    unit = _check(actor, partner)
    if kind not in AgreementKind.values:
        raise ValidationError(_("Choose MoU or PKS."))
    number = _line(number, limit=MAX_SHORT, what=_("The number"))
    if not number:
        raise ValidationError(_("Enter the agreement's number."))
    if not EARLIEST_DATE <= valid_from <= LATEST_DATE:
        raise ValidationError(_("The start of validity must be between 1950 and 2100."))
    if valid_until is not None and not valid_from <= valid_until <= LATEST_DATE:
        raise ValidationError(_("The end of validity must be on or after its start (and before 2101)."))
    agreement = Agreement(
        partner=partner,
        kind=kind,
        number=number,
        title=_line(title, limit=300, what=_("The title")),
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    stored = None
    if document is not None:
        try:
            stored = file_accept(document)
        except FileRefused as exc:
            raise ValidationError(exc.messages) from exc
        agreement.original_name = (getattr(document, "name", "") or "")[:255]
        agreement.content_type = stored.kind.content_type
        agreement.size = stored.size
        agreement.sha256 = stored.sha256
        agreement.storage_name = stored.storage_name
        agreement.file_key = stored.key
    try:
        agreement.full_clean()
        agreement.save()
    except Exception:
        # The sealed file goes with the row that failed: no orphan file is left in the storage.
        if stored is not None:
            file_delete(stored.storage_name)
        raise
    outlasted = Agreement.objects.filter(partner=partner, valid_until__isnull=False).exclude(pk=agreement.pk)
    if valid_until is not None:
        outlasted = outlasted.filter(valid_until__lt=valid_until)
    for older in outlasted:
        agreement_reminders_close(agreement=older, renewed=True)
    audit_created(actor=actor, unit=unit, obj=agreement, request=request)
    return agreement


@transaction.atomic
def partner_user_link(
    *, actor: User, membership: Membership, partner: Partner, request: HttpRequest | None = None
) -> PartnerUser:
    """The unit administrator links a PARTNER user of the unit to one active partner of the unit (or moves the
    link to another one): the portal then shows that organisation's active referrals. Audited (ids only)."""
    admin = actor.membership
    if admin is None or admin.role != Role.UNIT_ADMIN:
        raise ValidationError(_("Only the unit administrator links a partner user to an organisation."))
    if membership.unit_id != admin.unit_id or membership.role != Role.PARTNER or not membership.is_active:
        raise ValidationError(_("Only an active partner user of your unit can be linked."))
    if partner.unit_id != admin.unit_id or not partner.is_active:
        raise ValidationError(_("Choose an active partner of your unit."))
    now = timezone.now()
    link = PartnerUser.objects.select_for_update().filter(user_id=membership.user_id).first()
    before = link.partner_id if link is not None else None
    if link is None:
        link = PartnerUser.objects.create(user_id=membership.user_id, partner=partner, linked_at=now, linked_by=actor)
        action = AuditAction.CREATE
    elif before == partner.pk:
        return link
    else:
        link.partner, link.linked_at, link.linked_by = partner, now, actor
        link.save(update_fields=["partner", "linked_at", "linked_by"])
        action = AuditAction.UPDATE
    audit_record(
        actor=actor,
        unit=admin.unit,
        action=action,
        obj=link,
        changed_fields=["partner"],
        old={"partner": before},
        new={"partner": partner.pk},
        request=request,
    )
    return link
