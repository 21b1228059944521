"""Follow-ups of a case under monitoring (and after closure), the outcome indicators they record, and the HEAD's
recorded reason to close a case as "goals achieved" without the outcome (domain.md §B2 PEMANTAUAN, TERMINASI)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedTextField


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", _("Scheduled")
    DONE = "DONE", _("Done")
    NOT_REACHED = "NOT_REACHED", _("Could not be reached")
    CANCELLED = "CANCELLED", _("Cancelled")


class FollowUpMode(models.TextChoices):
    VISIT = "VISIT", _("Home visit")
    CALL = "CALL", _("Phone call")
    OFFICE = "OFFICE", _("At the office")


class Wellbeing(models.TextChoices):
    GOOD = "GOOD", _("Good")
    FAIR = "FAIR", _("Fair")
    POOR = "POOR", _("Poor")


class GoalsProgress(models.TextChoices):
    """How far the goals of the intervention and empowerment plans are met, as the case manager judges it."""

    MET = "MET", _("Goals met")
    ON_TRACK = "ON_TRACK", _("On track")
    PARTLY = "PARTLY", _("Partly met")
    NOT_MET = "NOT_MET", _("Not met")


class IncomeBand(models.TextChoices):
    """The victim's own monthly income, in bands (an exact amount is not needed to follow her independence)."""

    NONE = "NONE", _("No own income")
    UNDER_1M = "UNDER_1M", _("Under Rp 1 million")
    FROM_1M = "FROM_1M", _("Rp 1 – 3 million")
    FROM_3M = "FROM_3M", _("Rp 3 million or more")


class FollowUp(models.Model):
    """One follow-up of a case: scheduled when the case enters monitoring (``sequence`` 1…n, ``due_on``) or recorded
    at any time (``sequence`` None; ``post_closure`` after the case is closed, GBVIMS step 5).

    Recording it sets the mode, the day, whether the victim was reached, her safety (``new_violence``: the incident
    recorded with it), wellbeing and the goals' progress; the indicators go to an :class:`OutcomeRecord`. The work
    item "follow-up due" targets this row (opened by the hourly step, ``item_opened_at``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="follow_ups", db_index=False)
    sequence = models.PositiveSmallIntegerField(_("number in the schedule"), null=True, blank=True)
    months_after = models.PositiveSmallIntegerField(_("months after monitoring began"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.SCHEDULED
    )
    post_closure = models.BooleanField(_("after closure"), default=False)
    mode = models.CharField(_("how"), max_length=10, choices=FollowUpMode.choices, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    new_violence = models.BooleanField(_("new violence"), default=False)
    incident = models.ForeignKey(
        "cases.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    wellbeing = models.CharField(_("wellbeing"), max_length=10, choices=Wellbeing.choices, blank=True)
    goals_progress = models.CharField(_("goals of the plan"), max_length=10, choices=GoalsProgress.choices, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    item_opened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["case", "due_on", "created_at"]
        indexes = [
            models.Index(fields=["case", "status"], name="follow_up_case_status_idx"),
            # The hourly step and the "follow-ups due" list read the scheduled ones by due date.
            models.Index(fields=["status", "due_on"], name="follow_up_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"follow-up {self.sequence or '-'} of {self.case_id}"


class OutcomeRecord(models.Model):
    """The empowerment indicators at one follow-up: appended, never changed, so each indicator keeps its history.

    ``suggested_independent`` is what the unit's rule proposed (own income and complete documents); ``independent``
    is the case manager's judgement against the unit's definition.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="outcomes", db_index=False)
    follow_up = models.OneToOneField(FollowUp, on_delete=models.PROTECT, related_name="outcome")
    income_band = models.CharField(_("own income"), max_length=10, choices=IncomeBand.choices)
    business_running = models.BooleanField(_("business running"), default=False)
    employed = models.BooleanField(_("employed"), default=False)
    documents_complete = models.BooleanField(_("documents complete"), default=False)
    enrolled_assistance = models.BooleanField(_("enrolled in social assistance"), default=False)
    independent = models.BooleanField(_("independent"), default=False)
    suggested_independent = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("outcome indicators")
        verbose_name_plural = _("outcome indicators")
        ordering = ["case", "recorded_at"]
        indexes = [models.Index(fields=["case", "recorded_at"], name="outcome_case_recorded_idx")]

    def __str__(self) -> str:
        return f"outcome of {self.case_id} at {self.recorded_at:%Y-%m-%d}"

    @property
    def has_own_income(self) -> bool:
        return self.income_band != IncomeBand.NONE


class GoalsOverride(models.Model):
    """The HEAD's recorded reason to close a case as "goals achieved" although a programme is open or the outcome
    is not reached (issue #14). Valid until the case is reopened; its reason is encrypted (it describes the
    victim's situation) and its recording is an audit event on the case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="goals_overrides", db_index=False)
    reason = EncryptedTextField(_("why the case may close as goals achieved"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("goals override")
        verbose_name_plural = _("goals overrides")
        ordering = ["case", "-recorded_at"]
        indexes = [models.Index(fields=["case", "recorded_at"], name="goals_override_case_idx")]

    def __str__(self) -> str:
        return f"goals override of {self.case_id}"
