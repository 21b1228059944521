"""Casework pages of a case: incidents, consent and assessment (the plan: ``views_plan``).

Thin views: the case comes from ``get_case_for_user`` (404 outside the user's scope), the action
predicate answers 403 to a team member who may only read, a service does the write, and the page
redirects. Pages that show personal data record a VIEW audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role, User
from sigap.accounts.request import StaffRequest
from sigap.accounts.stepup import step_up_response
from sigap.audit.services import audit_view
from sigap.cases.forms.casework import (
    AssessmentAssignForm,
    AssessmentCompleteForm,
    AssessmentSectionForm,
    ConsentForm,
    ConsentWithdrawForm,
    IncidentForm,
)
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident
from sigap.cases.models.plan import Assessment, AssessmentArea, AssessmentSection
from sigap.cases.rules import disclosure, permissions
from sigap.cases.selectors import case as selectors
from sigap.cases.selectors.view import CaseView
from sigap.cases.services.assessment import (
    assessment_complete,
    assessment_section_assign,
    assessment_section_write,
    assessment_start,
    can_write_section,
    latest_assessment,
)
from sigap.cases.services.consent import ConsentData, consent_problem, consent_record, consent_withdraw
from sigap.cases.services.incident import incident_record, incident_update
from sigap.core.access import staff_view

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)


def _case(request: StaffRequest, case_id: Any, predicate: Callable[[User, Case], bool] | None = None) -> Case:
    case = selectors.get_case_for_user(request.user, case_id)
    if request.method == "GET":
        # A read page: its guards and permissions share one set of rows (issue #22). A POST reads fresh.
        CaseView(request.user, case)
    if predicate is not None and not predicate(request.user, case):
        raise PermissionDenied
    return case


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def casework_overview(rows: CaseView) -> dict[str, Any]:
    """What the case page shows of the casework: the page's loaded rows (one query per row set)."""
    for consent in rows.consents:
        consent.problem = consent_problem(consent, suspect=rows.is_suspect)  # type: ignore[attr-defined]
    return {"incidents": rows.incidents, "consents": rows.consents, "assessment": rows.assessment, "plan": rows.plan}


# --- incidents --------------------------------------------------------------------------------------


def _incident_page(request: StaffRequest, case: Case, incident: Incident | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if incident is not None:
        initial = {
            "victim": incident.victim_id,
            "date_from": incident.date_from,
            "date_to": incident.date_to,
            "place": incident.place,
            "village": incident.village,
            "account": incident.account,
            "violence_types": incident.violence_types,
            "tpks_forms": incident.tpks_forms,
            "is_kdrt": incident.is_kdrt,
            "gbv_type": incident.gbv_type,
            "perpetrators": [p.pk for p in incident.perpetrators.all()],
            "relationship": incident.relationship,
        }
        audit_view(request, case, context={"page": "incident_edit", "incident": str(incident.pk)})
    form = IncidentForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.incident_data()
            if incident is None:
                incident = incident_record(actor=request.user, case=case, data=data, request=request)
            else:
                incident = incident_update(actor=request.user, incident=incident, data=data, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Incident saved."))
            return redirect("cases:incident_detail", case_id=case.pk, incident_id=incident.pk)
    return render(request, "cases/casework/incident_form.html", {"case": case, "form": form, "incident": incident})


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def incident_create(request: StaffRequest, case_id: Any) -> HttpResponse:
    return _incident_page(request, _case(request, case_id, permissions.can_manage), None)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def incident_edit(request: StaffRequest, case_id: Any, incident_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.can_manage)
    return _incident_page(request, case, get_object_or_404(Incident, pk=incident_id, case=case))


@staff_view(*CASE_ROLES)
@require_GET
def incident_detail(request: StaffRequest, case_id: Any, incident_id: Any) -> HttpResponse:
    case = _case(request, case_id)
    incident = get_object_or_404(
        Incident.objects.select_related("victim__person", "village").prefetch_related("perpetrators"),
        pk=incident_id,
        case=case,
    )
    audit_view(request, case, context={"page": "incident", "incident": str(incident.pk)})
    # The same field rules as the case page: a child's name is the case code for an expert (finding 6).
    names = disclosure.shown_names(request.user, case, year=timezone.localdate(timezone.now(), case.unit.zone).year)
    return render(
        request,
        "cases/casework/incident_detail.html",
        {
            "case": case,
            "incident": incident,
            "victim_name": names.get(incident.victim_id, ""),
            "perpetrator_names": [names.get(p.pk, "") for p in incident.perpetrators.all()],
            "can_manage": permissions.can_manage(request.user, case),
        },
    )


# --- consent ---------------------------------------------------------------------------------------------


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def consent_create(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = _case(request, case_id, permissions.can_manage), request.user
    is_head = permissions.is_head_of(user, case)
    form = ConsentForm(request.POST or None, case=case, is_head=is_head, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A consent override (the HEAD records services without the guardian's consent) needs a fresh
        # step-up (SESS-05); the entered consent is carried through the step-up page.
        if data.get("override_reason") and (ask := step_up_response(request)) is not None:
            return ask
        try:
            consent_record(
                actor=user,
                case=case,
                data=ConsentData(
                    victim=data["victim"],
                    scope=data["scope"],
                    given_by=data["given_by"],
                    method=data["method"],
                    given_on=data["given_on"],
                    guardian=data["guardian"],
                    child_assent=data["child_assent"],
                    override_reason=data.get("override_reason", ""),
                    witness=data["witness"],
                    partner=data["partner"],
                    purpose=data["purpose"],
                    victim_birth_date=data.get("victim_birth_date"),
                    victim_estimated_age=data.get("victim_estimated_age"),
                ),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/casework/consent_form.html", {"case": case, "form": form})


@staff_view(*CASE_ROLES)
@require_POST
def consent_withdraw_view(request: StaffRequest, case_id: Any, consent_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.can_manage)
    consent = get_object_or_404(Consent, pk=consent_id, case=case)
    form = ConsentWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid withdrawal date (not in the future)."))
        return redirect("cases:case_detail", case_id=case.pk)
    try:
        consent_withdraw(actor=request.user, consent=consent, on=form.cleaned_data["withdrawn_on"], request=request)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The withdrawal of the consent is recorded."))
    return redirect("cases:case_detail", case_id=case.pk)


# --- assessment ---------------------------------------------------------------------------------------------


def _team_experts(case: Case) -> QuerySet[User]:
    ids = CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.EXPERT).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("full_name", "pk")


@dataclass(frozen=True)
class SectionRow:
    """One assessment section as its reader may use it: write it, read its findings, or only know it is written."""

    section: AssessmentSection
    can_write: bool
    can_read: bool


@staff_view(*CASE_ROLES)
@require_GET
def assessment_detail(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = _case(request, case_id), request.user
    assessments = list(Assessment.objects.filter(case=case).select_related("completed_by").order_by("-version"))
    sections = AssessmentSection.objects.filter(assessment__in=assessments).select_related("assignee", "written_by")
    by_assessment: dict[Any, list[SectionRow]] = {}
    # Field groups (ARCHITECTURE §3), as on the case-conference PDF: psychological findings for their author and
    # the HEAD, legal findings for the case manager too; the page says that a section is written, not what.
    team_role, is_head = permissions.team_role_of(user, case), permissions.is_head_of(user, case)
    for section in sections:
        row = SectionRow(
            section=section,
            can_write=can_write_section(user, case, section),
            can_read=permissions.can_read_findings(user, section, team_role=team_role, is_head=is_head),
        )
        by_assessment.setdefault(section.assessment_id, []).append(row)
    for assessment in assessments:
        assessment.section_rows = by_assessment.get(assessment.pk, [])  # type: ignore[attr-defined]
    audit_view(request, case, context={"page": "assessment"})
    manage = permissions.can_manage(user, case)
    current = assessments[0] if assessments else None
    return render(
        request,
        "cases/casework/assessment_detail.html",
        {
            "case": case,
            "assessments": assessments,
            # Not "current": the breadcrumb's variable of that name made every first assessment a "reassessment".
            "latest_assessment": current,
            "can_manage": manage,
            "can_start": manage and case.state == "ASESMEN" and (current is None or current.is_completed),
            "assign_form": AssessmentAssignForm(experts=_team_experts(case)),
            "complete_form": AssessmentCompleteForm(initial={"risk_level": case.risk_level}),
        },
    )


@staff_view(*CASE_ROLES)
@require_POST
def assessment_start_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.can_manage)
    try:
        assessment_start(actor=request.user, case=case, request=request)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Assessment started."))
    return redirect("cases:assessment_detail", case_id=case.pk)


def _current_assessment(case: Case) -> Assessment:
    found = latest_assessment(case)
    if found is None:
        raise Http404
    return found


@staff_view(*CASE_ROLES)
@require_POST
def assessment_assign_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.can_manage)
    form = AssessmentAssignForm(request.POST, experts=_team_experts(case))
    if not form.is_valid():
        messages.error(request, _("Choose an area and an expert of the team."))
        return redirect("cases:assessment_detail", case_id=case.pk)
    assessment = latest_assessment(case)
    try:
        if assessment is None:
            raise ValidationError(_("Start the assessment first."))
        assessment_section_assign(
            actor=request.user,
            assessment=assessment,
            area=form.cleaned_data["area"],
            expert=form.cleaned_data["expert"],
            request=request,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Section assigned."))
    return redirect("cases:assessment_detail", case_id=case.pk)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def assessment_section_view(request: StaffRequest, case_id: Any, area: str) -> HttpResponse:
    case, user = _case(request, case_id), request.user
    if area not in AssessmentArea.values:
        raise Http404
    assessment = _current_assessment(case)
    section = get_object_or_404(AssessmentSection, assessment=assessment, area=area)
    if not can_write_section(user, case, section):
        raise PermissionDenied
    form = AssessmentSectionForm(request.POST or None, initial={"text": section.text})
    if request.method == "POST" and form.is_valid():
        try:
            assessment_section_write(
                actor=user, assessment=assessment, area=area, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Section saved."))
            return redirect("cases:assessment_detail", case_id=case.pk)
    audit_view(request, case, context={"page": "assessment_section", "area": area})
    return render(
        request,
        "cases/casework/assessment_section.html",
        {"case": case, "form": form, "section": section, "assessment": assessment},
    )


@staff_view(*CASE_ROLES)
@require_POST
def assessment_complete_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = _case(request, case_id, permissions.can_manage)
    form = AssessmentCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the risk level after the assessment."))
        return redirect("cases:assessment_detail", case_id=case.pk)
    try:
        assessment_complete(
            actor=request.user,
            assessment=_current_assessment(case),
            risk_level=form.cleaned_data["risk_level"],
            request=request,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Assessment completed; the risk level is updated."))
    return redirect("cases:assessment_detail", case_id=case.pk)
