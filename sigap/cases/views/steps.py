"""Steps that are not a plain "next step": going back to assessment or to the plan, sending a closure back.

Each asks for confirmation on its own page (GET): what will happen, and a required reason in words; the
step is taken by the POST of that page. The case page links here instead of posting straight away.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.cases.forms.case import StepConfirmForm
from sigap.cases.models import Case, CaseState
from sigap.cases.rules import permissions
from sigap.cases.selectors import case as selectors
from sigap.cases.services import closure as services_closure
from sigap.cases.services import lifecycle as services
from sigap.core.access import staff_view

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)

# action → (title, what happens, button, message after the step)
CONFIRMED_STEPS: dict[str, tuple[Promise, Promise, Promise, Promise]] = {
    "revise_assessment": (
        gettext_lazy("Back to assessment"),
        gettext_lazy(
            "Monitoring stops and the case returns to assessment: a new assessment is written, then a new "
            "intervention plan is made and approved by the head of the unit."
        ),
        gettext_lazy("Go back to assessment"),
        gettext_lazy("The case is back in assessment."),
    ),
    "revise_plan": (
        gettext_lazy("Back to the plan"),
        gettext_lazy(
            "Monitoring stops and the case returns to the intervention plan: the plan is changed and approved "
            "by the head of the unit again before the intervention continues."
        ),
        gettext_lazy("Go back to the plan"),
        gettext_lazy("The case is back in the intervention plan."),
    ),
    "reject_closure": (
        gettext_lazy("Send the closure back"),
        gettext_lazy(
            "The case stays open in its current step and the closure request is cleared. The case manager "
            "reads your comment on the case page and can request closure again."
        ),
        gettext_lazy("Send back"),
        gettext_lazy("Closure sent back to the case manager."),
    ),
}


def _allowed(request: StaffRequest, case: Case, action: str) -> bool:
    if action == "reject_closure":
        return permissions.is_head_of(request.user, case) and case.closure_pending
    return permissions.can_manage(request.user, case) and case.state == CaseState.PEMANTAUAN


def _take(request: StaffRequest, case: Case, action: str, note: str) -> None:
    if action == "reject_closure":
        services_closure.case_reject_closure(actor=request.user, case=case, comment=note, request=request)
    else:
        target = CaseState.ASESMEN if action == "revise_assessment" else CaseState.RENCANA_INTERVENSI
        services.case_revise(actor=request.user, case=case, to_state=target, note=note, request=request)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_step_confirm(request: StaffRequest, case_id: Any, action: str) -> HttpResponse:
    """GET: what the step does and a reason field; POST: the step, or the page again with the error."""
    if action not in CONFIRMED_STEPS:
        raise Http404
    case = selectors.get_case_for_user(request.user, case_id)
    if action == "reject_closure" and not permissions.is_head_of(request.user, case):
        raise PermissionDenied
    if action != "reject_closure" and not permissions.can_manage(request.user, case):
        raise PermissionDenied
    if not _allowed(request, case, action):
        messages.error(request, _("This step is not possible now."))
        return redirect("cases:case_detail", case_id=case.pk)
    title, explanation, button, done = CONFIRMED_STEPS[action]
    form = StepConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _take(request, case, action, form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(done))
            return redirect("cases:case_detail", case_id=case.pk)
    context = {"case": case, "form": form, "title": title, "explanation": explanation, "button": button}
    return render(request, "cases/case_step_confirm.html", context)
