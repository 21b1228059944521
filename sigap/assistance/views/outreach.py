"""Outreach pages (penjangkauan, issue #12): the visits of a complaint and of a case, plan one, a visit's page,
record it, cancel it, and the unit's planned visits. Thin views: the complaint, case or visit comes from a
selector scoped by ``complaints_visible_to`` / ``cases_visible_to`` (404 outside it), the services decide and
refuse with a message at the top of the form (nothing typed is lost); pages with personal data are audited.

After a successful write the visit's page is opened with ``?saved=1``: its script then forgets the draft the
form kept in the tab's ``sessionStorage`` (``static/sigap/outreach-draft.js``; D44 in docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.outreach import OutreachCancelForm, OutreachPlanForm, OutreachRecordForm
from sigap.assistance.models.outreach import OutreachStatus, OutreachVisit
from sigap.assistance.rules.outreach import is_decision_deadline
from sigap.assistance.selectors.outreach import (
    case_visits,
    complaint_visits,
    get_visit_for_user,
    team_candidates,
    unit_planned_visits,
)
from sigap.assistance.services.outreach import (
    OutreachPlanData,
    OutreachRecordData,
    outreach_cancel,
    outreach_plan,
    outreach_record,
    outreach_update,
)
from sigap.assistance.views.session import CASE_ROLES
from sigap.audit.services import audit_view
from sigap.cases.models import Case
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view
from sigap.intake.selectors import get_complaint_for_user

COMPLAINT_ROLES = (Role.INTAKE, Role.HEAD)
VISIT_ROLES = (Role.INTAKE, Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
# Who opens a visit's documents (the attachment pages' roles; the case scope decides the rest).
DOCUMENT_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)


def _details(data: dict[str, Any]) -> dict[str, Any]:
    """The visit's details from a valid plan or record form, as the services take them."""
    return {
        "village": data.get("village"),
        "address_detail": data.get("address_detail") or "",
        "transport": data.get("transport") or "",
        "safety_plan": data.get("safety_plan") or "",
    }


def _saved_visit(
    request: StaffRequest, form: Any, write: Callable[[], OutreachVisit], done: str
) -> HttpResponse | None:
    """Run the service; its refusal goes to the top of the form (nothing typed is lost), else on to the visit."""
    try:
        visit = write()
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    messages.success(request, done)
    return redirect(reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk}) + "?saved=1")


def _plan(
    request: StaffRequest, *, complaint: Any = None, case: Case | None = None, visit: OutreachVisit | None = None
) -> HttpResponse:
    """The plan form: a new visit of a complaint or a case, or a planned ``visit`` changed (same form, same rules).

    A new visit is planned by ``outreach_plan``; a planned one is changed by ``outreach_update``, starting from
    its own values (its time in the unit's zone, its team, place, transport and safety plan).
    """
    if visit is None:
        initial: dict[str, Any] = {}
        unit_id, owner_case = request.membership.unit_id, case
    else:
        initial = {
            "planned_at": timezone.localtime(visit.planned_at),
            "reason": visit.reason,
            "team": list(visit.team.all()),
            "village": visit.village,
            "address_detail": visit.address_detail,
            "transport": visit.transport,
            "safety_plan": visit.safety_plan,
        }
        unit_id, owner_case = visit.unit_id, visit.case or _complaint_case(visit)
    form = OutreachPlanForm(request.POST or None, initial=initial, team=team_candidates(unit_id, owner_case))
    if visit is not None and _is_deadline(visit):
        form.fields["planned_at"].label = _("Outreach due by (12 h)")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        planned = OutreachPlanData(
            planned_at=data["planned_at"], reason=data["reason"], team=list(data["team"]), **_details(data)
        )
        if visit is None:
            saved = _saved_visit(
                request,
                form,
                lambda: outreach_plan(
                    actor=request.user, complaint=complaint, case=case, data=planned, request=request
                ),
                _("Outreach visit planned."),
            )
        else:
            changed = visit
            saved = _saved_visit(
                request,
                form,
                lambda: outreach_update(actor=request.user, visit=changed, data=planned, request=request),
                _("Outreach visit changed."),
            )
        if saved is not None:
            return saved
    if visit is None:
        context = {"form": form, "complaint": complaint, "case": case, "back": _owner_url(complaint, case)}
        return render(request, "assistance/outreach_plan.html", context)
    audit_view(request, visit.case or visit.complaint, context={"page": "outreach_edit", "visit": str(visit.pk)})
    context = {
        "visit": visit,
        "form": form,
        "case": _case_shown(request, visit),
        "complaint": visit.complaint,
        "back": reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk}),
    }
    return render(request, "assistance/outreach_edit.html", context)


def _owner_url(complaint: Any, case: Case | None) -> str:
    if case is not None:
        return reverse("assistance:case_visits", kwargs={"case_id": case.pk})
    return reverse("assistance:complaint_visits", kwargs={"complaint_id": complaint.pk})


def _plan_url(complaint: Any, case: Case | None) -> str:
    if case is not None:
        return reverse("assistance:case_visit_plan", kwargs={"case_id": case.pk})
    return reverse("assistance:complaint_visit_plan", kwargs={"complaint_id": complaint.pk})


@staff_view(*COMPLAINT_ROLES)
@require_GET
def complaint_visits_view(request: StaffRequest, complaint_id: Any) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, complaint_id)
    audit_view(request, complaint, context={"page": "outreach"})
    context = {"complaint": complaint, "visits": complaint_visits(complaint), "can_plan": not complaint.is_final}
    return render(request, "assistance/outreach_list.html", context)


@staff_view(*COMPLAINT_ROLES)
@require_http_methods(["GET", "POST"])
def complaint_visit_plan(request: StaffRequest, complaint_id: Any) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, complaint_id)
    if complaint.is_final:
        messages.info(request, _("This complaint is decided: plan the visit from its case instead."))
        return redirect("assistance:complaint_visits", complaint_id=complaint.pk)
    return _plan(request, complaint=complaint)


@staff_view(*CASE_ROLES)
@require_GET
def case_visits_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    audit_view(request, case, context={"page": "outreach"})
    context = {"case": case, "visits": case_visits(case), "can_plan": case.is_open}
    return render(request, "assistance/outreach_list.html", context)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_visit_plan(request: StaffRequest, case_id: Any) -> HttpResponse:
    return _plan(request, case=get_case_for_user(request.user, case_id))


@staff_view(*VISIT_ROLES)
@require_GET
def visit_detail(request: StaffRequest, visit_id: Any) -> HttpResponse:
    visit = get_visit_for_user(request.user, visit_id)
    audit_view(request, visit.case or visit.complaint, context={"page": "outreach_visit", "visit": str(visit.pk)})
    return _detail(request, visit, OutreachCancelForm())


def _detail(request: StaffRequest, visit: OutreachVisit, cancel_form: OutreachCancelForm) -> HttpResponse:
    complaint, case = visit.complaint, _case_shown(request, visit)
    context = {
        "visit": visit,
        "complaint": complaint,
        "case": case,
        "team": list(visit.team.order_by("full_name", "pk")),
        "cancel_form": cancel_form,
        "is_deadline": _is_deadline(visit),
        "back": _owner_url(complaint, case),
        # Its documents are kept on the case (the visit's, or its complaint's once it became one).
        "documents": request.membership.role in DOCUMENT_ROLES
        and (visit.case_id or (complaint is not None and complaint.case_id)),
        # The drafts this page forgets after a successful write (the plan of its owner, the record of the visit).
        "drafts_done": (
            [
                _plan_url(complaint, case),
                reverse("assistance:visit_record", args=[visit.pk]),
                reverse("assistance:visit_edit", args=[visit.pk]),
            ]
            if request.GET.get("saved") == "1"
            else []
        ),
    }
    return render(request, "assistance/outreach_detail.html", context)


@staff_view(*VISIT_ROLES)
@require_http_methods(["GET", "POST"])
def visit_record(request: StaffRequest, visit_id: Any) -> HttpResponse:
    visit = get_visit_for_user(request.user, visit_id)
    if visit.status != OutreachStatus.PLANNED:
        messages.info(request, _("This visit is already recorded or cancelled."))
        return redirect("assistance:visit_detail", visit_id=visit.pk)
    owner_case = visit.case or _complaint_case(visit)
    initial = {
        "done_at": timezone.localtime().replace(second=0, microsecond=0),
        "team": list(visit.team.all()),
        "village": visit.village,
        "address_detail": visit.address_detail,
        "transport": visit.transport,
        "safety_plan": visit.safety_plan,
    }
    form = OutreachRecordForm(request.POST or None, initial=initial, team=team_candidates(visit.unit_id, owner_case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _saved_visit(
            request,
            form,
            lambda: outreach_record(
                actor=request.user,
                visit=visit,
                data=OutreachRecordData(
                    done_at=data["done_at"],
                    result=data["result"],
                    follow_up=data["follow_up"],
                    team=list(data["team"]),
                    **_details(data),
                ),
                request=request,
            ),
            _("Outreach visit recorded."),
        )
        if saved is not None:
            return saved
    audit_view(request, visit.case or visit.complaint, context={"page": "outreach_record", "visit": str(visit.pk)})
    context = {"visit": visit, "form": form, "case": _case_shown(request, visit), "complaint": visit.complaint}
    return render(request, "assistance/outreach_record.html", context)


def _case_shown(request: StaffRequest, visit: OutreachVisit) -> Case | None:
    """The case the breadcrumb and the way back go through: none for a complaint's visit read by the intake team
    or the HEAD (through the complaint), else the visit's case or its complaint's."""
    if visit.complaint is not None and request.membership.role in COMPLAINT_ROLES:
        return None
    return visit.case or _complaint_case(visit)


def _complaint_case(visit: OutreachVisit) -> Case | None:
    """The case a complaint's visit now belongs to too (its team may be named), if the complaint became one."""
    if visit.complaint is None or visit.complaint.case_id is None:
        return None
    return Case.objects.filter(pk=visit.complaint.case_id).select_related("unit").first()


def _is_deadline(visit: OutreachVisit) -> bool:
    return is_decision_deadline(
        complaint_id=visit.complaint_id, created_at=visit.created_at, planned_at=visit.planned_at
    )


@staff_view(*VISIT_ROLES)
@require_http_methods(["GET", "POST"])
def visit_edit(request: StaffRequest, visit_id: Any) -> HttpResponse:
    """Change a planned visit: its time, reason, team and place (the same people and rules as recording it)."""
    visit = get_visit_for_user(request.user, visit_id)
    if visit.status != OutreachStatus.PLANNED:
        messages.info(request, _("This visit is already recorded or cancelled."))
        return redirect("assistance:visit_detail", visit_id=visit.pk)
    return _plan(request, visit=visit)


@staff_view(*VISIT_ROLES)
@require_POST
def visit_cancel(request: StaffRequest, visit_id: Any) -> HttpResponse:
    visit = get_visit_for_user(request.user, visit_id)
    form = OutreachCancelForm(request.POST)
    if visit.status == OutreachStatus.PLANNED and form.is_valid():
        try:
            outreach_cancel(actor=request.user, visit=visit, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Outreach visit cancelled."))
            return redirect(reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk}) + "?saved=1")
    elif visit.status != OutreachStatus.PLANNED:
        messages.info(request, _("This visit is already recorded or cancelled."))
        return redirect("assistance:visit_detail", visit_id=visit.pk)
    return _detail(request, visit, form)


@staff_view(*COMPLAINT_ROLES)
@require_GET
def unit_visits(request: StaffRequest) -> HttpResponse:
    """The unit's planned visits, soonest first (codes, numbers and villages only: nothing decrypted)."""
    visits = unit_planned_visits(request.membership.unit_id)
    return render(request, "assistance/outreach_unit.html", {"visits": visits, "now": timezone.now()})
