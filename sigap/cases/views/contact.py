"""The safe-contact rule page of a case: the HEAD or the case manager keeps it up to date (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.cases.forms.contact import ContactRuleForm
from sigap.cases.rules import permissions
from sigap.cases.selectors.case import get_case_for_user
from sigap.cases.services.lifecycle import case_contact_rule_set
from sigap.core.access import staff_view


@staff_view(Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
@require_http_methods(["GET", "POST"])
def case_contact_rule(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    initial = {"contact_calls": case.contact_calls, "contact_rule": case.contact_rule}
    form = ContactRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_contact_rule_set(
                actor=request.user,
                case=case,
                contact_calls=form.cleaned_data["contact_calls"],
                contact_rule=form.cleaned_data["contact_rule"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The safe-contact rule is saved."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_contact_rule.html", {"case": case, "form": form})
