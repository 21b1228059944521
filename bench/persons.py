"""The persons of a synthetic case: created as ``person_create`` does it (name tokens, audit event), linked.

Person numbers (NIK serial, phone) come from the case index and the person's slot in the case, so they
do not depend on batches, workers or resumes.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder

from bench.proportions import DISABILITIES, EDUCATION_ADULT, EDUCATION_CHILD, OCCUPATION_ADULT
from bench.synthetic import synthetic_address, synthetic_name, synthetic_nik, synthetic_phone
from bench.writer import new
from sigap.accounts.models import Role, User
from sigap.audit.models import AuditAction
from sigap.cases.classification import safe_fields
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson, Person, PersonNameToken
from sigap.core.crypto.fields import BlindIndexField
from sigap.core.crypto.tokens import expected_token_rows

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, UnitStaff

PERSON_SAFE = frozenset(safe_fields("Person"))

# Person numbers (NIK serial, phone) come from the case index and the person's slot in the case, so they
# do not depend on batches, workers or resumes: victim 0, perpetrator 1, guardian or reporter 2.
PERSON_SLOTS = 3


def person_add(
    ctx: CaseContext,
    batch: Batch,
    case_rng: random.Random,
    *,
    number: int,
    staff: UnitStaff,
    female: bool,
    age: int,
    year: int,
    nik_share: float,
    phone_share: float,
    actor: User,
    at: dt.datetime,
) -> Person:
    # Its own RNG: whether a person is created must not shift the case's later draws (determinism).
    rng = random.Random(case_rng.getrandbits(64))
    ctx.persons += 1
    index = number
    village = rng.choice(staff.villages) if staff.villages else None
    regency4 = staff.unit.region_code.replace(".", "")
    exact = rng.random() < 0.6
    birth_year = year - age
    birth_date = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)) if exact else None
    child = age < 18
    person = new(
        Person,
        unit=staff.unit,
        name=synthetic_name(rng),
        sex="P" if female else "L",
        birth_date=birth_date,
        birth_year=birth_year,
        age_estimated=not exact,
        nik=synthetic_nik(regency4=regency4, female=female, person_index=index) if rng.random() < nik_share else None,
        phone=synthetic_phone(index) if rng.random() < phone_share else None,
        address=synthetic_address(rng),
        village_id=village,
        education=rng.choice(EDUCATION_CHILD if child else EDUCATION_ADULT),
        occupation="PELAJAR" if child and age > 6 else ("" if child else rng.choice(OCCUPATION_ADULT)),
        disabilities=[rng.choice(DISABILITIES)] if rng.random() < 0.03 else [],
        marital_status="BELUM_KAWIN"
        if child
        else rng.choice(["KAWIN_TERCATAT", "KAWIN_TIDAK_TERCATAT", "CERAI_HIDUP"]),
        nationality="WNI" if rng.random() < 0.99 else "WNA",
        created_by=actor,
        created_at=at,  # the synthetic time, as if saved then (the writer keeps it over auto_now)
        updated_at=at,
    )
    batch.add(person)
    for token, token_year in expected_token_rows(person.name, birth_year):
        batch.add(new(PersonNameToken, owner=person, unit=staff.unit, token=token, token_year=token_year))
    changed, values = person_created_diff(person)
    batch.event(
        unit_id=staff.unit.pk,
        actor=actor,
        role=Role.CASE_MANAGER,
        action=AuditAction.CREATE,
        obj=person,
        at=at,
        changed=changed,
        new=values,
    )
    return person


_PERSON_FIELDS = [f for f in Person._meta.concrete_fields if not f.primary_key]
_INDEX_SOURCE = {f.name: f.source for f in _PERSON_FIELDS if isinstance(f, BlindIndexField)}
_json_time = DjangoJSONEncoder().default


def person_created_diff(person: Person) -> tuple[list[str], dict[str, Any]]:
    """What ``audit_diff(before=None, after=person, safe_fields=…)`` gives once ``person_create`` saved it.

    The same rules without the generic snapshot and JSON round trip (~5× faster): fields holding a
    value, in model order; values of the safe ones only. Blind indexes are named when their source is
    set (they are computed on save). bench/tests compares it with the product's ``audit_diff``.
    """
    changed: list[str] = []
    values: dict[str, Any] = {}
    for f in _PERSON_FIELDS:
        name = f.name
        value = getattr(person, _INDEX_SOURCE.get(name, f.attname))
        if value is None or value == "" or value == [] or value == {}:
            continue
        changed.append(name)
        if name in PERSON_SAFE:
            values[name] = _json_time(value) if isinstance(value, dt.date) else value
    return changed, values


def link_add(
    batch: Batch, case: Case, person: Person, role: str, relationship: str, actor: User, at: dt.datetime
) -> CasePerson:
    link = new(CasePerson, case=case, person=person, role=role, relationship=relationship, added_at=at, added_by=actor)
    link.pk = batch.new_id(CasePerson)  # incidents and consents point at it before it is written
    batch.add(link)
    batch.event(
        unit_id=case.unit.pk,
        actor=actor,
        role=Role.CASE_MANAGER,
        action=AuditAction.UPDATE,
        obj=case,
        at=at,
        changed=["persons"],
        new={"persons": {"person": str(person.pk), "role": role, "linked": True}},
    )
    return link
