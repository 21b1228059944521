"""The household needs assessment of a victim (domain.md §E3; Perpres 55/2024 task g)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class CivilDocument(models.TextChoices):
    """Civil documents a household may lack (Disdukcapil issues them)."""

    KTP = "KTP", _("Identity card (KTP)")
    KK = "KK", _("Family card (KK)")
    AKTA = "AKTA", _("Birth certificate (akta kelahiran)")


class AssistanceScheme(models.TextChoices):
    """National social-assistance schemes a household may be enrolled in."""

    PKH = "PKH", _("Family Hope Programme (PKH)")
    BPNT = "BPNT", _("Non-cash food assistance (BPNT)")
    KIS = "KIS", _("Health insurance card (KIS / PBI JKN)")


class HouseholdNeeds(models.Model):
    """The economic needs of the victim's household: one row per case, rewritten as it is updated (each write is an
    audit event naming the changed fields). Started from the economic section of the case's assessment.

    Every value describes a person's finances or situation: all encrypted. Who reads what is decided in
    ``sigap.empowerment.selectors.access`` (the finances: the HEAD, the case manager and the expert of the
    assessment's economic section; the rest: the case's team, as the economic section itself).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="household_needs")
    income_amount = EncryptedCharField(_("household income per month"), max_length=100, blank=True)
    income_source = EncryptedTextField(_("source of income"), blank=True)
    employment = EncryptedTextField(_("employment"), blank=True)
    skills = EncryptedTextField(_("skills"), blank=True)
    assets = EncryptedTextField(_("assets"), blank=True)
    dependants = EncryptedCharField(_("dependants"), max_length=100, blank=True)
    housing = EncryptedTextField(_("housing"), blank=True)
    debts = EncryptedTextField(_("debts"), blank=True)
    documents_missing = EncryptedJSONField(_("civil documents missing"), blank=True, default=list)
    assistance_enrolled = EncryptedJSONField(_("enrolled in social assistance"), blank=True, default=list)
    notes = EncryptedTextField(_("other needs"), blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("household needs")
        verbose_name_plural = _("household needs")

    def __str__(self) -> str:
        return f"household needs of {self.case_id}"
