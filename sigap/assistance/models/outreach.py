"""Outreach visits (penjangkauan, issue #12; domain.md §B0 "Penjangkauan korban", §B1 ``PENJANGKAUAN``).

The unit goes to the victim when someone else reported, when the victim cannot come, or when there is a
risk. A visit is planned from a complaint (the intake decision "outreach first" plans one by itself, see
``sigap.assistance.outreach_hook``) or from a case, then recorded as done (with its result and what follows)
or cancelled (with the reason). A complaint's visits are also the case's once the complaint becomes a case:
the case is found through ``Complaint.case_id``, nothing is copied.

The address, the safety plan, the result and the reason of a cancellation are encrypted; the village is the
regions village code (its primary key), as the case file's incidents and people store it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedTextField


class OutreachStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Planned")
    DONE = "DONE", _("Done")
    CANCELLED = "CANCELLED", _("Cancelled")


class OutreachReason(models.TextChoices):
    """Why the unit goes to the victim (domain.md §B0, SOP penjangkauan)."""

    THIRD_PARTY_REPORT = "THIRD_PARTY_REPORT", _("Reported by someone else or the media")
    CANNOT_COME = "CANNOT_COME", _("The victim cannot come to the unit")
    RISK = "RISK", _("Risk to the victim")
    OTHER = "OTHER", _("Other reason")


class OutreachTransport(models.TextChoices):
    """How the team travels (a code: the unit's recap of trips may count it; it names no one)."""

    UNIT_VEHICLE = "UNIT_VEHICLE", _("Unit vehicle")
    MOTORBIKE = "MOTORBIKE", _("Motorbike")
    PUBLIC = "PUBLIC", _("Public transport")
    BOAT = "BOAT", _("Boat")
    WITH_POLICE = "WITH_POLICE", _("With the police")
    OTHER = "OTHER", _("Other")


class OutreachFollowUp(models.TextChoices):
    """What follows the visit."""

    CASE_OPENED = "CASE_OPENED", _("A case is opened")
    # A complaint's visit cannot say "a case is opened" while none exists: the case is opened by the intake
    # decision on the complaint (the normal flow); this says the visit found one is needed (walk finding 9).
    CASE_TO_OPEN = "CASE_TO_OPEN", _("A case should be opened (decided on the complaint)")
    EMERGENCY = "EMERGENCY", _("Emergency response")
    NO_CONTACT = "NO_CONTACT", _("The victim could not be met")
    REFER = "REFER", _("Referred to another service")
    OTHER = "OTHER", _("Other")


class OutreachVisit(models.Model):
    """One outreach visit of a unit, from a complaint (``complaint``) or a case (``case``); at least one is set.

    ``planned_at`` is when the team means to be there (the visit's work item falls due then); ``done_at``
    when it was done. ``team`` are the unit's staff who go (through ``OutreachTeamMember``). ``follow_up`` is
    what follows a done visit. ``cancel_reason`` says why a planned visit was cancelled.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Copied from the complaint or the case: the unit's list of planned visits reads one table and one index.
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    complaint = models.ForeignKey(
        "intake.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_visits",
        verbose_name=_("complaint"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_visits",
        verbose_name=_("case"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OutreachStatus.choices, default=OutreachStatus.PLANNED
    )
    planned_at = models.DateTimeField(_("planned for"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="assistance.OutreachTeamMember",
        related_name="outreach_visits",
        blank=True,
        verbose_name=_("team"),
    )
    village = models.ForeignKey(
        "regions.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("village"),
        db_index=False,
    )
    address_detail = EncryptedTextField(_("address details"), blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=OutreachReason.choices)
    transport = models.CharField(_("transport"), max_length=20, choices=OutreachTransport.choices, blank=True)
    safety_plan = EncryptedTextField(_("safety plan"), blank=True)
    result = EncryptedTextField(_("result"), blank=True)
    follow_up = models.CharField(_("what follows"), max_length=20, choices=OutreachFollowUp.choices, blank=True)
    cancel_reason = EncryptedTextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("outreach visit")
        verbose_name_plural = _("outreach visits")
        ordering = ["-planned_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(complaint__isnull=False) | Q(case__isnull=False), name="outreach_has_complaint_or_case"
            ),
            models.CheckConstraint(
                condition=~Q(status="DONE") | (Q(done_at__isnull=False) & ~Q(follow_up="")),
                name="outreach_done_has_result",
            ),
        ]
        indexes = [
            # The unit's list of planned visits, soonest first.
            models.Index(fields=["unit", "status", "planned_at"], name="outreach_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"outreach {self.pk}"  # never the address or the result: str() ends up in logs

    @property
    def is_open(self) -> bool:
        return self.status == OutreachStatus.PLANNED


class OutreachTeamMember(models.Model):
    """A staff member on an outreach visit's team. Explicit so that the visit column has no index of its own:
    the unique (visit, user) constraint leads with it."""

    visit = models.ForeignKey(OutreachVisit, on_delete=models.CASCADE, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "user"], name="assistance_outreach_team_unique")]

    def __str__(self) -> str:
        return f"{self.visit_id} · {self.user_id}"
