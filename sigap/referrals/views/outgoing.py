"""Referral pages: the unit's (or my cases') referrals, a case's referrals and "Rujuk", one referral with its
history and the steps the case manager records on the partner's behalf, the second confirmation of a child's
override, and the surat rujukan (PDF).

Thin views: the case or referral comes from a selector scoped by ``cases_visible_to`` (404 outside it); the
HEAD and the case manager of the case write (403 for the other team members); the services decide and refuse
with a message shown at the top of the form (nothing typed is lost).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.accounts.stepup import step_up_response
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.rules import permissions
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view
from sigap.partners.forms import service_label
from sigap.partners.selectors import partner_choices, partner_contact_choices
from sigap.referrals.forms.outgoing import OutcomeForm, ReasonForm, ReferralForm
from sigap.referrals.models import Referral, SharedSection, Status
from sigap.referrals.pdf import names_victim, referral_letter_pdf
from sigap.referrals.rules import NEXT
from sigap.referrals.selectors import outgoing as selectors
from sigap.referrals.selectors.portal import get_portal_document, portal_documents
from sigap.referrals.services import (
    referral_accept,
    referral_decline,
    referral_done,
    referral_override_confirm,
    referral_send,
    referral_service_given,
    referral_withdraw,
)
from sigap.referrals.services.send import partner_plan_items
from sigap.referrals.views.portal import document_response

ROLES = (Role.HEAD, Role.CASE_MANAGER)
PAGE_SIZE = 25


def _detail(referral: Referral) -> HttpResponse:
    return redirect("referrals:referral_detail", referral_id=referral.pk)


@staff_view(*ROLES)
@require_GET
def referral_list(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = selectors.referral_list(request.user, status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status if status in Status.values else "", "statuses": Status.choices}
    return render(request, "referrals/referral_list.html", context)


@staff_view(*ROLES)
@require_GET
def case_referrals(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    audit_view(request, case, context={"page": "referrals"})
    context = {
        "case": case,
        "referrals": list(selectors.case_referrals(case)),
        "can_refer": case.is_open and permissions.can_manage(request.user, case),
    }
    return render(request, "referrals/case_referrals.html", context)


@staff_view(*ROLES)
@require_http_methods(["GET", "POST"])
def referral_create(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    if not permissions.can_manage(request.user, case):
        raise PermissionDenied
    victims = CasePerson.objects.filter(case=case, role=PersonRole.VICTIM, removed_at__isnull=True).select_related(
        "person"
    )
    form = ReferralForm(
        request.POST or None,
        victims=victims,
        partners=partner_choices(case.unit),
        contacts=partner_contact_choices(case.unit),
        plan_items=partner_plan_items(case),
        is_head=permissions.is_head_of(request.user, case),
        initial={"victim": victims[0].pk} if len(victims) == 1 else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Sending without consent is the HEAD's override: it needs a fresh step-up (SESS-05), like the
        # consent override; what was typed is carried through the step-up page.
        if data.get("override_reason") and (ask := step_up_response(request)) is not None:
            return ask
        sent: list[Referral] = []
        try:
            sent.append(
                referral_send(
                    actor=request.user,
                    case=case,
                    data=form.referral_data(),
                    request=request,
                )
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if sent[0].status == Status.AWAITING_CONFIRMATION:
                messages.warning(
                    request, _("Recorded. A second staff member must confirm before the referral is sent.")
                )
            else:
                messages.success(request, _("Referral sent. Print the referral letter for the partner."))
            return _detail(sent[0])
    return render(request, "referrals/referral_form.html", {"case": case, "form": form})


@staff_view(*ROLES)
@require_GET
def referral_detail(request: StaffRequest, referral_id: Any) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, referral_id)
    case = referral.case
    assert case is not None
    audit_view(request, case, context={"page": "referral", "referral": str(referral.pk)})
    can_manage = permissions.can_manage(request.user, case)
    sections = dict(SharedSection.choices)
    context = {
        "case": case,
        "referral": referral,
        "history": selectors.referral_history(referral),
        "services": [service_label(code) for code in referral.services],
        "sections": [sections.get(s, s) for s in referral.shared_sections],
        "names_victim": names_victim(referral),
        "can_manage": can_manage and case.is_open,
        "next": NEXT.get(referral.status, frozenset()),
        "can_confirm": can_manage
        and referral.status == Status.AWAITING_CONFIRMATION
        and referral.override_by_id != request.user.pk,
        # One form per step, each with its own prefix: the ids on the page stay unique.
        "decline_form": ReasonForm(prefix="tolak"),
        "withdraw_form": ReasonForm(prefix="tarik"),
        "given_form": OutcomeForm(prefix="layanan"),
        "done_form": OutcomeForm(prefix="selesai"),
        "documents": portal_documents(referral),
    }
    return render(request, "referrals/referral_detail.html", context)


@staff_view(*ROLES)
@require_GET
def referral_go(request: StaffRequest, referral_id: Any) -> HttpResponse:
    """The link of a referral's work item: its page (404 outside the viewer's cases)."""
    return _detail(selectors.get_referral_for_user(request.user, referral_id))


@staff_view(*ROLES)
@require_GET
def referral_letter(request: StaffRequest, referral_id: Any) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, referral_id)
    if referral.status == Status.AWAITING_CONFIRMATION:
        messages.error(request, _("The letter is made once the referral is confirmed and sent."))
        return _detail(referral)
    content = referral_letter_pdf(referral=referral, author=request.user)
    assert referral.case is not None
    audit_view(request, referral.case, AuditAction.PRINT, context={"referral": str(referral.pk)})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{referral.number.replace("/", "-")}.pdf"'
    return response


Fields = dict[str, str]


def _confirm(request: StaffRequest, referral: Referral, fields: Fields) -> Referral:
    return referral_override_confirm(actor=request.user, referral=referral, request=request)


def _accept(request: StaffRequest, referral: Referral, fields: Fields) -> Referral:
    return referral_accept(actor=request.user, referral=referral, request=request)


def _decline(request: StaffRequest, referral: Referral, fields: Fields) -> Referral:
    reason = fields.get("reason", "")
    return referral_decline(actor=request.user, referral=referral, reason=reason, request=request)


def _service_given(request: StaffRequest, referral: Referral, fields: Fields) -> Referral:
    outcome = fields.get("outcome", "")
    return referral_service_given(actor=request.user, referral=referral, outcome=outcome, request=request)


def _done(request: StaffRequest, referral: Referral, fields: Fields) -> Referral:
    outcome, feedback = fields.get("outcome", ""), fields.get("feedback", "")
    return referral_done(actor=request.user, referral=referral, outcome=outcome, feedback=feedback, request=request)


def _withdraw(request: StaffRequest, referral: Referral, fields: Fields) -> Referral:
    reason = fields.get("reason", "")
    return referral_withdraw(actor=request.user, referral=referral, reason=reason, request=request)


STEPS: dict[str, tuple[Callable[[StaffRequest, Referral, Fields], Referral], Any]] = {
    "konfirmasi": (_confirm, gettext_lazy("Override confirmed: the referral is sent.")),
    "terima": (_accept, gettext_lazy("Recorded: the partner accepted.")),
    "tolak": (_decline, gettext_lazy("Recorded: the partner declined.")),
    "layanan": (_service_given, gettext_lazy("Recorded: the service was given.")),
    "selesai": (_done, gettext_lazy("Recorded: the referral is done.")),
    "tarik": (_withdraw, gettext_lazy("The referral is withdrawn.")),
}


@staff_view(*ROLES)
@require_POST
def referral_step(request: StaffRequest, referral_id: Any, step: str) -> HttpResponse:
    referral = selectors.get_referral_for_user(request.user, referral_id)
    assert referral.case is not None
    if step not in STEPS:
        raise Http404
    if not permissions.can_manage(request.user, referral.case):
        raise PermissionDenied
    write, done = STEPS[step]
    # The step's form posts its fields under the step's prefix ("tolak-reason"); the services check them.
    fields = {
        key.removeprefix(f"{step}-"): str(value) for key, value in request.POST.items() if key.startswith(f"{step}-")
    }
    try:
        write(request, referral, fields)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(done))
    return _detail(referral)


@staff_view(*ROLES)
@require_GET
def referral_document(request: StaffRequest, referral_id: Any, document_id: Any) -> HttpResponseBase:
    """A document the partner uploaded in the portal, for the case's HEAD and case manager (audited)."""
    referral = selectors.get_referral_for_user(request.user, referral_id)
    document = get_portal_document(referral, document_id)
    response = document_response(document)
    if response is None:
        messages.error(request, _("This file cannot be read at the moment. Tell the administrator of the unit."))
        return _detail(referral)
    assert referral.case is not None
    context = {"referral": str(referral.pk), "document": str(document.pk)}
    audit_view(request, referral.case, AuditAction.DOWNLOAD, context=context)
    return response
