"""Reads of the experts app, always scoped to the asking user's unit.

Who sees what (ARCHITECTURE §3):

- HEAD and UNIT_ADMIN: every expert of their unit (an active EXPERT membership there, or a profile of the
  unit) and manage their profiles and credentials;
- EXPERT: their own profile, read-only; anyone else's answers 404;
- every other role: nothing (their views answer 403 before reaching here).

``get_expert_for_user`` answers 404 for anything outside that scope, the same as for an unknown id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Membership, Role, User
from sigap.experts.licensing import (
    TPKS_TRAINING,
    annotate_licence,
    is_licensed,
    is_valid_on,
    unit_today,
    valid_credentials,
)
from sigap.experts.models import Credential, ExpertProfile

MANAGE_ROLES = (Role.HEAD, Role.UNIT_ADMIN)
# A credential expiring within this many days is flagged (domain.md §E5: alert 60 days before expiry ⚠).
EXPIRY_WARNING_DAYS = 60
# The largest id the database holds; a larger one from a URL cannot exist (and overflows SQLite).
MAX_ID = 2**63 - 1


# --- annotations shared with the team page ---------------------------------------------------------


# The open caseload of an expert comes from the case file, a floor above: the cases app registers its
# annotation here from ``CasesConfig.ready()`` (``caseload_register``). Without it every caseload is 0.
CaseloadAnnotation = Callable[[int], Any]
_CASELOAD: dict[str, CaseloadAnnotation] = {}


def caseload_register(annotation: CaseloadAnnotation) -> None:
    """``annotation(unit_id)``: per outer user, the number of that unit's open cases they work on."""
    _CASELOAD["open"] = annotation


def open_caseload(unit_id: int) -> Any:
    """Per outer user: the open cases of ``unit_id`` on whose team they are active (the registered
    annotation; see ``sigap.cases.selectors.team.open_caseload``)."""
    annotation = _CASELOAD.get("open")
    return annotation(unit_id) if annotation is not None else Value(0, output_field=IntegerField())


def _active_expert_of(unit_id: int) -> Exists:
    return Exists(Membership.objects.filter(user=OuterRef("pk"), unit_id=unit_id, role=Role.EXPERT, is_active=True))


def annotate_experts(users: QuerySet[User], *, day: dt.date, unit_id: int) -> QuerySet[User]:
    """``users`` with what the pages show of an expert, in the same query (no query per expert):

    ``has_profile``, ``profession``, ``expert_sex``, ``available`` (True without a profile: nothing says
    otherwise), the ``cred_<kind>`` flags and ``licensed`` (:mod:`sigap.experts.licensing`),
    ``earliest_expiry`` (of the credentials valid on ``day``) and ``caseload`` (in ``unit_id``).
    """
    expiry = (
        valid_credentials(day)
        .filter(profile__user_id=OuterRef("pk"), valid_until__isnull=False)
        .order_by("valid_until")
        .values("valid_until")[:1]
    )
    annotated = users.annotate(
        has_profile=Exists(ExpertProfile.objects.filter(user_id=OuterRef("pk"))),
        profession=Coalesce(F("expert_profile__profession"), Value("")),
        expert_sex=Coalesce(F("expert_profile__sex"), Value("")),
        available=Coalesce(F("expert_profile__available"), Value(True), output_field=BooleanField()),
        earliest_expiry=Subquery(expiry, output_field=DateField()),
        caseload=open_caseload(unit_id),
    )
    return annotate_licence(annotated, day)


# --- the list -------------------------------------------------------------------------------------


def unit_experts(unit_id: int) -> QuerySet[User]:
    """Experts of a unit: an active EXPERT membership there, or a profile of the unit (a former expert)."""
    return User.objects.filter(Q(_active_expert_of(unit_id)) | Q(expert_profile__unit_id=unit_id))


def expert_list(viewer: User, *, expiring: bool = False) -> QuerySet[User]:
    """The unit's experts for HEAD and UNIT_ADMIN (nobody else), annotated, by name. A fixed query count.

    ``expiring``: only those whose earliest valid credential expires within ``EXPIRY_WARNING_DAYS``
    (what the HEAD's home page counts).
    """
    membership = viewer.membership
    if membership is None or membership.role not in MANAGE_ROLES:
        return User.objects.none()
    day = unit_today(membership.unit)
    experts = unit_experts(membership.unit_id).annotate(is_expert=_active_expert_of(membership.unit_id))
    rows = annotate_experts(experts, day=day, unit_id=membership.unit_id)
    if expiring:
        rows = rows.filter(Q(earliest_expiry__lte=day + dt.timedelta(days=EXPIRY_WARNING_DAYS)))
    return rows.order_by("full_name", "pk")


# --- one expert -----------------------------------------------------------------------------------


def unit_manages_expert(unit_id: int, user: User, profile: ExpertProfile | None) -> bool:
    """Does ``unit_id`` manage this expert's profile and credentials? The unit where they are an active
    expert; for a former expert (no active membership in another unit), the unit of their profile. An expert who
    moved to another unit is managed there only: their old unit reads the profile, never changes it."""
    memberships = Membership.objects.filter(user=user, is_active=True)
    if memberships.filter(unit_id=unit_id, role=Role.EXPERT).exists():
        return True
    return profile is not None and profile.unit_id == unit_id and not memberships.exclude(unit_id=unit_id).exists()


@dataclass(frozen=True)
class ExpertEntry:
    """An expert as one viewer may see them: the profile (None until recorded) and what the viewer may do.

    ``is_expert`` is an active EXPERT membership in the viewer's unit: only then can a profile be recorded.
    """

    user: User
    profile: ExpertProfile | None
    can_manage: bool
    is_expert: bool


def get_expert_for_user(viewer: User, user_id: Any) -> ExpertEntry:
    """The expert ``user_id`` if ``viewer`` may see them (see the module docstring), else ``Http404``."""
    membership = viewer.membership
    if membership is None or not isinstance(user_id, int) or not 0 < user_id <= MAX_ID:
        raise Http404
    if membership.role == Role.EXPERT:
        if user_id != viewer.pk:
            raise Http404
        target: User | None = viewer
    elif membership.role in MANAGE_ROLES:
        target = unit_experts(membership.unit_id).filter(pk=user_id).first()
    else:
        target = None
    if target is None:
        raise Http404
    is_expert = Membership.objects.filter(
        user=target, unit_id=membership.unit_id, role=Role.EXPERT, is_active=True
    ).exists()
    profile = ExpertProfile.objects.filter(user=target).select_related("unit").first()
    can_manage = membership.role in MANAGE_ROLES and unit_manages_expert(membership.unit_id, target, profile)
    return ExpertEntry(user=target, profile=profile, can_manage=can_manage, is_expert=is_expert)


def get_credential_for(entry: ExpertEntry, credential_id: Any) -> Credential:
    """A credential of the expert's profile; anything else (another expert's, unknown) is a 404."""
    if entry.profile is None or not isinstance(credential_id, int) or not 0 < credential_id <= MAX_ID:
        raise Http404
    found = Credential.objects.filter(profile=entry.profile, pk=credential_id).first()
    if found is None:
        raise Http404
    return found


# --- credential states -----------------------------------------------------------------------------


class CredentialState:
    """The state of a credential on a day, as the detail page shows it (code, label, badge colour)."""

    VALID = "VALID"
    EXPIRING = "EXPIRING"
    EXPIRED = "EXPIRED"
    NOT_YET_VALID = "NOT_YET_VALID"
    ENDED = "ENDED"

    LABELS = {
        VALID: _("Valid"),
        EXPIRING: _("Expires within 60 days"),
        EXPIRED: _("Expired"),
        NOT_YET_VALID: _("Not yet valid"),
        ENDED: _("Ended"),
    }
    BADGES = {
        VALID: "success",
        EXPIRING: "warning",
        EXPIRED: "danger",
        NOT_YET_VALID: "secondary",
        ENDED: "secondary",
    }


def credential_state(credential: Credential, day: dt.date) -> str:
    """The state on ``day``; VALID and EXPIRING are the valid ones (``is_valid_on``, as SQL reads it)."""
    if credential.ended_at is not None:
        return CredentialState.ENDED
    until = credential.valid_until
    if not is_valid_on(valid_from=credential.valid_from, valid_until=until, ended=False, day=day):
        return CredentialState.NOT_YET_VALID if credential.valid_from > day else CredentialState.EXPIRED
    if until is not None and (until - day).days <= EXPIRY_WARNING_DAYS:
        return CredentialState.EXPIRING
    return CredentialState.VALID


@dataclass(frozen=True)
class CredentialRow:
    credential: Credential
    state: str

    @property
    def state_label(self) -> str:
        return str(CredentialState.LABELS[self.state])

    @property
    def badge(self) -> str:
        return CredentialState.BADGES[self.state]

    @property
    def is_valid(self) -> bool:
        return self.state in (CredentialState.VALID, CredentialState.EXPIRING)

    @property
    def counts(self) -> bool:
        """Counts toward the licence: valid and confirmed (``licensing.counts_on``)."""
        return self.is_valid and not self.credential.to_confirm


@dataclass(frozen=True)
class ExpertStanding:
    """The detail page's summary: credentials with their state, licensed, TPKS-trained, caseload."""

    rows: list[CredentialRow]
    licensed: bool
    tpks_trained: bool
    caseload: int
    awaiting_confirmation: bool = False


def expert_standing(entry: ExpertEntry, *, unit_id: int) -> ExpertStanding:
    """Credentials of the profile (ended ones too, last), the licence read from the valid ones, and the
    open caseload in the viewer's unit ``unit_id``."""
    caseload = (
        User.objects.filter(pk=entry.user.pk)
        .annotate(caseload=open_caseload(unit_id))
        .values_list("caseload", flat=True)[0]
    )
    if entry.profile is None:
        return ExpertStanding(rows=[], licensed=False, tpks_trained=False, caseload=caseload)
    day = unit_today(entry.profile.unit)
    credentials = Credential.objects.filter(profile=entry.profile).order_by(
        F("ended_at").asc(nulls_first=True), "kind", "-valid_from", "pk"
    )
    rows = [CredentialRow(c, credential_state(c, day)) for c in credentials]
    # The same rule as every other page (walk #13, 1): a credential "to confirm" licenses nobody.
    valid_kinds = {row.credential.kind for row in rows if row.counts}
    return ExpertStanding(
        rows=rows,
        licensed=is_licensed(entry.profile.profession, valid_kinds),
        tpks_trained=TPKS_TRAINING in valid_kinds,
        caseload=caseload,
        awaiting_confirmation=any(row.is_valid and row.credential.to_confirm for row in rows),
    )


def expert_licensed(user: User, day: dt.date) -> bool | None:
    """Is ``user`` licensed on ``day``? None without a profile (2 queries; for the team's audit event)."""
    profile = ExpertProfile.objects.filter(user=user).only("pk", "profession").first()
    if profile is None:
        return None
    kinds = valid_credentials(day).filter(profile=profile).values_list("kind", flat=True)
    return is_licensed(profile.profession, kinds)


def credential_owner_for(viewer: User, credential_id: Any) -> int:
    """The user id of the expert holding ``credential_id``, if ``viewer`` may see that expert; else ``Http404``.

    For the link of a credential's reminder (the work item knows only the credential's id).
    """
    if not isinstance(credential_id, int) or not 0 < credential_id <= MAX_ID:
        raise Http404
    owner = Credential.objects.filter(pk=credential_id).values_list("profile__user_id", flat=True).first()
    if owner is None:
        raise Http404
    return get_expert_for_user(viewer, owner).user.pk
