"""Reads of the break-glass review: the unit's emergency accesses, for its AUDITOR."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import Unit
from sigap.cases.models import BreakGlassGrant

WAITING = "waiting"
REVIEWED = "reviewed"
ALL = "all"
STATUSES = (WAITING, REVIEWED, ALL)

_GRANT_COLUMNS = ("pk", "case", "user", "granted_at", "expires_at", "reviewed_at", "reviewed_by", "review_outcome")
# The grant, its case's number and the two people: never the case's encrypted columns.
_COLUMNS = (
    "case__number",
    "case__unit",
    "user__full_name",
    "user__username",
    "reviewed_by__full_name",
    "reviewed_by__username",
)


def _unit_grants(unit: Unit) -> QuerySet[BreakGlassGrant]:
    return BreakGlassGrant.objects.filter(case__unit=unit).select_related("case", "user", "reviewed_by")


def break_glass_grants(*, unit: Unit, status: str = WAITING) -> QuerySet[BreakGlassGrant]:
    """The unit's emergency accesses, newest first: waiting for review, reviewed, or all.

    Without the reason and the review note: the list shows neither, so it decrypts neither (each reason
    is read on its own review page, where that read is audited).
    """
    grants = _unit_grants(unit)
    if status == WAITING:
        grants = grants.filter(reviewed_at__isnull=True)
    elif status == REVIEWED:
        grants = grants.filter(reviewed_at__isnull=False)
    return grants.only(*_GRANT_COLUMNS, *_COLUMNS).order_by("-granted_at", "-pk")


def break_glass_grant_get(*, unit: Unit, grant_id: object) -> BreakGlassGrant:
    """One emergency access of the unit; 404 for another unit's, or a malformed id."""
    try:
        pk = int(str(grant_id))
    except ValueError:
        raise Http404 from None
    grant = _unit_grants(unit).only("reason", "review_note", *_GRANT_COLUMNS, *_COLUMNS).filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant
