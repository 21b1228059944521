"""Assessment and intervention plan of a case (domain.md §B2: ``ASESMEN`` and ``RENCANA_INTERVENSI``).

- :class:`Assessment` is versioned: a reassessment after monitoring is a new version; its sections
  (physical, psychological, social, economic, education, legal) are written by the case manager or the
  expert assigned to each, encrypted. Completing it re-rates the case's risk.
- :class:`Plan` is versioned too: made with the victim, submitted to the HEAD, approved or returned with
  a comment. Its :class:`PlanItem` rows are the services (SIMFONI service list), who delivers each
  (a staff member or a partner of ``sigap.partners``) and the target date.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.cases import codes
from sigap.core.choices import RiskLevel
from sigap.core.crypto.fields import EncryptedTextField


class AssessmentArea(models.TextChoices):
    """The biopsychosocial areas of an assessment (domain.md §B2, §B0)."""

    PHYSICAL = "PHYSICAL", _("Physical and health")
    PSYCHOLOGICAL = "PSYCHOLOGICAL", _("Psychological")
    SOCIAL = "SOCIAL", _("Social and family")
    ECONOMIC = "ECONOMIC", _("Economic")
    EDUCATION = "EDUCATION", _("Education")
    LEGAL = "LEGAL", _("Legal")


class Assessment(models.Model):
    """One (re)assessment of a case. Completed once: ``completed_at`` set, risk re-rated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments", db_index=False)
    version = models.PositiveSmallIntegerField(_("version"))
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    risk_before = models.CharField(_("risk before"), max_length=10, choices=RiskLevel.choices)
    risk_after = models.CharField(_("risk after"), max_length=10, choices=RiskLevel.choices, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="assessment_case_version")]

    def __str__(self) -> str:
        return f"assessment {self.version} of {self.case_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class AssessmentSection(models.Model):
    """One area of an assessment: written by ``assignee`` (an expert of the team) or, when nobody is
    assigned, by the case manager (or the HEAD). The text is encrypted."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="sections", db_index=False)
    area = models.CharField(_("area"), max_length=20, choices=AssessmentArea.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned expert"),
    )
    text = EncryptedTextField(_("findings and needs"), blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("assessment section")
        verbose_name_plural = _("assessment sections")
        ordering = ["assessment", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "area"], name="assessment_section_area")]

    def __str__(self) -> str:
        return f"{self.area} of {self.assessment_id}"

    @property
    def is_written(self) -> bool:
        return self.written_at is not None


class PlanState(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    SUBMITTED = "SUBMITTED", _("Awaiting approval")
    APPROVED = "APPROVED", _("Approved")
    RETURNED = "RETURNED", _("Returned for changes")


EDITABLE_PLAN_STATES = frozenset({PlanState.DRAFT, PlanState.RETURNED})


class Plan(models.Model):
    """One version of the intervention plan. ``goals``, ``made_with_victim_how`` and the HEAD's
    ``comment`` are encrypted (they describe the victim's situation)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="plans", db_index=False)
    version = models.PositiveSmallIntegerField(_("version"))
    goals = EncryptedTextField(_("goals"), blank=True)
    made_with_victim = models.BooleanField(_("made with the victim"), default=False)
    made_with_victim_how = EncryptedTextField(_("how the victim took part"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    comment = EncryptedTextField(_("comment of the head"), blank=True)

    class Meta:
        verbose_name = _("intervention plan")
        verbose_name_plural = _("intervention plans")
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="plan_case_version")]

    def __str__(self) -> str:
        return f"plan {self.version} of {self.case_id}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_PLAN_STATES


class PlanItemStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Planned")
    IN_PROGRESS = "IN_PROGRESS", _("In progress")
    DONE = "DONE", _("Done")
    CANCELLED = "CANCELLED", _("Cancelled")


RESOLVED_ITEM_STATUSES = frozenset({PlanItemStatus.DONE, PlanItemStatus.CANCELLED})


class PlanItem(models.Model):
    """One service of a plan: a code of the service list, its provider and target date.

    The provider is either a staff member of the unit (``provider_user``) or a partner of the directory
    (``provider_partner``; ``provider_agency`` keeps the free text written before the directory existed,
    which a data migration turned into partners). A partner's item is done when its referral is done. A cancelled item carries the
    justification in ``cancel_reason`` (encrypted).
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="items")
    service = models.CharField(_("service"), max_length=40)
    provider_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("staff member"),
        db_index=False,
    )
    # Free text of before the partner directory (kept as written); new items name ``provider_partner``.
    provider_agency = models.CharField(_("partner agency"), max_length=200, blank=True)
    provider_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("partner"),
    )
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    cancel_reason = EncryptedTextField(_("why it was cancelled"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "target_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(provider_user__isnull=False) & Q(provider_agency="") & Q(provider_partner__isnull=True))
                | (Q(provider_user__isnull=True) & (~Q(provider_agency="") | Q(provider_partner__isnull=False))),
                name="plan_item_one_provider",
            ),
        ]
        indexes = [models.Index(fields=["provider_user", "status"], name="plan_item_provider_idx")]

    def __str__(self) -> str:
        return f"{self.service} in {self.plan_id}"

    @property
    def service_label(self) -> str:
        return codes.label_of("service_type", self.service)

    @property
    def provider_label(self) -> str:
        if self.provider_user_id is not None and self.provider_user is not None:
            return str(self.provider_user)
        return self.provider_agency

    @property
    def is_resolved(self) -> bool:
        return self.status in RESOLVED_ITEM_STATUSES
