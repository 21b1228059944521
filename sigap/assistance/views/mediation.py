"""Mediation pages (issue #12): the case's mediations, open one, its detail (sessions, outcome, follow-ups,
documents), check a follow-up, make its berita acara. Thin views: the case or mediation comes from a
selector scoped by ``cases_visible_to`` (404 outside it); the services decide and refuse with a message
shown at the top of the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.mediation import (
    FollowUpForm,
    MediationOpenForm,
    MediationOutcomeForm,
    MediationSessionForm,
)
from sigap.assistance.models.mediation import Mediation, MediationStatus
from sigap.assistance.selectors.mediation import case_mediations, get_follow_up_for_user, get_mediation_for_user
from sigap.assistance.services.mediation import (
    MediationOpenData,
    mediation_follow_up_add,
    mediation_follow_up_check,
    mediation_open,
    mediation_outcome,
    mediation_record_make,
    mediation_refusals,
    mediation_session_add,
    mediators_of,
)
from sigap.assistance.views.attachment import mediation_owner, owner_attachments_context
from sigap.assistance.views.session import CASE_ROLES
from sigap.audit.services import audit_view
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view


def attempt(request: StaffRequest, form: Any, write: Callable[[], Any], done: str) -> bool:
    """Run the service; its refusal goes to the top of the form (nothing typed is lost)."""
    try:
        write()
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    messages.success(request, done)
    return True


@staff_view(*CASE_ROLES)
@require_GET
def mediation_list(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    audit_view(request, case, context={"page": "mediations"})
    context = {"case": case, "mediations": list(case_mediations(case)), "refusals": mediation_refusals(case)}
    return render(request, "assistance/mediation_list.html", context)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def mediation_open_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    refusals = mediation_refusals(case)
    if refusals:
        # A barred case gets the page that names the rule, never a form to fill in (GET or POST alike).
        return render(request, "assistance/mediation_open.html", {"case": case, "refusals": refusals})
    form = MediationOpenForm(request.POST or None, mediators=mediators_of(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opened: list[Mediation] = []

        def write() -> None:
            opened.append(
                mediation_open(
                    actor=request.user,
                    case=case,
                    data=MediationOpenData(
                        matter=data["matter"],
                        free_decision_note=data["free_decision_note"],
                        mediator=data["mediator"],
                        mediator_trained=data["mediator_trained"],
                    ),
                    request=request,
                )
            )

        if attempt(request, form, write, _("Mediation opened.")):
            return redirect("assistance:mediation_detail", mediation_id=opened[0].pk)
    return render(request, "assistance/mediation_open.html", {"case": case, "form": form, "refusals": []})


def _detail(request: StaffRequest, mediation: Mediation, **forms: Any) -> HttpResponse:
    context = {
        "case": mediation.case,
        "mediation": mediation,
        "sessions": list(mediation.sessions.all()),
        "follow_ups": list(mediation.follow_ups.all()),
        "is_open": mediation.status == MediationStatus.OPEN,
        "is_agreement": mediation.status == MediationStatus.AGREEMENT,
        "session_form": forms.get("session_form") or MediationSessionForm(),
        "outcome_form": forms.get("outcome_form") or MediationOutcomeForm(),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
        **owner_attachments_context(request, mediation_owner(mediation)),
    }
    return render(request, "assistance/mediation_detail.html", context)


@staff_view(*CASE_ROLES)
@require_GET
def mediation_detail(request: StaffRequest, mediation_id: Any) -> HttpResponse:
    mediation = get_mediation_for_user(request.user, mediation_id)
    audit_view(request, mediation.case, context={"page": "mediation", "mediation": str(mediation.pk)})
    return _detail(request, mediation)


def _post_on_detail(
    request: StaffRequest,
    mediation_id: Any,
    form_class: type[Any],
    key: str,
    write: Callable[[Mediation, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A form of the detail page: saved, back to the page; refused or invalid, the page with the form's errors."""
    mediation = get_mediation_for_user(request.user, mediation_id)
    form = form_class(request.POST)
    if form.is_valid() and attempt(request, form, lambda: write(mediation, form.cleaned_data), done):
        return redirect("assistance:mediation_detail", mediation_id=mediation.pk)
    return _detail(request, mediation, **{key: form})


@staff_view(*CASE_ROLES)
@require_POST
def mediation_session_view(request: StaffRequest, mediation_id: Any) -> HttpResponse:
    def write(mediation: Mediation, data: dict[str, Any]) -> Any:
        return mediation_session_add(
            actor=request.user,
            mediation=mediation,
            held_at=data["held_at"],
            present=data["present"],
            notes=data["notes"],
            request=request,
        )

    done = _("Mediation session recorded.")
    return _post_on_detail(request, mediation_id, MediationSessionForm, "session_form", write, done)


@staff_view(*CASE_ROLES)
@require_POST
def mediation_outcome_view(request: StaffRequest, mediation_id: Any) -> HttpResponse:
    def write(mediation: Mediation, data: dict[str, Any]) -> Any:
        return mediation_outcome(
            actor=request.user, mediation=mediation, status=data["status"], note=data["note"], request=request
        )

    return _post_on_detail(request, mediation_id, MediationOutcomeForm, "outcome_form", write, _("Outcome recorded."))


@staff_view(*CASE_ROLES)
@require_POST
def follow_up_add_view(request: StaffRequest, mediation_id: Any) -> HttpResponse:
    def write(mediation: Mediation, data: dict[str, Any]) -> Any:
        return mediation_follow_up_add(
            actor=request.user, mediation=mediation, promise=data["promise"], due=data["due"], request=request
        )

    return _post_on_detail(request, mediation_id, FollowUpForm, "follow_up_form", write, _("Follow-up added."))


@staff_view(*CASE_ROLES)
@require_POST
def mediation_record_view(request: StaffRequest, mediation_id: Any) -> HttpResponse:
    """Make the berita acara (PDF) of the mediation, keep it as its document, and download it (audited)."""
    mediation = get_mediation_for_user(request.user, mediation_id)
    try:
        record = mediation_record_make(actor=request.user, mediation=mediation, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assistance:mediation_detail", mediation_id=mediation.pk)
    messages.success(request, _("Berita acara made; it is kept with the documents of the mediation."))
    return redirect("assistance:attachment_download", attachment_id=record.pk)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def follow_up_check(request: StaffRequest, follow_up_id: Any) -> HttpResponse:
    follow_up = get_follow_up_for_user(request.user, follow_up_id)
    if request.method == "POST":
        try:
            mediation_follow_up_check(actor=request.user, follow_up=follow_up, request=request)
            messages.success(request, _("Follow-up checked."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect("assistance:mediation_detail", mediation_id=follow_up.mediation_id)
