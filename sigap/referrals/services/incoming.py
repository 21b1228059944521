"""Writes of a referral received from another agency (rujukan masuk): a complaint, and its referral record.

A referral in is a complaint like any other (``sigap.intake.services.complaint.complaint_record``: its
number, its response clock by risk, its triage and decision), from the channel "referral from another
agency", plus an inbound :class:`~sigap.referrals.models.Referral` that keeps who referred it (a partner of
the directory; a name typed in becomes a new partner, so the next referral finds it), their letter
number and date, and, once the complaint opens a case, that case (:func:`referral_case_link`, called by
``sigap.intake.hooks.case_opened``). A transfer package imported from another UPTD PPA goes the same way
(``sigap.referrals.services.transfer.receive``).

An inbound referral is recorded as already accepted: the unit answers through the complaint's clock, so
the reminders of referrals out never count it (they wait for a partner's answer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_changes
from sigap.core.classification import Level
from sigap.core.files.store import StoredFile
from sigap.core.reference.selectors import code_lookup
from sigap.intake.models import Complaint, ReporterType
from sigap.intake.services.complaint import PersonEntry, complaint_record
from sigap.partners.models import Partner, PartnerKind
from sigap.referrals.classification import CLASSIFICATION
from sigap.referrals.models import Direction, Mode, Referral, ReferralEvent, Status, Urgency

REFERRAL_CHANNEL = "RUJUKAN_LEMBAGA"  # complaint_channel: "Referral from another agency"
ACTING_ROLES = frozenset({Role.INTAKE, Role.HEAD})
MAX_SUMMARY = 2000
MAX_SERVICES = 20
SAFE_FIELDS = frozenset(
    name for name, entry in CLASSIFICATION["Referral"].items() if entry in (Level.PUBLIC, Level.INTERNAL)
)


class IncomingRefused(ValidationError):
    """A referral in was refused; the message says why."""


@dataclass(frozen=True)
class IncomingData:
    """What the intake officer copies from the referral letter."""

    reference: str
    letter_date: dt.date
    received_at: dt.datetime
    needs_summary: str
    risk_level: str
    partner: Partner | None = None
    partner_name: str = ""
    partner_kind: str = PartnerKind.OTHER
    services: list[str] = field(default_factory=list)
    urgency: str = Urgency.ROUTINE
    mode: str = Mode.LETTER
    contact_name: str = ""
    contact_phone: str = ""
    contact_instructions: str = ""
    contact_calls: str = ""
    people: list[PersonEntry] = field(default_factory=list)


def acting_unit(actor: User) -> Unit:
    membership = actor.membership
    if membership is None or membership.role not in ACTING_ROLES:
        raise IncomingRefused(_("Only the intake officers and the head of the unit can record a referral in."))
    return membership.unit


def partner_for(*, actor: User, unit: Unit, name: str, kind: str, request: HttpRequest | None) -> Partner:
    """The unit's partner of that name (case and spaces ignored), or a new one of ``kind`` (audited)."""
    clean = " ".join((name or "").split())[:200]
    if not clean:
        raise IncomingRefused(_("Choose the referring partner, or type its name."))
    if kind not in PartnerKind.values:
        raise IncomingRefused(_("Choose the type of the partner from the list."))
    found = Partner.objects.annotate(lname=Lower("name")).filter(unit=unit, lname=clean.lower()).first()
    if found is not None:
        return found
    partner = Partner(unit=unit, name=clean, kind=kind, created_at=timezone.now(), created_by=actor)
    partner.full_clean()
    partner.save(force_insert=True)
    audit_changes(
        obj=partner,
        unit=unit,
        safe_fields=("name", "kind"),
        actor=actor,
        action=AuditAction.CREATE,
        changed={"name": (None, partner.name), "kind": (None, kind)},
        request=request,
    )
    return partner


def _services(codes: Iterable[str]) -> list[str]:
    chosen = sorted(set(codes))
    if len(chosen) > MAX_SERVICES:
        raise IncomingRefused(_("Choose at most %(count)d services.") % {"count": MAX_SERVICES})
    for code in chosen:
        found = code_lookup("service_type", code)
        if found is None or not found.is_active:
            raise IncomingRefused(_("Choose the services from the list."))
    return chosen


def referral_in_create(
    *,
    actor: User,
    complaint: Complaint,
    partner: Partner,
    reference: str,
    letter_date: dt.date | None,
    needs_summary: str,
    services: list[str],
    urgency: str,
    mode: str,
    request: HttpRequest | None,
    document: StoredFile | None = None,
    document_name: str = "",
) -> Referral:
    """The inbound referral of ``complaint`` (inside the caller's transaction), with its first step and,
    for an imported package, the document already stored (``document``)."""
    if urgency not in Urgency.values or mode not in Mode.values:
        raise IncomingRefused(_("Choose the urgency and how the referral came from the lists."))
    now = timezone.now()
    due = complaint.response_due_at or now
    referral = Referral(
        unit=complaint.unit,
        direction=Direction.IN,
        number=f"IN/{complaint.number}",  # unique in the unit as the complaint's own number is
        partner=partner,
        complaint=complaint,
        referrer_reference=reference,
        referrer_date=letter_date,
        services=services,
        needs_summary=needs_summary[:MAX_SUMMARY],
        urgency=urgency,
        mode=mode,
        response_due=timezone.localdate(due, complaint.unit.zone),
        status=Status.ACCEPTED,
        created_at=now,
        created_by=actor,
        answered_at=now,
        answered_by=actor,
        status_changed_at=now,
        status_changed_by=actor,
    )
    if document is not None:
        referral.letter_original_name, referral.letter_content_type = document_name, document.kind.content_type
        referral.letter_size, referral.letter_sha256 = document.size, document.sha256
        referral.letter_storage_name, referral.letter_file_key = document.storage_name, document.key
    referral.full_clean(exclude=["services"])  # [] is valid here (checked above); the field is not blank=True
    referral.save(force_insert=True)
    ReferralEvent.objects.create(referral=referral, status=Status.ACCEPTED, at=now, by=actor)
    names = ["direction", "number", "partner", "complaint", "referrer_reference", "referrer_date", "services",
             "needs_summary", "urgency", "mode", "response_due", "status"]  # fmt: skip
    changed: dict[str, tuple[Any, Any]] = {name: (None, getattr(referral, name)) for name in names}
    changed["partner"], changed["complaint"] = (None, partner.pk), (None, str(complaint.pk))
    if document is not None:
        changed |= {"letter_original_name": (None, document_name), "letter_sha256": (None, document.sha256)}
    audit_changes(obj=referral, unit=referral.unit, safe_fields=SAFE_FIELDS, actor=actor,
                  action=AuditAction.CREATE, changed=changed, request=request)  # fmt: skip
    return referral


@transaction.atomic
def incoming_referral_record(*, actor: User, data: IncomingData, request: HttpRequest | None = None) -> Referral:
    """Record a referral received from another agency: a complaint (with its clock) and its referral in."""
    unit = acting_unit(actor)
    reference = " ".join((data.reference or "").split())[:120]
    if not reference:
        raise IncomingRefused(_("Write the number of the referral letter."))
    today = timezone.localdate(timezone.now(), unit.zone)
    if data.letter_date > today:
        raise IncomingRefused(_("The date of the letter cannot be in the future."))
    summary = (data.needs_summary or "").replace("\x00", "").strip()
    if not summary:
        raise IncomingRefused(_("Write what the referring agency asks for and why."))
    if data.partner is not None:
        if data.partner.unit_id != unit.pk or not data.partner.is_active:
            raise IncomingRefused(_("Choose the referring partner, or type its name."))
        partner = data.partner
    else:
        partner = partner_for(actor=actor, unit=unit, name=data.partner_name, kind=data.partner_kind, request=request)
    services = _services(data.services)
    contact = " ".join((data.contact_name or "").split())
    complaint = complaint_record(
        actor=actor,
        channel=REFERRAL_CHANNEL,
        received_at=data.received_at,
        reporter_type=ReporterType.THIRD_PARTY,
        reporter_name=f"{contact} ({partner.name})" if contact else partner.name,
        reporter_phone=data.contact_phone,
        reporter_relationship=_("Referring agency"),
        account=_("Referral from %(partner)s, letter %(reference)s of %(date)s.")
        % {"partner": partner.name, "reference": reference, "date": data.letter_date.isoformat()}
        + "\n\n"
        + summary,
        risk_level=data.risk_level,
        contact_instructions=data.contact_instructions,
        contact_calls=data.contact_calls,
        people=data.people,
        request=request,
    )
    return referral_in_create(
        actor=actor,
        complaint=complaint,
        partner=partner,
        reference=reference,
        letter_date=data.letter_date,
        needs_summary=summary,
        services=services,
        urgency=data.urgency,
        mode=data.mode,
        request=request,
    )


def referral_case_link(*, actor: User, complaint: Any, request: HttpRequest | None = None) -> None:
    """The complaint opened a case: its inbound referral now names that case (``intake.hooks.case_opened``)."""
    if not complaint.case_id:
        return
    for referral in Referral.objects.select_for_update().filter(
        complaint_id=complaint.pk, direction=Direction.IN, case__isnull=True
    ):
        referral.case_id = complaint.case_id
        referral.save(update_fields=["case"])
        audit_changes(obj=referral, unit=referral.unit, safe_fields=SAFE_FIELDS, actor=actor,
                      action=AuditAction.UPDATE, changed={"case": (None, str(complaint.case_id))},
                      request=request)  # fmt: skip
