"""The empowerment plan: the programmes a victim takes part in (domain.md §E3, §E4)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedTextField


class ProgrammeKind(models.TextChoices):
    """The kinds of empowerment programme (and the partner that usually delivers each, domain.md §E4)."""

    TRAINING = "TRAINING", _("Skills training (BLK, Disnaker)")
    CAPITAL = "CAPITAL", _("Business capital (BAZNAS, cooperative, KUR)")
    JOB_PLACEMENT = "JOB_PLACEMENT", _("Job placement")
    SOCIAL_ASSISTANCE = "SOCIAL_ASSISTANCE", _("Enrolment in social assistance (PKH, BPNT, KIS)")
    CIVIL_DOCUMENTS = "CIVIL_DOCUMENTS", _("Civil documents (Disdukcapil)")
    EDUCATION = "EDUCATION", _("Return to school or package A/B/C")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Planned")
    IN_PROGRESS = "IN_PROGRESS", _("In progress")
    DONE = "DONE", _("Done")
    CANCELLED = "CANCELLED", _("Cancelled")


OPEN_PROGRAMME_STATUSES = frozenset({ProgrammeStatus.PLANNED, ProgrammeStatus.IN_PROGRESS})


class Programme(models.Model):
    """One programme of a victim's empowerment plan: its kind, status, dates and notes.

    A cancelled programme carries why (``cancel_reason``, encrypted, required by the service). Each programme is
    delivered by a partner of the unit's directory (``partner``) through a referral (``referral``: the latest one
    sent from the programme's page, through the referral service and its consent guard). The referral's steps move
    the programme (accepted: in progress; done: done) through ``sigap.referrals.hooks`` (D82).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="programmes", db_index=False)
    kind = models.CharField(_("programme"), max_length=30, choices=ProgrammeKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
        db_index=False,
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("referral"),
    )
    cancel_reason = EncryptedTextField(_("why it was cancelled"), blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("empowerment programme")
        verbose_name_plural = _("empowerment programmes")
        ordering = ["case", "created_at", "pk"]
        indexes = [models.Index(fields=["case", "status"], name="programme_case_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} of {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROGRAMME_STATUSES
