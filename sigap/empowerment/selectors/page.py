"""The rows of a case's empowerment page, each read once (docs/performance.md, "Load once")."""

from __future__ import annotations

from dataclasses import dataclass

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.models.plan import AssessmentSection
from sigap.cases.rules.permissions import can_manage, can_read_findings, is_head_of, team_role_of
from sigap.empowerment.models import (
    EmpowermentSettings,
    FollowUp,
    GoalsOverride,
    HouseholdNeeds,
    OutcomeRecord,
    Programme,
)
from sigap.empowerment.selectors.access import FINANCE_FIELDS, can_read_finances, economic_section, with_delivery
from sigap.empowerment.services.closure import goals_open, override_in_force
from sigap.empowerment.services.follow_up import NOT_REACHED_LIMIT, not_reached_streak


@dataclass
class EmpowermentPage:
    """What the empowerment page of one case shows to one reader."""

    case: Case
    needs: HouseholdNeeds | None
    finances_shown: bool
    economic_text: str  # the assessment's economic findings, when the reader may read them
    programmes: list[Programme]
    follow_ups: list[FollowUp]
    outcomes: list[OutcomeRecord]
    definition: str
    can_manage: bool
    is_head: bool
    goals_open: list[str]
    override: GoalsOverride | None
    not_reached: bool


def unit_settings(unit_id: int) -> EmpowermentSettings:
    return EmpowermentSettings.objects.filter(unit_id=unit_id).first() or EmpowermentSettings(unit_id=unit_id)


def economic_text_for(user: User, case: Case, section: AssessmentSection | None) -> str:
    if section is None or not section.text:
        return ""
    role = team_role_of(user, case)
    return section.text if can_read_findings(user, section, team_role=role, is_head=is_head_of(user, case)) else ""


def empowerment_page(user: User, case: Case) -> EmpowermentPage:
    section = economic_section(case)
    finances = can_read_finances(user, case, section)
    needs_rows = HouseholdNeeds.objects.filter(case=case)
    if not finances:
        needs_rows = needs_rows.defer(*FINANCE_FIELDS)  # never decrypted for a reader who may not see them
    head = is_head_of(user, case)
    return EmpowermentPage(
        case=case,
        needs=needs_rows.first(),
        finances_shown=finances,
        economic_text=economic_text_for(user, case, section),
        programmes=list(with_delivery(Programme.objects.filter(case=case)).order_by("created_at")),
        follow_ups=list(
            FollowUp.objects.filter(case=case).select_related("recorded_by").order_by("due_on", "created_at")
        ),
        outcomes=list(OutcomeRecord.objects.filter(case=case).select_related("recorded_by").order_by("-recorded_at")),
        definition=unit_settings(case.unit_id).definition,
        can_manage=can_manage(user, case),
        is_head=head,
        goals_open=goals_open(case),
        override=override_in_force(case) if head else None,
        not_reached=not_reached_streak(case) >= NOT_REACHED_LIMIT,
    )
