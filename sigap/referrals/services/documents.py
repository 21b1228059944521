"""The partner's documents on a referral (a service report, a receipt), uploaded in the partner portal.

The file goes through the project's one pipeline (``sigap.core.files.store.file_accept``: size limit, type
recognised from the content, photos re-encoded, sealed under its own key) *before* the transaction opens, as
the attachments of ``sigap.assistance`` do; a failed transaction deletes the stored file again. Only a portal
user of the referral's partner, while its grant lasts, uploads; the audit event on the case holds ids, the
type and the size, never the file's name.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.cases.rules.guards import TransitionRefused
from sigap.core.files.store import download_name, file_accept, file_delete
from sigap.referrals.models import Referral, ReferralDocument
from sigap.referrals.services.common import audit, locked_grant, text

MAX_TITLE = 200


def referral_document_upload(
    *,
    actor: User,
    referral: Referral,
    upload: Any,
    original_name: str,
    title: str,
    request: HttpRequest | None = None,
) -> ReferralDocument:
    """Store ``upload`` as a document of ``referral`` by a portal user of its partner.

    Raises ``FileRefused`` (empty, too large, a type that is not accepted) or ``TransitionRefused`` (no title,
    the grant ended); nothing is stored then.
    """
    title = text(title, limit=MAX_TITLE)
    if not title:
        raise TransitionRefused(_("Say what the document is."))
    stored = file_accept(upload)
    try:
        with transaction.atomic():
            _row, case = locked_grant(referral, actor)
            document = ReferralDocument(
                referral=referral,
                title=title,
                original_name=download_name(original_name, stored.kind.content_type),
                content_type=stored.kind.content_type,
                size=stored.size,
                sha256=stored.sha256,
                storage_name=stored.storage_name,
                file_key=stored.key,
                uploaded_at=timezone.now(),
                uploaded_by=actor,
            )
            document.full_clean()
            document.save(force_insert=True)
            audit(
                actor=actor,
                case=case,
                referral=referral,
                event="document",
                request=request,
                action=AuditAction.UPDATE,
                document=str(document.pk),
                type=stored.kind.name,
                size=stored.size,
            )
    except BaseException:
        file_delete(stored.storage_name)
        raise
    return document
