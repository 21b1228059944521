"""Intervention-plan pages of a case: the plan and its versions, goals, services, submission, the
HEAD's decision and the services' progress. Same rules as :mod:`sigap.cases.views.casework`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.cases.forms.casework import PlanDecisionForm, PlanForm, PlanItemForm, PlanItemStatusForm
from sigap.cases.models import Case
from sigap.cases.models.plan import Plan, PlanItem
from sigap.cases.rules import permissions
from sigap.cases.services.plan import (
    can_update_item,
    latest_plan,
    plan_decide,
    plan_item_add,
    plan_item_remove,
    plan_item_set_status,
    plan_save,
    plan_submit,
    provider_candidates,
)
from sigap.cases.views.casework import CASE_ROLES, _case, _refused
from sigap.core.access import staff_view
from sigap.partners.selectors import partner_choices


@staff_view(*CASE_ROLES)
@require_GET
def plan_detail(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = _case(request, case_id), request.user
    plans = list(Plan.objects.filter(case=case).select_related("decided_by", "submitted_by").order_by("-version"))
    items = PlanItem.objects.filter(plan__in=plans).select_related("provider_user")
    by_plan: dict[Any, list[PlanItem]] = {}
    for item in items:
        item.can_update = can_update_item(user, case, item)  # type: ignore[attr-defined]
        by_plan.setdefault(item.plan_id, []).append(item)
    for plan in plans:
        plan.item_rows = by_plan.get(plan.pk, [])  # type: ignore[attr-defined]
    audit_view(request, case, context={"page": "plan"})
    manage = permissions.can_manage(user, case)
    current = plans[0] if plans else None
    return render(
        request,
        "cases/casework/plan_detail.html",
        {
            "case": case,
            "plans": plans,
            "current": current,
            "can_manage": manage,
            "is_head": permissions.is_head_of(user, case),
            "decision_form": PlanDecisionForm(),
        },
    )


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def plan_edit(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = _case(request, case_id, permissions.can_manage), request.user
    current = latest_plan(case)
    initial: dict[str, Any] = {}
    if current is not None and current.is_editable:
        initial = {
            "goals": current.goals,
            "made_with_victim": current.made_with_victim,
            "made_with_victim_how": current.made_with_victim_how,
        }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_save(
                actor=user,
                case=case,
                goals=data["goals"],
                made_with_victim=bool(data["made_with_victim"]),
                made_with_victim_how=data["made_with_victim_how"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("cases:plan_detail", case_id=case.pk)
    return render(request, "cases/casework/plan_form.html", {"case": case, "form": form, "current": current})


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def plan_item_add_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = _case(request, case_id, permissions.can_manage), request.user
    plan = latest_plan(case)
    if plan is None or not plan.is_editable:
        messages.error(request, _("Write the goals of a new plan first."))
        return redirect("cases:plan_detail", case_id=case.pk)
    form = PlanItemForm(request.POST or None, providers=provider_candidates(case), partners=partner_choices(case.unit))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_item_add(
                actor=user,
                plan=plan,
                service=data["service"],
                target_date=data["target_date"],
                provider_user=data["provider_user"],
                provider_partner=data["provider_partner"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Service added to the plan."))
            return redirect("cases:plan_detail", case_id=case.pk)
    return render(request, "cases/casework/plan_item_form.html", {"case": case, "form": form, "plan": plan})


def _item(case: Case, item_id: Any) -> PlanItem:
    return get_object_or_404(PlanItem.objects.select_related("plan"), pk=item_id, plan__case=case)


@staff_view(*CASE_ROLES)
@require_POST
def plan_item_remove_view(request: StaffRequest, case_id: Any, item_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.can_manage)
    try:
        plan_item_remove(actor=request.user, item=_item(case, item_id), request=request)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Service removed from the plan."))
    return redirect("cases:plan_detail", case_id=case.pk)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def plan_item_status_view(request: StaffRequest, case_id: Any, item_id: Any) -> HttpResponse:
    case, user = _case(request, case_id), request.user
    item = _item(case, item_id)
    if not can_update_item(user, case, item):
        raise PermissionDenied
    form = PlanItemStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_item_set_status(
                actor=user,
                item=item,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Service updated."))
            return redirect("cases:plan_detail", case_id=case.pk)
    return render(request, "cases/casework/plan_item_status.html", {"case": case, "form": form, "item": item})


@staff_view(*CASE_ROLES)
@require_POST
def plan_submit_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.can_manage)
    plan = latest_plan(case)
    try:
        if plan is None:
            raise ValidationError(_("Write the plan first."))
        plan_submit(actor=request.user, plan=plan, request=request)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Plan sent to the head of the unit for approval."))
    return redirect("cases:plan_detail", case_id=case.pk)


@staff_view(*CASE_ROLES)
@require_POST
def plan_decide_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.is_head_of)
    form = PlanDecisionForm(request.POST)
    plan = latest_plan(case)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose approve or return; a return needs a comment."))
        if plan is None:
            raise ValidationError(_("There is no plan to decide on."))
        approve = form.cleaned_data["decision"] == "approve"
        plan_decide(
            actor=request.user, plan=plan, approve=approve, comment=form.cleaned_data["comment"], request=request
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Plan approved.") if approve else _("Plan returned with your comment."))
    return redirect("cases:plan_detail", case_id=case.pk)
