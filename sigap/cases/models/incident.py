"""Incidents of a case: when and where violence happened to a victim, by whom, and how it is classified.

A case may hold several incidents (a reopened case gets a new one, linked to the same victim, so that
SIMFONI counts are not doubled). The account is encrypted; the codes (violence types, TPKS forms, GBVIMS
type, place, age group) stay in plaintext for the SIMFONI recaps (justified in classification.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.cases import codes
from sigap.core.crypto.fields import EncryptedTextField


class AgeStatus(models.TextChoices):
    """Child (under 18) or adult at the incident date (domain.md §C.7, ``status_usia``)."""

    ANAK = "ANAK", _("Child")
    DEWASA = "DEWASA", _("Adult")


class Incident(models.Model):
    """One incident suffered by one victim of the case.

    ``date_from`` is the day (or the first day of a period ending ``date_to``). ``age_group`` and
    ``age_status`` are derived at ``date_from`` from the victim's birth date (or estimated age) by the
    service, never typed in; empty when the age is unknown. ``gbv_type`` is confirmed by the user from
    the suggestion of :func:`sigap.cases.services.incident.suggest_gbv_type`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="incidents", db_index=False)
    victim = models.ForeignKey(
        "cases.CasePerson", on_delete=models.PROTECT, related_name="incidents_suffered", verbose_name=_("victim")
    )
    # Several alleged perpetrators (group violence is common in TPKS cases; issue #21), in the order named.
    perpetrators = models.ManyToManyField(
        "cases.CasePerson",
        through="cases.IncidentPerpetrator",
        related_name="incidents_committed",
        blank=True,
        verbose_name=_("alleged perpetrators"),
    )
    relationship = models.CharField(_("relationship to the victim"), max_length=40, blank=True)
    date_from = models.DateField(_("date (or first day)"))
    date_to = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=40)
    village = models.ForeignKey(
        "regions.Village", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    account = EncryptedTextField(_("account of the incident"))
    violence_types = models.JSONField(_("types of violence"), default=list)
    tpks_forms = models.JSONField(_("forms of sexual-violence crime (TPKS)"), default=list, blank=True)
    is_kdrt = models.BooleanField(_("domestic violence (KDRT)"), default=False)
    gbv_type = models.CharField(_("GBVIMS core type"), max_length=30)
    age_group = models.CharField(_("age group"), max_length=10, blank=True)
    age_status = models.CharField(_("age status"), max_length=10, choices=AgeStatus.choices, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["date_from", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")), name="incident_period_order"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "date_from"], name="incident_case_date_idx"),
            models.Index(fields=["date_from", "gbv_type"], name="incident_date_gbv_idx"),
        ]

    def __str__(self) -> str:
        return f"incident {self.pk} of {self.case_id}"

    @property
    def has_tpks(self) -> bool:
        return bool(self.tpks_forms)

    # Labels of the stored codes, in the active language (retired codes keep their label).
    @property
    def place_label(self) -> str:
        return codes.label_of("place", self.place)

    @property
    def gbv_label(self) -> str:
        return codes.label_of("gbv_type", self.gbv_type)

    @property
    def age_group_label(self) -> str:
        return codes.label_of("age_group", self.age_group)

    @property
    def relationship_label(self) -> str:
        return codes.label_of(codes.RELATIONSHIP, self.relationship)

    @property
    def violence_labels(self) -> list[str]:
        return [codes.label_of("violence_type", code) for code in self.violence_types or []]

    @property
    def tpks_labels(self) -> list[str]:
        return [codes.label_of("tpks_form", code) for code in self.tpks_forms or []]


class IncidentPerpetrator(models.Model):
    """One alleged perpetrator (a ``CasePerson`` of the case in the perpetrator role) of an incident."""

    # No index of its own: the unique constraint (incident, perpetrator) leads with it.
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="perpetrator_links", db_index=False)
    perpetrator = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("alleged perpetrator of an incident")
        verbose_name_plural = _("alleged perpetrators of incidents")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "perpetrator"], name="incident_perpetrator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.perpetrator_id} in {self.incident_id}"


class IncidentViolenceType(models.Model):
    """One SIMFONI violence type of an incident: ``Incident.violence_types`` as rows.

    The JSON list stays the incident's record (page, audit); these rows repeat it so that the case list
    can filter by type with ``Exists`` and recaps can ``GROUP BY code`` on every database (SQLite
    cannot look inside a JSON list). Written only by the incident services, in the same transaction
    (:func:`sigap.cases.services.incident.incident_violence_types_sync`).
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="violence_type_rows", db_index=False)
    code = models.CharField(_("type of violence"), max_length=40)

    class Meta:
        verbose_name = _("incident violence type")
        verbose_name_plural = _("incident violence types")
        constraints = [
            models.UniqueConstraint(fields=["incident", "code"], name="incident_violence_type_unique"),
        ]
        indexes = [models.Index(fields=["code", "incident"], name="incident_violence_code_idx")]

    def __str__(self) -> str:
        return f"{self.code} of incident {self.incident_id}"
