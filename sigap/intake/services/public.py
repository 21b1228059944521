"""The public reporting page's writes and reads: a web report, its tracking code, its public stage.

The tracking code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 49
bits, drawn with ``secrets``. It is stored encrypted, and found through its keyed blind index
(HMAC-SHA256, kind ``exact``): a database dump does not reveal it, and the status page looks it up
with one indexed query. The status page shows a coarse stage only (never the content, never
"emergency": whoever holds the phone may not be the reporter).

Each reporting form carries a one-time token (``submission_token_new``). The complaint keeps its
SHA-256 (``submission_digest``, unique), so the same form sent twice (a double click, a request the
browser sends again) makes one complaint: the second send gets the first one back, with its code, for
``RESEND_WINDOW`` after the report (then it is refused). Only the browser that rendered the form has
the token: the page is never stored (``no-store``) and the token never goes into a URL.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.audit.models import AuditAction
from sigap.core.crypto.blind import IndexKind, blind_lookup
from sigap.intake.models import Complaint, ComplaintState, ComplaintStateChange, ReporterType, RiskLevel
from sigap.intake.services.complaint import (
    MAX_ACCOUNT,
    MAX_NOTE,
    ComplaintRefused,
    PersonEntry,
    _audit,
    _clean_text,
    _contact_calls,
    _created,
    _optional,
    clean_people,
    clock_responsible,
    complaint_number_issue,
    start_clock,
)

logger = logging.getLogger("sigap.intake")

WEB_CHANNEL = "FORMULIR_WEB"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
RESEND_WINDOW = timedelta(minutes=30)

PUBLIC_STAGES: dict[str, Promise] = {
    ComplaintState.ADUAN_MASUK: _("Received: waiting for an officer."),
    ComplaintState.IDENTIFIKASI: _("An officer is reviewing the report."),
    ComplaintState.DARURAT: _("The report is being followed up."),
    ComplaintState.PENJANGKAUAN: _("The report is being followed up."),
    ComplaintState.KASUS_DIBUKA: _("The report is being followed up."),
    ComplaintState.DIRUJUK_KELUAR: _("The report was passed to another service that can help."),
    ComplaintState.DITUTUP_TANPA_KASUS: _("The review of the report is finished."),
}


def tracking_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def tracking_code_normalise(value: str) -> str:
    """Upper case without spaces and hyphens (the code has no look-alike characters to fold)."""
    return "".join(ch for ch in (value or "").upper() if ch not in " -\t\r\n")[:40]


def tracking_code_display(code: str) -> str:
    """``ABCDE-FGHJK``: easier to write down and read out."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def submission_token_new() -> str:
    """The one-time token of one reporting form (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def submission_digest(token: str) -> str | None:
    """What the complaint keeps of its form's token (None: the form carried none)."""
    token = (token or "").strip()
    return hashlib.sha256(token.encode()).hexdigest() if token else None


class _AlreadySent(Exception):
    """Raised inside the recording transaction to roll back the number it took."""


def _sent_before(digest: str) -> tuple[Complaint, str]:
    """The complaint an earlier send of the same form made, and its code (refused after the window)."""
    complaint = Complaint.objects.filter(submission_digest=digest).first()
    if complaint is None or complaint.tracking_code is None:
        raise ComplaintRefused(_("The report could not be sent. Please try again."))
    if timezone.now() - complaint.received_at > RESEND_WINDOW:
        raise ComplaintRefused(_("This form was already sent. To report again, open the reporting page anew."))
    logger.info("web report sent twice, answered once", extra={"complaint": str(complaint.pk)})
    return complaint, complaint.tracking_code


def public_units() -> list[Unit]:
    return list(Unit.objects.filter(is_active=True, level=Unit.Level.REGENCY).order_by("name"))


def complaint_submit_public(
    *,
    unit: Unit,
    reporter_type: str,
    account: str,
    in_danger: bool = False,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_relationship: str = "",
    contact_consent: bool = False,
    contact_instructions: str = "",
    contact_calls: str = "",
    people: Iterable[PersonEntry] = (),
    submission_token: str = "",
    request: HttpRequest | None = None,
) -> tuple[Complaint, str]:
    """Record a report of the public web form; returns the complaint and its tracking code.

    No officer took it: ``recorded_by`` stays empty and it waits in the intake queue. Its clock is
    the high-risk one when the reporter says someone is in danger now, else the medium one. A form
    sent again (same ``submission_token``) records nothing and returns the first complaint.
    """
    digest = submission_digest(submission_token)
    try:
        return _submit_public(
            unit=unit,
            reporter_type=reporter_type,
            account=account,
            in_danger=in_danger,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
            reporter_relationship=reporter_relationship,
            contact_consent=contact_consent,
            contact_instructions=contact_instructions,
            contact_calls=contact_calls,
            people=people,
            digest=digest,
            request=request,
        )
    except _AlreadySent:
        return _sent_before(digest or "")
    except IntegrityError:
        # Two sends of one form at the same moment: the unique digest let one through.
        if digest is None or not Complaint.objects.filter(submission_digest=digest).exists():
            raise
        return _sent_before(digest)


@transaction.atomic
def _submit_public(
    *,
    unit: Unit,
    reporter_type: str,
    account: str,
    in_danger: bool,
    reporter_name: str,
    reporter_phone: str,
    reporter_relationship: str,
    contact_consent: bool,
    contact_instructions: str,
    contact_calls: str,
    people: Iterable[PersonEntry],
    digest: str | None,
    request: HttpRequest | None,
) -> tuple[Complaint, str]:
    if not unit.is_active:
        raise ComplaintRefused(_("This unit does not take reports online."))
    if reporter_type not in ReporterType.values:
        raise ComplaintRefused(_("Choose who is reporting."))
    account = _clean_text(account, MAX_ACCOUNT)
    if not account:
        raise ComplaintRefused(_("Please tell us briefly what happened."))
    anonymous = reporter_type == ReporterType.ANONYMOUS
    now = timezone.now()
    year = timezone.localtime(now, unit.zone).year
    sequence, number = complaint_number_issue(unit=unit, year=year)
    # After the unit's counter lock: a concurrent send of the same form has committed by now.
    if digest is not None and Complaint.objects.filter(submission_digest=digest).exists():
        raise _AlreadySent  # rolls the number back
    code = tracking_code_new()
    while Complaint.objects.filter(blind_lookup("tracking_index", IndexKind.EXACT, code)).exists():
        code = tracking_code_new()  # ~1 in 10^14 per report; checked anyway
    complaint = Complaint(
        unit=unit,
        number=number,
        year=year,
        sequence=sequence,
        channel=WEB_CHANNEL,
        received_at=now,
        state=ComplaintState.ADUAN_MASUK,
        reporter_type=reporter_type,
        reporter_name=None if anonymous else _optional(reporter_name, 200),
        reporter_phone=None if anonymous else _optional(reporter_phone, 40),
        reporter_relationship=None if anonymous else _optional(reporter_relationship, 100),
        contact_consent=bool(contact_consent),
        contact_instructions=_optional(contact_instructions, MAX_NOTE) if contact_consent else None,
        contact_calls=_contact_calls(contact_calls),
        people=clean_people(people),
        account=account,
        risk_level=RiskLevel.TINGGI if in_danger else RiskLevel.SEDANG,
        tracking_code=code,
        submission_digest=digest,
    )
    complaint.full_clean()
    complaint.save(force_insert=True)
    ComplaintStateChange.objects.create(
        complaint=complaint, from_state="", to_state=ComplaintState.ADUAN_MASUK, changed_at=now, changed_by=None
    )
    start_clock(complaint=complaint, responsible=clock_responsible(unit=unit))
    _audit(actor=None, complaint=complaint, action=AuditAction.CREATE, changed=_created(complaint), request=request)
    logger.info("web report received", extra={"complaint": str(complaint.pk)})
    return complaint, code


def complaint_public_stage(code: str) -> Promise | None:
    """The public stage of the report with this tracking code (None: no such code)."""
    normalised = tracking_code_normalise(code)
    if len(normalised) != CODE_LENGTH:
        return None
    state = (
        Complaint.objects.filter(blind_lookup("tracking_index", IndexKind.EXACT, normalised))
        .values_list("state", flat=True)
        .first()
    )
    return PUBLIC_STAGES.get(state) if state else None
