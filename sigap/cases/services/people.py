"""Writes of the persons of a case (create or link a known person) and of case notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_created, audit_record
from sigap.cases import codes
from sigap.cases.classification import safe_fields
from sigap.cases.models import Case
from sigap.cases.models.people import CaseNote, CasePerson, NoteConfidentiality, Person, PersonNameToken, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_contribute, can_manage
from sigap.core.crypto.blind import IndexKind, blind_lookup
from sigap.core.crypto.normalise import normalise_phone, validate_nik
from sigap.core.crypto.tokens import name_tokens_sync
from sigap.regions.models import Village

MAX_NOTE_LENGTH = 20000
MAX_AGE = 120


@dataclass
class PersonData:
    """What the add-person form collected (codes from the reference lists; unknown values empty)."""

    name: str
    sex: str = ""
    birth_date: dt.date | None = None
    estimated_age: int | None = None
    nik: str = ""
    phone: str = ""
    address: str = ""
    village: Village | None = None
    education: str = ""
    occupation: str = ""
    disabilities: list[str] = field(default_factory=list)
    marital_status: str = ""
    nationality: str = ""


class DuplicateNik(TransitionRefused):
    """A person with this NIK is already recorded in the unit: ``existing`` is offered instead."""

    def __init__(self, existing: Person) -> None:
        super().__init__(
            _(
                "A person with this NIK is already recorded in the unit. Add the existing person to the case "
                "(below) instead of recording them twice."
            )
        )
        self.existing = existing


def _check_nik_free(unit_id: int, nik: str, *, other_than: Any = None) -> None:
    """Refuse a NIK another person of the unit already has (``other_than``: the person being corrected)."""
    if not nik:
        return
    # Locked, so that two people typing the same NIK at once cannot both pass the check; the unique
    # constraint (unit, nik_index) is the last word either way.
    existing = (
        Person.objects.select_for_update()
        .filter(blind_lookup("nik_index", IndexKind.NIK, nik), unit_id=unit_id)
        .exclude(pk=other_than)
        .order_by("created_at", "pk")
        .first()
    )
    if existing is not None:
        raise DuplicateNik(existing)


def _check_code(list_key: str, value: str, message: str) -> None:
    if value and not codes.is_code(list_key, value):
        raise TransitionRefused(message)


def person_identifiable(*, name: str, sex: str, birth_date: dt.date | None, estimated_age: int | None) -> bool:
    """A person may be recorded with a name OR an age, a birth date or the sex (as on ``/lapor/``).

    An unknown perpetrator or a child whose name the neighbour did not know is common; the pages show such a
    person as "name not known yet" (``Person.spoken_name``) until the name is known.
    """
    return bool(name.strip() or sex or birth_date is not None or estimated_age is not None)


# Lazy: read by the form at request time, in the user's language.
UNIDENTIFIABLE = gettext_lazy(
    "Enter the name, or at least the age, the birth date or the sex while the name is not known."
)


def _validated(data: PersonData, *, today: dt.date) -> PersonData:
    name = " ".join((data.name or "").split())
    if not person_identifiable(name=name, sex=data.sex, birth_date=data.birth_date, estimated_age=data.estimated_age):
        raise TransitionRefused(str(UNIDENTIFIABLE))
    if len(name) > 200:
        raise TransitionRefused(_("The name is too long (at most 200 characters)."))
    try:
        nik = validate_nik(data.nik) if data.nik else ""
        phone = normalise_phone(data.phone) if data.phone else ""
    except ValidationError as error:
        raise TransitionRefused(error.messages) from None
    if data.birth_date is not None and not (dt.date(1900, 1, 1) <= data.birth_date <= today):
        raise TransitionRefused(_("The birth date cannot be in the future or before 1900."))
    if data.estimated_age is not None and not 0 <= data.estimated_age <= MAX_AGE:
        raise TransitionRefused(_("Enter an age between 0 and 120."))
    _check_code(codes.SEX, data.sex, _("Choose a sex from the list."))
    _check_code(codes.EDUCATION, data.education, _("Choose an education level from the list."))
    _check_code(codes.OCCUPATION, data.occupation, _("Choose an occupation from the list."))
    _check_code(codes.MARITAL_STATUS, data.marital_status, _("Choose a marital status from the list."))
    _check_code(codes.NATIONALITY, data.nationality, _("Choose a nationality from the list."))
    for code in data.disabilities:
        _check_code(codes.DISABILITY, code, _("Choose disabilities from the list."))
    return PersonData(
        name=name,
        sex=data.sex,
        birth_date=data.birth_date,
        estimated_age=data.estimated_age,
        nik=nik,
        phone=phone,
        address=(data.address or "").strip()[:1000],
        village=data.village,
        education=data.education,
        occupation=data.occupation,
        disabilities=sorted(set(data.disabilities)),
        marital_status=data.marital_status,
        nationality=data.nationality,
    )


def birth_fields(data: PersonData, *, today: dt.date) -> tuple[int | None, bool]:
    """``(birth_year, age_estimated)``: from the exact birth date, else from the estimated age, else unknown."""
    if data.birth_date is not None:
        return data.birth_date.year, False
    if data.estimated_age is not None:
        return today.year - data.estimated_age, True
    return None, False


def person_values(clean: PersonData, *, today: dt.date) -> dict[str, Any]:
    """The Person field values of validated form data (the age as birth year, exact or estimated)."""
    birth_year, estimated = birth_fields(clean, today=today)
    return {
        "name": clean.name,
        "sex": clean.sex,
        "birth_date": clean.birth_date,
        "birth_year": birth_year,
        "age_estimated": estimated,
        "nik": clean.nik or None,
        "phone": clean.phone or None,
        "address": clean.address,
        "village": clean.village,
        "education": clean.education,
        "occupation": clean.occupation,
        "disabilities": clean.disabilities,
        "marital_status": clean.marital_status,
        "nationality": clean.nationality,
    }


def _check_relationship(role: str, relationship: str) -> str:
    if role not in PersonRole.values:
        raise TransitionRefused(_("Choose the person's role in the case."))
    if role != PersonRole.PERPETRATOR:
        return ""
    _check_code(codes.RELATIONSHIP, relationship, _("Choose the relationship to the victim from the list."))
    return relationship


def _check_can_edit(actor: User, case: Case) -> None:
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can record persons."))
    if not case.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))


@transaction.atomic
def person_create(
    *,
    actor: User,
    case: Case,
    data: PersonData,
    role: str,
    relationship: str = "",
    request: HttpRequest | None = None,
) -> CasePerson:
    """Create a new person in the case's unit and add them to the case in ``role``.

    Call only after the search-before-create step (the page does it) found no one to link.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _check_can_edit(actor, locked)
    relationship = _check_relationship(role, relationship)
    today = timezone.localdate(timezone.now(), locked.unit.zone)
    clean = _validated(data, today=today)
    _check_nik_free(locked.unit_id, clean.nik)
    person = Person(unit=locked.unit, created_by=actor, **person_values(clean, today=today))
    person_insert(actor=actor, person=person, request=request)
    return _link(actor=actor, case=locked, person=person, role=role, relationship=relationship, request=request)


def person_insert(*, actor: User, person: Person, request: HttpRequest | None) -> None:
    """Save a new person with its name tokens (search before create) and its CREATE audit event (safe fields)."""
    person.save(force_insert=True)
    name_tokens_sync(PersonNameToken, person)
    audit_created(actor=actor, unit=person.unit, obj=person, request=request, safe_fields=safe_fields("Person"))


def _link(
    *, actor: User, case: Case, person: Person, role: str, relationship: str, request: HttpRequest | None
) -> CasePerson:
    if CasePerson.objects.filter(case=case, person=person, role=role).exists():
        raise TransitionRefused(_("This person is already recorded in the case in that role."))
    link = CasePerson.objects.create(
        case=case, person=person, role=role, relationship=relationship, added_at=timezone.now(), added_by=actor
    )
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["persons"],
        new={"persons": {"person": str(person.pk), "role": role, "linked": True}},
        request=request,
    )
    return link


@transaction.atomic
def case_person_link(
    *,
    actor: User,
    case: Case,
    person: Person,
    role: str,
    relationship: str = "",
    request: HttpRequest | None = None,
) -> CasePerson:
    """Add a person already known to the unit (found by the search) to the case in ``role``."""
    locked, relationship = link_checked(actor=actor, case=case, person=person, role=role, relationship=relationship)
    return _link(actor=actor, case=locked, person=person, role=role, relationship=relationship, request=request)


def link_checked(*, actor: User, case: Case, person: Person, role: str, relationship: str) -> tuple[Case, str]:
    """The locked case and the cleaned relationship for linking a known ``person`` in ``role`` (directly or
    by a request to the HEAD): the actor may record persons there and the person is of the case's unit."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _check_can_edit(actor, locked)
    if person.unit_id != locked.unit_id:
        # A person of another unit is never linked (and never shown): the same answer as "not found".
        raise TransitionRefused(_("This person was not found."))
    return locked, _check_relationship(role, relationship)


@transaction.atomic
def case_note_add(
    *,
    actor: User,
    case: Case,
    body: str,
    confidentiality: str = NoteConfidentiality.TEAM,
    request: HttpRequest | None = None,
) -> CaseNote:
    """Add an encrypted note (HEAD or team member); ``confidentiality`` limits who reads it."""
    if not can_contribute(actor, case):
        raise TransitionRefused(_("Only the head of the unit or a member of the team can add notes."))
    if confidentiality not in NoteConfidentiality.values:
        raise TransitionRefused(_("Choose who may read the note."))
    body = (body or "").strip()
    if not body:
        raise TransitionRefused(_("Write the note."))
    if len(body) > MAX_NOTE_LENGTH:
        raise TransitionRefused(_("The note is too long (at most 20000 characters)."))
    note = CaseNote.objects.create(
        case=case, author=actor, confidentiality=confidentiality, body=body, created_at=timezone.now()
    )
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["notes"],
        new={"notes": {"note": str(note.pk), "confidentiality": confidentiality}},
        request=request,
    )
    return note
