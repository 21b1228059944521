"""Informed consent of a victim (domain.md §D4, security.md PRIV-01).

One row per consent and scope: services, SIMFONI entry, sharing with a named agency for a purpose, or
photos and evidence. A child's consent is given by a parent or guardian (the child's own assent is
noted), or replaced by the HEAD's documented best-interest override. Withdrawal ends it from that day on;
rows are never deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField


class ConsentScope(models.TextChoices):
    """What the consent allows (domain.md §D4)."""

    SERVICES = "SERVICES", _("Services (assessment, counselling, legal, medical)")
    SIMFONI = "SIMFONI", _("Entry in SIMFONI PPA")
    SHARING = "SHARING", _("Sharing with a named agency for a purpose")
    EVIDENCE = "EVIDENCE", _("Photos and evidence")


class ConsentGiver(models.TextChoices):
    """Who gave the consent; HEAD_OVERRIDE is the HEAD's best-interest decision for a child (PRIV-01)."""

    VICTIM = "VICTIM", _("The victim")
    PARENT_GUARDIAN = "PARENT_GUARDIAN", _("A parent or guardian")
    HEAD_OVERRIDE = "HEAD_OVERRIDE", _("Best-interest decision of the head of the unit")


class ConsentMethod(models.TextChoices):
    WRITTEN = "WRITTEN", _("Written (signed form)")
    VERBAL = "VERBAL", _("Verbal, with a witness")


class ChildAssent(models.TextChoices):
    """The child's own view when an adult consents for them."""

    NOT_APPLICABLE = "", _("Not applicable (adult victim)")
    GIVEN = "GIVEN", _("The child agrees")
    REFUSED = "REFUSED", _("The child does not agree")
    NOT_ABLE = "NOT_ABLE", _("The child is too young or not able to say")


class Consent(models.Model):
    """A consent of (or for) one victim of the case, in one scope.

    ``guardian`` is the CasePerson (role parent/guardian) who gave it; ``override_reason`` the HEAD's
    written reason for a best-interest override. ``agency`` (the name as written), ``partner`` and ``purpose``
    only for SHARING. Valid from
    ``given_on``; ``withdrawn_on`` ends it (the day itself is no longer covered).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consents", db_index=False)
    victim = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="consents")
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    # The partner of the directory a SHARING consent covers (a referral to it needs this consent).
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("partner"),
    )
    purpose = EncryptedCharField(_("purpose"), max_length=300, blank=True)
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices)
    guardian = models.ForeignKey(
        "cases.CasePerson",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_given",
        verbose_name=_("parent or guardian"),
    )
    child_assent = models.CharField(_("the child's own assent"), max_length=10, choices=ChildAssent.choices, blank=True)
    override_reason = EncryptedTextField(_("reason for the override"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=ConsentMethod.choices)
    witness = EncryptedCharField(_("witness"), max_length=200, blank=True)
    given_on = models.DateField(_("date given"))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_on", "recorded_at"]
        indexes = [models.Index(fields=["case", "scope"], name="consent_case_scope_idx")]

    def __str__(self) -> str:
        return f"consent {self.pk} ({self.scope}) of {self.case_id}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None
