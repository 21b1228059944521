"""Referrals (domain.md §E4): a case sent to a partner organisation (out) or received from one (in).

A referral out names the partner, the services requested (SIMFONI ``service_type`` codes), a minimal
needs summary, its urgency and the date an answer is due, and the sections of the case the partner may
see (:class:`SharedSection`, with the assessment areas when the assessment is shared). It is sent only
under a valid SHARING consent of the victim covering that partner (``consent``), or on the HEAD's override
(``override_*``; for a child victim a second staff member confirms it before it is sent, and until then it
waits in ``AWAITING_CONFIRMATION``). Its life is ``SENT → ACCEPTED / DECLINED → SERVICE_GIVEN → DONE``, or
``WITHDRAWN``; each step is a :class:`ReferralEvent` (the history the case timeline shows) and stamps its
own moment on the row. Free texts about the victim are encrypted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField


class Direction(models.TextChoices):
    OUT = "OUT", _("Sent to a partner")
    IN = "IN", _("Received from a partner")


class Urgency(models.TextChoices):
    ROUTINE = "ROUTINE", _("Routine")
    URGENT = "URGENT", _("Urgent")
    EMERGENCY = "EMERGENCY", _("Emergency")


class Mode(models.TextChoices):
    """How the referral travels (domain.md §E4)."""

    LETTER = "LETTER", _("Letter")
    ESCORT = "ESCORT", _("Escorted by staff")
    PHONE = "PHONE", _("Phone, confirmed by letter")
    SIMFONI = "SIMFONI", _("Transfer in SIMFONI")


class SharedSection(models.TextChoices):
    """The short fixed list of what a partner may see of the case (minimum necessary, domain.md §D3)."""

    IDENTITY = "IDENTITY", _("Identity of the victim")
    CONTACT = "CONTACT", _("Safe contact")
    INCIDENT = "INCIDENT", _("Incident summary")
    ASSESSMENT = "ASSESSMENT", _("Parts of the assessment")
    PLAN_ITEMS = "PLAN_ITEMS", _("Plan items")


class Status(models.TextChoices):
    """Where a referral stands (domain.md §E4: DIKIRIM → DITERIMA/DITOLAK → LAYANAN_DIBERIKAN → DITUTUP)."""

    AWAITING_CONFIRMATION = "AWAITING_CONFIRMATION", _("Override awaiting a second confirmation")
    SENT = "SENT", _("Sent")
    ACCEPTED = "ACCEPTED", _("Accepted")
    DECLINED = "DECLINED", _("Declined")
    SERVICE_GIVEN = "SERVICE_GIVEN", _("Service given")
    DONE = "DONE", _("Done")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")


# The partner has something to do; a reminder may be due. DECLINED, DONE and WITHDRAWN end a referral.
OPEN_STATUSES = frozenset({Status.AWAITING_CONFIRMATION, Status.SENT, Status.ACCEPTED, Status.SERVICE_GIVEN})
ENDED_STATUSES = frozenset({Status.DECLINED, Status.DONE, Status.WITHDRAWN})


class Referral(models.Model):
    """One referral of a case (out) or from a partner (in). ``number`` is the letter number, unique per unit.

    ``victim`` is the victim whose consent covers the disclosure (``consent``); an inbound referral may
    arrive before there is a case (``case`` empty, ``referrer_reference`` the sender's number).
    ``plan_item`` is the plan item this referral delivers: when the referral is done, the item is done.
    ``letter_*`` hold the signed letter once uploaded (the PDF itself is generated on demand).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"), db_index=False)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices, default=Direction.OUT)
    number = models.CharField(_("number"), max_length=60)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals", db_index=False
    )
    victim = models.ForeignKey(
        "cases.CasePerson",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("victim"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("partner"),
        db_index=False,  # the (partner, status) index leads with it
    )
    contact = models.ForeignKey(
        "partners.PartnerContact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contact person"),
        db_index=False,
    )
    plan_item = models.ForeignKey(
        "cases.PlanItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("plan item"),
    )
    referrer_reference = models.CharField(_("the referrer's reference"), max_length=120, blank=True)
    # An inbound referral (or transfer) becomes a complaint of the unit; its letter date is the referrer's.
    complaint = models.ForeignKey(
        "intake.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("complaint"),
    )
    referrer_date = models.DateField(_("date of the referrer's letter"), null=True, blank=True)
    services = models.JSONField(_("services requested"), default=list)
    needs_summary = EncryptedTextField(_("needs summary"), max_length=2000)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    mode = models.CharField(_("how it is sent"), max_length=10, choices=Mode.choices, default=Mode.LETTER)
    response_due = models.DateField(_("answer due by"))
    shared_sections = models.JSONField(_("sections the partner may see"), default=list, blank=True)
    shared_assessment_areas = models.JSONField(_("assessment areas shared"), default=list, blank=True)
    consent = models.ForeignKey(
        "cases.Consent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    override_reason = EncryptedTextField(_("reason for sending without consent"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    override_at = models.DateTimeField(null=True, blank=True)
    # For a child victim the override is confirmed by a second staff member before the referral is sent.
    override_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    override_confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=25, choices=Status.choices, default=Status.SENT)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)  # accepted or declined
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    decline_reason = EncryptedTextField(_("why it was declined"), blank=True)
    service_given_at = models.DateTimeField(_("service given at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = EncryptedTextField(_("why it was withdrawn"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    outcome = EncryptedTextField(_("outcome"), blank=True)
    feedback = EncryptedTextField(_("feedback of the partner"), blank=True)
    letter_original_name = EncryptedCharField(_("file name"), max_length=255, blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True)
    letter_size = models.PositiveBigIntegerField(null=True, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    letter_storage_name = models.CharField(max_length=255, blank=True, editable=False)
    letter_file_key = EncryptedCharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="referral_unit_number"),
            models.CheckConstraint(
                condition=Q(direction="IN") | Q(case__isnull=False, victim__isnull=False),
                name="referral_out_has_case",
            ),
            # Sent out only under a consent or the HEAD's written override (domain.md §D4).
            models.CheckConstraint(
                condition=Q(direction="IN") | Q(consent__isnull=False) | Q(override_by__isnull=False),
                name="referral_out_consent_or_override",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "created_at"], name="referral_case_idx"),
            models.Index(fields=["unit", "-created_at", "id"], name="referral_unit_newest_idx"),
            models.Index(fields=["partner", "status"], name="referral_partner_status_idx"),
            models.Index(fields=["status", "response_due"], name="referral_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_override(self) -> bool:
        return self.consent_id is None and self.override_by_id is not None


class ReferralEvent(models.Model):
    """One step of a referral (its status history): who recorded it, when, and a note (encrypted).

    The case timeline reads these rows; ``note`` carries a decline or withdrawal reason or the service
    given, so it is encrypted like them.
    """

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events", db_index=False)
    status = models.CharField(_("status"), max_length=25, choices=Status.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")
        ordering = ["referral", "at", "pk"]
        indexes = [models.Index(fields=["referral", "at"], name="referral_event_idx")]

    def __str__(self) -> str:
        return f"{self.status} of {self.referral_id}"


class ReferralDocument(models.Model):
    """A document the partner uploaded on a referral in the partner portal (a service report, a receipt).

    Stored like an attachment of ``sigap.assistance``: checked, cleaned and sealed under its own key by
    ``sigap.core.files`` (``file_key`` wrapped by the key ring), under a random storage name; the original
    name is encrypted (it often names the victim). The case's HEAD and case manager read it on the
    referral's page; the partner sees it while the referral's grant lasts.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="documents", db_index=False)
    title = EncryptedCharField(_("what it is"), max_length=200)
    original_name = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(max_length=255, editable=False)
    file_key = EncryptedCharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("referral document")
        verbose_name_plural = _("referral documents")
        ordering = ["referral", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["referral", "uploaded_at"], name="referral_document_idx")]
        constraints = [models.UniqueConstraint(fields=["storage_name"], name="referral_document_storage_unique")]

    def __str__(self) -> str:
        return f"document {self.pk} of referral {self.referral_id}"  # never the name: str() ends up in logs


# The transfer of a case to another UPTD PPA (the victim moved region) lives in its own module.
from sigap.referrals.transfer.models import CaseTransfer, TransferState  # noqa: E402

__all__ = [
    "ENDED_STATUSES",
    "OPEN_STATUSES",
    "CaseTransfer",
    "Direction",
    "Mode",
    "Referral",
    "ReferralDocument",
    "ReferralEvent",
    "SharedSection",
    "Status",
    "TransferState",
    "Urgency",
]
