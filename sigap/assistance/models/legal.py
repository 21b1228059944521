"""The legal-process track (issue #12; domain.md §C.21, §D1): per case and per alleged perpetrator.

A track moves forward through the stages of a criminal case, from "not reported" to "done", or leaves
by the "stopped" exit with its reason. The facts of each step sit on the track (police report, temporary
protection, verdict, restitution); hearings are rows of their own so a calendar can list them later.
Every free text that could identify someone (police unit, report number, court, sentence…) is encrypted.

The victim's rights of UU TPKS (§C.21) are a checklist per case (:class:`RightCheck`): informed / fulfilled.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField


class LegalStage(models.TextChoices):
    """The stages in their order (``STAGE_ORDER``); STOPPED is the exit from any open stage."""

    NOT_REPORTED = "NOT_REPORTED", _("Not reported")
    POLICE_REPORT = "POLICE_REPORT", _("Police report")
    PROTECTION = "PROTECTION", _("Temporary protection")
    INVESTIGATION = "INVESTIGATION", _("Investigation")
    PROSECUTION = "PROSECUTION", _("Prosecution")
    TRIAL = "TRIAL", _("Trial")
    VERDICT = "VERDICT", _("Verdict")
    RESTITUTION = "RESTITUTION", _("Restitution")
    DONE = "DONE", _("Done")
    STOPPED = "STOPPED", _("Stopped")


STAGE_ORDER: tuple[str, ...] = tuple(stage.value for stage in LegalStage if stage != LegalStage.STOPPED)
CLOSED_STAGES = frozenset({LegalStage.DONE, LegalStage.STOPPED})
# A court hearing comes after the prosecutor's file is ready (KUHAP; domain.md §C legal track): a track at
# prosecution or later takes one; at prosecution the hearing moves it to trial, the next stage (D60).
HEARING_FROM = LegalStage.PROSECUTION


class StopReason(models.TextChoices):
    """Why a track left by the "stopped" exit; the details in words are encrypted."""

    WITHDRAWN = "WITHDRAWN", _("The victim withdrew (where the law allows it)")
    SP3 = "SP3", _("Investigation stopped by the police (SP3)")
    SKPP = "SKPP", _("Prosecution stopped (SKPP)")
    PERPETRATOR_DIED = "PERPETRATOR_DIED", _("The perpetrator died")
    OTHER = "OTHER", _("Other reason")


class VerdictOutcome(models.TextChoices):
    CONVICTED = "CONVICTED", _("Convicted")
    ACQUITTED = "ACQUITTED", _("Acquitted")
    RELEASED = "RELEASED", _("Released from all charges")


class LegalTrack(models.Model):
    """The legal process against one alleged perpetrator (a ``CasePerson`` in the PERPETRATOR role) of a case.

    ``victim_reported_at`` is when the victim reported to the unit (the start of the 3×24 h police-report
    clock of UU TPKS); the clocks themselves are work items (``sigap.assistance.kinds``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_tracks", db_index=False)
    perpetrator = models.ForeignKey(
        "cases.CasePerson", on_delete=models.PROTECT, related_name="legal_tracks", verbose_name=_("perpetrator")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=LegalStage.choices, default=LegalStage.NOT_REPORTED)
    victim_reported_at = models.DateTimeField(_("the victim reported to the unit at"))
    police_report_date = models.DateField(_("date of the police report"), null=True, blank=True)
    police_unit = EncryptedCharField(_("police unit"), max_length=200, blank=True)
    report_number = EncryptedCharField(_("police report number"), max_length=100, blank=True)
    protection_from = models.DateField(_("temporary protection from"), null=True, blank=True)
    verdict_date = models.DateField(_("date of the final verdict"), null=True, blank=True)
    verdict_outcome = models.CharField(_("verdict"), max_length=20, choices=VerdictOutcome.choices, blank=True)
    sentence = EncryptedTextField(_("sentence"), blank=True)
    restitution_decided = models.DecimalField(
        _("restitution decided (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    restitution_paid = models.DecimalField(
        _("restitution paid (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    restitution_paid_date = models.DateField(_("restitution paid on"), null=True, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=20, choices=StopReason.choices, blank=True)
    stop_note = EncryptedTextField(_("reason in words"), blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("legal-process track")
        verbose_name_plural = _("legal-process tracks")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "perpetrator"], name="legal_track_one_per_perpetrator"),
            models.CheckConstraint(condition=~Q(stage="STOPPED") | ~Q(stop_reason=""), name="legal_stopped_has_reason"),
        ]
        indexes = [
            models.Index(fields=["case", "created_at"], name="legal_track_case_idx"),
            # The recap's police reports of a period (``selectors.delivered.police_reports_made``): without it
            # the benchmark's EXPLAIN showed a sequential scan of every unit's tracks. Reported ones only.
            models.Index(
                fields=["unit", "police_report_date"],
                condition=Q(police_report_date__isnull=False),
                name="legal_track_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"legal track {self.pk} of {self.case_id}"  # never the content: str() ends up in logs

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def takes_hearing(self) -> bool:
        """Open and at prosecution or later (``HEARING_FROM``): a hearing never skips the stages before it."""
        return self.is_open and STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(HEARING_FROM)


class Hearing(models.Model):
    """One court hearing of a track (date, court and room), optionally attended by an accompaniment session.

    The link to the session lives here so the session's table stays as it is (D3x in docs/decisions.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    track = models.ForeignKey(LegalTrack, on_delete=models.PROTECT, related_name="hearings")
    starts_at = models.DateTimeField(_("date and time"))
    court = EncryptedCharField(_("court"), max_length=200)
    room = EncryptedCharField(_("courtroom"), max_length=100, blank=True)
    agenda = EncryptedCharField(_("agenda"), max_length=200, blank=True)
    accompaniment = models.ForeignKey(
        "assistance.AccompanimentSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearings",
        verbose_name=_("accompaniment session"),
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at", "pk"]
        # The calendars read a week's hearings of every track (then keep the unit's): without it, a sequential
        # scan of every hearing of every unit (seen in `make bench`'s EXPLAIN of the unit calendar).
        indexes = [models.Index(fields=["starts_at"], name="hearing_starts_idx")]

    def __str__(self) -> str:
        return f"hearing {self.pk} of track {self.track_id}"


class VictimRight(models.TextChoices):
    """The victim's rights of UU TPKS Pasal 68–71 (domain.md §C.21), one checklist line each."""

    INFO_PROCESS = "INFO_PROCESS", _("Information on the process and its results (Pasal 68)")
    HANDLING_DOCUMENTS = "HANDLING_DOCUMENTS", _("Documents of the handling (Pasal 68)")
    LEGAL_SERVICE = "LEGAL_SERVICE", _("Legal services (Pasal 68)")
    PSYCH_SUPPORT = "PSYCH_SUPPORT", _("Psychological strengthening (Pasal 68)")
    HEALTH = "HEALTH", _("Health services (Pasal 68)")
    SPECIAL_NEEDS = "SPECIAL_NEEDS", _("Services for special needs (Pasal 68)")
    CONTENT_REMOVAL = "CONTENT_REMOVAL", _("Removal of sexual content (Pasal 68)")
    INFO_RIGHTS = "INFO_RIGHTS", _("Information on rights and facilities of protection (Pasal 69)")
    IDENTITY_SECRET = "IDENTITY_SECRET", _("Confidentiality of identity (Pasal 69)")
    THREATS = "THREATS", _("Protection from threats and repeated violence (Pasal 69)")
    DEGRADING = "DEGRADING", _("Protection from degrading treatment by law enforcement (Pasal 69)")
    LIVELIHOOD = "LIVELIHOOD", _("Protection from losing work, education or political access (Pasal 69)")
    COUNTER_CLAIM = "COUNTER_CLAIM", _("Protection from counter-claims (Pasal 69)")
    MEDICAL_REHAB = "MEDICAL_REHAB", _("Medical rehabilitation (Pasal 70)")
    MENTAL_REHAB = "MENTAL_REHAB", _("Mental and social rehabilitation (Pasal 70)")
    EMPOWERMENT = "EMPOWERMENT", _("Social empowerment (Pasal 70)")
    RESTITUTION = "RESTITUTION", _("Restitution or compensation (Pasal 70)")
    REINTEGRATION = "REINTEGRATION", _("Social reintegration (Pasal 70)")


class RightCheck(models.Model):
    """One right of the victim of a case: when she was informed of it and when it was fulfilled (and by whom)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="right_checks", db_index=False)
    right = models.CharField(_("right"), max_length=30, choices=VictimRight.choices)
    informed_at = models.DateTimeField(_("informed at"), null=True, blank=True)
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("victim's right")
        verbose_name_plural = _("victim's rights")
        constraints = [models.UniqueConstraint(fields=["case", "right"], name="right_check_one_per_case")]

    def __str__(self) -> str:
        return f"right {self.right} of {self.case_id}"
