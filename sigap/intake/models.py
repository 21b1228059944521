"""Complaints (pengaduan) before a case exists: ticket numbers, triage, decision and response clocks.

States follow domain.md §B1 and change only through ``sigap.intake.services.complaint`` (never a free edit of
``state``). Everything a person said is encrypted (reporter, people concerned, account, how to make
contact safely, risk criteria, notes); codes used by the queue and the counts stay plaintext.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.choices import CaseCategory, ContactCalls, RiskLevel  # noqa: F401 - re-exported
from sigap.core.crypto.blind import IndexKind
from sigap.core.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedJSONField,
    EncryptedTextField,
)


class ComplaintState(models.TextChoices):
    """Ticket (aduan) states of domain.md §B1."""

    ADUAN_MASUK = "ADUAN_MASUK", _("Received")
    IDENTIFIKASI = "IDENTIFIKASI", _("Identification")
    DARURAT = "DARURAT", _("Emergency")
    PENJANGKAUAN = "PENJANGKAUAN", _("Outreach")
    KASUS_DIBUKA = "KASUS_DIBUKA", _("Case opened")
    DIRUJUK_KELUAR = "DIRUJUK_KELUAR", _("Referred out")
    DITUTUP_TANPA_KASUS = "DITUTUP_TANPA_KASUS", _("Closed without a case")


# The triage queue: complaints still waiting for a decision.
QUEUE_STATES = frozenset({ComplaintState.ADUAN_MASUK, ComplaintState.IDENTIFIKASI})
# Complaints that still need work from the intake team (queue plus emergency and outreach).
ACTIVE_STATES = frozenset(
    {ComplaintState.ADUAN_MASUK, ComplaintState.IDENTIFIKASI, ComplaintState.DARURAT, ComplaintState.PENJANGKAUAN}
)
FINAL_STATES = frozenset(
    {ComplaintState.KASUS_DIBUKA, ComplaintState.DIRUJUK_KELUAR, ComplaintState.DITUTUP_TANPA_KASUS}
)


class ReporterType(models.TextChoices):
    """Who reported: the victim, someone else (third party) or an anonymous person."""

    VICTIM = "KORBAN", _("The victim")
    THIRD_PARTY = "PIHAK_LAIN", _("Someone else (third party)")
    ANONYMOUS = "ANONIM", _("Anonymous")


class PersonRole(models.TextChoices):
    """The role of a person named in a complaint (before any case file exists)."""

    VICTIM = "KORBAN", _("Victim")
    ALLEGED_PERPETRATOR = "TERLAPOR", _("Alleged perpetrator")
    OTHER = "LAINNYA", _("Other")


RISK_ORDER = {RiskLevel.RENDAH: 0, RiskLevel.SEDANG: 1, RiskLevel.TINGGI: 2}


class RiskCriterion(models.TextChoices):
    """The checklist behind a risk rating (domain.md §C.13 leaves the criteria to the unit).

    Each criterion implies a minimum level (``CRITERION_LEVEL``): a complaint with a high criterion
    checked cannot be rated below high.
    """

    LIFE_THREAT = "NYAWA_TERANCAM", _("Life in danger or a threat to kill")
    WEAPON = "SENJATA", _("A weapon was used or threatened")
    SERIOUS_INJURY = "LUKA_BERAT", _("Injury that needs medical care now")
    RECENT_SEXUAL_VIOLENCE = "KS_72_JAM", _("Sexual violence in the last 72 hours")
    CHILD_WITH_PERPETRATOR = "ANAK_BERSAMA_PELAKU", _("A child lives with the alleged perpetrator")
    HELD_OR_TRAFFICKED = "DITAHAN", _("Held against their will or being trafficked")
    SELF_HARM = "MELUKAI_DIRI", _("Thoughts of suicide or self-harm")
    REPEATED_VIOLENCE = "BERULANG", _("Violence is repeated or getting worse")
    THREATS = "ANCAMAN", _("Threats or intimidation")
    PERPETRATOR_ACCESS = "AKSES_PELAKU", _("The alleged perpetrator can reach the victim")
    VULNERABLE = "RENTAN", _("Disability, pregnancy or old age")
    NO_SAFE_PLACE = "TIDAK_ADA_TEMPAT_AMAN", _("No safe place to stay")
    ECONOMIC_DEPENDENCE = "KETERGANTUNGAN_EKONOMI", _("Depends on the alleged perpetrator for money")
    NO_IMMEDIATE_DANGER = "TIDAK_ADA_BAHAYA", _("No immediate danger reported")


CRITERION_LEVEL: dict[str, str] = {
    RiskCriterion.LIFE_THREAT: RiskLevel.TINGGI,
    RiskCriterion.WEAPON: RiskLevel.TINGGI,
    RiskCriterion.SERIOUS_INJURY: RiskLevel.TINGGI,
    RiskCriterion.RECENT_SEXUAL_VIOLENCE: RiskLevel.TINGGI,
    RiskCriterion.CHILD_WITH_PERPETRATOR: RiskLevel.TINGGI,
    RiskCriterion.HELD_OR_TRAFFICKED: RiskLevel.TINGGI,
    RiskCriterion.SELF_HARM: RiskLevel.TINGGI,
    RiskCriterion.REPEATED_VIOLENCE: RiskLevel.SEDANG,
    RiskCriterion.THREATS: RiskLevel.SEDANG,
    RiskCriterion.PERPETRATOR_ACCESS: RiskLevel.SEDANG,
    RiskCriterion.VULNERABLE: RiskLevel.SEDANG,
    RiskCriterion.NO_SAFE_PLACE: RiskLevel.SEDANG,
    RiskCriterion.ECONOMIC_DEPENDENCE: RiskLevel.RENDAH,
    RiskCriterion.NO_IMMEDIATE_DANGER: RiskLevel.RENDAH,
}


def criteria_at(level: str) -> frozenset[str]:
    """The criteria that, ticked alone, mean at least ``level`` (read from ``CRITERION_LEVEL``, the rule
    the triage service applies): the triage form marks the high ones from here, never from a copy."""
    return frozenset(criterion for criterion, floor in CRITERION_LEVEL.items() if floor == level)


class Jurisdiction(models.TextChoices):
    """Whether the unit is competent for the complaint (kewenangan layanan)."""

    THIS_UNIT = "UNIT_INI", _("This unit")
    OTHER_REGION = "WILAYAH_LAIN", _("Another region (transfer)")


class Decision(models.TextChoices):
    """The outcome of identification; each leads to one state."""

    OPEN_CASE = "BUKA_KASUS", _("Open a case")
    EMERGENCY = "DARURAT", _("Emergency response first")
    OUTREACH = "PENJANGKAUAN", _("Outreach first")
    REFER_OUT = "RUJUK_KELUAR", _("Refer or transfer out")
    CLOSE = "TUTUP", _("Close without a case")


DECISION_STATE: dict[str, str] = {
    Decision.OPEN_CASE: ComplaintState.KASUS_DIBUKA,
    Decision.EMERGENCY: ComplaintState.DARURAT,
    Decision.OUTREACH: ComplaintState.PENJANGKAUAN,
    Decision.REFER_OUT: ComplaintState.DIRUJUK_KELUAR,
    Decision.CLOSE: ComplaintState.DITUTUP_TANPA_KASUS,
}


class CloseReason(models.TextChoices):
    """Why a complaint is closed without a case."""

    NOT_A_CASE = "BUKAN_KASUS", _("Not a matter for the unit")
    NO_CONSENT = "TIDAK_SETUJU", _("The person does not consent")
    DUPLICATE = "DUPLIKAT", _("Duplicate of another complaint")
    UNREACHABLE = "TIDAK_DAPAT_DIHUBUNGI", _("Cannot be reached")
    INFORMATION_ONLY = "KONSULTASI", _("Information or advice only")
    OTHER = "LAINNYA", _("Other (explain in the note)")


class IntakeSettings(models.Model):
    """Response clocks of one unit's complaints, by risk level; a unit without a row uses the defaults.

    High risk is "immediately" in the SOP (domain.md §D1): one hour to the first response by
    default. Medium: 6 hours from receipt. Low: 3 working days (Kota Probolinggo standard).
    """

    DEFAULT_HIGH_MINUTES = 60
    DEFAULT_MEDIUM_HOURS = 6
    DEFAULT_LOW_WORKING_DAYS = 3

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="intake_settings")
    high_risk_minutes = models.PositiveIntegerField(
        _("high risk: minutes to first response"),
        default=DEFAULT_HIGH_MINUTES,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    medium_risk_hours = models.PositiveIntegerField(
        _("medium risk: hours to first response"),
        default=DEFAULT_MEDIUM_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )
    low_risk_working_days = models.PositiveSmallIntegerField(
        _("low risk: working days to first response"),
        default=DEFAULT_LOW_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaint settings")
        verbose_name_plural = _("complaint settings")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.high_risk_minutes}m/{self.medium_risk_hours}h/{self.low_risk_working_days}d"


class Complaint(models.Model):
    """One complaint (aduan) of a unit, from any channel, with ticket number ``ADU/<year>/<0001>``.

    - ``recorded_by``: the intake officer who took it (empty for the public web form).
    - ``handler``: the intake officer in charge of triage (the recorder, or whoever takes a web report).
    - ``people``: ``[{"name", "age", "sex", "role"}]``, encrypted as a whole; no NIK at this stage.
    - ``response_due_at``: copy of the open clock's due time, so the queue sorts overdue first in SQL.
    - ``tracking_code``/``tracking_index``: only for web reports; the code is shown once to the
      reporter, looked up by its blind index on the status page, and never shown to staff.
    - ``submission_digest``: SHA-256 of the one-time token of the public form that sent it (unique):
      the same form sent twice (a double click, a resent request) makes one complaint.
    - ``case_id``/``case_number``: the case opened from it (no foreign key: the apps stay decoupled).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("unit"), db_index=False
    )
    number = models.CharField(_("ticket number"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    channel = models.CharField(_("channel"), max_length=40)
    received_at = models.DateTimeField(_("received at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
        db_index=False,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("intake officer in charge"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.ADUAN_MASUK
    )

    reporter_type = models.CharField(_("reporter"), max_length=12, choices=ReporterType.choices)
    reporter_name = EncryptedCharField(_("reporter's name"), max_length=200, null=True, blank=True)
    reporter_phone = EncryptedCharField(_("reporter's phone"), max_length=40, null=True, blank=True)
    reporter_relationship = EncryptedCharField(
        _("reporter's relationship to the victim"), max_length=100, null=True, blank=True
    )
    contact_consent = models.BooleanField(_("agrees to be contacted"), default=False)
    contact_instructions = EncryptedTextField(_("how to make contact safely"), null=True, blank=True)
    # The structured half of the safe-contact rule (may we phone?); carried to the case it becomes.
    contact_calls = models.CharField(_("may we phone?"), max_length=20, choices=ContactCalls.choices, blank=True)
    people = EncryptedJSONField(_("people concerned"), default=list, blank=True)
    account = EncryptedTextField(_("account"))

    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    risk_criteria = EncryptedJSONField(_("risk criteria"), default=list, blank=True)
    risk_note = EncryptedTextField(_("risk note"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=CaseCategory.choices, blank=True)
    category_subtype = models.CharField(_("AMPK sub-type"), max_length=60, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=20, choices=Jurisdiction.choices, blank=True)
    transfer_to = EncryptedCharField(_("transfer or referral to"), max_length=200, null=True, blank=True)

    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    first_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=30, choices=CloseReason.choices, blank=True)
    decision_note = EncryptedTextField(_("decision note"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    case_id = models.UUIDField(_("case"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)

    tracking_code = EncryptedCharField(_("tracking code"), max_length=20, null=True, blank=True)
    tracking_index = BlindIndexField(source="tracking_code", kind=IndexKind.EXACT)
    submission_digest = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sequence"], name="complaint_unique_sequence"),
            models.UniqueConstraint(fields=["unit", "number"], name="complaint_unique_number"),
            models.CheckConstraint(
                condition=Q(category="AMPK") | Q(category_subtype=""), name="complaint_subtype_only_for_ampk"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state", "response_due_at"], name="complaint_queue_idx"),
            models.Index(fields=["unit", "handler", "state"], name="complaint_handler_idx"),
            models.Index(fields=["unit", "received_at"], name="complaint_received_idx"),
            # The public status page finds a report by the blind index of its tracking code.
            models.Index(fields=["tracking_index"], name="complaint_tracking_idx"),
            # The case page reads the complaint its case came from (contact rule, account: sigap.intake
            # .case_source); without this it read every complaint of the unit (~90 ms at 1M cases, #22).
            models.Index(fields=["case_id"], name="complaint_case_idx", condition=Q(case_id__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def in_queue(self) -> bool:
        return self.state in QUEUE_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def is_web_report(self) -> bool:
        return self.recorded_by_id is None

    def victims(self) -> list[dict[str, Any]]:
        return [p for p in (self.people or []) if p.get("role") == PersonRole.VICTIM]


class ComplaintStateChange(models.Model):
    """One step of a complaint through its states (who, when, from, to): the detail page's history."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("complaint state change")
        verbose_name_plural = _("complaint state changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_state} → {self.to_state}"


class ContactKind(models.TextChoices):
    """How the unit tried to reach the person of a complaint (evidence for "cannot be reached")."""

    NO_ANSWER = "TIDAK_DIANGKAT", _("Called, no answer")
    MESSAGE_SENT = "PESAN_TERKIRIM", _("Message sent, no reply")
    VISITED = "DIKUNJUNGI", _("Visited, not found")
    REACHED = "TERHUBUNG", _("Reached the person")


UNANSWERED_KINDS = frozenset({ContactKind.NO_ANSWER, ContactKind.MESSAGE_SENT, ContactKind.VISITED})


class ContactAttempt(models.Model):
    """One attempt to reach the reporter or the victim of a complaint: when, by whom, how, and a note.

    Unanswered attempts are the evidence a complaint needs before it is closed as "cannot be reached"
    (``sigap.intake.services.contact``). The note may say where the person was looked for: encrypted.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="contact_attempts")
    attempted_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("what happened"), max_length=20, choices=ContactKind.choices)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.kind} {self.attempted_at:%Y-%m-%d %H:%M}"
