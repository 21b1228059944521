"""Attachments: evidence and documents kept on a case (issue #12), stored encrypted outside the database.

The bytes live in the ``attachments`` storage (``sigap.core.files``) under a random name, sealed with a
key of their own; the row holds that key in an encrypted field (so ``rotate_keys`` re-wraps it under the
newest data key), the original name encrypted, and the facts needed to serve the file (type, size,
SHA-256). Every attachment belongs to a case and takes its scope; it may also belong to one record of the
case (a session, a hearing, an outreach visit, a shelter stay, a mediation) through ``owner_kind`` and
``owner_id``, which the apps of those records fill in as they land.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.classification import Entry, Level, plaintext
from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField


class OwnerKind(models.TextChoices):
    """The record of the case an attachment belongs to (CASE: the case itself)."""

    CASE = "CASE", _("Case")
    SESSION = "SESSION", _("Accompaniment session")
    HEARING = "HEARING", _("Hearing")
    OUTREACH = "OUTREACH", _("Outreach visit")
    SHELTER_STAY = "SHELTER_STAY", _("Shelter stay")
    MEDIATION = "MEDIATION", _("Mediation")


class DocumentKind(models.TextChoices):
    """What the document is."""

    EVIDENCE = "EVIDENCE", _("Evidence")
    PSYCHOLOGICAL_REPORT = "PSYCHOLOGICAL_REPORT", _("Psychological report")
    LEGAL_OPINION = "LEGAL_OPINION", _("Legal opinion")
    BERITA_ACARA = "BERITA_ACARA", _("Official record (berita acara)")
    SIGNED_FORM = "SIGNED_FORM", _("Signed form")
    PHOTO = "PHOTO", _("Photo")
    OTHER = "OTHER", _("Other document")


class FieldGroup(models.TextChoices):
    """Who reads it besides the uploader and the HEAD (ARCHITECTURE §3, the readers of notes)."""

    GENERAL = "GENERAL", _("The case team")
    CLINICAL = "CLINICAL", _("Clinical: only the uploader and the head of the unit")
    LEGAL = "LEGAL", _("Legal: the case manager, the legal counsellors and the head of the unit")


_TYPE_REASON = "The type, size and digest of a file name no one; the download needs them before decrypting."


class Attachment(models.Model):
    """A document on a case (or on one record of it), readable by the readers of its field group."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="attachments", db_index=False)
    owner_kind = models.CharField(_("belongs to"), max_length=20, choices=OwnerKind.choices, default=OwnerKind.CASE)
    # A string so that records with UUID and integer keys can both own attachments; None for the case itself.
    owner_id = models.CharField(_("record"), max_length=40, null=True, blank=True)
    document_kind = models.CharField(_("kind of document"), max_length=30, choices=DocumentKind.choices)
    field_group = models.CharField(
        _("who may read it"), max_length=10, choices=FieldGroup.choices, default=FieldGroup.GENERAL
    )
    original_name = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(max_length=255, editable=False)
    # The file's own key, wrapped by the key ring like every encrypted column.
    file_key = EncryptedCharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    removed_reason = EncryptedTextField(_("reason for removal"), blank=True, default="")

    data_classification: ClassVar[dict[str, Entry]] = {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "case": Level.INTERNAL,
        "owner_kind": Level.INTERNAL,
        "owner_id": Level.INTERNAL,
        "document_kind": Level.INTERNAL,
        "field_group": Level.INTERNAL,
        "original_name": Level.SPECIFIC,
        "content_type": plaintext(Level.SPECIFIC, _TYPE_REASON),
        "size": plaintext(Level.SPECIFIC, _TYPE_REASON),
        "sha256": plaintext(Level.SPECIFIC, "Proves the stored evidence is unchanged; reveals nothing of it."),
        "storage_name": Level.INTERNAL,
        "file_key": Level.SPECIFIC,
        "uploaded_by": Level.INTERNAL,
        "uploaded_at": Level.INTERNAL,
        "removed_at": Level.INTERNAL,
        "removed_by": Level.INTERNAL,
        "removed_reason": Level.SPECIFIC,
    }

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at"]
        indexes = [
            models.Index(fields=["case", "owner_kind", "owner_id", "uploaded_at"], name="attachment_case_owner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["storage_name"], name="attachment_storage_name_unique"),
            models.CheckConstraint(
                condition=models.Q(owner_kind="CASE", owner_id__isnull=True) | ~models.Q(owner_kind="CASE"),
                name="attachment_case_owner_has_no_id",
            ),
        ]

    def __str__(self) -> str:
        return f"attachment {self.pk} on {self.case_id}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
