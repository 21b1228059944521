"""Experts' contracts (issue #13; domain.md §E5, §D1 "expert contract review"): an annual contract per expert
and fiscal year, extended every three months on the evidence of the expert's recorded work.

- :class:`Contract`: number, post, fiscal year, funding, fee basis, amount, dates, duties, signed document.
  DRAFT (proposed: for next year, or by recruitment) → ACTIVE → ENDED. One ACTIVE contract per expert
  (a database constraint). A contract lies inside its fiscal year (the budget, APBD or DAK, is annual).
  A decision "end" sets ``ended_at`` to the end of its period; the contract stays ACTIVE (the expert still
  works) until that moment, when the hourly step marks it ENDED (walk #13, finding 5).
- :class:`ContractPeriod`: three calendar months from the contract's start, the last clipped to its end.
  A period row exists only once it is opened: the first when the contract becomes active, each next one when
  the previous evaluation extends. ``OPEN → UNDER_EVALUATION → EXTENDED / EXTENDED_WITH_CONDITIONS / ENDED``.
- :class:`PeriodDecision`: the HEAD's rating, notes and decision on a period. Never changed once recorded: a
  later decision may *supersede* it, with a reason (the old row stays as it was).
- :class:`EvaluationScale`: the unit's rating scale (default 1–5).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.fields import EncryptedCharField, EncryptedTextField
from sigap.core.dates import format_day
from sigap.experts.models import ExpertProfile, Profession


class FundingSource(models.TextChoices):
    """Where the fee comes from (domain.md §E5: APBD, or DAK Non-fisik PPA which funds expert costs)."""

    APBD = "APBD", _("APBD (regional budget)")
    DAK_BOPPA = "DAK_BOPPA", _("DAK Non-fisik PPA (BOPPA)")
    OTHER = "OTHER", _("Other source")


class FeeBasis(models.TextChoices):
    """How the expert is paid: a monthly fee, or a unit price per session held."""

    MONTHLY = "MONTHLY", _("Monthly fee")
    PER_SESSION = "PER_SESSION", _("Per session held")


class ContractState(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    ACTIVE = "ACTIVE", pgettext_lazy("contract state", "Active")
    ENDED = "ENDED", pgettext_lazy("contract state", "Ended")


class PeriodState(models.TextChoices):
    # "Open" has another word elsewhere ("Buka" is also the link): its own context.
    OPEN = "OPEN", pgettext_lazy("contract period state", "Open")
    UNDER_EVALUATION = "UNDER_EVALUATION", _("Under evaluation")
    EXTENDED = "EXTENDED", _("Extended")
    EXTENDED_WITH_CONDITIONS = "EXTENDED_WITH_CONDITIONS", _("Extended with conditions")
    ENDED = "ENDED", pgettext_lazy("contract period state", "Ended")


class Decision(models.TextChoices):
    EXTEND = "EXTEND", _("Extend")
    EXTEND_WITH_CONDITIONS = "EXTEND_WITH_CONDITIONS", _("Extend with conditions")
    END = "END", _("End the contract")


DECIDED_STATE = {
    Decision.EXTEND: PeriodState.EXTENDED,
    Decision.EXTEND_WITH_CONDITIONS: PeriodState.EXTENDED_WITH_CONDITIONS,
    Decision.END: PeriodState.ENDED,
}


class Contract(models.Model):
    """The annual contract of one expert of ``unit`` for ``fiscal_year`` (see the module docstring).

    ``unit_price`` is the monthly fee (MONTHLY) or the price of one session held (PER_SESSION); ``amount``
    is the contract's total value. A DRAFT may lack the number, the prices and the dates; activating it
    requires them. ``previous`` is the contract whose last evaluation proposed this one.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"), db_index=False
    )  # led by the (unit, …) indexes below
    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("expert")
    )
    number = models.CharField(_("contract number"), max_length=100, blank=True)
    post = models.CharField(_("post"), max_length=100)
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, default=FundingSource.APBD
    )
    fee_basis = models.CharField(_("fee basis"), max_length=20, choices=FeeBasis.choices, default=FeeBasis.MONTHLY)
    unit_price = models.DecimalField(_("unit price (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True)
    amount = models.DecimalField(_("contract value (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    duties = models.TextField(_("duties"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ContractState.choices, default=ContractState.DRAFT)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("previous contract")
    )
    # The signed contract: stored encrypted like an attachment (sigap.core.files); the name is personal.
    document_name = EncryptedCharField(_("signed document"), max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_storage = models.CharField(max_length=255, blank=True, editable=False)
    document_key = EncryptedCharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-fiscal_year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["expert"], condition=Q(state="ACTIVE"), name="contract_one_active"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="contract_dates_order",
            ),
        ]
        indexes = [models.Index(fields=["unit", "fiscal_year"], name="contract_unit_year_idx")]

    def __str__(self) -> str:
        return f"contract {self.pk} ({self.fiscal_year})"  # never the expert's name

    @property
    def per_session(self) -> bool:
        return self.fee_basis == FeeBasis.PER_SESSION

    @property
    def ending(self) -> bool:
        """Decided not to be extended, still running until ``ended_at`` (the end of the decided period)."""
        return self.state == ContractState.ACTIVE and self.ended_at is not None

    @property
    def last_day(self) -> dt.date | None:
        """The last working day of an ending or ended contract: the day before ``ended_at`` in the unit's zone."""
        if self.ended_at is None:
            return None
        return timezone.localtime(self.ended_at, self.unit.zone).date() - dt.timedelta(days=1)

    @property
    def state_text(self) -> str:
        """The state as the pages show it: "Active, ends on 31 Dec 2026 (not extended)" while an ending runs."""
        if self.ending:
            return gettext("Active, ends on %(day)s (not extended)") % {"day": format_day(self.last_day)}
        return str(self.get_state_display())


class ContractPeriod(models.Model):
    """One three-month period of a contract (``number`` from 1), opened in turn (see the module docstring)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="periods", db_index=False)
    number = models.PositiveSmallIntegerField(_("period"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    is_last = models.BooleanField(_("last period of the contract"), default=False)
    state = models.CharField(_("state"), max_length=30, choices=PeriodState.choices, default=PeriodState.OPEN)
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("contract period")
        verbose_name_plural = _("contract periods")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_period_unique_number"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="contract_period_dates_order"),
        ]

    def __str__(self) -> str:
        return f"period {self.number} of contract {self.contract_id}"

    @property
    def decided(self) -> bool:
        return self.state in (PeriodState.EXTENDED, PeriodState.EXTENDED_WITH_CONDITIONS, PeriodState.ENDED)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def state_text_on(self, today: dt.date) -> str:
        """The state as the pages show it on ``today`` (walk #13, finding 6): an open period not started yet is
        "Upcoming" (never "Running"); a period decided "end" whose days still run says when the contract ends."""
        if self.state == PeriodState.OPEN and self.start > today:
            return str(pgettext_lazy("contract period state", "Upcoming"))
        if self.state == PeriodState.ENDED and today <= self.end:
            return gettext("Not extended: the contract ends on %(day)s") % {"day": format_day(self.end)}
        return str(self.get_state_display())


class PeriodDecision(models.Model):
    """The HEAD's evaluation of a period: ratings per criterion, notes and the decision.

    Immutable: no service changes a row once written. ``supersedes`` points at the decision this one
    replaces (with ``supersede_reason``); the current decision is the one nothing supersedes.
    ``ratings`` maps a criterion code to its score on the unit's scale; ``scale`` is the copy of that scale
    (bounds, words, criteria with their labels) as it was when the decision was recorded, so a later change
    of the unit's scale never changes what a decided evaluation meant (D70). ``conditions`` are shown at the
    next period's evaluation; ``reason`` says why the contract ends.
    """

    period = models.ForeignKey(ContractPeriod, on_delete=models.PROTECT, related_name="decisions", db_index=False)
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    ratings = models.JSONField(_("ratings"), default=dict)
    scale = models.JSONField(_("rating scale used"), default=dict, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    conditions = EncryptedTextField(_("conditions"), blank=True)
    reason = EncryptedTextField(_("reason for ending"), blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    supersede_reason = EncryptedTextField(_("why the earlier decision is replaced"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("period decision")
        verbose_name_plural = _("period decisions")
        ordering = ["period", "decided_at", "pk"]
        # Conditions, reason and supersede reason are required by the service: encrypted columns cannot be
        # compared with "" in SQL.
        indexes = [models.Index(fields=["period", "decided_at"], name="period_decision_idx")]

    def __str__(self) -> str:
        return f"{self.decision} on period {self.period_id}"


class EvaluationScale(models.Model):
    """The unit's rating scale for the evaluations (none recorded: 1 to 5 on the default criteria).

    ``words`` gives a score its word (``{"1": "Kurang", ...}``, any may be missing); ``criteria`` lists
    ``{"code", "label", "active"}`` in their order (empty: the four default criteria). Set by the HEAD on the
    scale page (``services.scale.evaluation_scale_save``); it applies to the evaluations decided after it.
    """

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="+")
    lowest = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    highest = models.PositiveSmallIntegerField(_("highest score"), default=5)
    words = models.JSONField(_("words of the scores"), default=dict, blank=True)
    criteria = models.JSONField(_("criteria"), default=list, blank=True)

    class Meta:
        verbose_name = _("evaluation scale")
        verbose_name_plural = _("evaluation scales")
        constraints = [models.CheckConstraint(condition=Q(highest__gt=F("lowest")), name="scale_order")]

    def __str__(self) -> str:
        return f"{self.lowest}-{self.highest}"
