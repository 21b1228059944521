"""Case pages: list, open, detail, timeline, state steps, closure, reopen, break-glass and the PDF.

Thin views: parse the form, fetch the case through ``get_case_for_user`` (404 outside scope), check
the action predicate (403 for a read-only team member), call a service, redirect. Team, persons and
notes: ``views_people``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.middleware import search_post
from sigap.accounts.models import Role, User
from sigap.accounts.request import StaffRequest
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view, audit_view_head
from sigap.cases import codes
from sigap.cases.forms.case import (
    BreakGlassForm,
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    ClosureRequestForm,
    NoteForm,
    PersonLookupForm,
    ReopenForm,
    TransitionForm,
)
from sigap.cases.models import Case, CaseState
from sigap.cases.pdf import case_summary_pdf
from sigap.cases.rules import disclosure, guards, permissions
from sigap.cases.selectors import case as selectors
from sigap.cases.selectors.people import removed_links_query
from sigap.cases.selectors.rows import case_list_page, case_search_rows
from sigap.cases.selectors.view import CaseView
from sigap.cases.services import closure as services_closure
from sigap.cases.services import lifecycle as services
from sigap.cases.services.handoffs import team_joined_read
from sigap.cases.services.team import break_glass_open
from sigap.cases.sources import CaseSource, case_source_for, case_source_reads
from sigap.cases.timeline.case import case_timeline
from sigap.cases.views.casework import casework_overview
from sigap.core import compiled
from sigap.core.access import staff_view
from sigap.core.forms import KeptForm

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
PAGE_SIZE = 25
MAX_SEARCH_ROWS = 50


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _case_or_break_glass(request: StaffRequest, case_id: Any) -> Case | HttpResponse:
    """The visible case, or a redirect to break-glass for the HEAD's restricted cases, else 404."""
    try:
        return selectors.get_case_for_user(request.user, case_id)
    except Http404:
        if selectors.restricted_case_for_head(request.user, case_id) is not None:
            return redirect("cases:case_break_glass", case_id=case_id)
        raise


# --- list and open ------------------------------------------------------------------------------


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_list(request: StaffRequest) -> HttpResponse:
    """HEAD: the unit's cases; others: their own. Filters by GET; NIK/phone/name search by POST only."""
    user = request.user
    districts = selectors.unit_districts(user)
    filters = selectors.CaseFilters()
    filter_form: CaseFilterForm | KeptForm
    if request.GET:
        filter_form = CaseFilterForm(request.GET, districts=districts)
        if filter_form.is_valid():
            filters = selectors.CaseFilters(**filter_form.cleaned_data)
    else:  # no filter chosen: the empty bar, built only when its HTML is not kept yet
        filter_form = CaseFilterForm.unbound(districts)
    lookup_form = PersonLookupForm(request.POST or None, prefix="find")
    searching = request.method == "POST"
    if searching:
        search_post(request)  # the search only reads: the idle clock treats it as a page read (D90)
    year = timezone.localdate(timezone.now(), request.membership.unit.zone).year
    # A search with a mistake is not run: its errors show, and no list under "search results" (walk: the unit's
    # cases listed there read as matches of the wrong NIK).
    search_refused = searching and not lookup_form.is_valid()
    # The chain's head the VIEW event will move, read with the rows' people (D93).
    along = compiled.Along(audit_head=audit_view_head(request))
    if searching and not search_refused:
        data = lookup_form.cleaned_data
        person_ids = selectors.persons_matching(
            user, nik=data["nik"], phone=data["phone"], name=data["name"], birth_year=data["birth_year"]
        )
        rows = case_search_rows(user, filters, person_ids, MAX_SEARCH_ROWS, year=year, along=along)
        page = None
    elif search_refused:
        rows, page = [], None
    else:
        page = case_list_page(user, filters, request.GET.get("page"), PAGE_SIZE, year=year, along=along)
        rows = list(page.object_list)
    audit_view(
        request,
        object_type="cases.case_list",
        context={**filters.as_context(), "person_search": searching},
        head_rows=along.rows("audit_head"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "rows": rows,
            "page": page,
            "filter_form": filter_form,
            "lookup_form": lookup_form,
            "searching": searching,
            "search_refused": search_refused,
            "max_search_rows": MAX_SEARCH_ROWS,
            "query": query.urlencode(),
            "can_open": user.membership is not None and user.membership.role in services.OPENING_ROLES,
        },
    )


@staff_view(Role.HEAD, Role.CASE_MANAGER)
@require_http_methods(["GET", "POST"])
def case_open(request: StaffRequest) -> HttpResponse:
    """Open a case directly (HEAD or CASE_MANAGER); a CASE_MANAGER becomes its case manager."""
    user = request.user
    membership = request.membership
    is_head = membership.role == Role.HEAD
    managers = User.objects.filter(
        is_active=True,
        memberships__unit=membership.unit,
        memberships__is_active=True,
        memberships__role__in=[Role.CASE_MANAGER, Role.HEAD],
    ).order_by("full_name")
    form = CaseOpenForm(request.POST or None, managers=managers, is_head=is_head)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                actor=user,
                category=data["category"],
                category_subtype=data["category_subtype"],
                risk_level=data["risk_level"],
                complaint_ref=data["complaint_ref"],
                restricted=bool(data.get("restricted")),
                case_manager=data.get("case_manager"),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            if selectors.cases_visible_to(user).filter(pk=case.pk).exists():
                return redirect("cases:case_detail", case_id=case.pk)
            return redirect("cases:case_list")
    return render(request, "cases/case_open.html", {"form": form, "is_head": is_head})


# --- detail and timeline ------------------------------------------------------------------------


def _actions(user: User, case: Case) -> dict[str, Any]:
    manage = permissions.can_manage(user, case)
    head = permissions.is_head_of(user, case)
    steps = {
        CaseState.KASUS_DIBUKA: [("start_assessment", _("Start assessment"), guards.START_ASSESSMENT)],
        CaseState.ASESMEN: [("start_planning", _("Start the intervention plan"), guards.START_PLANNING)],
        CaseState.RENCANA_INTERVENSI: [("start_intervention", _("Start the intervention"), guards.START_INTERVENTION)],
        CaseState.INTERVENSI: [("start_monitoring", _("Start monitoring"), guards.START_MONITORING)],
        CaseState.PEMANTAUAN: [
            ("revise_assessment", _("Back to assessment"), guards.REVISE),
            ("revise_plan", _("Back to the plan"), guards.REVISE),
        ],
    }
    available = []
    if manage and not case.closure_pending:
        for action, label, transition in steps.get(CaseState(case.state), []):
            available.append(
                {
                    "action": action,
                    "label": label,
                    "refusals": guards.refusals(transition, case),
                    "confirm": action.startswith("revise_"),  # a step back: confirmed with a reason
                }
            )
    return {
        "steps": available,
        "can_manage": manage,
        "is_head": head,
        "can_request_closure": manage and case.is_open and not case.closure_pending,
        "can_decide_closure": head and case.closure_pending,
        "can_reopen": manage and case.state == CaseState.TERMINASI,
        "can_contribute": permissions.can_contribute(user, case),
        "can_assign": permissions.can_assign_team(user, case),
    }


@staff_view(*CASE_ROLES)
@require_GET
def case_detail(request: StaffRequest, case_id: Any) -> HttpResponse:
    found = _case_or_break_glass(request, case_id)
    if isinstance(found, HttpResponse):
        return found
    # Each row set of the page is read once and shared with the guards and permissions (issue #22).
    case, user = found, request.user
    rows = CaseView(user, case)
    is_head = rows.is_head
    # The HEAD reads every note: her role on the team is not asked (nor the team read for it).
    notes = selectors.notes_for(user, case, team_role=None if is_head else rows.team_role, is_head=is_head)
    notes_page = request.GET.get("notes_page")
    # The page's panels in one round trip (D93): the HEAD's team and persons with them; another reader's
    # team was read first (her role on it decides which of the persons' columns she may read).
    panels = {"link_requests": selectors.pending_link_requests_query(case)}
    if is_head:  # the HEAD sees who was removed as a mistake, and why (the reason is case content)
        panels["removed"] = removed_links_query(case)
    if notes_page in (None, ""):
        panels["notes"] = notes.first_query(PAGE_SIZE)
    full = rows.full_identity
    sources = case_source_reads(case, with_account=full)
    if sources:
        panels["source"] = sources[0].query
    if (head := audit_view_head(request, case)) is not None:
        panels["audit_head"] = head  # the chain's head the VIEW event will move (PostgreSQL, outside a transaction)
    loaded = rows.load("team", "links", "consents", "incidents", "assessment", "plan", **panels)
    if rows.team_role:
        # Opening the file is what "read the case file you joined" asks: that item is done.
        team_joined_read(case=case, user=user)
    year = timezone.localdate(timezone.now(), case.unit.zone).year
    persons = disclosure.persons_shown(rows.links, case=case, full=full, year=year)
    audit_view(request, case, context={"full_identity": full}, head_rows=loaded.get("audit_head"))
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "team": rows.team,
            "persons": persons,
            "has_pseudonyms": any(shown.name_is_pseudonym for shown in persons),
            "link_requests": loaded["link_requests"],
            "notes": compiled.kept_page(notes, PAGE_SIZE, notes_page, first=loaded.get("notes")),
            "note_form": NoteForm(),
            "actions": _actions(user, case),
            "closure_reason_label": _termination_label(case.closure_reason),
            "casework": _with_consent_labels(casework_overview(rows), persons),
            "removed_persons": loaded.get("removed", []),
            # The complaint's account, through the registry intake fills (cases never imports intake).
            "source": _source_shown(case, full, loaded.get("source")),
        },
    )


def _source_shown(case: Case, full: bool, first_rows: list[Any] | None = None) -> CaseSource | None:
    """The complaint the case came from, as this reader may read it. Its account is free text that names people
    and places (the child, her mother, the street): only readers of full identities (the HEAD, the case manager)
    read it; an expert gets the complaint's number and a note, and the account is not even decrypted (D63)."""
    source = case_source_for(case, with_account=full, first_rows=first_rows)
    if source is None or full:
        return source
    return replace(source, account="")


def _with_consent_labels(casework: dict[str, Any], persons: list[disclosure.PersonShown]) -> dict[str, Any]:
    # The consent block names the victim exactly as the persons table does (one rule, disclosure.py).
    names = {shown.link.pk: shown.name for shown in persons}
    for consent in casework["consents"]:
        consent.victim_label = names.get(consent.victim_id, "")
    return casework


def _termination_label(code: str) -> str:
    return codes.label_of(codes.TERMINATION_REASON, code)


@staff_view(*CASE_ROLES)
@require_GET
def case_timeline_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    found = _case_or_break_glass(request, case_id)
    if isinstance(found, HttpResponse):
        return found
    audit_view(request, found, context={"page": "timeline"})
    return render(request, "cases/case_timeline.html", {"case": found, "entries": case_timeline(found)})


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_edit(request: StaffRequest, case_id: Any) -> HttpResponse:
    """Re-rate the risk or correct the category (HEAD or case manager); the HEAD sets the restriction."""
    case, user = selectors.get_case_for_user(request.user, case_id), request.user
    if not permissions.can_manage(user, case):
        raise PermissionDenied
    is_head = permissions.is_head_of(user, case)
    initial = {
        "category": case.category,
        "category_subtype": case.category_subtype,
        "risk_level": case.risk_level,
        "restricted": case.restricted,
    }
    # A HEAD off the team is warned before she restricts the case (issue #19).
    off_team = is_head and not case.restricted and permissions.team_role_of(user, case) is None
    form = CaseEditForm(request.POST or None, initial=initial, is_head=is_head, on_team=not off_team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a refused restriction saves nothing of the form
                services.case_update_classification(
                    actor=user,
                    case=case,
                    category=data["category"],
                    category_subtype=data["category_subtype"],
                    risk_level=data["risk_level"],
                    request=request,
                )
                if is_head:
                    services.case_set_restricted(
                        actor=user,
                        case=case,
                        restricted=data["restricted"],
                        join_team=data.get("join_team", False),
                        request=request,
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_edit.html", {"case": case, "form": form, "off_team": off_team})


# --- steps, closure, reopen -----------------------------------------------------------------------

_STEP_SERVICES: dict[str, Callable[..., Case]] = {
    "start_assessment": services.case_start_assessment,
    "start_planning": services.case_start_planning,
    "start_intervention": services.case_start_intervention,
    "start_monitoring": services.case_start_monitoring,
    "approve_closure": services_closure.case_approve_closure,
}

# What the message after a step says: what happened, not "Done."
_STEP_DONE = {
    "start_assessment": gettext_lazy("Assessment started."),
    "start_planning": gettext_lazy("Intervention planning started."),
    "start_intervention": gettext_lazy("Intervention started."),
    "start_monitoring": gettext_lazy("Monitoring started."),
    "approve_closure": gettext_lazy("Case closed."),
}


@staff_view(*CASE_ROLES)
@require_POST
def case_transition(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = selectors.get_case_for_user(request.user, case_id), request.user
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return redirect("cases:case_detail", case_id=case.pk)
    action = form.cleaned_data["action"]
    head_only = action in ("approve_closure", "reject_closure")
    allowed = permissions.is_head_of(user, case) if head_only else permissions.can_manage(user, case)
    if not allowed:
        raise PermissionDenied
    if action not in _STEP_SERVICES:
        # A step back or a closure sent back is confirmed, with a reason, on its own page.
        return redirect("cases:case_step_confirm", case_id=case.pk, action=action)
    try:
        _STEP_SERVICES[action](actor=user, case=case, request=request)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, str(_STEP_DONE[action]))
    return redirect("cases:case_detail", case_id=case.pk)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_request_closure(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = selectors.get_case_for_user(request.user, case_id), request.user
    if not permissions.can_manage(user, case):
        raise PermissionDenied
    form = ClosureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_closure.case_request_closure(
                actor=user,
                case=case,
                reason=form.cleaned_data["reason"],
                summary=form.cleaned_data["summary"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Closure requested: the head of the unit will decide."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_closure.html", {"case": case, "form": form})


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_reopen(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = selectors.get_case_for_user(request.user, case_id), request.user
    if not permissions.can_manage(user, case):
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_closure.case_reopen(
                actor=user,
                case=case,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case reopened: it is back in assessment."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_reopen.html", {"case": case, "form": form})


# --- break-glass and print -------------------------------------------------------------------------


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def case_break_glass(request: StaffRequest, case_id: Any) -> HttpResponse:
    """A HEAD opens a restricted case of the unit with a written reason (404 for anything else)."""
    user = request.user
    case = selectors.restricted_case_for_head(user, case_id)
    if case is None:
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_open(actor=user, case=case, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.warning(request, _("Emergency access granted for 8 hours. It is recorded and reviewed."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_break_glass.html", {"case": case, "form": form})


@staff_view(*CASE_ROLES)
@require_GET
def case_summary(request: StaffRequest, case_id: Any) -> HttpResponse:
    """The printable case summary (PDF), audited as PRINT; children's names only for roles needing them."""
    case, user = selectors.get_case_for_user(request.user, case_id), request.user
    show_child_names = permissions.sees_child_names(user, case)
    content = case_summary_pdf(case=case, reader=user, show_child_names=show_child_names)
    audit_view(request, case, AuditAction.PRINT, context={"child_names": show_child_names})
    response = HttpResponse(content, content_type="application/pdf")
    filename = case.number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
