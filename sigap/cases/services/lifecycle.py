"""Writes of the case file: opening a case (with its number) and every state transition.

Each function is keyword-only, runs under ``transaction.atomic``, locks the case row, checks who
acts and the transition's guards (``sigap.cases.rules.guards``), saves with ``update_fields``, keeps the
state history and records its audit event in the same transaction. Refusals raise
:class:`~sigap.cases.rules.guards.TransitionRefused` (a ``ValidationError``) with a message for the user.
Closure and reopen: ``services_closure``; team: ``services_team``; persons and notes:
``services_people``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Unpack

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import ChangeEvent, audit_changes, audit_record
from sigap.cases import codes
from sigap.cases.classification import safe_fields
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember, TeamRole
from sigap.cases.rules import guards
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage, is_head_of, only_by_break_glass, team_role_of
from sigap.cases.services.carry import CarriedPerson, case_persons_carry
from sigap.cases.services.handoffs import first_contact_hand, first_contact_made, team_joined_hand
from sigap.cases.services.state_hooks import state_changed
from sigap.cases.services.team import case_manager_missing_open, case_team_assign, team_member_add
from sigap.core import sequences
from sigap.core.choices import CaseCategory, ContactCalls, RiskLevel
from sigap.core.sequences import sequence_next

logger = logging.getLogger("sigap.cases")

CASE_SAFE_FIELDS = safe_fields("Case")
MAX_SUMMARY_LENGTH = 5000
MAX_CONTACT_RULE_LENGTH = 2000


# --- helpers ---------------------------------------------------------------------------------


def locked_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def audit_case_change(*, case: Case, **event: Unpack[ChangeEvent]) -> None:
    """One audit event on the case: names of the changed fields, values of the safe ones only."""
    audit_changes(obj=case, unit=case.unit, safe_fields=CASE_SAFE_FIELDS, **event)


def history_add(
    *, case: Case, from_state: str, to_state: str, actor: User, reason: str = "", note: str = "", at: datetime
) -> None:
    CaseStateChange.objects.create(
        case=case, from_state=from_state, to_state=to_state, reason=reason, note=note, changed_at=at, changed_by=actor
    )


MAX_STEP_NOTE_LENGTH = 5000


def step_note_clean(note: str) -> str:
    """The reason in words of a step back (required): a refusal that says what is missing."""
    note = (note or "").strip()
    if not note:
        raise refusal(_("Write why you take this step."))
    if len(note) > MAX_STEP_NOTE_LENGTH:
        raise refusal(_("The reason is too long (at most 5000 characters)."))
    return note


def refusal(message: str) -> TransitionRefused:
    return TransitionRefused(message)


def _move(
    *,
    actor: User,
    case: Case,
    transition: str,
    from_states: frozenset[str] | set[str],
    to_state: str,
    request: HttpRequest | None,
    reason: str = "",
    note: str = "",
) -> Case:
    """The common shape of a transition done by the HEAD or the case manager."""
    locked = locked_case(case)
    if not can_manage(actor, locked):
        raise refusal(_("Only the head of the unit or the case manager can do this."))
    if locked.state not in from_states:
        raise refusal(
            _("This step is not possible while the case is in the state “%(state)s”.")
            % {"state": locked.get_state_display()}
        )
    guards.check_guards(transition, locked)
    old_state, now = locked.state, timezone.now()
    locked.state = to_state
    locked.save(update_fields=["state", "updated_at"])
    history_add(case=locked, from_state=old_state, to_state=to_state, actor=actor, reason=reason, note=note, at=now)
    audit_case_change(
        actor=actor, case=locked, action=AuditAction.UPDATE, changed={"state": (old_state, to_state)}, request=request
    )
    state_changed(actor=actor, case=locked, old_state=old_state, new_state=to_state)
    return locked


# --- opening ---------------------------------------------------------------------------------


def case_number_issue(*, unit: Unit, year: int) -> tuple[int, str]:
    """The next ``(sequence, number)`` of ``unit`` in ``year``; call inside the opening transaction.

    Concurrent openings of one unit queue on the counter row (``sequence_next``), so two cases never
    get one number; a committed number is never issued again (cases are never deleted).
    """
    sequence = sequence_next(unit=unit, series=sequences.CASE, year=year)
    return sequence, f"{unit.case_number_prefix}/{year}/{sequence:04d}"


def _check_category(category: str, subtype: str) -> None:
    if category not in CaseCategory.values:
        raise TransitionRefused(_("Choose a case category."))
    if category == CaseCategory.AMPK:
        if not codes.is_code(codes.CASE_CATEGORY, subtype, parent="AMPK"):
            raise TransitionRefused(_("Choose the AMPK sub-type."))
    elif subtype:
        raise TransitionRefused(_("Only an AMPK case has a sub-type."))


OPENING_ROLES = frozenset({Role.HEAD, Role.CASE_MANAGER})


@transaction.atomic
def case_open(
    *,
    actor: User,
    category: str,
    risk_level: str,
    category_subtype: str = "",
    complaint_ref: str = "",
    restricted: bool = False,
    case_manager: User | None = None,
    contact_calls: str = "",
    contact_rule: str = "",
    persons: Sequence[CarriedPerson] = (),
    request: HttpRequest | None = None,
) -> Case:
    """Open a case in the actor's unit, with the next number, in state KASUS_DIBUKA.

    - Who: a HEAD or a CASE_MANAGER; an INTAKE officer only with a ``complaint_ref`` (a triaged
      complaint becomes a case).
    - ``complaint_ref``: the complaint's id or number (optional: a case may be opened directly).
    - A CASE_MANAGER who opens a case without naming a manager becomes its case manager (otherwise
      they could not see the case they just opened). ``case_manager`` must be a CASE_MANAGER or the
      HEAD of the unit.
    - Only a HEAD may open a case as ``restricted``; unless she is its case manager she joins its team as
      ``TeamRole.HEAD`` in the same transaction (its own audit event, D21).
    - ``contact_calls``/``contact_rule``: the complaint's safe-contact rule; ``persons``: the
      complaint's people, created or linked in the same transaction (``services.carry``).
    """
    membership = actor.membership
    if membership is None:
        raise TransitionRefused(_("You have no active role in a unit."))
    allowed = membership.role in OPENING_ROLES or (membership.role == Role.INTAKE and bool(complaint_ref))
    if not allowed:
        raise TransitionRefused(_("Your role cannot open a case."))
    if restricted and membership.role != Role.HEAD:
        raise TransitionRefused(_("Only the head of the unit can open a restricted case."))
    if risk_level not in RiskLevel.values:
        raise TransitionRefused(_("Choose a risk level."))
    _check_category(category, category_subtype)
    if contact_calls and contact_calls not in ContactCalls.values:
        raise TransitionRefused(_("Choose whether the family may be phoned."))
    complaint_ref = (complaint_ref or "").strip()[:64]
    unit = membership.unit
    if case_manager is None and membership.role == Role.CASE_MANAGER:
        case_manager = actor
    if case_manager is not None:
        _check_manager_candidate(unit=unit, user=case_manager)
    now = timezone.now()
    year = timezone.localtime(now, unit.zone).year
    sequence, number = case_number_issue(unit=unit, year=year)
    case = Case(
        unit=unit,
        number=number,
        year=year,
        sequence=sequence,
        state=CaseState.KASUS_DIBUKA,
        category=category,
        category_subtype=category_subtype,
        risk_level=risk_level,
        restricted=restricted,
        complaint_ref=complaint_ref,
        contact_calls=contact_calls,
        contact_rule=(contact_rule or "").strip()[:MAX_CONTACT_RULE_LENGTH],
        opened_at=now,
        opened_by=actor,
    )
    case.full_clean()
    case.save(force_insert=True)
    history_add(case=case, from_state="", to_state=CaseState.KASUS_DIBUKA, actor=actor, at=now)
    created = {
        name: (None, getattr(case, name))
        for name in ("number", "state", "category", "risk_level", "restricted", "complaint_ref", "contact_calls")
    }
    if case.contact_rule:
        created["contact_rule"] = (None, case.contact_rule)  # SPECIFIC: the audit keeps only that it changed
    if category_subtype:
        created["category_subtype"] = (None, category_subtype)
    audit_case_change(actor=actor, case=case, action=AuditAction.CREATE, changed=created, request=request)
    if case_manager is not None:
        member = CaseTeamMember.objects.create(
            case=case, user=case_manager, team_role=TeamRole.CASE_MANAGER, assigned_at=now, assigned_by=actor
        )
        audit_record(
            actor=actor,
            unit=unit,
            action=AuditAction.ASSIGN,
            obj=case,
            changed_fields=["team"],
            new={"team": {"user": member.user_id, "team_role": member.team_role, "active": True}},
            request=request,
        )
        team_joined_hand(case=case, member=member, actor=actor, now=now)
        first_contact_hand(case=case, manager=case_manager, actor=actor, now=now)
    else:
        # Opened from a complaint by the intake officer (or by a HEAD naming nobody): nobody works
        # on the case until the HEAD assigns its team, so the HEAD gets a work item for it.
        case_manager_missing_open(case=case, now=now)
    if restricted and (case_manager is None or case_manager.pk != actor.pk):
        # A restricted case is seen by its team only (D21): the HEAD who restricts it joins its team, as
        # case_set_restricted(join_team=True) does, or she could reach it by emergency access alone.
        team_member_add(actor=actor, case=case, user=actor, team_role=TeamRole.HEAD, request=request)
    if persons:
        case_persons_carry(actor=actor, case=case, persons=list(persons), request=request)
    logger.info("case opened", extra={"case_id": str(case.pk), "unit_id": unit.pk})
    return case


def _check_manager_candidate(*, unit: Unit, user: User) -> None:
    ok = Membership.objects.filter(
        user=user, unit=unit, is_active=True, role__in=[Role.CASE_MANAGER, Role.HEAD], user__is_active=True
    ).exists()
    if not ok:
        raise TransitionRefused(_("The case manager must be an active case manager (or the head) of the unit."))


@transaction.atomic
def case_update_classification(
    *,
    actor: User,
    case: Case,
    category: str,
    risk_level: str,
    category_subtype: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Re-rate the risk or correct the category (assessment re-rates risk, domain.md §B2)."""
    locked = locked_case(case)
    if not can_manage(actor, locked):
        raise refusal(_("Only the head of the unit or the case manager can do this."))
    if not locked.is_open:
        raise refusal(_("A closed case cannot be changed; reopen it first."))
    if risk_level not in RiskLevel.values:
        raise TransitionRefused(_("Choose a risk level."))
    _check_category(category, category_subtype)
    new = {"category": category, "category_subtype": category_subtype, "risk_level": risk_level}
    changed = {k: (getattr(locked, k), v) for k, v in new.items() if getattr(locked, k) != v}
    if not changed:
        return locked
    for name, (_old, value) in changed.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=[*changed, "updated_at"])
    audit_case_change(actor=actor, case=locked, action=AuditAction.UPDATE, changed=changed, request=request)
    return locked


@transaction.atomic
def case_set_restricted(
    *, actor: User, case: Case, restricted: bool, join_team: bool = False, request: HttpRequest | None = None
) -> Case:
    """The HEAD marks a case restricted (team only) or lifts the restriction.

    A HEAD not on the team would then reach the case only by emergency access, and could not lift the
    restriction (issue #19): she is refused, unless ``join_team``, which first puts her on the team as
    ``TeamRole.HEAD`` (its own audit event), in this transaction.
    """
    locked = locked_case(case)
    if not is_head_of(actor, locked):
        raise refusal(_("Only the head of the unit can restrict a case."))
    if locked.restricted == restricted:
        return locked
    if restricted and team_role_of(actor, locked) is None:
        if not join_team:
            raise refusal(
                _(
                    "You are not on this case's team: once it is restricted you could open it only by "
                    "emergency access, and you could not lift the restriction. Tick “Add me to the case team” "
                    "to join it as head of unit, then save again."
                )
            )
        case_team_assign(actor=actor, case=locked, user=actor, team_role=TeamRole.HEAD, request=request)
    if not restricted and only_by_break_glass(actor, locked):
        # Lifting the restriction would make an emergency access permanent (review finding 9).
        raise refusal(
            _("You opened this case by emergency access: only a member of its team can lift the restriction.")
        )
    old = locked.restricted
    locked.restricted = restricted
    locked.save(update_fields=["restricted", "updated_at"])
    audit_case_change(
        actor=actor, case=locked, action=AuditAction.UPDATE, changed={"restricted": (old, restricted)}, request=request
    )
    return locked


# --- the state machine -----------------------------------------------------------------------


def case_start_assessment(*, actor: User, case: Case, request: HttpRequest | None = None) -> Case:
    """KASUS_DIBUKA → ASESMEN, and the first assessment record is started with it (one step for the user:
    "Mulai asesmen" on the case page, not once more on the assessment page). Guards: a case manager and a
    victim are recorded (+ plug-ins)."""
    # Imported here: the assessment services build on this module (classification changes).
    from sigap.cases.services.assessment import assessment_start, latest_assessment

    with transaction.atomic():
        moved = _move(
            actor=actor,
            case=case,
            transition=guards.START_ASSESSMENT,
            from_states={CaseState.KASUS_DIBUKA},
            to_state=CaseState.ASESMEN,
            request=request,
        )
        latest = latest_assessment(moved)
        if latest is None or latest.is_completed:
            assessment_start(actor=actor, case=moved, request=request)
        # The assessment starts with the first meeting: the 24-hour first-contact clock is met.
        first_contact_made(case=moved, by=actor)
        return moved


def case_start_planning(*, actor: User, case: Case, request: HttpRequest | None = None) -> Case:
    """ASESMEN → RENCANA_INTERVENSI (plug-in: the assessment is complete)."""
    with transaction.atomic():
        return _move(
            actor=actor,
            case=case,
            transition=guards.START_PLANNING,
            from_states={CaseState.ASESMEN},
            to_state=CaseState.RENCANA_INTERVENSI,
            request=request,
        )


def case_start_intervention(*, actor: User, case: Case, request: HttpRequest | None = None) -> Case:
    """RENCANA_INTERVENSI → INTERVENSI (plug-in: the plan is approved by the HEAD)."""
    with transaction.atomic():
        return _move(
            actor=actor,
            case=case,
            transition=guards.START_INTERVENTION,
            from_states={CaseState.RENCANA_INTERVENSI},
            to_state=CaseState.INTERVENSI,
            request=request,
        )


def case_start_monitoring(*, actor: User, case: Case, request: HttpRequest | None = None) -> Case:
    """INTERVENSI → PEMANTAUAN."""
    with transaction.atomic():
        return _move(
            actor=actor,
            case=case,
            transition=guards.START_MONITORING,
            from_states={CaseState.INTERVENSI},
            to_state=CaseState.PEMANTAUAN,
            request=request,
        )


REVISE_TARGETS = frozenset({CaseState.ASESMEN, CaseState.RENCANA_INTERVENSI})


def case_revise(*, actor: User, case: Case, to_state: str, note: str, request: HttpRequest | None = None) -> Case:
    """PEMANTAUAN → ASESMEN or RENCANA_INTERVENSI: the needs changed (domain.md §B2).

    A step back, not a plain next step: ``note`` (why, in words) is required and kept in the history.
    """
    if to_state not in REVISE_TARGETS:
        raise refusal(_("A case under monitoring can only go back to assessment or to the plan."))
    note = step_note_clean(note)
    with transaction.atomic():
        return _move(
            actor=actor,
            case=case,
            transition=guards.REVISE,
            from_states={CaseState.PEMANTAUAN},
            to_state=to_state,
            request=request,
            note=note,
        )


@transaction.atomic
def case_contact_rule_set(
    *, actor: User, case: Case, contact_calls: str, contact_rule: str, request: HttpRequest | None = None
) -> Case:
    """The HEAD or the case manager keeps the safe-contact rule up to date (the family's situation changes)."""
    case = locked_case(case)
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can change how to contact safely."))
    if contact_calls not in ContactCalls.values:
        raise TransitionRefused(_("Choose whether the family may be phoned."))
    rule = (contact_rule or "").strip()
    if len(rule) > MAX_CONTACT_RULE_LENGTH:
        raise TransitionRefused(_("The rule is too long (at most 2000 characters)."))
    changed: dict[str, tuple[Any, Any]] = {}
    if case.contact_calls != contact_calls:
        changed["contact_calls"] = (case.contact_calls, contact_calls)
    if case.contact_rule != rule:
        changed["contact_rule"] = (case.contact_rule, rule)
    if not changed:
        return case
    case.contact_calls, case.contact_rule = contact_calls, rule
    case.save(update_fields=[*changed, "updated_at"])
    audit_case_change(actor=actor, case=case, action=AuditAction.UPDATE, changed=changed, request=request)
    return case
