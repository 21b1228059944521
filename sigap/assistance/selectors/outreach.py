"""Reads of outreach visits, always scoped: a visit is seen through its case (``cases_visible_to``), through its
complaint's case, or, for the intake team and the HEAD, through its complaint (``complaints_visible_to``).
Anything else answers 404.

Lists never load the encrypted columns (address, safety plan, result, reason of a cancellation): only the
visit's own page decrypts them.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from sigap.accounts.models import Membership, User
from sigap.assistance.models.outreach import OutreachStatus, OutreachVisit
from sigap.assistance.rules.outreach import COMPLAINT_ROLES, TEAM_ROLES
from sigap.cases.models import Case
from sigap.cases.selectors.case import cases_visible_to
from sigap.cases.services.plan import provider_candidates
from sigap.intake.models import Complaint
from sigap.intake.selectors import complaints_visible_to

# Encrypted columns a list never shows: not loaded, never decrypted.
LIST_DEFERRED = ("address_detail", "safety_plan", "result", "cancel_reason")


def _team() -> Prefetch[Any]:
    return Prefetch("team", queryset=User.objects.order_by("full_name", "pk"))


def _listed(rows: QuerySet[OutreachVisit]) -> QuerySet[OutreachVisit]:
    return rows.defer(*LIST_DEFERRED).select_related("village__district", "village__regency").prefetch_related(_team())


def visits_visible_to(user: User) -> QuerySet[OutreachVisit]:
    """The visits ``user`` may open (see the module docstring)."""
    membership = user.membership if user.is_authenticated else None
    if membership is None:
        return OutreachVisit.objects.none()
    cases = cases_visible_to(user).values("pk")
    seen = Q(case__in=cases) | Q(complaint__case_id__in=cases)
    if membership.role in COMPLAINT_ROLES:
        seen |= Q(complaint__in=complaints_visible_to(user).values("pk"))
    return OutreachVisit.objects.filter(seen, unit_id=membership.unit_id)


def get_visit_for_user(user: User, visit_id: Any) -> OutreachVisit:
    """The visit if ``user`` may see it, else ``Http404`` (also for malformed ids); everything is loaded."""
    try:
        pk = visit_id if isinstance(visit_id, uuid.UUID) else uuid.UUID(str(visit_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    found = (
        visits_visible_to(user)
        .filter(pk=pk)
        .select_related("unit", "complaint", "case", "village__district", "village__regency", "closed_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def complaint_visits(complaint: Complaint) -> list[OutreachVisit]:
    """The visits of a complaint the caller already may see, newest first (two queries with the teams)."""
    return list(_listed(OutreachVisit.objects.filter(complaint=complaint)).order_by("-planned_at", "pk"))


def case_visits(case: Case) -> list[OutreachVisit]:
    """The visits of a case: its own and those of the complaint it came from (no copy: through the link)."""
    rows = OutreachVisit.objects.filter(Q(case=case) | Q(complaint__case_id=case.pk), unit_id=case.unit_id)
    return list(_listed(rows).order_by("-planned_at", "pk"))


def unit_planned_visits(unit_id: int) -> list[OutreachVisit]:
    """The unit's planned visits, soonest first, each with its complaint or case number (two queries).

    The numbers come as annotations: neither the complaint's nor the case's encrypted columns are loaded.
    """
    rows = OutreachVisit.objects.filter(unit_id=unit_id, status=OutreachStatus.PLANNED).annotate(
        complaint_number=F("complaint__number"),
        case_number=Coalesce(F("case__number"), F("complaint__case_number")),
    )
    return list(_listed(rows).order_by("planned_at", "pk"))


def team_candidates(unit_id: int, case: Case | None) -> QuerySet[User]:
    """Who may be on the team: the case team and HEAD(s) for a case, the unit's front-line staff otherwise."""
    if case is not None:
        return provider_candidates(case)
    members = Membership.objects.filter(unit_id=unit_id, role__in=TEAM_ROLES, is_active=True).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("full_name", "pk")
