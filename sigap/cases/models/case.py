"""The case file: cases and their numbers, state history, team and break-glass grants.

Persons, the persons of a case and notes live in :mod:`sigap.cases.models.people` (imported at the end
so that Django registers them with this app). Every write goes through ``sigap.cases.services.lifecycle*``; the
state field is never edited freely (ARCHITECTURE §6).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.cases import codes
from sigap.core.choices import CaseCategory, ContactCalls, RiskLevel
from sigap.core.crypto.fields import EncryptedTextField


class CaseState(models.TextChoices):
    """The case states of domain.md §B2 (names are the domain's Indonesian terms)."""

    KASUS_DIBUKA = "KASUS_DIBUKA", _("Case opened")
    ASESMEN = "ASESMEN", _("Assessment")
    RENCANA_INTERVENSI = "RENCANA_INTERVENSI", _("Intervention plan")
    INTERVENSI = "INTERVENSI", _("Intervention")
    PEMANTAUAN = "PEMANTAUAN", _("Monitoring")
    TERMINASI = "TERMINASI", _("Closed")
    ARSIP = "ARSIP", _("Archived")


OPEN_STATES = frozenset(
    {
        CaseState.KASUS_DIBUKA,
        CaseState.ASESMEN,
        CaseState.RENCANA_INTERVENSI,
        CaseState.INTERVENSI,
        CaseState.PEMANTAUAN,
    }
)


class ReopenReason(models.TextChoices):
    """Why a closed case returns to assessment (domain.md §B2, re-open)."""

    NEW_INCIDENT = "NEW_INCIDENT", _("New incident")
    RELAPSE = "RELAPSE", _("Relapse")


class TeamRole(models.TextChoices):
    """The role of a staff member on one case's team (their unit role is on Membership)."""

    CASE_MANAGER = "CASE_MANAGER", _("Case manager")
    EXPERT = "EXPERT", _("Expert")
    # The HEAD on a restricted case's team: sees it without emergency access (issue #19).
    HEAD = "HEAD", _("Head of unit")


class Case(models.Model):
    """One case of the unit: number ``<prefix>/<year>/<0001>``, state, category, risk, team and persons.

    The id is a random UUID (opaque in URLs, DATA-05); ``number`` is what staff read and say.
    ``complaint_ref`` keeps the id or number of the complaint it came from (no foreign key: the
    intake app stays decoupled). ``restricted`` cases (e.g. a staff member's relative) are visible to
    their team only; the HEAD opens them by break-glass with a written reason.
    Closure: a team member requests it (reason + summary), the HEAD approves it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("unit"), db_index=False
    )
    number = models.CharField(_("case number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    state = models.CharField(_("state"), max_length=20, choices=CaseState.choices, default=CaseState.KASUS_DIBUKA)
    category = models.CharField(_("category"), max_length=10, choices=CaseCategory.choices)
    category_subtype = models.CharField(_("AMPK sub-type"), max_length=60, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Visible to the case team only (e.g. a relative of staff).")
    )
    complaint_ref = models.CharField(_("complaint reference"), max_length=64, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
        db_index=False,
    )
    closure_requested_at = models.DateTimeField(_("closure requested at"), null=True, blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    closure_reason = models.CharField(_("closure reason"), max_length=60, blank=True)
    closure_summary = EncryptedTextField(_("closure summary"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The victim's wish, asked at intake or assessment: the team page then ranks experts of the victim's
    # sex first (domain.md §E5). Set by ``case_expert_preference_set`` (HEAD).
    # The safe-contact rule, copied from the complaint at opening and kept by the case manager
    # (``case_contact_rule_set``): shown on top of the case page and next to every phone number.
    contact_calls = models.CharField(_("may we phone?"), max_length=20, choices=ContactCalls.choices, blank=True)
    contact_rule = EncryptedTextField(_("how to make contact safely"), blank=True)
    same_sex_expert_preferred = models.BooleanField(_("the victim prefers an expert of the same sex"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Not a column: the request's loaded rows of a case page (``selectors.view.CaseView``), when one was built.
    page_rows: Any

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sequence"], name="case_unique_sequence"),
            models.CheckConstraint(
                condition=Q(category="AMPK") | Q(category_subtype=""), name="case_subtype_only_for_ampk"
            ),
        ]
        indexes = [
            # ``id`` last: the list's order is (opened_at, id) and its pages are read from the index
            # alone (selectors.case_list_page).
            models.Index(fields=["unit", "state", "opened_at", "id"], name="case_unit_state_idx"),
            models.Index(fields=["unit", "risk_level"], name="case_unit_risk_idx"),
            models.Index(fields=["unit", "category"], name="case_unit_category_idx"),
            models.Index(fields=["unit", "opened_at", "id"], name="case_unit_opened_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def category_subtype_label(self) -> str:
        return codes.label_of(codes.CASE_CATEGORY, self.category_subtype)

    @property
    def closure_pending(self) -> bool:
        return self.closure_requested_at is not None and self.state != CaseState.TERMINASI


class CaseStateChange(models.Model):
    """One transition of a case (the state history shown on the timeline). Append-only in use.

    ``reason`` holds a code only (a termination reason or a re-open reason), never free text; ``note`` is the
    reason in words asked for every step that is not a plain "next step" (back to assessment or to the plan,
    reopening) — encrypted, because staff write what happened to the victim there.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="state_changes", db_index=False)
    from_state = models.CharField(max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=CaseState.choices)
    reason = models.CharField(max_length=60, blank=True)
    note = EncryptedTextField(_("reason in words"), blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("case state change")
        verbose_name_plural = _("case state changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["case", "changed_at"], name="case_state_change_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_state} → {self.to_state}"


class CaseTeamMember(models.Model):
    """A staff member on a case's team: the case manager (one active at a time) or an expert.

    Rows are ended (``is_active=False``, ``ended_at``), never deleted, so the team's history stays.
    Being an active member is what lets a CASE_MANAGER or EXPERT see the case (``cases_visible_to``).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_teams", db_index=False
    )
    team_role = models.CharField(_("team role"), max_length=20, choices=TeamRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    assigned_at = models.DateTimeField(_("assigned at"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        ordering = ["team_role", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], condition=Q(is_active=True), name="case_team_one_active"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_active=True, team_role="CASE_MANAGER"), name="case_team_one_manager"
            ),
        ]
        # ``case`` last: "the cases of this user's teams" is answered from the index alone.
        indexes = [models.Index(fields=["user", "is_active", "case"], name="case_team_user_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id} ({self.team_role})"


class BreakGlassGrant(models.Model):
    """A HEAD's emergency access to a restricted case, with the written reason, for a limited time.

    Each grant is also an audit event (BREAK_GLASS, with the grant's id) and a work item of the unit's
    AUDITOR, who reviews it (``break_glass_review``): ``reviewed_at``/``reviewed_by``, whether the
    access was justified, and a note (required when it was not).
    """

    class ReviewOutcome(models.TextChoices):
        JUSTIFIED = "JUSTIFIED", _("Justified")
        NOT_JUSTIFIED = "NOT_JUSTIFIED", _("Not justified")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass_grants", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    review_outcome = models.CharField(_("review outcome"), max_length=16, choices=ReviewOutcome.choices, blank=True)
    review_note = EncryptedTextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("break-glass grant")
        verbose_name_plural = _("break-glass grants")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["case", "user", "expires_at"], name="case_break_glass_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"
