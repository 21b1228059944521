"""Reads of the break-glass review: the unit's emergency accesses, for its AUDITOR; and which restricted
cases a record of the audit trail belongs to (its history needs the case's own access rules)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import Unit
from sigap.cases.models.case import BreakGlassGrant, Case
from sigap.cases.models.people import CasePerson, Person

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


def restricted_case_ids_of(*, object_type: str, object_id: str) -> list[Any]:
    """Ids of the restricted cases this object belongs to: the case itself, the case of a row with a
    ``case`` foreign key, or the cases of a person. Their history needs the case's own access rules
    (break-glass for the HEAD, review finding 8). Call after ``audit_history_visible``.
    """
    try:
        model = apps.get_model(object_type)
        if model is Case:
            case_ids: Any = Case.objects.filter(pk=object_id).values("pk")
        elif model is Person:
            # Links removed as a mistake too: the history still holds what was done while they stood.
            case_ids = CasePerson.all_links.filter(person_id=object_id).values("case_id")
        else:
            case_field = model._meta.get_field("case")
            if getattr(case_field, "related_model", None) is not Case:
                return []
            case_ids = model._base_manager.filter(pk=object_id).values("case_id")  # removed rows too
        return list(Case.objects.filter(pk__in=case_ids, restricted=True).values_list("pk", flat=True))
    except (LookupError, FieldDoesNotExist):
        return []
    except (ValueError, TypeError, OverflowError, ValidationError):
        return []
