"""Writes of the experts app: profiles and credentials, each with its audit event in the same transaction.

Only the HEAD and the UNIT_ADMIN of the expert's unit write here. A refusal is a ``ValidationError``
whose message is shown to the user. Audit events hold field names, and values only for non-personal
fields (the classification registry): a credential number or the notes never reach the trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_created, audit_diff, audit_record
from sigap.core.classification import Level
from sigap.experts.classification import CLASSIFICATION
from sigap.experts.licensing import unit_today
from sigap.experts.models import Credential, CredentialEndReason, CredentialKind, ExpertProfile, Profession, Sex
from sigap.experts.reminders import credential_reminders_close, credential_reminders_renewed
from sigap.experts.selectors import unit_manages_expert

MANAGE_ROLES = (Role.HEAD, Role.UNIT_ADMIN)
MAX_NOTES = 300
MAX_NUMBER = 100
MAX_ISSUER = 200
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# A renewed credential may be recorded before it starts, but not years ahead.
MAX_DAYS_AHEAD = 366
PROFILE_FIELDS = ("profession", "sex", "available", "notes", "unit")


def _safe_fields(model_name: str) -> frozenset[str]:
    """Fields whose values may go into the audit trail: public or internal, never a plaintext exception."""
    return frozenset(
        name for name, entry in CLASSIFICATION[model_name].items() if entry in (Level.PUBLIC, Level.INTERNAL)
    )


def _managed_unit(actor: User) -> Unit:
    membership = actor.membership
    if membership is None or membership.role not in MANAGE_ROLES:
        raise ValidationError(_("Only the head of the unit or the unit administrator can manage experts."))
    return membership.unit


def _one_line(value: str, *, limit: int, message: str) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if len(text) > limit:
        raise ValidationError(message)
    return text


@transaction.atomic
def expert_profile_save(
    *,
    actor: User,
    user: User,
    profession: str,
    sex: str,
    available: bool = True,
    notes: str = "",
    request: HttpRequest | None = None,
) -> ExpertProfile:
    """Record or change the expert profile of ``user`` (HEAD or UNIT_ADMIN of the unit).

    A profile is recorded only for a user with an active EXPERT membership in the actor's unit; an
    expert who moved to this unit brings their profile (and credentials) along. A former expert's
    profile (no active membership anywhere) stays editable by their old unit (e.g. to mark them
    unavailable); once they work in another unit, only that unit may change it (``unit_manages_expert``). Nothing changed: no event.
    """
    unit = _managed_unit(actor)
    if profession not in Profession.values:
        raise ValidationError(_("Choose a profession from the list."))
    if sex not in Sex.values:
        raise ValidationError(_("Choose a sex from the list."))
    notes = _one_line(notes, limit=MAX_NOTES, message=_("The notes are too long (at most 300 characters)."))
    is_expert = Membership.objects.filter(
        user=user, unit=unit, role=Role.EXPERT, is_active=True, user__is_active=True
    ).exists()
    profile = ExpertProfile.objects.select_for_update().filter(user=user).first()
    if not is_expert and (profile is None or not unit_manages_expert(unit.pk, user, profile)):
        raise ValidationError(_("Only an active expert of your unit can have an expert profile."))
    values: dict[str, Any] = {"profession": profession, "sex": sex, "available": bool(available), "notes": notes}
    if profile is None:
        profile = ExpertProfile(user=user, unit=unit, **values)
        profile.full_clean()
        profile.save()
        diff = audit_diff(before=None, after=profile)
        action = AuditAction.CREATE
    else:
        values["unit"] = unit
        before = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        changed = [name for name in PROFILE_FIELDS if before[name] != values[name]]
        if not changed:
            return profile
        for name in changed:
            setattr(profile, name, values[name])
        profile.full_clean()
        profile.save(update_fields=[*changed, "updated_at"])
        after = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        # Foreign keys as ids, as audit_snapshot would store them.
        before["unit"], after["unit"] = before["unit"].pk, after["unit"].pk
        diff = audit_diff(before=before, after=after, safe_fields=_safe_fields("ExpertProfile"))
        action = AuditAction.UPDATE
    audit_record(
        actor=actor,
        unit=unit,
        action=action,
        obj=profile,
        changed_fields=diff.changed_fields,
        old=diff.old,
        new=diff.new,
        request=request,
    )
    return profile


def _check_profile(actor: User, profile: ExpertProfile) -> Unit:
    unit = _managed_unit(actor)
    if not unit_manages_expert(unit.pk, profile.user, profile):
        raise ValidationError(_("This expert is not in your unit."))
    return unit


@transaction.atomic
def credential_add(
    *,
    actor: User,
    profile: ExpertProfile,
    kind: str,
    number: str,
    issuer: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    to_confirm: bool = False,
    request: HttpRequest | None = None,
) -> Credential:
    """Record a licence or certificate of an expert (HEAD or UNIT_ADMIN of the expert's unit).

    ``valid_until=None`` is a credential without expiry. The number is encrypted and stays out of the
    audit event (its field name only). ``to_confirm``: what an applicant typed (open recruitment),
    not yet checked against the document (``credential_confirm``).
    """
    unit = _check_profile(actor, profile)
    if kind not in CredentialKind.values:
        raise ValidationError(_("Choose a credential type from the list."))
    number = _one_line(number, limit=MAX_NUMBER, message=_("The number is too long (at most 100 characters)."))
    if not number:
        raise ValidationError(_("Enter the credential's number."))
    issuer = _one_line(issuer, limit=MAX_ISSUER, message=_("The issuer is too long (at most 200 characters)."))
    if not issuer:
        raise ValidationError(_("Enter who issued the credential."))
    latest_start = unit_today(unit) + dt.timedelta(days=MAX_DAYS_AHEAD)
    if not EARLIEST_DATE <= valid_from <= latest_start:
        raise ValidationError(_("The start of validity must be after 1950 and at most a year from today."))
    if valid_until is not None and not valid_from <= valid_until <= LATEST_DATE:
        raise ValidationError(_("The end of validity must be on or after its start (and before 2101)."))
    credential = Credential(
        profile=profile,
        kind=kind,
        number=number,
        issuer=issuer,
        valid_from=valid_from,
        valid_until=valid_until,
        to_confirm=bool(to_confirm),
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    credential.full_clean()
    credential.save()
    credential_reminders_renewed(renewal=credential)
    audit_created(actor=actor, unit=unit, obj=credential, request=request)
    return credential


@transaction.atomic
def credential_end(
    *, actor: User, credential: Credential, reason: str, request: HttpRequest | None = None
) -> Credential:
    """Withdraw a credential (renewed, revoked, recorded by mistake…): it is ended, never deleted."""
    locked = Credential.objects.select_for_update().select_related("profile").get(pk=credential.pk)
    unit = _check_profile(actor, locked.profile)
    if reason not in CredentialEndReason.values:
        raise ValidationError(_("Choose why the credential ends."))
    if locked.ended_at is not None:
        raise ValidationError(_("This credential has already been ended."))
    locked.ended_at, locked.ended_by, locked.end_reason = timezone.now(), actor, reason
    locked.save(update_fields=["ended_at", "ended_by", "end_reason"])
    credential_reminders_close(credential=locked, renewed=reason == CredentialEndReason.RENEWED)
    audit_record(
        actor=actor,
        unit=unit,
        action=AuditAction.UPDATE,
        obj=locked,
        changed_fields=["ended_at", "ended_by", "end_reason"],
        new={"ended_at": locked.ended_at, "ended_by": actor.pk, "end_reason": reason},
        request=request,
    )
    return locked


@transaction.atomic
def credential_confirm(*, actor: User, credential: Credential, request: HttpRequest | None = None) -> Credential:
    """The HEAD or UNIT_ADMIN checked the document of a credential an applicant typed: it now counts."""
    locked = Credential.objects.select_for_update().select_related("profile").get(pk=credential.pk)
    unit = _check_profile(actor, locked.profile)
    if not locked.to_confirm:
        raise ValidationError(_("This credential is already confirmed."))
    locked.to_confirm = False
    locked.save(update_fields=["to_confirm"])
    audit_record(
        actor=actor,
        unit=unit,
        action=AuditAction.UPDATE,
        obj=locked,
        changed_fields=["to_confirm"],
        old={"to_confirm": True},
        new={"to_confirm": False},
        request=request,
    )
    return locked
