"""The cases panel of the home page: the role's open cases by step and the high-risk ones, in one query.

Each figure counts exactly the rows of the case list it links to (same scope, same filters): for the HEAD
the unit's cases (restricted ones included in the per-step figures, as the list shows them locked, but
never in the high-risk one, which the list also leaves out); for the case manager and the expert the
cases whose team they are on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.models import Role, User
from sigap.cases.models import OPEN_STATES, Case, CaseState
from sigap.cases.selectors.case import _has_grant, _on_team, cases_visible_to, without_case_manager
from sigap.core.choices import RiskLevel

# The open steps in the order of the casework.
OPEN_STEPS = [state for state in CaseState.values if state in OPEN_STATES]


@dataclass(frozen=True)
class CaseCounts:
    """Open cases per step, and the open high-risk ones the user may see."""

    by_state: dict[str, int] = field(default_factory=dict)
    high_risk: int = 0
    awaiting_team: int = 0  # the HEAD's: open cases without a case manager (0 for the others)


def case_counts(user: User) -> CaseCounts:
    """One GROUP BY over the user's cases (see the module docstring for the scope)."""
    membership = user.membership
    if membership is None:
        return CaseCounts()
    if membership.role == Role.HEAD:
        rows = Case.objects.filter(unit_id=membership.unit_id)
        seen = Q(restricted=False) | Q(_on_team(user.pk)) | Q(_has_grant(user.pk, timezone.now()))
    elif membership.role in (Role.CASE_MANAGER, Role.EXPERT):
        rows, seen = cases_visible_to(user), Q()
    else:
        return CaseCounts()
    grouped = (
        rows.filter(state__in=OPEN_STEPS)
        .order_by()
        .values("state")
        .annotate(
            total=Count("pk"),
            high=Count("pk", filter=Q(risk_level=RiskLevel.TINGGI) & seen),
            # In the same GROUP BY: the HEAD's home adds no query for it.
            awaiting=Count("pk", filter=Q(without_case_manager())),
        )
    )
    by_state, high, awaiting = {}, 0, 0
    for row in grouped:
        by_state[row["state"]] = row["total"]
        high += row["high"]
        awaiting += row["awaiting"]
    if membership.role != Role.HEAD:
        awaiting = 0  # assigning the team is the HEAD's work
    return CaseCounts(by_state=by_state, high_risk=high, awaiting_team=awaiting)


def case_list_url(*, mine: bool = False, **filters: str) -> str:
    """The case list filtered by ``filters`` (``mine``: the user's own cases)."""
    query = {key: value for key, value in filters.items() if value}
    if mine:
        query["mine"] = "on"
    return f"{reverse('cases:case_list')}?{urlencode(query)}" if query else reverse("cases:case_list")
