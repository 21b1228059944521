"""Import of a transfer package made by another UPTD PPA that runs Sigap (the receiving side of a transfer).

The intake officer (or the HEAD) uploads the XLSX with the password the sending unit gave by another
channel. The package is decrypted, its integrity checked and its data validated against the strict
schema (``sigap.referrals.transfer.schema``); anything else is refused with one clear sentence. Then, in
one transaction: a complaint from the channel "transfer from another region" (its clock runs as for any
complaint) whose account is the readable summary, the sending unit as a partner of the directory (type
"another UPTD PPA"), an inbound referral with the sender's case number as the reference, and the
decrypted workbook kept as the referral's document (sealed at rest like every file).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.core.choices import ContactCalls, RiskLevel
from sigap.core.files.kinds import XLSX
from sigap.core.files.store import file_store, read_bounded
from sigap.intake.models import PersonRole as ComplaintRole
from sigap.intake.models import ReporterType
from sigap.intake.services.complaint import MAX_ACCOUNT, MAX_PEOPLE, PersonEntry, complaint_record
from sigap.partners.models import PartnerKind
from sigap.referrals.models import Direction, Mode, Referral, Urgency
from sigap.referrals.services.incoming import IncomingRefused, acting_unit, partner_for, referral_in_create
from sigap.referrals.transfer.package import read_package
from sigap.referrals.transfer.summary import summary_text

TRANSFER_CHANNEL = "PELIMPAHAN"  # complaint_channel: "Transfer from another region"
_ROLES = {"VICTIM": ComplaintRole.VICTIM, "PERPETRATOR": ComplaintRole.ALLEGED_PERPETRATOR}


def _people(payload: dict[str, Any], year: int) -> list[PersonEntry]:
    """The package's persons as a complaint names them: victims first, then the alleged perpetrators."""
    rows = sorted(payload["persons"], key=lambda p: (p["role"] != "VICTIM", p["role"] != "PERPETRATOR"))
    people = []
    for person in rows[:MAX_PEOPLE]:
        born = person["birth_year"]
        age = year - born if born is not None and 0 <= year - born <= 120 else None
        people.append(
            PersonEntry(
                name=person["name"],
                role=_ROLES.get(person["role"], ComplaintRole.OTHER),
                age=age,
                sex=person["sex"] if person["sex"] in ("L", "P") else "",
            )
        )
    return people


def _account(payload: dict[str, Any]) -> str:
    sender = payload["sender"]
    head = _("Transfer from %(unit)s, case %(number)s.") % {"unit": sender["unit"], "number": sender["case_number"]}
    text = f"{head}\n\n{summary_text(payload)}"
    if len(text) > MAX_ACCOUNT:
        text = text[: MAX_ACCOUNT - 60].rstrip() + "\n… " + _("(the rest is in the package)")
    return text


@transaction.atomic
def transfer_import(*, actor: User, upload: Any, password: str, request: HttpRequest | None = None) -> Referral:
    """Import a transfer package as a complaint of the actor's unit; :class:`PackageRefused`,
    ``FileRefused`` or :class:`IncomingRefused` say why not."""
    unit = acting_unit(actor)
    spool = read_bounded(upload)
    try:
        payload, workbook = read_package(spool, password or "")
    finally:
        spool.close()
    sender = payload["sender"]
    if sender["unit"].casefold() == unit.name.casefold():
        raise IncomingRefused(_("This package was made by this unit: it is imported by the receiving unit."))
    partner = partner_for(actor=actor, unit=unit, name=sender["unit"], kind=PartnerKind.UPTD_PPA, request=request)
    if Referral.objects.filter(
        unit=unit, direction=Direction.IN, partner=partner, referrer_reference=sender["case_number"]
    ).exists():
        raise IncomingRefused(_("This package has already been imported."))
    now = timezone.now()
    case, contact = payload["case"], payload["contact"]
    complaint = complaint_record(
        actor=actor,
        channel=TRANSFER_CHANNEL,
        received_at=now,
        reporter_type=ReporterType.THIRD_PARTY,
        reporter_name=sender["unit"],
        reporter_relationship=_("Transferring UPTD PPA"),
        account=_account(payload),
        risk_level=case["risk_level"] if case["risk_level"] in RiskLevel.values else RiskLevel.SEDANG,
        contact_instructions=contact["rule"],
        contact_calls=contact["calls"] if contact["calls"] in ContactCalls.values else "",
        people=_people(payload, timezone.localdate(now, unit.zone).year),
        request=request,
    )
    stored = file_store(io.BytesIO(workbook), XLSX)
    return referral_in_create(
        actor=actor,
        complaint=complaint,
        partner=partner,
        reference=sender["case_number"],
        letter_date=dt.date.fromisoformat(sender["transferred_on"]),
        needs_summary=payload["reason"] or _("Transfer of a case"),
        services=[],
        urgency=Urgency.ROUTINE,
        mode=Mode.LETTER,
        request=request,
        document=stored,
        document_name=f"pelimpahan-{complaint.number.replace('/', '-')}.xlsx",
    )
