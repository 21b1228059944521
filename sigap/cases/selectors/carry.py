"""Search before create for the people of a complaint, before its case exists (the decision page),
the cases through which a complaint may be read once it became one, and what higher apps carry to the
persons added to a case later (``person_defaults``: the outreach visit's village and address).

The intake officer sees a known person masked (initials, birth year, how they were found), enough to
answer "same person as …" or "new person", never their cases or contact details.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from sigap.accounts.models import Role, User
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.people import Person
from sigap.cases.selectors.case import MAX_MATCHES, cases_visible_to, persons_matching

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


def cases_seen_in_full_by(user: User) -> QuerySet[Case]:
    """The visible cases whose persons ``user`` sees in full: every one for the HEAD, else those she manages.

    The readers of the complaint a case came from (its reporter, names and phone numbers): an expert on the
    team reads children's case codes, never their names (``rules.disclosure``), so not the complaint either.
    """
    visible = cases_visible_to(user)
    membership = user.membership if user.is_authenticated else None
    if membership is not None and membership.role == Role.HEAD:
        return visible
    manages = CaseTeamMember.objects.filter(
        case=OuterRef("pk"), user=user, is_active=True, team_role=TeamRole.CASE_MANAGER
    )
    return visible.filter(Exists(manages))


@dataclass(frozen=True)
class PersonDefaults:
    """What a higher app already knows of where a person of the case lives (initial values of the add form).

    ``source`` says where they come from, shown above the form ("from the outreach visit of …"); ``address``
    is empty when the reader may not see it or the person is not the one visited.
    """

    source: str
    village: Any = None
    address: str = ""


# Filled by higher apps in ready() (assistance: the case's outreach visit); each gets (user, case, role) and
# answers None when it knows nothing. The first answer wins. This floor cannot import them.
PersonDefaultsHook = Callable[[User, Case, str], "PersonDefaults | None"]
PERSON_DEFAULTS_HOOKS: list[PersonDefaultsHook] = []


def register_person_defaults(hook: PersonDefaultsHook) -> None:
    if hook not in PERSON_DEFAULTS_HOOKS:
        PERSON_DEFAULTS_HOOKS.append(hook)


def person_defaults(user: User, case: Case, role: str) -> PersonDefaults | None:
    """The initial village and address of a person added to ``case`` in ``role``, if a higher app knows them."""
    for hook in PERSON_DEFAULTS_HOOKS:
        found = hook(user, case, role)
        if found is not None:
            return found
    return None
