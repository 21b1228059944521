"""Search before create for the people of a complaint, before its case exists (the decision page).

The intake officer sees a known person masked (initials, birth year, how they were found), enough to
answer "same person as …" or "new person", never their cases or contact details.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sigap.accounts.models import User
from sigap.cases.models.people import Person
from sigap.cases.selectors.case import MAX_MATCHES, persons_matching

MAX_CARRY_MATCHES = 5


@dataclass(frozen=True)
class CarryMatch:
    """A known person of the user's unit, masked."""

    pk: uuid.UUID
    initials: str
    birth_year: int | None
    age_estimated: bool


def carry_matches(user: User, *, name: str, phone: str = "", birth_year: int | None = None) -> list[CarryMatch]:
    """Known persons of the user's unit matching a complaint's person (phone, or name and birth year)."""
    if not name.strip() and not phone:
        return []  # an unnamed person without a number matches everyone and no one: always new
    ids = persons_matching(user, phone=phone, name=name, birth_year=birth_year)[:MAX_MATCHES]
    if not ids:
        return []
    found = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    return [
        CarryMatch(pk=p.pk, initials=p.initials, birth_year=p.birth_year, age_estimated=p.age_estimated)
        for p in (found[pk] for pk in ids if pk in found)
    ][:MAX_CARRY_MATCHES]
