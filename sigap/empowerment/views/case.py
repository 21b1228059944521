"""The case's empowerment pages: the section (needs, plan, indicator history, follow-ups), the needs and programme
forms, and the HEAD's recorded reason for "goals achieved". Thin: the case comes from the one getter (404 outside
scope), the predicates decide acting (403), the services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.core.access import staff_view
from sigap.empowerment.forms.plan import NeedsForm, OverrideForm, ProgrammeForm
from sigap.empowerment.models import HouseholdNeeds
from sigap.empowerment.selectors.access import (
    economic_section,
    get_case_for_empowerment,
    get_programme_for_user,
)
from sigap.empowerment.selectors.page import economic_text_for, empowerment_page
from sigap.empowerment.services.closure import goals_open, goals_override_record
from sigap.empowerment.services.delivery import may_refer
from sigap.empowerment.services.needs import NeedsData, household_needs_save
from sigap.empowerment.services.programme import programme_add, programme_update
from sigap.partners.selectors import partner_choices

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
MANAGER_ROLES = (Role.HEAD, Role.CASE_MANAGER)


def _managed_case(request: StaffRequest, case_id: Any) -> Any:
    case = get_case_for_empowerment(request.user, case_id)
    if not can_manage(request.user, case):
        raise PermissionDenied
    return case


def _back(case: Any) -> HttpResponse:
    return redirect("empowerment:case_empowerment", case_id=case.pk)


@staff_view(*CASE_ROLES)
@require_GET
def case_empowerment(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_empowerment(request.user, case_id)
    page = empowerment_page(request.user, case)
    audit_view(request, case, context={"page": "empowerment"})
    return render(request, "empowerment/case_empowerment.html", {"case": case, "page": page})


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def needs_edit(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = _managed_case(request, case_id)
    current = HouseholdNeeds.objects.filter(case=case).first()
    if current is not None:
        initial = {name: getattr(current, name) for name in NeedsForm.base_fields}
    else:
        # Started from the assessment's economic findings (the manager reads them all).
        initial = {"notes": economic_text_for(request.user, case, economic_section(case))}
    form = NeedsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            household_needs_save(actor=request.user, case=case, data=NeedsData(**form.cleaned_data), request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Household needs saved."))
            return _back(case)
    audit_view(request, case, context={"page": "empowerment_needs"})
    return render(request, "empowerment/needs_form.html", {"case": case, "form": form, "heading": _("Household needs")})


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def programme_create(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = ProgrammeForm(request.POST or None, partners=partner_choices(case.unit))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme_add(
                actor=request.user,
                case=case,
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
                notes=data["notes"],
                partner=data["partner"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme added."))
            return _back(case)
    context = {"case": case, "form": form, "programme": None, "heading": _("Add a programme")}
    return render(request, "empowerment/programme_form.html", context)


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def programme_edit(request: StaffRequest, programme_id: Any) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id)
    case = programme.case
    if not can_manage(request.user, case):
        raise PermissionDenied
    fields = ("status", "start", "end", "notes", "cancel_reason", "partner")
    initial = {name: getattr(programme, name) for name in fields}
    form = ProgrammeForm(request.POST or None, initial=initial, editing=True, partners=partner_choices(case.unit))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme_update(actor=request.user, programme=programme, request=request, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme saved."))
            return _back(case)
    audit_view(request, case, context={"page": "empowerment_programme", "programme": str(programme.pk)})
    context = {
        "case": case,
        "form": form,
        "programme": programme,
        "referral": programme.referral,
        "can_refer": case.is_open and may_refer(programme, programme.referral),
        "heading": _("Programme"),
    }
    return render(request, "empowerment/programme_form.html", context)


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def goals_override(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_empowerment(request.user, case_id)
    if not is_head_of(request.user, case):
        raise PermissionDenied
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goals_override_record(actor=request.user, case=case, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Reason recorded: the case may be closed as “goals achieved”."))
            return _back(case)
    return render(
        request,
        "empowerment/goals_override.html",
        {"case": case, "form": form, "goals_open": goals_open(case), "heading": _("Goals achieved")},
    )
