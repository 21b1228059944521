"""Writes of the intervention plan (domain.md §B2 ``RENCANA_INTERVENSI``) and its guards.

Flow: the HEAD or the case manager drafts a plan *with the victim* (goals, how the victim took part)
and its services → submits it (a HEAD approval work item opens) → the HEAD approves it or returns it
with a comment (the work item closes) → a returned plan is changed and submitted again. A new version
is drafted when the case comes back to planning after monitoring.

Guards: START_INTERVENTION needs the latest plan approved (since the case last entered planning);
REQUEST_CLOSURE needs every service of an approved plan done, or cancelled with a reason; mediation is
refused in a case with a TPKS incident (UU TPKS Pasal 23, domain.md §D2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases import codes
from sigap.cases.kinds import PLAN_APPROVAL
from sigap.cases.models import Case, CaseState, CaseTeamMember
from sigap.cases.models.plan import Plan, PlanItem, PlanItemStatus, PlanState
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.cases.selectors.view import page_rows
from sigap.cases.services.assessment import entered_state_at
from sigap.cases.services.closure import unit_head
from sigap.cases.services.handoffs import plan_resubmitted, plan_returned_hand
from sigap.cases.services.incident import case_has_tpks
from sigap.partners.models import Partner
from sigap.partners.selectors import partner_named
from sigap.work.services import work_decision_tell, work_item_done, work_item_hand
from sigap.work.workdays import add_working_days

SERVICE_TYPE = "service_type"
MEDIATION = "MEDIASI"
PLAN_APPROVAL_WORKING_DAYS = 3
MAX_TEXT = 10000
OPEN_ITEM_TRANSITIONS = {
    PlanItemStatus.PLANNED: {PlanItemStatus.IN_PROGRESS, PlanItemStatus.DONE, PlanItemStatus.CANCELLED},
    PlanItemStatus.IN_PROGRESS: {PlanItemStatus.DONE, PlanItemStatus.CANCELLED},
}

# --- reads and guards -----------------------------------------------------------------------------


def latest_plan(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).order_by("-version").first()


def mediation_refusal() -> str:
    return _("Mediation is not allowed: this case has a sexual-violence crime (UU TPKS Pasal 23).")


def plan_approved_guard(case: Case) -> str | None:
    """START_INTERVENTION: the latest plan is approved (since the case last entered planning), and
    holds no mediation if a TPKS incident was recorded after it was made."""
    rows = page_rows(case)
    plan = rows.plan if rows is not None else latest_plan(case)
    entered = entered_state_at(case, CaseState.RENCANA_INTERVENSI)
    if (
        plan is None
        or plan.state != PlanState.APPROVED
        or (entered is not None and plan.decided_at is not None and plan.decided_at < entered)
    ):
        return _("The head of the unit must approve the intervention plan first.")
    if case_has_tpks(case) and plan.items.filter(service=MEDIATION).exclude(status=PlanItemStatus.CANCELLED).exists():
        return mediation_refusal()
    return None


def unresolved_items(case: Case) -> list[PlanItem]:
    """Services of an approved plan neither done nor cancelled with a reason (decrypts the reasons)."""
    items = PlanItem.objects.filter(plan__case=case, plan__state=PlanState.APPROVED).exclude(status=PlanItemStatus.DONE)
    return [
        item
        for item in items.select_related("plan")
        if not (item.status == PlanItemStatus.CANCELLED and (item.cancel_reason or "").strip())
    ]


def plan_items_resolved_guard(case: Case) -> str | None:
    """REQUEST_CLOSURE: every service of an approved plan is done, or cancelled with a reason."""
    open_items = unresolved_items(case)
    if open_items:
        return _("Finish or cancel (with a reason) every service of the plan first (%(n)d open).") % {
            "n": len(open_items)
        }
    return None


def register_casework_guards() -> None:
    """Plug the casework rules into the case state machine (called from ``CasesConfig.ready``)."""
    from sigap.cases.rules import guards
    from sigap.cases.services.assessment import assessment_completed_guard
    from sigap.cases.services.consent import services_consent_guard

    guards.register_guard(guards.START_ASSESSMENT, services_consent_guard)
    guards.register_guard(guards.START_PLANNING, assessment_completed_guard)
    guards.register_guard(guards.START_INTERVENTION, plan_approved_guard)
    guards.register_guard(guards.REQUEST_CLOSURE, plan_items_resolved_guard)


def provider_candidates(case: Case) -> QuerySet[User]:
    """Who may deliver a service of the plan: the active case team and the HEAD(s) of the unit.

    An expert of the unit who is not on the team is added to the team by the HEAD first (otherwise they
    could not open the case to report on the service).
    """
    team = CaseTeamMember.objects.filter(case=case, is_active=True).values("user_id")
    heads = Membership.objects.filter(unit_id=case.unit_id, role=Role.HEAD, is_active=True).values("user_id")
    return User.objects.filter(Q(pk__in=team) | Q(pk__in=heads), is_active=True).order_by("full_name", "pk")


def is_provider_candidate(case: Case, user: User) -> bool:
    return provider_candidates(case).filter(pk=user.pk).exists()


def can_update_item(user: User, case: Case, item: PlanItem) -> bool:
    """The HEAD, the case manager, or the staff member delivering the service."""
    return can_manage(user, case) or item.provider_user_id == user.pk


# --- writes ---------------------------------------------------------------------------------------


def _locked(case_id: Any) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
    if not case.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))
    return case


def _check_manager(actor: User, case: Case) -> None:
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can change the plan."))


def _editable(plan: Plan) -> Plan:
    row = Plan.objects.select_for_update().get(pk=plan.pk)
    if not row.is_editable:
        raise TransitionRefused(_("This plan can no longer be changed."))
    return row


def _audit(
    *, actor: User, case: Case, values: dict[str, Any], request: HttpRequest | None, action: str = AuditAction.UPDATE
) -> None:
    audit_record(
        actor=actor,
        unit=case.unit,
        action=action,
        obj=case,
        changed_fields=["plan"],
        new={"plan": values},
        request=request,
    )


def _clean_text(value: str, message: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise TransitionRefused(message)
    return text


@transaction.atomic
def plan_save(
    *,
    actor: User,
    case: Case,
    goals: str,
    made_with_victim: bool,
    made_with_victim_how: str,
    request: HttpRequest | None = None,
) -> Plan:
    """Change the open draft (or returned) plan, or draft the next version when there is none."""
    locked = _locked(case.pk)
    _check_manager(actor, locked)
    if locked.state != CaseState.RENCANA_INTERVENSI:
        raise TransitionRefused(_("The plan is made while the case is in the intervention-plan step."))
    goals = _clean_text(goals, _("The goals are too long (at most 10000 characters)."))
    how = _clean_text(made_with_victim_how, _("The text is too long (at most 10000 characters)."))
    plan = latest_plan(locked)
    if plan is not None and plan.state == PlanState.SUBMITTED:
        raise TransitionRefused(_("The plan is waiting for the head's decision."))
    if plan is None or plan.state == PlanState.APPROVED:
        plan = Plan.objects.create(
            case=locked,
            version=(plan.version + 1) if plan is not None else 1,
            goals=goals,
            made_with_victim=made_with_victim,
            made_with_victim_how=how,
            created_at=timezone.now(),
            created_by=actor,
        )
        event = "drafted"
    else:
        plan = _editable(plan)
        plan.goals, plan.made_with_victim, plan.made_with_victim_how = goals, made_with_victim, how
        plan.save(update_fields=["goals", "made_with_victim", "made_with_victim_how"])
        event = "changed"
    _audit(
        actor=actor,
        case=locked,
        values={"plan": str(plan.pk), "version": plan.version, "event": event},
        request=request,
    )
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor: User,
    plan: Plan,
    service: str,
    target_date: dt.date,
    provider_user: User | None = None,
    provider_agency: str = "",
    provider_partner: Partner | None = None,
    request: HttpRequest | None = None,
) -> PlanItem:
    """Add a service to an editable plan: a staff member of the unit or a partner of the directory delivers it.

    ``provider_agency`` (free text, for callers of before the directory) becomes the partner of that name
    (made when the unit has none). The item keeps the partner's name in ``provider_agency`` too, which the
    readers of partner-delivered items (the team's needs, the recap) ask.
    """
    locked = _locked(plan.case_id)
    _check_manager(actor, locked)
    row = _editable(plan)
    if not codes.is_code(SERVICE_TYPE, service):
        raise TransitionRefused(_("Choose a service from the list."))
    if service == MEDIATION and case_has_tpks(locked):
        raise TransitionRefused(mediation_refusal())
    agency = " ".join((provider_agency or "").split())[:200]
    if provider_partner is not None and (provider_partner.unit_id != locked.unit_id or not provider_partner.is_active):
        raise TransitionRefused(_("Choose an active partner of your unit."))
    if (provider_user is None) == (provider_partner is None and not agency):
        raise TransitionRefused(_("Name who delivers the service: a staff member or a partner agency (one of them)."))
    if provider_user is None and provider_partner is None:
        provider_partner = partner_named(locked.unit, agency)
    if provider_user is not None and not is_provider_candidate(locked, provider_user):
        raise TransitionRefused(_("The staff member must be on the case team (or be the head of the unit)."))
    today = timezone.localdate(timezone.now(), locked.unit.zone)
    if target_date < today or target_date > today + dt.timedelta(days=3 * 366):
        raise TransitionRefused(_("The target date must be between today and three years from now."))
    item = PlanItem(
        plan=row,
        service=service,
        provider_user=provider_user,
        provider_agency="" if provider_partner is None else provider_partner.name,
        provider_partner=provider_partner,
        target_date=target_date,
        created_at=timezone.now(),
    )
    item.full_clean()
    item.save(force_insert=True)
    _audit(
        actor=actor,
        case=locked,
        values={"plan": str(row.pk), "item": item.pk, "service": service, "event": "item_added"},
        request=request,
    )
    return item


@transaction.atomic
def plan_item_remove(*, actor: User, item: PlanItem, request: HttpRequest | None = None) -> None:
    """Take a service out of a plan that is still a draft (or returned): nothing was promised yet."""
    locked = _locked(item.plan.case_id)
    _check_manager(actor, locked)
    row = _editable(item.plan)
    PlanItem.objects.filter(pk=item.pk, plan=row).delete()
    _audit(
        actor=actor,
        case=locked,
        values={"plan": str(row.pk), "item": item.pk, "service": item.service, "event": "item_removed"},
        request=request,
    )


@transaction.atomic
def plan_submit(*, actor: User, plan: Plan, request: HttpRequest | None = None) -> Plan:
    """Send the plan to the HEAD: goals, how the victim took part and at least one service are needed."""
    locked = _locked(plan.case_id)
    _check_manager(actor, locked)
    row = _editable(plan)
    if not (row.goals or "").strip():
        raise TransitionRefused(_("Write the goals of the plan."))
    if not (row.made_with_victim_how or "").strip():
        raise TransitionRefused(_("Say how the victim took part in the plan (or why they could not)."))
    if not row.items.exists():
        raise TransitionRefused(_("Add at least one service to the plan."))
    if case_has_tpks(locked) and row.items.filter(service=MEDIATION).exists():
        raise TransitionRefused(mediation_refusal())
    now = timezone.now()
    row.state, row.submitted_at, row.submitted_by = PlanState.SUBMITTED, now, actor
    row.save(update_fields=["state", "submitted_at", "submitted_by"])
    _audit(actor=actor, case=locked, values={"plan": str(row.pk), "event": "submitted"}, request=request)
    plan_resubmitted(case=locked, by=actor)
    head = unit_head(locked.unit)
    if head is not None:
        work_item_hand(
            unit=locked.unit,
            kind=PLAN_APPROVAL,
            target=locked,
            due_at=add_working_days(now, PLAN_APPROVAL_WORKING_DAYS, unit=locked.unit),
            responsible=head,
            title_key=locked.number,
            actor=actor,
        )
    return row


@transaction.atomic
def plan_decide(
    *, actor: User, plan: Plan, approve: bool, comment: str = "", request: HttpRequest | None = None
) -> Plan:
    """The HEAD approves the submitted plan, or returns it with a comment; the work item closes."""
    locked = _locked(plan.case_id)
    if not is_head_of(actor, locked):
        raise TransitionRefused(_("Only the head of the unit can approve or return a plan."))
    row = Plan.objects.select_for_update().get(pk=plan.pk)
    if row.state != PlanState.SUBMITTED:
        raise TransitionRefused(_("This plan is not waiting for a decision."))
    comment = _clean_text(comment, _("The comment is too long (at most 10000 characters)."))
    if not approve and not comment:
        raise TransitionRefused(_("Say what must change before the plan can be approved."))
    if approve and case_has_tpks(locked) and row.items.filter(service=MEDIATION).exists():
        raise TransitionRefused(mediation_refusal())
    row.state = PlanState.APPROVED if approve else PlanState.RETURNED
    row.decided_at, row.decided_by, row.comment = timezone.now(), actor, comment
    row.save(update_fields=["state", "decided_at", "decided_by", "comment"])
    _audit(
        actor=actor,
        case=locked,
        values={"plan": str(row.pk), "event": "approved" if approve else "returned"},
        request=request,
    )
    work_item_done(target=locked, kind=PLAN_APPROVAL, by=actor)
    if approve:
        work_decision_tell(target=locked, kind=PLAN_APPROVAL, approved=True, recipients=[row.submitted_by])
    else:
        plan_returned_hand(case=locked, to=row.submitted_by, actor=actor, now=row.decided_at)
    return row


@transaction.atomic
def plan_item_set_status(
    *, actor: User, item: PlanItem, status: str, reason: str = "", request: HttpRequest | None = None
) -> PlanItem:
    """Move a service of the approved plan on: in progress, done, or cancelled with a justification."""
    locked = _locked(item.plan.case_id)
    row = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if not can_update_item(actor, locked, row):
        raise TransitionRefused(_("Only the head, the case manager or the provider can update this service."))
    if row.plan.state != PlanState.APPROVED:
        raise TransitionRefused(_("Services are updated once the plan is approved."))
    if status not in OPEN_ITEM_TRANSITIONS.get(PlanItemStatus(row.status), set()):
        raise TransitionRefused(_("This change of status is not possible."))
    reason = _clean_text(reason, _("The reason is too long (at most 10000 characters)."))
    if status == PlanItemStatus.CANCELLED and not reason:
        raise TransitionRefused(_("Say why the service is cancelled."))
    row.status, row.status_changed_at, row.status_changed_by = status, timezone.now(), actor
    row.cancel_reason = reason if status == PlanItemStatus.CANCELLED else ""
    row.save(update_fields=["status", "status_changed_at", "status_changed_by", "cancel_reason"])
    _audit(
        actor=actor,
        case=locked,
        values={"plan": str(row.plan_id), "item": row.pk, "status": status, "event": "item_status"},
        request=request,
    )
    return row
