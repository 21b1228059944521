"""Writes of attachments: upload and (soft) removal, each audited on the case in its transaction.

The file is checked, cleaned, encrypted and stored (``sigap.core.files.file_accept``) *before* the
transaction opens: encrypting 10 MB must not hold the database's write lock. If the transaction then
fails, the stored file is deleted again, so no orphan is left behind.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.models.attachment import Attachment, DocumentKind, FieldGroup, OwnerKind
from sigap.assistance.models.session import AccompanimentSession
from sigap.assistance.rules.attachment import kept_under
from sigap.assistance.rules.session import notes_group_of
from sigap.assistance.selectors.attachment import owner_record, reader_for
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.core.files.store import download_name, file_accept, file_delete
from sigap.experts.models import ExpertProfile

MAX_REASON_LENGTH = 2000


def _audit(actor: User, case: Case, attachment: Attachment, request: HttpRequest | None, **extra: Any) -> None:
    # Codes and ids only: the file's name is personal (it often names the victim).
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["attachments"],
        new={
            "attachments": {
                "attachment": str(attachment.pk),
                "kind": attachment.document_kind,
                "field_group": attachment.field_group,
                "owner_kind": attachment.owner_kind,
                **extra,
            }
        },
        request=request,
    )


def _owner_floor(actor: User, case: Case, owner_kind: str, owner_id: Any) -> str:
    """The field group the owner imposes (``rules.attachment``); refused when it is not a record of ``case``."""
    if owner_kind == OwnerKind.CASE:
        return FieldGroup.GENERAL
    record = owner_record(case, owner_kind, owner_id)
    if record is None:
        raise TransitionRefused(_("Choose what the attachment belongs to."))
    if isinstance(record, AccompanimentSession):
        profession = ExpertProfile.objects.filter(user=actor).values_list("profession", flat=True).first()
        return notes_group_of(record.kind, profession)
    return FieldGroup.GENERAL


def attachment_upload(
    *,
    actor: User,
    case: Case,
    upload: Any,
    original_name: str,
    document_kind: str,
    field_group: str = FieldGroup.GENERAL,
    owner_kind: str = OwnerKind.CASE,
    owner_id: Any = None,
    request: HttpRequest | None = None,
) -> Attachment:
    """Store ``upload`` as an attachment of ``case``, or of its record ``owner_kind``/``owner_id`` (HEAD or
    team member), under the field group of ``rules.attachment.kept_under`` (never wider than chosen).

    Raises ``FileRefused`` (a ValidationError: empty, too large, wrong type, unreadable photo) or
    ``TransitionRefused`` (not allowed, a bad choice); nothing is stored then.
    """
    if not reader_for(actor, case).can_upload:
        raise TransitionRefused(_("Only the head of the unit or a member of the team can add attachments."))
    if document_kind not in DocumentKind.values:
        raise TransitionRefused(_("Choose the kind of document."))
    if field_group not in FieldGroup.values:
        raise TransitionRefused(_("Choose who may read it."))
    if owner_kind not in OwnerKind.values or (owner_kind == OwnerKind.CASE) != (owner_id is None):
        raise TransitionRefused(_("Choose what the attachment belongs to."))
    field_group = kept_under(
        chosen=field_group, document_kind=document_kind, owner_floor=_owner_floor(actor, case, owner_kind, owner_id)
    )
    stored = file_accept(upload)
    try:
        with transaction.atomic():
            attachment = Attachment(
                unit_id=case.unit_id,
                case=case,
                owner_kind=owner_kind,
                owner_id=None if owner_id is None else str(owner_id),
                document_kind=document_kind,
                field_group=field_group,
                original_name=download_name(original_name, stored.kind.content_type),
                content_type=stored.kind.content_type,
                size=stored.size,
                sha256=stored.sha256,
                storage_name=stored.storage_name,
                file_key=stored.key,
                uploaded_by=actor,
                uploaded_at=timezone.now(),
            )
            attachment.full_clean()
            attachment.save(force_insert=True)
            _audit(actor, case, attachment, request, size=stored.size, type=stored.kind.name)
    except BaseException:
        file_delete(stored.storage_name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(
    *, actor: User, attachment: Attachment, reason: str, request: HttpRequest | None = None
) -> Attachment:
    """Remove an attachment from the case's lists (soft: the row, the file and the audit trail stay).

    The uploader, the case manager or the HEAD, with a reason (encrypted: it may name people).
    """
    locked = Attachment.objects.select_for_update().select_related("case", "case__unit").get(pk=attachment.pk)
    if not reader_for(actor, locked.case).can_remove(locked):
        raise TransitionRefused(_("Only the uploader, the case manager or the head of the unit can remove it."))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Write why the attachment is removed."))
    if len(reason) > MAX_REASON_LENGTH:
        raise TransitionRefused(_("The reason is too long (at most 2000 characters)."))
    locked.removed_at = timezone.now()
    locked.removed_by = actor
    locked.removed_reason = reason
    locked.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    _audit(actor, locked.case, locked, request, removed=True)
    return locked
