"""Mediation (mediasi, issue #12; domain.md §B3, §C.15, §D2).

Only for the matters of §C.15 (child or wife maintenance, custody, joint property…). UU TPKS Pasal 23
forbids settling sexual violence out of court except where the perpetrator is a child: the service
(``services.mediation``) refuses such a case. It also refuses without a recorded assessment that the victim
decides freely (by the psychologist or the case manager, who and when kept here) and without a trained
mediator. sigap.experts has no mediator-training credential kind, so "trained" is a confirmation with who
confirmed it and when (``mediator_trained_by``/``_at``; D3x in docs/decisions.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField


class MediationMatter(models.TextChoices):
    """The matters that may be mediated (domain.md §C.15)."""

    MAINTENANCE = "MAINTENANCE", _("Child or wife maintenance")
    ACKNOWLEDGEMENT = "ACKNOWLEDGEMENT", _("Acknowledgement of a child")
    CUSTODY = "CUSTODY", _("Custody")
    JOINT_PROPERTY = "JOINT_PROPERTY", _("Joint marital property")
    INHERITANCE = "INHERITANCE", _("Inheritance")
    WAGES = "WAGES", _("Wages and compensation")
    INDUSTRIAL = "INDUSTRIAL", _("Industrial relations")
    COMPLAINT_OFFENCE = "COMPLAINT_OFFENCE", _("Complaint offence the woman declines to prosecute")


class MediationStatus(models.TextChoices):
    OPEN = "OPEN", _("In progress")
    AGREEMENT = "AGREEMENT", _("Agreement reached")
    NO_AGREEMENT = "NO_AGREEMENT", _("No agreement")
    STOPPED = "STOPPED", _("Stopped")


class Mediation(models.Model):
    """One mediation of a case: its matter, the free-decision assessment, the mediator and the outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="mediations")
    matter = models.CharField(_("matter"), max_length=20, choices=MediationMatter.choices)
    free_decision_note = EncryptedTextField(_("assessment that the victim decides freely"))
    free_decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    free_decision_at = models.DateTimeField()
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("mediator")
    )
    mediator_trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    mediator_trained_at = models.DateTimeField()
    status = models.CharField(_("status"), max_length=14, choices=MediationStatus.choices, default=MediationStatus.OPEN)
    outcome_note = EncryptedTextField(_("outcome"), blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"mediation {self.pk} of {self.case_id}"


class MediationSession(models.Model):
    """A meeting of the parties in a mediation; who was present and the notes are encrypted."""

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="sessions")
    held_at = models.DateTimeField(_("held on"))
    present = EncryptedCharField(_("present"), max_length=500)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:
        return f"mediation session {self.pk}"


class MediationFollowUp(models.Model):
    """A promise of the agreement (e.g. monthly child support) the case manager checks on ``due_on``;
    each opens a work item (``assistance_mediation_follow_up``) closed when it is checked."""

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="follow_ups")
    promise = EncryptedCharField(_("what the agreement promises"), max_length=500)
    due_on = models.DateField(_("check on"))
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("follow-up of a mediation agreement")
        verbose_name_plural = _("follow-ups of mediation agreements")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"follow-up {self.pk}"
