"""Recording a follow-up (scheduled, or outside the schedule and after closure), the "follow-ups due" list and the
HEAD's settings of the unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.cases.forms.casework import IncidentForm
from sigap.cases.models import Case, CaseState
from sigap.cases.rules.permissions import can_manage
from sigap.core.access import staff_view
from sigap.empowerment.forms.follow_up import FollowUpForm
from sigap.empowerment.forms.plan import SettingsForm
from sigap.empowerment.models import FollowUp, FollowUpStatus
from sigap.empowerment.selectors.access import get_case_for_empowerment, get_follow_up_for_user
from sigap.empowerment.selectors.due import follow_ups_due as due_rows
from sigap.empowerment.selectors.page import unit_settings
from sigap.empowerment.services.follow_up import follow_up_record
from sigap.empowerment.services.settings import empowerment_settings_save

MANAGER_ROLES = (Role.HEAD, Role.CASE_MANAGER)
PAGE_SIZE = 25


def _record_page(request: StaffRequest, case: Case, follow_up: FollowUp | None) -> HttpResponse:
    if not can_manage(request.user, case):
        raise PermissionDenied
    if follow_up is not None and follow_up.status != FollowUpStatus.SCHEDULED:
        messages.info(request, _("This follow-up is already recorded or cancelled."))
        return redirect("empowerment:case_empowerment", case_id=case.pk)
    post = request.POST if request.method == "POST" else None
    form = FollowUpForm(post, initial={"held_on": timezone.localdate()})
    incident_form = IncidentForm(post, case=case, prefix="incident")
    if post is not None and form.is_valid():
        violence = bool(form.cleaned_data["new_violence"])
        if not violence or incident_form.is_valid():
            try:
                follow_up_record(
                    actor=request.user,
                    case=case,
                    follow_up=follow_up,
                    data=form.follow_up_data(),
                    incident=incident_form.incident_data() if violence else None,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if violence:
                    messages.warning(request, _("Follow-up and new incident recorded; the case is back in assessment."))
                    return redirect("cases:case_detail", case_id=case.pk)
                messages.success(request, _("Follow-up recorded."))
                return redirect("empowerment:case_empowerment", case_id=case.pk)
    context = {
        "case": case,
        "follow_up": follow_up,
        "form": form,
        "incident_form": incident_form,
        "incident_errors": post is not None and form.is_valid() and form.cleaned_data["new_violence"],
        "definition": unit_settings(case.unit_id).definition,
        "post_closure": case.state == CaseState.TERMINASI,
    }
    return render(request, "empowerment/follow_up_form.html", context)


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def follow_up_record_view(request: StaffRequest, follow_up_id: Any) -> HttpResponse:
    follow_up = get_follow_up_for_user(request.user, follow_up_id)
    return _record_page(request, follow_up.case, follow_up)


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def follow_up_add(request: StaffRequest, case_id: Any) -> HttpResponse:
    return _record_page(request, get_case_for_empowerment(request.user, case_id), None)


@staff_view(*MANAGER_ROLES)
@require_GET
def follow_ups_due(request: StaffRequest) -> HttpResponse:
    page = Paginator(due_rows(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    membership = request.user.membership
    is_head = membership is not None and membership.role == Role.HEAD
    return render(request, "empowerment/follow_ups_due.html", {"page": page, "today": today, "is_head": is_head})


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def settings_edit(request: StaffRequest) -> HttpResponse:
    membership = request.user.membership
    assert membership is not None
    current = unit_settings(membership.unit_id)
    initial = {"schedule": ", ".join(str(m) for m in current.months), "definition": current.independence_definition}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            empowerment_settings_save(
                actor=request.user,
                schedule=form.cleaned_data["schedule"],
                definition=form.cleaned_data["definition"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("empowerment:settings")
    return render(request, "empowerment/settings.html", {"form": form, "definition": current.definition})
