"""The transfer (pelimpahan) of a case to another UPTD PPA when the victim moves region (issue #14).

Imported by ``sigap.referrals.models`` so that Django registers the model with the referrals app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField


class TransferState(models.TextChoices):
    """A case manager proposes, the HEAD sends it back or carries it out (or carries it out at once)."""

    PROPOSED = "PROPOSED", _("Proposed, waiting for the head of the unit")
    SENT_BACK = "SENT_BACK", _("Sent back by the head of the unit")
    DONE = "DONE", _("Transferred: package made and case closed")


class CaseTransfer(models.Model):
    """One transfer of a case to another UPTD PPA: a unit of this Sigap (``receiving_unit``) or one typed in.

    Carrying it out makes the transfer package (an XLSX and a PDF, both encrypted with a password that
    is shown once to the HEAD and never stored, decision D78) and closes the case with the reason
    "moved to another region", in one transaction. The two files are kept sealed in the attachments
    storage (each with its own key, like every file) so that the HEAD can download them again;
    without the password they cannot be opened. ``reason`` may say where the victim moved: encrypted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"), db_index=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="transfers", verbose_name=_("case"), db_index=False
    )
    state = models.CharField(_("state"), max_length=12, choices=TransferState.choices)
    receiving_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving unit (in Sigap)"),
        db_index=False,
    )
    receiving_name = models.CharField(_("receiving UPTD PPA"), max_length=200)
    reason = EncryptedTextField(_("why the case is transferred"))
    proposed_at = models.DateTimeField(_("proposed at"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    send_back_note = EncryptedTextField(_("why it was sent back"), blank=True)
    identity_shared = models.BooleanField(_("identity in the package"), default=False)
    xlsx_storage_name = models.CharField(max_length=255, blank=True, editable=False)
    xlsx_file_key = EncryptedCharField(max_length=64, blank=True, editable=False)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_storage_name = models.CharField(max_length=255, blank=True, editable=False)
    pdf_file_key = EncryptedCharField(max_length=64, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        ordering = ["-proposed_at"]
        constraints = [
            # One proposal at a time per case: a second waits until the first is decided.
            models.UniqueConstraint(fields=["case"], condition=Q(state="PROPOSED"), name="transfer_one_proposal"),
        ]
        indexes = [models.Index(fields=["case", "proposed_at"], name="transfer_case_idx")]

    def __str__(self) -> str:
        return f"transfer {self.pk} of case {self.case_id}"  # never the receiving place: str() ends up in logs

    @property
    def is_done(self) -> bool:
        return self.state == TransferState.DONE
