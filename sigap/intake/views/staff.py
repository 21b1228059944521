"""Complaint pages of the staff: queue, record, detail (audited), take, triage, decide, assign, settings.

Thin views: parse the form, fetch the complaint through ``get_complaint_for_user`` (404 outside
scope), call a service, redirect. Refusals of a service come back as form errors or messages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role, User
from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.core.access import staff_view
from sigap.core.reference.selectors import code_label, codes
from sigap.intake import selectors
from sigap.intake.clocks import intake_settings_of
from sigap.intake.forms.staff import AssignForm, ComplaintRecordForm, DecisionForm, IntakeSettingsForm, TriageForm
from sigap.intake.models import (
    Complaint,
    ComplaintState,
    Decision,
    PersonRole,
    RiskCriterion,
)
from sigap.intake.services import complaint as services
from sigap.intake.services import decision as services_decision
from sigap.intake.services.carry import carry_rows

INTAKE_ROLES = (Role.INTAKE, Role.HEAD)
PAGE_SIZE = 25


def _is_head(request: StaffRequest) -> bool:
    return request.membership.role == Role.HEAD


def _detail(complaint: Complaint) -> HttpResponse:
    return redirect("intake:complaint_detail", complaint_id=complaint.pk)


def allowed_decisions(complaint: Complaint) -> list[str]:
    """The decisions the page offers in the complaint's state (the service checks them again)."""
    if complaint.state == ComplaintState.DARURAT:
        return [Decision.OPEN_CASE]
    if complaint.state == ComplaintState.IDENTIFIKASI:
        return list(Decision.values)
    return []


# --- queue and recording -----------------------------------------------------------------------


@staff_view(*INTAKE_ROLES)
@require_GET
def complaint_list(request: StaffRequest) -> HttpResponse:
    """The triage queue (overdue first), my complaints, and for the HEAD all complaints of the unit."""
    user = request.user
    tabs = [selectors.VIEW_QUEUE, selectors.VIEW_MINE] + ([selectors.VIEW_ALL] if _is_head(request) else [])
    view = request.GET.get("view", selectors.VIEW_QUEUE)
    if view not in tabs:
        view = selectors.VIEW_QUEUE
    now = timezone.now()
    clock = request.GET.get("clock", "") if view == selectors.VIEW_QUEUE else ""
    clock = clock if clock in selectors.QUEUE_CLOCKS else ""
    rows_qs = selectors.complaint_list(user, view, clock=clock, now=now)
    page = Paginator(rows_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # One query for the channel labels of the page, not one per row (retired codes: one more each).
    channels = {option.code: option.label for option in codes("complaint_channel", include_groups=True)}
    rows = [
        {
            "complaint": c,
            "victims": selectors.masked_victims(c),
            "clock": selectors.clock_of(c, now),
            "channel": channels.get(c.channel) or code_label("complaint_channel", c.channel),
        }
        for c in page.object_list
    ]
    counts = selectors.queue_counts(request.membership)
    audit_view(
        request, object_type="intake.complaint_list", context={"view": view, "clock": clock, "page": page.number}
    )
    return render(
        request,
        "intake/complaint_list.html",
        {
            "rows": rows,
            "page": page,
            "view": view,
            "tabs": tabs,
            "counts": counts,
            "now": now,
            "clock": clock,
            "is_head": _is_head(request),
        },
    )


@staff_view(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def complaint_create(request: StaffRequest) -> HttpResponse:
    form = ComplaintRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_record(
                actor=request.user,
                channel=data["channel"],
                received_at=data["received_at"],
                reporter_type=data["reporter_type"],
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                reporter_relationship=data["reporter_relationship"],
                contact_consent=data["contact_consent"],
                contact_instructions=data["contact_instructions"],
                contact_calls=data["contact_calls"],
                people=form.people(),
                account=data["account"],
                risk_level=data["risk_level"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Complaint %(number)s recorded.") % {"number": complaint.number})
            return _detail(complaint)
    return render(request, "intake/complaint_form.html", {"form": form})


# --- one complaint -------------------------------------------------------------------------------


def _people_rows(complaint: Complaint, *, masked: bool = False) -> list[dict[str, Any]]:
    """The complaint's people for a page: an empty name is shown as "name not known yet" by the
    template; ``masked`` gives initials only (pages that do not audit a view of the complaint)."""
    roles = dict(PersonRole.choices)
    sexes = {"P": _("Female"), "L": _("Male")}
    return [
        {
            "name": selectors.masked_name(p.get("name") or "") if masked else (p.get("name") or ""),
            "age": p.get("age"),
            "sex": sexes.get(p.get("sex", ""), ""),
            "role": roles.get(p.get("role", ""), ""),
        }
        for p in complaint.people or []
    ]


@staff_view(*INTAKE_ROLES, Role.CASE_MANAGER, Role.EXPERT)
@require_GET
def complaint_detail(request: StaffRequest, complaint_id: str) -> HttpResponse:
    """Everything recorded about one complaint; every opening is audited (VIEW).

    A case manager reads it only through the case it became, if she manages it (``complaints_visible_to``;
    an expert of that case always gets 404);
    the complaint's actions stay with intake (the ``can_*`` flags are false once a case is opened).
    """
    complaint = selectors.get_complaint_for_user(request.user, complaint_id)
    audit_view(request, complaint)
    criteria = dict(RiskCriterion.choices)
    head = _is_head(request)
    now = timezone.now()
    context = {
        "complaint": complaint,
        "people": _people_rows(complaint),
        "criteria": [criteria.get(c, c) for c in complaint.risk_criteria or []],
        "channel": code_label("complaint_channel", complaint.channel),
        "subtype": code_label("case_category", complaint.category_subtype),
        "now": now,
        "is_head": head,
        "can_list": request.membership.role in INTAKE_ROLES,
        "clock": selectors.clock_of(complaint, now),
        "history": [
            {"at": step.changed_at, "state": ComplaintState(step.to_state).label, "by": step.changed_by}
            for step in complaint.state_changes.select_related("changed_by")
        ],
        "can_take": complaint.state == ComplaintState.ADUAN_MASUK,
        "can_triage": complaint.state in (ComplaintState.ADUAN_MASUK, ComplaintState.IDENTIFIKASI),
        "can_decide": bool(allowed_decisions(complaint)),
        "can_return": complaint.state == ComplaintState.PENJANGKAUAN,
        "assign_form": (
            AssignForm(officers=selectors.intake_officers(request.membership))
            if head and not complaint.is_final
            else None
        ),
        "case_url": _case_url(complaint, request.user),
    }
    return render(request, "intake/complaint_detail.html", context)


def _case_url(complaint: Complaint, user: User) -> str:
    """The case page's address when ``user`` may open it; else "" and the page shows the number only.

    The intake officer never sees a case file, and a HEAD reaches a restricted case through the
    break-glass page: a link that would answer 403 (or 404) is not offered.
    """
    if complaint.case_id is None:
        return ""
    try:
        from sigap.cases.selectors.case import cases_visible_to, restricted_case_for_head
    except ImportError:  # the case file is not installed: the number only
        return ""
    reachable = (
        cases_visible_to(user).filter(pk=complaint.case_id).exists()
        or restricted_case_for_head(user, complaint.case_id) is not None
    )
    if not reachable:
        return ""
    try:
        return reverse("cases:case_detail", kwargs={"case_id": complaint.case_id})
    except Exception:  # noqa: BLE001 - the case file's URL may not exist (yet): show the number only
        return ""


@staff_view(*INTAKE_ROLES)
@require_POST
def complaint_take(request: StaffRequest, complaint_id: str) -> HttpResponse:
    complaint = selectors.get_complaint_for_user(request.user, complaint_id)
    try:
        services.complaint_take(actor=request.user, complaint=complaint, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("First response recorded; the complaint is in identification."))
    return _detail(complaint)


@staff_view(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def complaint_triage(request: StaffRequest, complaint_id: str) -> HttpResponse:
    complaint = selectors.get_complaint_for_user(request.user, complaint_id)
    initial = {
        "category": complaint.category,
        "category_subtype": complaint.category_subtype,
        "risk_level": complaint.risk_level,
        "risk_criteria": complaint.risk_criteria or [],
        "risk_note": complaint.risk_note or "",
        "jurisdiction": complaint.jurisdiction,
        "transfer_to": complaint.transfer_to or "",
    }
    form = TriageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.complaint_triage(
                actor=request.user,
                complaint=complaint,
                category=data["category"],
                category_subtype=data["category_subtype"] or "",
                risk_level=data["risk_level"],
                risk_criteria=data["risk_criteria"],
                risk_note=data["risk_note"],
                jurisdiction=data["jurisdiction"],
                transfer_to=data["transfer_to"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Identification saved."))
            return _detail(complaint)
    context = {"complaint": complaint, "form": form, "people": _people_rows(complaint, masked=True)}
    return render(request, "intake/complaint_triage.html", context)


@staff_view(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def complaint_decide(request: StaffRequest, complaint_id: str) -> HttpResponse:
    complaint = selectors.get_complaint_for_user(request.user, complaint_id)
    allowed = allowed_decisions(complaint)
    # Search before create for each person the case would start with (only if a case may be opened).
    carry = carry_rows(request.user, complaint) if Decision.OPEN_CASE in allowed else []
    form = DecisionForm(request.POST or None, allowed=allowed, carry=carry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services_decision.complaint_decide(
                actor=request.user,
                complaint=complaint,
                decision=data["decision"],
                close_reason=data["close_reason"],
                note=data["note"],
                same_as=form.same_as(),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded: %(state)s.") % {"state": complaint.get_state_display()})
            if selectors.complaints_visible_to(request.user).filter(pk=complaint.pk).exists():
                return _detail(complaint)
            return redirect("intake:complaint_list")
    return render(
        request,
        "intake/complaint_decide.html",
        {"complaint": complaint, "form": form, "allowed": allowed, "carry_rows": form.carry_rows()},
    )


@staff_view(*INTAKE_ROLES)
@require_POST
def complaint_outreach_done(request: StaffRequest, complaint_id: str) -> HttpResponse:
    complaint = selectors.get_complaint_for_user(request.user, complaint_id)
    try:
        services_decision.complaint_outreach_done(actor=request.user, complaint=complaint, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Outreach done: the complaint is back in identification."))
    return _detail(complaint)


@staff_view(Role.HEAD)
@require_POST
def complaint_assign(request: StaffRequest, complaint_id: str) -> HttpResponse:
    complaint = selectors.get_complaint_for_user(request.user, complaint_id)
    form = AssignForm(request.POST, officers=selectors.intake_officers(request.membership))
    if not form.is_valid():
        messages.error(request, _("Choose an active intake officer of the unit."))
        return _detail(complaint)
    try:
        services_decision.complaint_assign(
            actor=request.user, complaint=complaint, handler=form.cleaned_data["handler"], request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Complaint assigned."))
    return _detail(complaint)


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def intake_settings(request: StaffRequest) -> HttpResponse:
    """The HEAD sets the unit's response clocks."""
    row = intake_settings_of(request.membership.unit)
    form = IntakeSettingsForm.for_row(row, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_decision.intake_settings_update(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Response clocks saved. They apply to complaints recorded from now on."))
            return redirect("intake:complaint_list")
    return render(request, "intake/intake_settings.html", {"form": form})
