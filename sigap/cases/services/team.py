"""Writes of the case team (HEAD assigns the case manager and experts) and break-glass access."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.kinds import BREAK_GLASS_REVIEW, TEAM_ASSIGNMENT
from sigap.cases.models import BreakGlassGrant, Case, CaseState, CaseTeamMember, TeamRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import is_head_of, only_by_break_glass
from sigap.cases.services.handoffs import first_contact_hand, team_joined_hand, team_left
from sigap.experts.licensing import unit_today
from sigap.experts.selectors import expert_licensed
from sigap.work.models import WorkItem
from sigap.work.services import work_item_cancel, work_item_done, work_item_open, work_item_reassign
from sigap.work.workdays import add_working_days

# Which unit roles may fill which team role (Probolinggo: the head may be the case manager).
ELIGIBLE_ROLES: dict[str, tuple[str, ...]] = {
    TeamRole.CASE_MANAGER: (Role.CASE_MANAGER, Role.HEAD),
    TeamRole.EXPERT: (Role.EXPERT,),
    TeamRole.HEAD: (Role.HEAD,),
}
BREAK_GLASS_HOURS = 8
MIN_BREAK_GLASS_REASON = 20
# The unit's auditor reviews an emergency access within three working days.
BREAK_GLASS_REVIEW_WORKING_DAYS = 3
MIN_NOT_JUSTIFIED_NOTE = 10
TEAM_ASSIGNMENT_WORKING_DAYS = 1


def _audit_team(
    *,
    actor: User,
    case: Case,
    member: CaseTeamMember,
    active: bool,
    request: HttpRequest | None,
    licensed: bool | None = None,
) -> None:
    team: dict[str, Any] = {
        "user": member.user_id,
        "team_role": member.team_role,
        "active": active,
        # A change made while the actor's access is an emergency grant is flagged for review.
        "via_break_glass": only_by_break_glass(actor, case),
    }
    if member.team_role == TeamRole.EXPERT and active:
        # The HEAD may assign an expert without a valid licence; the trail keeps that it was so.
        team["licensed"] = licensed
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.ASSIGN,
        obj=case,
        changed_fields=["team"],
        new={"team": team},
        request=request,
    )


def _first_head(case: Case) -> User | None:
    membership = (
        Membership.objects.select_related("user")
        .filter(unit_id=case.unit_id, role=Role.HEAD, is_active=True, user__is_active=True)
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


def case_manager_missing_open(*, case: Case, now: datetime) -> None:
    """Tell the HEAD that ``case`` has no case manager: a work item due in one working day.

    Call inside the transaction that leaves the case without one. The item goes to the unit's first
    active HEAD; a missed item is escalated to every HEAD. Without any HEAD nothing is opened (the
    unit admin must name one). An item already open for the case is kept.
    """
    head = _first_head(case)
    if head is None:
        return
    work_item_open(
        unit=case.unit,
        kind=TEAM_ASSIGNMENT,
        target=case,
        due_at=add_working_days(now, TEAM_ASSIGNMENT_WORKING_DAYS, unit=case.unit),
        responsible=head,
        title_key=case.number,
    )


def case_manager_missing_close(*, case: Case, by: User, cancelled: bool = False) -> None:
    """Close the "assign the case team" item: done (a manager came) or cancelled (the case closed)."""
    close = work_item_cancel if cancelled else work_item_done
    close(target=case, kind=TEAM_ASSIGNMENT, by=by)


def _end(*, actor: User, case: Case, member: CaseTeamMember, request: HttpRequest | None) -> None:
    member.is_active, member.ended_at, member.ended_by = False, timezone.now(), actor
    member.save(update_fields=["is_active", "ended_at", "ended_by"])
    _audit_team(actor=actor, case=case, member=member, active=False, request=request)
    # Off the team (removed, or replaced as case manager): nothing is left for them to read.
    team_left(member=member, by=actor)


def _why_not_eligible(user: User, case: Case, team_role: str) -> str:
    """Say which unit role the team role needs and which one the person has ("Putri is an expert")."""
    labels = [str(Role(role).label) for role in ELIGIBLE_ROLES[team_role]]
    roles = (
        labels[0]
        if len(labels) == 1
        else _("%(some)s or %(last)s") % {"some": ", ".join(labels[:-1]), "last": labels[-1]}
    )
    membership = Membership.objects.filter(user=user, unit=case.unit, is_active=True, user__is_active=True).first()
    if membership is None:
        return _("%(name)s is not an active member of the unit and cannot join the team.") % {"name": user}
    return _("The team's %(team_role)s must have the role %(roles)s; %(name)s has the role %(role)s.") % {
        "team_role": str(TeamRole(team_role).label).lower(),
        "roles": roles,
        "name": user,
        "role": membership.get_role_display(),
    }


@transaction.atomic
def case_team_assign(
    *, actor: User, case: Case, user: User, team_role: str, request: HttpRequest | None = None
) -> CaseTeamMember:
    """Put ``user`` on the team (HEAD only). A new case manager replaces the current one."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not is_head_of(actor, locked):
        raise TransitionRefused(_("Only the head of the unit can assign the team."))
    if team_role not in TeamRole.values:
        raise TransitionRefused(_("Choose a team role."))
    if not locked.is_open:
        raise TransitionRefused(_("A closed case has no team changes; reopen it first."))
    eligible = Membership.objects.filter(
        user=user, unit=locked.unit, is_active=True, role__in=ELIGIBLE_ROLES[team_role], user__is_active=True
    ).exists()
    if not eligible:
        raise TransitionRefused(_why_not_eligible(user, locked, team_role))
    current = CaseTeamMember.objects.select_for_update().filter(case=locked, is_active=True)
    if user.pk == actor.pk and only_by_break_glass(actor, locked):
        # Joining the team would turn an 8-hour emergency access into a permanent one (finding 9).
        raise TransitionRefused(
            _("You opened this restricted case by emergency access: you cannot add yourself to its team.")
        )
    if current.filter(user=user).exists():
        raise TransitionRefused(_("This person is already on the team."))
    if team_role == TeamRole.CASE_MANAGER:
        for old in current.filter(team_role=TeamRole.CASE_MANAGER):
            _end(actor=actor, case=locked, member=old, request=request)
    return team_member_add(actor=actor, case=locked, user=user, team_role=team_role, request=request)


def team_member_add(
    *, actor: User, case: Case, user: User, team_role: str, request: HttpRequest | None
) -> CaseTeamMember:
    """Put ``user`` on the team of the locked ``case``: the member, its audit event and its hand-offs.

    No checks: the caller made them (``case_team_assign``; ``case_open`` for the HEAD who opens a
    restricted case, which would otherwise look like an emergency access of hers, D21).
    """
    member = CaseTeamMember.objects.create(
        case=case, user=user, team_role=team_role, assigned_at=timezone.now(), assigned_by=actor
    )
    licensed = expert_licensed(user, unit_today(case.unit)) if team_role == TeamRole.EXPERT else None
    _audit_team(actor=actor, case=case, member=member, active=True, request=request, licensed=licensed)
    now = timezone.now()
    team_joined_hand(case=case, member=member, actor=actor, now=now)
    if team_role == TeamRole.CASE_MANAGER:
        case_manager_missing_close(case=case, by=actor)
        if case.state == CaseState.KASUS_DIBUKA:
            first_contact_hand(case=case, manager=user, actor=actor, now=now)
    return member


@transaction.atomic
def case_team_end(*, actor: User, case: Case, member_id: int, request: HttpRequest | None = None) -> CaseTeamMember:
    """Take someone off the team (HEAD only); they lose access to the case on their next request."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not is_head_of(actor, locked):
        raise TransitionRefused(_("Only the head of the unit can change the team."))
    member = CaseTeamMember.objects.select_for_update().filter(case=locked, pk=member_id, is_active=True).first()
    if member is None:
        raise TransitionRefused(_("This person is not on the team."))
    if locked.restricted and member.user_id == actor.pk:
        # Off the team of a restricted case, the HEAD could reach it only by emergency access, and from
        # there could neither come back nor lift the restriction (issue #19): she would lock herself out.
        raise TransitionRefused(
            _(
                "This case is restricted: off its team you could open it only by emergency access. "
                "Lift the restriction first, then leave the team."
            )
        )
    _end(actor=actor, case=locked, member=member, request=request)
    if member.team_role == TeamRole.CASE_MANAGER and locked.is_open:
        # The case has no case manager any more: the HEAD is told again.
        case_manager_missing_open(case=locked, now=timezone.now())
    return member


@transaction.atomic
def case_expert_preference_set(*, actor: User, case: Case, preferred: bool, request: HttpRequest | None = None) -> Case:
    """Record whether the victim prefers an expert of the same sex (HEAD only); it ranks the suggestions.

    Nothing changed: no event.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not is_head_of(actor, locked):
        raise TransitionRefused(_("Only the head of the unit can assign the team."))
    if not locked.is_open:
        raise TransitionRefused(_("A closed case has no team changes; reopen it first."))
    preferred = bool(preferred)
    if locked.same_sex_expert_preferred == preferred:
        return locked
    old = locked.same_sex_expert_preferred
    locked.same_sex_expert_preferred = preferred
    locked.save(update_fields=["same_sex_expert_preferred", "updated_at"])
    # An internal flag (classification.py): its values may go into the trail.
    audit_record(
        actor=actor,
        unit=locked.unit,
        action=AuditAction.UPDATE,
        obj=locked,
        changed_fields=["same_sex_expert_preferred"],
        old={"same_sex_expert_preferred": old},
        new={"same_sex_expert_preferred": preferred},
        request=request,
    )
    return locked


@transaction.atomic
def break_glass_open(*, actor: User, case: Case, reason: str, request: HttpRequest | None = None) -> BreakGlassGrant:
    """A HEAD opens a restricted case of their unit with a written reason, for a few hours.

    Recorded as a BREAK_GLASS audit event with the grant's id (the reason is read from the grant, where
    it is encrypted), which the audit side lists for review.
    """
    reason = " ".join((reason or "").split())
    if not is_head_of(actor, case):
        raise TransitionRefused(_("Only the head of the unit can use emergency access."))
    if not case.restricted:
        raise TransitionRefused(_("This case is not restricted: no emergency access is needed."))
    if len(reason) < MIN_BREAK_GLASS_REASON:
        raise TransitionRefused(_("Explain in at least 20 characters why you need to open this case."))
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        case=case, user=actor, reason=reason[:1000], granted_at=now, expires_at=now + timedelta(hours=BREAK_GLASS_HOURS)
    )
    # Only the grant id: the reason stays encrypted on the grant, never in the append-only trail (finding 10).
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.BREAK_GLASS,
        obj=case,
        new={"grant": grant.pk, "hours": BREAK_GLASS_HOURS},
        request=request,
    )
    auditor = _unit_auditor(case.unit)
    if auditor is not None:
        _review_item_open(grant, auditor=auditor, now=now)
    return grant


def _review_item_open(grant: BreakGlassGrant, *, auditor: User, now: datetime) -> None:
    work_item_open(
        unit=grant.case.unit,
        kind=BREAK_GLASS_REVIEW,
        target=grant,
        due_at=add_working_days(now, BREAK_GLASS_REVIEW_WORKING_DAYS, unit=grant.case.unit),
        responsible=auditor,
        title_key=grant.case.number,
    )


def _unit_auditor(unit: Unit) -> User | None:
    """The auditor who reviews the unit's emergency accesses (the longest-serving active one).

    A unit without an auditor still lists its grants on the review page; when it appoints one, the
    grants waiting for review become that auditor's work (``break_glass_reviews_assign``).
    """
    membership = (
        Membership.objects.filter(unit=unit, role=Role.AUDITOR, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


def break_glass_reviews_assign(unit: Unit) -> None:
    """Every emergency access of ``unit`` still waiting for review is the work of a current auditor.

    Called (``MEMBERSHIP_CHANGE_HOOKS``) whenever roles in the unit change: an auditor appointed
    after the access takes it over; when the responsible auditor leaves or changes role, the next
    one does. An access already in the current auditor's work is left alone, late or not.
    """
    auditor = _unit_auditor(unit)
    if auditor is None:
        return
    waiting = list(
        BreakGlassGrant.objects.filter(case__unit=unit, reviewed_at__isnull=True).select_related("case", "case__unit")
    )
    if not waiting:
        return
    latest: dict[str, WorkItem] = {}
    for item in WorkItem.objects.filter(
        unit=unit,
        kind=BREAK_GLASS_REVIEW,
        object_id__in=[str(grant.pk) for grant in waiting],
        state__in=[WorkItem.State.OPEN, WorkItem.State.MISSED],
    ).order_by("created_at", "pk"):
        latest[item.object_id] = item  # ordered by creation: the last one per grant stays
    now = timezone.now()
    for grant in waiting:
        current = latest.get(str(grant.pk))
        if current is not None and current.responsible_id == auditor.pk:
            continue
        if current is not None and current.state == WorkItem.State.OPEN:
            work_item_reassign(target=grant, kind=BREAK_GLASS_REVIEW, responsible=auditor)
        else:
            _review_item_open(grant, auditor=auditor, now=now)


def review_note_missing(outcome: str, note: str) -> bool:
    """A "not justified" verdict needs a note of at least ``MIN_NOT_JUSTIFIED_NOTE`` characters."""
    return (
        outcome == BreakGlassGrant.ReviewOutcome.NOT_JUSTIFIED and len(" ".join(note.split())) < MIN_NOT_JUSTIFIED_NOTE
    )


@transaction.atomic
def break_glass_review(
    *,
    actor: User,
    grant: BreakGlassGrant,
    outcome: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> BreakGlassGrant:
    """The unit's AUDITOR records whether an emergency access was justified (a note says why not).

    Written once: a second review is refused. The audit event holds the outcome, never the note
    (encrypted on the grant, like the reason). The auditor's work item for the grant is closed.
    """
    note = (note or "").strip()
    membership = actor.membership
    if membership is None or membership.role != Role.AUDITOR or membership.unit_id != grant.case.unit_id:
        raise TransitionRefused(_("Only the unit's auditor can review an emergency access."))
    locked = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.reviewed_at is not None:
        raise TransitionRefused(_("This emergency access has already been reviewed."))
    if outcome not in BreakGlassGrant.ReviewOutcome.values:
        raise TransitionRefused(_("Choose whether the access was justified."))
    if review_note_missing(outcome, note):
        raise TransitionRefused(_("Explain in at least 10 characters why the access was not justified."))
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = actor
    locked.review_outcome = outcome
    locked.review_note = note[:2000]
    locked.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_note"])
    audit_record(
        actor=actor,
        unit=grant.case.unit,
        action=AuditAction.UPDATE,
        obj=locked,
        changed_fields=["reviewed_at", "review_outcome", "review_note"],
        new={"review_outcome": outcome},
        request=request,
    )
    work_item_done(target=locked, kind=BREAK_GLASS_REVIEW, by=actor)
    return locked
