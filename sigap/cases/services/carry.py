"""The persons a case starts with, carried from the complaint it was opened from (``case_open(persons=…)``).

Runs inside ``case_open``'s transaction, for its actor (an intake officer may open a case from a
complaint but is not on its team): the complaint's people become persons of the case, or are linked
to the known person the officer confirmed on the decision page (search before create). Nobody types
them twice. A known person whose other cases the actor may not see (or a restricted one) is not
linked directly: the HEAD approves the link first, as on the add-person page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases import codes
from sigap.cases.models import Case
from sigap.cases.models.link import PersonLinkRequest
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.case import link_needs_approval
from sigap.cases.services.people import person_insert
from sigap.core.crypto.normalise import normalise_phone

MAX_AGE = 120


@dataclass(frozen=True)
class CarriedPerson:
    """One person of a complaint as the case receives them.

    ``name`` may be empty (the reporter did not know it: the case shows "name not known yet");
    ``same_as``: the id of a known person of the unit the officer confirmed, else a new person.
    """

    role: str
    name: str = ""
    estimated_age: int | None = None
    sex: str = ""
    phone: str = ""
    same_as: uuid.UUID | None = None


def _new_person(*, actor: User, case: Case, carried: CarriedPerson, request: HttpRequest | None) -> Person:
    age = carried.estimated_age
    if age is not None and not 0 <= age <= MAX_AGE:
        age = None  # the complaint forms bound the age; a stray value is dropped, never guessed
    year = timezone.localdate(timezone.now(), case.unit.zone).year
    phone = ""
    if carried.phone:
        try:
            phone = normalise_phone(carried.phone)
        except Exception:  # noqa: BLE001 - the complaint kept an unusable number: the case starts without it
            phone = ""
    person = Person(
        unit=case.unit,
        name=" ".join(carried.name.split())[:200],
        sex=carried.sex if carried.sex and codes.is_code(codes.SEX, carried.sex) else "",
        birth_year=year - age if age is not None else None,
        age_estimated=age is not None,
        phone=phone or None,
        created_by=actor,
    )
    person_insert(actor=actor, person=person, request=request)
    return person


def case_persons_carry(
    *, actor: User, case: Case, persons: list[CarriedPerson], request: HttpRequest | None = None
) -> tuple[int, int]:
    """Add ``persons`` to the just-opened ``case`` (call only from ``case_open``): ``(added, link requests)``."""
    added = requested = 0
    now = timezone.now()
    seen: set[tuple[object, str]] = set()
    for carried in persons:
        if carried.role not in PersonRole.values:
            raise TransitionRefused(_("Choose the person's role in the case."))
        if carried.same_as is not None:
            person = Person.objects.filter(pk=carried.same_as, unit_id=case.unit_id).first()
            if person is None:  # another unit's person is never linked, nor named: "not found"
                raise TransitionRefused(_("This person was not found."))
            if (person.pk, carried.role) in seen:
                continue  # two rows confirmed as the same person in the same role: one link
            seen.add((person.pk, carried.role))
            if link_needs_approval(actor, case=case, person=person):
                PersonLinkRequest.objects.create(
                    case=case, person=person, role=carried.role, requested_at=now, requested_by=actor
                )
                requested += 1
                kind = "requested"
            else:
                CasePerson.objects.create(case=case, person=person, role=carried.role, added_at=now, added_by=actor)
                added += 1
                kind = "linked"
        else:
            person = _new_person(actor=actor, case=case, carried=carried, request=request)
            CasePerson.objects.create(case=case, person=person, role=carried.role, added_at=now, added_by=actor)
            added += 1
            kind = "created"
        audit_record(
            actor=actor,
            unit=case.unit,
            action=AuditAction.UPDATE,
            obj=case,
            changed_fields=["persons"],
            new={"persons": {"person": str(person.pk), "role": carried.role, kind: True, "from_complaint": True}},
            request=request,
        )
    return added, requested
