"""The "follow-ups due" list: the scheduled follow-ups of the cases a case manager manages (the HEAD: her unit's),
soonest first. Values only (a long list is values, docs/performance.md): case number, id, due day, number."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from sigap.accounts.models import Role, User
from sigap.cases.models import CaseTeamMember, TeamRole
from sigap.cases.selectors.case import cases_visible_to
from sigap.empowerment.models import FollowUp, FollowUpStatus

DUE_COLUMNS = ("id", "case_id", "case__number", "sequence", "months_after", "due_on")


def follow_ups_due(user: User) -> QuerySet[FollowUp, dict[str, object]]:
    membership = user.membership
    if membership is None:
        return FollowUp.objects.none().values(*DUE_COLUMNS)
    rows = FollowUp.objects.filter(status=FollowUpStatus.SCHEDULED, case_id__in=cases_visible_to(user).values("pk"))
    if membership.role != Role.HEAD:
        manages = CaseTeamMember.objects.filter(
            case_id=OuterRef("case_id"), user=user, is_active=True, team_role=TeamRole.CASE_MANAGER
        )
        rows = rows.filter(Exists(manages))
    return rows.order_by("due_on", "pk").values(*DUE_COLUMNS)
