"""Reads of the persons of one case beyond the active list: removed links, other cases of a person."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson
from sigap.core import compiled

# What to defer of a joined ``person`` where a page names her and shows nothing else of her: each
# encrypted column loaded is one decryption per row (issue #22).
PERSON_NAME_ONLY = tuple(f"person__{name}" for name in ("birth_date", "nik", "phone", "address", "disabilities"))


def other_case_count(link: CasePerson) -> int:
    """In how many other cases of the unit the link's person is recorded (an edit changes them too)."""
    return (
        CasePerson.objects.filter(person_id=link.person_id).exclude(case_id=link.case_id).values("case_id").distinct()
    ).count()


def removed_links_query(case: Case) -> compiled.Query:
    """The links removed from the case, newest first (the HEAD's "removed people" section), as a query the case
    page sends with its others (``CaseView.load``)."""
    return compiled.Query(("case.removed_links",), _removed, {"case": "uuid"}, {"case": case.pk})


def _removed(values: Any) -> QuerySet[CasePerson]:
    return (
        CasePerson.all_links.filter(case_id=values["case"], removed_at__isnull=False)
        .select_related("person", "removed_by")
        .defer(*PERSON_NAME_ONLY)  # the section names the person, nothing else of her
        .order_by("-removed_at", "-pk")
    )
