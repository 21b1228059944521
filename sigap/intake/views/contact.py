"""Contact attempts of a complaint: recorded from the complaint page (evidence for "cannot be reached")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.core.access import staff_view
from sigap.intake import selectors
from sigap.intake.forms.contact import ContactAttemptForm, contact_form_initial
from sigap.intake.services.contact import contact_attempt_record

INTAKE_ROLES = (Role.INTAKE, Role.HEAD)


@staff_view(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def complaint_contact_attempt(request: StaffRequest, complaint_id: str) -> HttpResponse:
    """GET: the form on its own page; POST: record the attempt, or the page again with what was typed."""
    complaint = selectors.get_complaint_for_user(request.user, complaint_id)
    form = ContactAttemptForm(request.POST or None, initial=contact_form_initial())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact_attempt_record(
                actor=request.user,
                complaint=complaint,
                kind=data["kind"],
                attempted_at=data["attempted_at"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact attempt recorded."))
            return redirect("intake:complaint_detail", complaint_id=complaint.pk)
    return render(request, "intake/complaint_contact.html", {"complaint": complaint, "form": form})
