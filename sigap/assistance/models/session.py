"""Accompaniment sessions (pendampingan, issue #12; domain.md §B0 "Pendampingan korban", §B3).

A session is one meeting of the unit's experts or staff with the victim: planned, then held (with its
outcome) or not held (with the reason), or cancelled; a rescheduled session stays as "not held,
rescheduled" and points to the session that replaced it, so the history of a slot is never lost.
Its kind maps to a SIMFONI service code (:mod:`sigap.assistance.rules.session`), copied on the row
(``service_code``) so the reports count delivered services with one GROUP BY.

Every free text is encrypted. The notes follow a field group (ARCHITECTURE §3), fixed when they are
written: clinical notes are read by their author and the HEAD only, legal notes also by the legal
counsellor and the case manager, general notes by the team (``notes_group``, D3x in docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField


class SessionKind(models.TextChoices):
    """What the session is (issue #12); the SIMFONI service of each kind is in ``rules.session.KIND_SERVICE``."""

    PSYCH_ASSESSMENT = "PSYCH_ASSESSMENT", _("Psychological assessment")
    COUNSELLING = "COUNSELLING", _("Counselling")
    PSYCHOTHERAPY = "PSYCHOTHERAPY", _("Psychotherapy")
    COURT_PSYCH_REPORT = "COURT_PSYCH_REPORT", _("Psychological report for court")
    LEGAL_CONSULTATION = "LEGAL_CONSULTATION", _("Legal consultation")
    LEGAL_OPINION = "LEGAL_OPINION", _("Legal opinion")
    AT_POLICE = "AT_POLICE", _("Accompaniment at the police")
    AT_PROSECUTOR = "AT_PROSECUTOR", _("Accompaniment at the prosecutor's office")
    AT_COURT = "AT_COURT", _("Accompaniment at court")
    AT_HOSPITAL = "AT_HOSPITAL", _("Accompaniment at hospital (visum)")
    HOME_VISIT = "HOME_VISIT", _("Home visit")
    SPIRITUAL = "SPIRITUAL", _("Religious or spiritual counselling")
    GROUP = "GROUP", _("Group session")
    OTHER = "OTHER", _("Other")


class SessionPlace(models.TextChoices):
    """Where the session takes place; the free-text detail (which police station…) is encrypted."""

    UNIT_OFFICE = "UNIT_OFFICE", _("Unit office")
    POLICE = "POLICE", _("Police station")
    PROSECUTOR = "PROSECUTOR", _("Prosecutor's office")
    COURT = "COURT", _("Court")
    HOSPITAL = "HOSPITAL", _("Hospital or health centre")
    HOME = "HOME", _("Victim's home")
    ONLINE = "ONLINE", _("Online")
    OTHER = "OTHER", _("Other place")


class SessionStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Planned")
    HELD = "HELD", _("Held")
    NOT_HELD = "NOT_HELD", _("Not held")
    CANCELLED = "CANCELLED", _("Cancelled")


class NotHeldReason(models.TextChoices):
    VICTIM_ABSENT = "VICTIM_ABSENT", _("The victim did not come")
    EXPERT_ABSENT = "EXPERT_ABSENT", _("The expert could not come")
    RESCHEDULED = "RESCHEDULED", _("Rescheduled")
    OTHER = "OTHER", _("Other reason")


class NotesGroup(models.TextChoices):
    """The field group of a session's notes (who may read them): see ``rules.session.can_read_notes``."""

    CLINICAL = "CLINICAL", _("Clinical (the author and the head only)")
    LEGAL = "LEGAL", _("Legal (legal counsellor, case manager and head)")
    GENERAL = "GENERAL", _("General (the case team)")


class AccompanimentSession(models.Model):
    """One accompaniment session of a case, optionally delivering a service of its approved plan.

    ``planned_*`` are set when it is booked, ``actual_*`` when it is recorded as held; the duration is
    computed from them. ``experts_present`` are experts on the case's team, ``staff_present`` other team
    members (case manager, HEAD). A credential guard the HEAD overrode keeps the rule codes
    (``override_rules``) and the written reason (``override_reason``, encrypted). ``rescheduled_to`` links a
    session moved to another time to its replacement.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The case's unit, copied: the unit's counts (``services_delivered``) read one table and one index.
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="sessions", db_index=False)
    plan_item = models.ForeignKey(
        "cases.PlanItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("service of the plan"),
    )
    kind = models.CharField(_("kind of session"), max_length=30, choices=SessionKind.choices)
    service_code = models.CharField(_("SIMFONI service"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("actual end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=20, choices=SessionPlace.choices)
    place_detail = EncryptedCharField(_("place details"), max_length=200, blank=True)
    # The room booked at the unit office (calendar, issue #12): a room of the case's unit, never double booked.
    room = models.ForeignKey(
        "assistance.Room", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("room")
    )
    experts_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="assistance.SessionExpert",
        related_name="sessions_as_expert",
        blank=True,
        verbose_name=_("experts"),
    )
    staff_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="assistance.SessionStaff",
        related_name="sessions_as_staff",
        blank=True,
        verbose_name=_("staff"),
    )
    victim_present = models.BooleanField(_("the victim was present"), null=True, blank=True)
    companion_present = models.BooleanField(_("a companion was present"), default=False)
    companion_who = EncryptedCharField(_("who accompanied the victim"), max_length=200, blank=True)
    not_held_reason = models.CharField(
        _("why it was not held"), max_length=20, choices=NotHeldReason.choices, blank=True
    )
    status_note = EncryptedTextField(_("reason in words"), blank=True)
    outcome_summary = EncryptedTextField(_("outcome"), blank=True)
    next_step = EncryptedTextField(_("next step"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    notes_group = models.CharField(_("who reads the notes"), max_length=10, choices=NotesGroup.choices, blank=True)
    notes_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    override_rules = models.JSONField(_("guards overridden"), default=list, blank=True)
    override_reason = EncryptedTextField(_("reason of the head's override"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    rescheduled_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rescheduled_from"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("accompaniment session")
        verbose_name_plural = _("accompaniment sessions")
        ordering = ["-planned_start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gt=F("planned_start")), name="session_planned_order"),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gt=F("actual_start")),
                name="session_actual_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="HELD") | Q(actual_start__isnull=False, actual_end__isnull=False),
                name="session_held_has_times",
            ),
            models.CheckConstraint(
                condition=~Q(status="NOT_HELD") | ~Q(not_held_reason=""), name="session_not_held_has_reason"
            ),
        ]
        indexes = [
            # The case's sessions page, newest first.
            models.Index(fields=["case", "planned_start"], name="session_case_idx"),
            # ``services_delivered``: held sessions of a period, grouped by service code.
            models.Index(fields=["unit", "status", "actual_start", "service_code"], name="session_delivered_idx"),
            # The calendar's unit week and the conflict check: the unit's sessions by planned start.
            models.Index(fields=["unit", "planned_start"], name="session_unit_start_idx"),
        ]

    def __str__(self) -> str:
        return f"session {self.pk} of {self.case_id}"  # never the content: str() ends up in logs

    @property
    def duration(self) -> dt.timedelta | None:
        """How long it lasted (held sessions only; None before it is recorded)."""
        if self.actual_start is not None and self.actual_end is not None:
            return self.actual_end - self.actual_start
        return None

    @property
    def duration_minutes(self) -> int | None:
        duration = self.duration
        return None if duration is None else int(duration.total_seconds() // 60)

    @property
    def is_open(self) -> bool:
        """Still waiting for its outcome (planned)."""
        return self.status == SessionStatus.PLANNED


class SessionExpert(models.Model):
    """An expert present at a session. Explicit so that the session column has no index of its own: the unique
    (session, user) constraint leads with it (an index per row written is paid on every insert)."""

    session = models.ForeignKey(AccompanimentSession, on_delete=models.CASCADE, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="assistance_session_expert_unique")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.user_id}"


class SessionStaff(models.Model):
    """A staff member (not an expert) present at a session; the same shape as ``SessionExpert``."""

    session = models.ForeignKey(AccompanimentSession, on_delete=models.CASCADE, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="assistance_session_staff_unique")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.user_id}"
