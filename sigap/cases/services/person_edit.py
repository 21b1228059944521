"""Corrections of the persons of a case: edit a person, change their role, remove a link added by mistake.

A person may be linked to several cases of the unit: an edit changes the one ``Person`` row, so every
case sees it (the form says so). The audit keeps old/new values of non-personal fields only and the
names of the changed personal fields (``audit_diff`` with the classification's safe fields); the case's
timeline reads the event recorded on the case (``persons`` with the changed field names).

Removal is soft: the ``CasePerson`` link gets ``removed_at``/``removed_by`` and an encrypted reason, and
the active manager leaves it out of every list, count, guard, recap and export.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_diff, audit_record, audit_snapshot
from sigap.cases.classification import safe_fields
from sigap.cases.models import Case
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, Person, PersonNameToken
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.people import (
    MAX_AGE,
    PersonData,
    _check_can_edit,
    _check_nik_free,
    _check_relationship,
    _validated,
    birth_fields,
    person_values,
)
from sigap.core.crypto.tokens import name_tokens_sync

# The fields a correction may change, in the order the timeline names them.
EDITABLE_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "birth_year",
    "age_estimated",
    "nik",
    "phone",
    "address",
    "village",
    "education",
    "occupation",
    "disabilities",
    "marital_status",
    "nationality",
)
# Saved with their source field so that a search finds the new NIK/phone, never the old one.
_INDEX_OF = {"nik": "nik_index", "phone": "phone_index"}
MIN_REMOVAL_REASON = 10
MAX_REMOVAL_REASON = 2000


def _locked_link(actor: User, link: CasePerson) -> tuple[Case, CasePerson]:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=link.case_id)
    _check_can_edit(actor, case)
    row = CasePerson.objects.select_for_update().filter(pk=link.pk, case=case).first()
    if row is None:  # removed meanwhile
        raise TransitionRefused(_("This person is no longer recorded in the case."))
    return case, row


def _apply(person: Person, values: dict[str, Any]) -> list[str]:
    """Set ``values`` on ``person`` and save the changed fields; the names of the changed fields."""
    before = audit_snapshot(person)
    for name, value in values.items():
        setattr(person, name, value)
    after = audit_snapshot(person)
    changed = [name for name in EDITABLE_FIELDS if name in values and before.get(name) != after.get(name)]
    if not changed:
        return []
    update = [*changed, *(_INDEX_OF[n] for n in changed if n in _INDEX_OF), "updated_at"]
    person.save(update_fields=update)
    if {"name", "birth_year"} & set(changed):
        name_tokens_sync(PersonNameToken, person)  # the old name's tokens go: a search finds the new name only
    return changed


def _audit_on_case(
    actor: User,
    case: Case,
    *,
    new: dict[str, Any],
    old: dict[str, Any] | None = None,
    reason: str = "",
    request: HttpRequest | None,
) -> None:
    """The event on the case that its timeline reads (``persons``: ids, role codes and field names only)."""
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["persons"],
        old={"persons": old} if old is not None else None,
        new={"persons": new},
        reason=reason,
        request=request,
    )


def _audit_person_change(
    *, actor: User, case: Case, row: CasePerson, before: dict[str, Any], person: Person, request: HttpRequest | None
) -> None:
    diff = audit_diff(before=before, after=person, safe_fields=safe_fields("Person"))
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=person,
        changed_fields=diff.changed_fields,
        old=diff.old,
        new=diff.new,
        request=request,
    )
    edited = [name for name in EDITABLE_FIELDS if name in diff.changed_fields]
    # On the case too, for its timeline: field names only, never values.
    _audit_on_case(actor, case, new={"person": str(person.pk), "role": row.role, "edited": edited}, request=request)


@transaction.atomic
def person_update(
    *,
    actor: User,
    link: CasePerson,
    data: PersonData,
    role: str | None = None,
    relationship: str = "",
    request: HttpRequest | None = None,
) -> CasePerson:
    """Correct a person of the case (every field) and, when ``role`` is given, their role in the case.

    The HEAD or the case's manager, on an open case. The person is changed in every case they are in.
    """
    case, row = _locked_link(actor, link)
    person = Person.objects.select_for_update().get(pk=row.person_id, unit_id=case.unit_id)
    today = timezone.localdate(timezone.now(), case.unit.zone)
    clean = _validated(data, today=today)
    _check_nik_free(case.unit_id, clean.nik, other_than=person.pk)
    before = audit_snapshot(person)
    if _apply(person, person_values(clean, today=today)):
        _audit_person_change(actor=actor, case=case, row=row, before=before, person=person, request=request)
    if role is not None:
        row = _role_change(actor=actor, case=case, row=row, role=role, relationship=relationship, request=request)
    return row


@transaction.atomic
def person_age_record(
    *,
    actor: User,
    link: CasePerson,
    birth_date: dt.date | None = None,
    estimated_age: int | None = None,
    request: HttpRequest | None = None,
) -> Person:
    """Record the birth date or an estimated age of a person whose age is unknown (the consent form).

    Audited like any correction; nothing happens when neither is given.
    """
    case, row = _locked_link(actor, link)
    person = Person.objects.select_for_update().get(pk=row.person_id, unit_id=case.unit_id)
    if birth_date is None and estimated_age is None:
        return person
    today = timezone.localdate(timezone.now(), case.unit.zone)
    if birth_date is not None and not (dt.date(1900, 1, 1) <= birth_date <= today):
        raise TransitionRefused(_("The birth date cannot be in the future or before 1900."))
    if estimated_age is not None and not 0 <= estimated_age <= MAX_AGE:
        raise TransitionRefused(_("Enter an age between 0 and 120."))
    birth_year, estimated = birth_fields(
        PersonData(name=person.name, birth_date=birth_date, estimated_age=estimated_age), today=today
    )
    before = audit_snapshot(person)
    values = {"birth_date": birth_date, "birth_year": birth_year, "age_estimated": estimated}
    if _apply(person, values):
        _audit_person_change(actor=actor, case=case, row=row, before=before, person=person, request=request)
    return person


def _named_in_casework(row: CasePerson) -> bool:
    return (
        Incident.objects.filter(Q(victim=row) | Q(perpetrators=row)).exists()
        or Consent.objects.filter(Q(victim=row) | Q(guardian=row)).exists()
    )


def _role_change(
    *, actor: User, case: Case, row: CasePerson, role: str, relationship: str, request: HttpRequest | None
) -> CasePerson:
    relationship = _check_relationship(role, relationship)
    if role == row.role and relationship == row.relationship:
        return row
    old_role = row.role
    if role != old_role:
        if _named_in_casework(row):
            raise TransitionRefused(
                _(
                    "This person is named in an incident or a consent in their current role: "
                    "correct the incident or the consent first."
                )
            )
        if CasePerson.objects.filter(case=case, person_id=row.person_id, role=role).exists():
            raise TransitionRefused(_("This person is already recorded in the case in that role."))
    row.role, row.relationship = role, relationship
    row.save(update_fields=["role", "relationship"])
    # The relationship code is case content (not a safe value): only the fact that it changed is kept.
    _audit_on_case(
        actor,
        case,
        old={"person": str(row.person_id), "role": old_role},
        new={"person": str(row.person_id), "role": role, "role_changed": role != old_role},
        request=request,
    )
    return row


@transaction.atomic
def case_person_role_change(
    *, actor: User, link: CasePerson, role: str, relationship: str = "", request: HttpRequest | None = None
) -> CasePerson:
    """Change a person's role in the case (and, for a perpetrator, the relationship to the victim).

    Refused while an incident or a consent names the link in its current role (they would point at the
    wrong role).
    """
    case, row = _locked_link(actor, link)
    return _role_change(actor=actor, case=case, row=row, role=role, relationship=relationship, request=request)


@transaction.atomic
def case_person_remove(*, actor: User, link: CasePerson, reason: str, request: HttpRequest | None = None) -> CasePerson:
    """Remove a person added to the case by mistake (a reason is required; kept encrypted).

    The link stays for the HEAD and the audit trail; it leaves every list, count and export. Refused
    while an incident names the person (the recap would still count the incident).
    """
    case, row = _locked_link(actor, link)
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REMOVAL_REASON:
        raise TransitionRefused(_("Say why the person is removed (at least 10 characters)."))
    if len(reason) > MAX_REMOVAL_REASON:
        raise TransitionRefused(_("The reason is too long (at most 2000 characters)."))
    if Incident.objects.filter(Q(victim=row) | Q(perpetrators=row)).exists():
        raise TransitionRefused(_("An incident names this person: correct the incident first."))
    row.removed_at, row.removed_by, row.removal_reason = timezone.now(), actor, reason
    row.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _audit_on_case(
        actor,
        case,
        new={"person": str(row.person_id), "role": row.role, "removed": True},
        reason="person removed from the case as a mistake; the reason is kept encrypted on the link",
        request=request,
    )
    return row
