"""Access rules of the hand-off links (a work item's link to the case behind a team place or a section).

The case is the casework one of ``access_rules_casework`` (the expert on the team, the PSYCHOLOGICAL
section given to the expert). A team place is its member's own: anyone else gets 404, as for a case
outside their scope.
"""

from __future__ import annotations

from typing import Any

from sigap.cases.tests.access_rules_casework import CASE_ROLES, _get
from sigap.core.testing.access import NOT_FOUND, REDIRECT, Rule, staff


def expert_member(p: Any) -> dict[str, Any]:
    from sigap.cases.models import CaseTeamMember

    case = _get(p, "cw")["case"]
    return {"member_id": CaseTeamMember.objects.get(case=case, user=p["expert"], is_active=True).pk}


def psychological_section(p: Any) -> dict[str, Any]:
    from sigap.cases.models.plan import AssessmentSection

    case = _get(p, "cw")["case"]
    return {"section_id": AssessmentSection.objects.get(assessment__case=case, area="PSYCHOLOGICAL").pk}


RULES = [
    Rule(
        "cases:team_member_go",
        staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, head=NOT_FOUND, case_manager=NOT_FOUND),
        kwargs=expert_member,
    ),
    Rule("cases:section_go", staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND), kwargs=psychological_section),
]
