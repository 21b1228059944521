"""Who reaches what of a case's empowerment: the one getter per entity (404 outside scope) and the field groups.

The case is reached through ``get_case_for_user`` (``cases_visible_to``: the HEAD, the case's team). Inside it,
the household's finances (income, source, assets, debts, dependants) follow the assessment's economic section
rule at its strictest (minimum necessary, security.md): the HEAD, the case manager, and the expert assigned to
(or who wrote) the economic section of the latest assessment. The rest (documents, assistance, skills, housing,
programmes, follow-ups, indicators) is read by the whole team, as the economic section itself
(``permissions.can_read_findings``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.models.plan import AssessmentArea, AssessmentSection
from sigap.cases.rules.permissions import can_manage
from sigap.cases.selectors.case import get_case_for_user
from sigap.empowerment.models import FollowUp, Programme

FINANCE_FIELDS = ("income_amount", "income_source", "assets", "debts", "dependants")
# The referral's written texts: a programme shows its referral's number and status only, so they stay encrypted.
_REFERRAL_TEXTS = (
    "needs_summary",
    "override_reason",
    "decline_reason",
    "withdraw_reason",
    "outcome",
    "feedback",
    "letter_original_name",
    "letter_file_key",
)


def with_delivery(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Programmes with their partner and referral (number, status, dates) in the same query."""
    return programmes.select_related("partner", "referral").defer(*(f"referral__{name}" for name in _REFERRAL_TEXTS))


def economic_section(case: Case) -> AssessmentSection | None:
    """The economic section of the case's latest assessment (None: no assessment yet)."""
    return (
        AssessmentSection.objects.filter(assessment__case=case, area=AssessmentArea.ECONOMIC)
        .order_by("-assessment__version")
        .first()
    )


def can_read_finances(user: User, case: Case, section: AssessmentSection | None) -> bool:
    if can_manage(user, case):
        return True
    return section is not None and user.pk in (section.assignee_id, section.written_by_id)


def get_case_for_empowerment(user: User, case_id: Any) -> Case:
    return get_case_for_user(user, case_id)


def get_programme_for_user(user: User, programme_id: Any) -> Programme:
    try:
        programme = with_delivery(Programme.objects.select_related("case")).get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    programme.case = get_case_for_user(user, programme.case_id)
    return programme


def get_follow_up_for_user(user: User, follow_up_id: Any) -> FollowUp:
    try:
        follow_up = FollowUp.objects.only("id", "case_id", "sequence", "due_on", "status").get(pk=follow_up_id)
    except (FollowUp.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    follow_up.case = get_case_for_user(user, follow_up.case_id)
    return follow_up
