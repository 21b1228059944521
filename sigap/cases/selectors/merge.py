"""Reads of the HEAD's merge of two person records: the one getter of a person, candidates, their cases."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson, Person
from sigap.cases.selectors.case import MAX_MATCHES, cases_visible_to, persons_matching


def person_for_head(user: User, person_id: Any) -> Person:
    """A person of the user's unit, merged-away records included (their pages lead to the survivor).

    ``Http404`` for another unit's person, a malformed or an unknown id: the same answer. The role is
    the view's policy (HEAD only, 403 for the others).
    """
    membership = user.membership
    try:
        pk = person_id if isinstance(person_id, uuid.UUID) else uuid.UUID(str(person_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    if membership is None:
        raise Http404
    found = Person.all_persons.select_related("village").filter(pk=pk, unit_id=membership.unit_id).first()
    if found is None:
        raise Http404
    return found


@dataclass
class PersonCases:
    """The cases of one record as far as the HEAD may see them (numbers), the others only counted."""

    person: Person
    visible: list[Case] = field(default_factory=list)
    hidden: int = 0
    links: int = 0  # the record's links in force (what a merge moves)

    @property
    def cases(self) -> int:
        return len(self.visible) + self.hidden


def cases_of(user: User, persons: list[Person]) -> list[PersonCases]:
    """Each person's cases, in the order given (two queries whatever the number of persons)."""
    ids = [p.pk for p in persons]
    links = list(CasePerson.objects.filter(person_id__in=ids).select_related("case").order_by("case__opened_at", "pk"))
    visible_ids = set(cases_visible_to(user).filter(persons__person_id__in=ids).values_list("pk", flat=True))
    result = []
    for person in persons:
        own = [link for link in links if link.person_id == person.pk]
        cases = {link.case.pk: link.case for link in own}
        visible = [case for pk, case in cases.items() if pk in visible_ids]
        result.append(PersonCases(person, visible, len(cases) - len(visible), len(own)))
    return result


def merge_candidates(
    user: User, person: Person, *, nik: str = "", phone: str = "", name: str = "", birth_year: int | None = None
) -> list[PersonCases]:
    """Other live records of the unit that the search finds (the second record of a merge), best first."""
    found_ids = persons_matching(user, nik=nik, phone=phone, name=name, birth_year=birth_year)
    ids = [pk for pk in found_ids if pk != person.pk][:MAX_MATCHES]
    found = {p.pk: p for p in Person.objects.select_related("village").filter(pk__in=ids, unit_id=person.unit_id)}
    return cases_of(user, [found[pk] for pk in ids if pk in found])


def shared_links(survivor: Person, merged: Person) -> int:
    """Links of ``merged`` in force that duplicate one of ``survivor`` (same case, same role): removed."""
    kept = set(CasePerson.objects.filter(person=survivor).values_list("case_id", "role"))
    return sum(1 for pair in CasePerson.objects.filter(person=merged).values_list("case_id", "role") if pair in kept)
