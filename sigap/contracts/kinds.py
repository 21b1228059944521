"""The work-item kinds of the contracts app (see sigap.work.kinds), registered in ``ContractsConfig.ready``."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

PERIOD_EVALUATION = "contract_period_evaluation"
CASE_REASSIGN = "contract_case_reassign"


def register_contract_kinds() -> None:
    # Opened 14 days before a period ends (the hourly step): the HEAD evaluates the expert's work of the
    # period and decides before it ends (Kukar's practice: annual contract, extension every three months,
    # domain.md §E5, §D1); done by the decision, reminded 3 days before, escalated when missed.
    register_kind(
        PERIOD_EVALUATION,
        _("Evaluate an expert's contract period before it ends (extension every three months)"),
        remind_before=timedelta(days=3),
        url_name="contracts:period_evaluation",
    )
    # A contract ended: each open case of the expert waits for the HEAD to give it to another expert.
    register_kind(
        CASE_REASSIGN,
        _("Reassign a case of an expert whose contract ended"),
        url_name="cases:case_team",
    )
