"""The public application: an applicant applies to an open vacancy, with their documents.

The files are checked, cleaned, encrypted and stored (``sigap.core.files.file_accept``) *before* the
transaction opens, and deleted again if it fails, so no orphan is left (as ``sigap.assistance`` does).
A refused file raises ``FileRefused`` naming the document (``field``), so the form shows the message
under it and keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.core.files.kinds import FileRefused
from sigap.core.files.store import StoredFile, download_name, file_accept, file_delete
from sigap.experts.models import CredentialKind, Sex
from sigap.recruitment.models import (
    Application,
    ApplicationDocument,
    ApplicationState,
    DocumentKind,
    Vacancy,
    VacancyState,
)
from sigap.recruitment.services.vacancy import RecruitmentRefused

logger = logging.getLogger("sigap.recruitment")

# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
MAX_FILES_PER_KIND = 3


def reference_new() -> str:
    """A random reference: ``RK-XXXX-XXXX`` (32^8 ≈ 10^12 values; it is never enough alone)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"RK-{body[:4]}-{body[4:]}"


def submission_token_new() -> str:
    """The one-time token of one application form (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def submission_digest(token: str) -> str | None:
    token = (token or "").strip()
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def reference_normalise(value: str) -> str:
    text = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if text.startswith("RK"):
        text = text[2:]
    if len(text) != REFERENCE_LENGTH:
        return ""
    return f"RK-{text[:4]}-{text[4:]}"


def email_normalise(value: str) -> str:
    return (value or "").strip().lower()


@dataclass(frozen=True)
class ApplicationData:
    """What an applicant typed (validated by the form)."""

    full_name: str
    email: str
    phone: str
    sex: str
    birth_date: dt.date | None = None
    education: str = ""
    experience: str = ""
    credential_kind: str = ""
    credential_number: str = ""
    credential_issuer: str = ""
    credential_valid_from: dt.date | None = None
    credential_valid_until: dt.date | None = None


def _accept_all(uploads: Mapping[str, list[Any]]) -> list[tuple[str, Any, StoredFile]]:
    """Store every upload; on the first refused one, delete those stored and raise with its document kind."""
    stored: list[tuple[str, Any, StoredFile]] = []
    try:
        for kind, files in uploads.items():
            for upload in files:
                try:
                    stored.append((kind, upload, file_accept(upload)))
                except FileRefused as error:
                    error.field = kind  # type: ignore[attr-defined]
                    raise
    except BaseException:
        for _kind, _upload, item in stored:
            file_delete(item.storage_name)
        raise
    return stored


def application_submit(
    *,
    vacancy: Vacancy,
    data: ApplicationData,
    uploads: Mapping[str, list[Any]],
    consent: bool,
    today: dt.date,
    submission_token: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """Record an application to an open vacancy; returns it (its ``reference`` is shown once).

    Refused (``RecruitmentRefused``) without the privacy consent, outside the vacancy's dates, or when a
    required document is missing; a file of the wrong type or too large raises ``FileRefused``. The same
    form sent again (same ``submission_token``) stores nothing and returns the first application.
    """
    digest = submission_digest(submission_token)
    if digest is not None:
        sent = Application.objects.filter(submission_digest=digest).first()
        if sent is not None:
            return sent
    if not consent:
        raise RecruitmentRefused(_("Please read the privacy notice and tick the box to agree."))
    if vacancy.state != VacancyState.PUBLISHED or not (vacancy.published_on <= today <= vacancy.closes_on):
        raise RecruitmentRefused(_("This vacancy is closed."))
    if data.sex not in Sex.values:
        raise RecruitmentRefused(_("Choose one of the options shown."))
    if data.credential_kind and data.credential_kind not in CredentialKind.values:
        raise RecruitmentRefused(_("Choose one of the options shown."))
    present = {kind for kind, files in uploads.items() if files}
    missing = [DocumentKind(kind).label for kind in vacancy.documents_required if kind not in present]
    if missing:
        raise RecruitmentRefused(
            _("Please attach: %(documents)s.") % {"documents": ", ".join(str(label) for label in missing)}
        )
    if any(kind not in DocumentKind.values or len(files) > MAX_FILES_PER_KIND for kind, files in uploads.items()):
        raise RecruitmentRefused(_("At most 3 files per document."))
    stored = _accept_all(uploads)
    try:
        application = _record(vacancy=vacancy, data=data, stored=stored, digest=digest, request=request)
    except BaseException as error:
        for _kind, _upload, item in stored:
            file_delete(item.storage_name)
        # Two sends of one form at the same moment: the unique digest let one through.
        if isinstance(error, IntegrityError) and digest is not None:
            sent = Application.objects.filter(submission_digest=digest).first()
            if sent is not None:
                return sent
        raise
    logger.info("recruitment application received", extra={"application": str(application.pk)})
    return application


@transaction.atomic
def _record(
    *,
    vacancy: Vacancy,
    data: ApplicationData,
    stored: list[tuple[str, Any, StoredFile]],
    digest: str | None,
    request: HttpRequest | None,
) -> Application:
    now = timezone.now()
    for _attempt in range(5):
        reference = reference_new()
        if not Application.objects.filter(reference=reference).exists():
            break
    application = Application(
        vacancy=vacancy,
        reference=reference,
        full_name=data.full_name.strip(),
        email=email_normalise(data.email),
        phone=data.phone.strip(),
        sex=data.sex,
        birth_date=data.birth_date,
        education=data.education.strip(),
        experience=data.experience.strip(),
        credential_kind=data.credential_kind,
        credential_number=data.credential_number.strip(),
        credential_issuer=data.credential_issuer.strip(),
        credential_valid_from=data.credential_valid_from,
        credential_valid_until=data.credential_valid_until,
        consent_at=now,
        submitted_at=now,
        state=ApplicationState.SUBMITTED,
        submission_digest=digest,
    )
    application.full_clean(exclude=["submission_digest"])
    application.save(force_insert=True)
    for kind, upload, item in stored:
        ApplicationDocument.objects.create(
            application=application,
            kind=kind,
            original_name=download_name(getattr(upload, "name", ""), item.kind.content_type),
            content_type=item.kind.content_type,
            size=item.size,
            sha256=item.sha256,
            storage_name=item.storage_name,
            file_key=item.key,
            uploaded_at=now,
        )
    # Codes and counts only: every typed value is personal.
    audit_record(
        actor=None,
        unit=vacancy.unit,
        action=AuditAction.CREATE,
        obj=application,
        changed_fields=["state", "documents"],
        new={"state": application.state, "documents": sorted(kind for kind, _u, _s in stored)},
        request=request,
    )
    return application


def application_public_state(reference: str, email: str) -> str | None:
    """The state of the application with this reference *and* e-mail; None when either does not match.

    The same answer (None) for a wrong reference and for a wrong e-mail, so the page tells nobody that
    a reference exists. The e-mail is compared after decryption, in constant time.
    """
    normalised = reference_normalise(reference)
    if not normalised:
        return None
    application = Application.objects.filter(reference=normalised, anonymised_at__isnull=True).first()
    given = email_normalise(email).encode()
    stored = application.email.encode() if application is not None else b"\x00" * max(len(given), 1)
    if not hmac.compare_digest(stored, given) or application is None:
        return None
    return str(application.state)
