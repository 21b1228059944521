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
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, User
from sigap.assistance.models.outreach import OutreachStatus, OutreachVisit
from sigap.assistance.rules.outreach import COMPLAINT_ROLES, TEAM_ROLES
from sigap.cases.models import Case
from sigap.cases.models.people import PersonRole
from sigap.cases.rules.disclosure import sees_full_identity
from sigap.cases.selectors.carry import PersonDefaults
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


# Who lives where the victim was visited: the victim, her parent or guardian and the children who come with her
# get the visit's village; only the victim (the one visited) gets its address (#12, walk 2).
HOUSEHOLD_ROLES = frozenset({PersonRole.VICTIM, PersonRole.PARENT_GUARDIAN, PersonRole.ACCOMPANYING})


def outreach_person_defaults(user: User, case: Case, role: str) -> PersonDefaults | None:
    """The village (and, for the victim, the address) of the case's latest done visit with a village, as the
    initial values of a person added to the case (``cases.selectors.carry.PERSON_DEFAULTS_HOOKS``).

    The address is given only to a reader who sees the persons' addresses (``sees_full_identity``: the HEAD and
    the case's manager); the caller has already checked that ``user`` may add persons to ``case``.
    """
    if role not in HOUSEHOLD_ROLES:
        return None
    visit = (
        OutreachVisit.objects.filter(
            Q(case=case) | Q(complaint__case_id=case.pk),
            unit_id=case.unit_id,
            status=OutreachStatus.DONE,
            village__isnull=False,
        )
        .defer("safety_plan", "result", "cancel_reason")
        .select_related("village")
        .order_by("-done_at", "pk")
        .first()
    )
    if visit is None or visit.done_at is None:
        return None
    day = timezone.localdate(visit.done_at, case.unit.zone)
    address = visit.address_detail if role == PersonRole.VICTIM and sees_full_identity(user, case) else ""
    source = _("from the outreach visit of %(date)s") % {"date": date_format(day, "DATE_FORMAT")}
    return PersonDefaults(source=source, village=visit.village, address=address)
