"""Experts (tenaga ahli, domain.md §E5): one profile per expert user, and their credentials (§C.22).

The profile holds what the case team needs to choose an expert: profession, sex (same-sex assignment when
the victim prefers it) and whether they take new cases. Credentials are licences and certificates with
their validity; a credential is withdrawn by *ending* it (``ended_at``), never deleted, so that the
history of what was valid when stays. Which credentials make a profession *licensed* is one table in
:mod:`sigap.experts.licensing`. Contracts, extensions and recruitment (later issues) hang off the profile.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.fields import EncryptedCharField


class Profession(models.TextChoices):
    """The professions of the unit's experts (ARCHITECTURE §1; domain.md §B4, §E5)."""

    CLINICAL_PSYCHOLOGIST = "CLINICAL_PSYCHOLOGIST", _("Clinical psychologist")
    PSYCHOLOGICAL_COUNSELLOR = "PSYCHOLOGICAL_COUNSELLOR", _("Psychological counsellor")
    LEGAL_COUNSELLOR = "LEGAL_COUNSELLOR", _("Legal counsellor")


class Sex(models.TextChoices):
    """Sex of an expert: the codes of the reference list ``sex`` (domain.md §C.20), as on ``Person.sex``."""

    P = "P", _("Female")
    L = "L", _("Male")


class CredentialKind(models.TextChoices):
    """Credential types of domain.md §C.22 (legal basis in §E5)."""

    STRPK = "STRPK", _("STRPK (clinical psychologist registration)")
    SIPPK = "SIPPK", _("SIPPK (clinical psychologist practice licence)")
    STR_PSIKOLOG = "STR_PSIKOLOG", _("STR (psychologist registration)")
    SILP = "SILP", _("SILP (psychology service licence)")
    SIPP_HIMPSI = "SIPP_HIMPSI", _("SIPP HIMPSI (psychologist practice permit)")
    BA_SUMPAH_ADVOKAT = "BA_SUMPAH_ADVOKAT", _("Advocate's oath record (BA sumpah)")
    KTA_ADVOKAT = "KTA_ADVOKAT", _("Advocate membership card (KTA)")
    SERTIFIKAT_PARALEGAL = "SERTIFIKAT_PARALEGAL", _("Paralegal certificate")
    SERTIFIKAT_PELATIHAN_TPKS = "SERTIFIKAT_PELATIHAN_TPKS", _("Sexual-violence (TPKS) training certificate")


class CredentialEndReason(models.TextChoices):
    """Why a credential was ended (a code: it goes into the audit trail as it is)."""

    RENEWED = "RENEWED", _("Replaced by a renewed credential")
    REVOKED = "REVOKED", _("Revoked or suspended by the issuer")
    RECORDED_IN_ERROR = "RECORDED_IN_ERROR", _("Recorded by mistake")
    OTHER = "OTHER", _("Other reason")


class ExpertProfile(models.Model):
    """The expert profile of one user (a tenaga ahli of ``unit``): profession, sex, availability.

    Only a user with an active EXPERT membership in the unit gets one (``expert_profile_save``).
    ``available=False`` keeps the expert listed in the team suggestions, last, with a note. ``notes`` is a
    short free text of the unit about the expert (encrypted like every free text).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="expert_profiles", verbose_name=_("unit"), db_index=False
    )
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    available = models.BooleanField(
        _("takes new cases"), default=True, help_text=_("Untick while the expert cannot take new cases.")
    )
    notes = EncryptedCharField(_("notes"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        indexes = [models.Index(fields=["unit", "profession"], name="expert_profile_unit_prof_idx")]

    def __str__(self) -> str:
        return f"expert profile of {self.user_id}"  # never the name: str() ends up in logs


class Credential(models.Model):
    """One licence or certificate of an expert, with its validity.

    ``valid_until`` empty means no expiry (the advocate's oath, for instance). ``number`` identifies the
    expert and is encrypted; it never goes into the audit trail or the logs. Withdrawn by ending it
    (``ended_at``, ``ended_by``, ``end_reason``), never deleted.
    """

    profile = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        related_name="credentials",
        verbose_name=_("expert profile"),
        db_index=False,
    )
    kind = models.CharField(_("type"), max_length=30, choices=CredentialKind.choices)
    number = EncryptedCharField(_("number"), max_length=100)
    issuer = models.CharField(_("issued by"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    end_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=CredentialEndReason.choices, blank=True
    )
    # Typed by an applicant of open recruitment (sigap.recruitment): counts for no licence until the HEAD
    # has checked the document and confirmed it (``credential_confirm``).
    to_confirm = models.BooleanField(_("to confirm"), default=False)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["kind", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="credential_validity_order",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, end_reason="") | (Q(ended_at__isnull=False) & ~Q(end_reason="")),
                name="credential_end_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["profile", "kind"], name="credential_profile_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} of profile {self.profile_id}"  # never the number
