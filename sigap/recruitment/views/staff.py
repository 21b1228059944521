"""Staff pages of open recruitment: vacancies, applications, the check, the scores, the ranking, the choice.

Access (``selectors``): HEAD and UNIT_ADMIN manage the unit's vacancies; the applicants are shown to the
HEAD and the panel of the vacancy only (the UNIT_ADMIN sees counts); a panel member with another role
sees only their panels; another unit's vacancy or application is a 404. Thin views: parse the form, fetch
through the getter, call the service, redirect.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.core.access import staff_view
from sigap.core.crypto.aead import DecryptionError
from sigap.core.files.store import download_response, file_open
from sigap.recruitment import selectors
from sigap.recruitment.forms.staff import CheckForm, RetentionForm, ScoreForm, VacancyForm
from sigap.recruitment.models import Application, ApplicationDocument, ApplicationState, DocumentKind
from sigap.recruitment.services.retention import retention_days_set
from sigap.recruitment.services.selection import application_check, application_choose, score_record
from sigap.recruitment.services.vacancy import vacancy_save

DOCUMENT_ORDER = {kind: index for index, kind in enumerate(DocumentKind.values)}

logger = logging.getLogger("sigap.recruitment")

MANAGE_ROLES = (Role.HEAD, Role.UNIT_ADMIN)
# Who may open the recruitment pages at all; the getters narrow it to the vacancies of their panels.
VIEW_ROLES = (Role.HEAD, Role.UNIT_ADMIN, Role.CASE_MANAGER, Role.EXPERT)


def _errors(request: StaffRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _vacancy_values(form: VacancyForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "post": data["post"],
        "profession": data["profession"],
        "description": data["description"],
        "requirements": data["requirements"].splitlines(),
        "documents_required": data["documents_required"],
        "posts": data["posts"],
        "fiscal_year": data["fiscal_year"],
        "published_on": data["published_on"],
        "closes_on": data["closes_on"],
        "state": data["state"],
        "panel": list(data["panel"]),
    }


@staff_view(*VIEW_ROLES)
@require_GET
def vacancy_list(request: StaffRequest) -> HttpResponse:
    """The unit's vacancies (HEAD, UNIT_ADMIN), or the vacancies of the user's panels."""
    vacancies = selectors.vacancies_visible_to(request.user)
    can_manage = request.membership.role in MANAGE_ROLES
    context = {
        "vacancies": vacancies,
        "can_manage": can_manage,
        "can_set_retention": request.membership.role == Role.HEAD,
        "retention_days": selectors.retention_days_of(request.membership.unit_id),
    }
    return render(request, "recruitment/vacancy_list.html", context)


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def vacancy_create(request: StaffRequest) -> HttpResponse:
    unit_id = request.membership.unit_id
    form = VacancyForm(request.POST or None, unit_id=unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = vacancy_save(actor=request.user, request=request, **_vacancy_values(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vacancy saved."))
            return redirect("recruitment:vacancy_detail", vacancy_id=vacancy.pk)
    return render(request, "recruitment/vacancy_form.html", {"form": form, "vacancy": None})


@staff_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: StaffRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    access = selectors.get_vacancy_for_user(request.user, vacancy_id)
    vacancy = access.vacancy
    if not access.can_edit:
        # Refused on opening, not after the user has typed changes that could never be saved.
        messages.error(request, _("This vacancy has been decided: it cannot change any more."))
        return redirect("recruitment:vacancy_detail", vacancy_id=vacancy.pk)
    form = VacancyForm(request.POST or None, unit_id=vacancy.unit_id, initial=VacancyForm.initial_of(vacancy))
    if request.method == "POST" and form.is_valid():
        try:
            vacancy_save(actor=request.user, vacancy=vacancy, request=request, **_vacancy_values(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vacancy saved."))
            return redirect("recruitment:vacancy_detail", vacancy_id=vacancy.pk)
    return render(request, "recruitment/vacancy_form.html", {"form": form, "vacancy": vacancy})


@staff_view(*VIEW_ROLES)
@require_GET
def vacancy_detail(request: StaffRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    """The vacancy; its applicants for the HEAD and the panel, counts only for the UNIT_ADMIN."""
    access = selectors.get_vacancy_for_user(request.user, vacancy_id)
    ranking = selectors.ranking_of(access.vacancy) if access.sees_applicants else None
    # How many candidates each member scored (never how much): everyone sees how far the panel got.
    scored = selectors.panel_scored_count(access.vacancy) if access.sees_applicants else {}
    counts = selectors.state_counts(access.vacancy)
    context = {
        "access": access,
        "vacancy": access.vacancy,
        "applications": selectors.applications_of(access),
        "counts": [(state.label, counts[state.value]) for state in ApplicationState if state.value in counts],
        "ranking": ranking,
        "panel": [(m.user, scored.get(m.user_id, 0)) for m in access.vacancy.panel_members.select_related("user")],
    }
    return render(request, "recruitment/vacancy_detail.html", context)


@staff_view(*VIEW_ROLES)
@require_GET
def application_detail(request: StaffRequest, application_id: uuid.UUID) -> HttpResponse:
    """One applicant (HEAD and panel): what they sent, the check, the user's own score, the others' once
    every member has scored."""
    application, access = selectors.get_application_for_user(request.user, application_id)
    return _application_page(request, application, access)


def _application_page(
    request: StaffRequest,
    application: Application,
    access: selectors.VacancyAccess,
    score_form: ScoreForm | None = None,
    check_form: CheckForm | None = None,
) -> HttpResponse:
    """The applicant's page; ``score_form`` / ``check_form`` is a refused form, shown again with its errors next
    to the fields and every typed value kept (walk #13, 8), never a banner over an emptied form."""
    ranking = selectors.ranking_of(access.vacancy)
    own = selectors.own_score(application, request.user)
    if check_form is None:
        check_form = CheckForm(
            requirements=access.vacancy.requirements,
            initial={f"req_{k}": v for k, v in application.checks.items()} | {"note": application.check_note},
        )
    if score_form is None:
        score_form = ScoreForm(
            initial={"test_score": own.test_score, "interview_score": own.interview_score, "note": own.note}
            if own
            else None
        )
    audit_record(
        actor=request.user, unit=access.vacancy.unit, action=AuditAction.VIEW, obj=application, request=request
    )
    context = {
        "application": application,
        "access": access,
        "vacancy": access.vacancy,
        # In the public form's order (CV, diploma, licence, certificates), not the codes' alphabetical one.
        "documents": sorted(application.documents.all(), key=lambda d: (DOCUMENT_ORDER.get(d.kind, 99), d.uploaded_at)),
        "check_form": check_form,
        "score_form": score_form,
        "own": own,
        "ranking": ranking,
        "all_scores": application.scores.select_related("scorer") if ranking.complete else None,
        "requirements": [(text, application.checks.get(str(i))) for i, text in enumerate(access.vacancy.requirements)],
    }
    return render(request, "recruitment/application_detail.html", context)


@staff_view(*VIEW_ROLES)
@require_POST
def application_check_view(request: StaffRequest, application_id: uuid.UUID) -> HttpResponse:
    application, access = selectors.get_application_for_user(request.user, application_id)
    form = CheckForm(request.POST, requirements=access.vacancy.requirements)
    if not form.is_valid():
        return _application_page(request, application, access, check_form=form)
    try:
        application_check(
            actor=request.user,
            access=access,
            application=application,
            met=form.met(),
            note=form.cleaned_data["note"],
            request=request,
        )
    except ValidationError as error:
        _errors(request, error)  # a refusal of the state (check closed): nothing to correct
    else:
        messages.success(request, _("Administrative check recorded."))
    return redirect("recruitment:application_detail", application_id=application.pk)


@staff_view(*VIEW_ROLES)
@require_POST
def application_score_view(request: StaffRequest, application_id: uuid.UUID) -> HttpResponse:
    application, access = selectors.get_application_for_user(request.user, application_id)
    if not access.on_panel:
        raise PermissionDenied
    form = ScoreForm(request.POST)
    if not form.is_valid():
        # Shown again with the error next to the score and the note kept, not in a banner over an empty form.
        return _application_page(request, application, access, score_form=form)
    try:
        score_record(
            actor=request.user,
            access=access,
            application=application,
            test_score=form.cleaned_data["test_score"],
            interview_score=form.cleaned_data["interview_score"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except ValidationError as error:
        _errors(request, error)  # a refusal of the state (scores closed, not admitted): nothing to correct
    else:
        messages.success(request, _("Your scores are saved. Nobody sees them before every member has scored."))
    return redirect("recruitment:application_detail", application_id=application.pk)


@staff_view(Role.HEAD)
@require_POST
def application_choose_view(request: StaffRequest, application_id: uuid.UUID) -> HttpResponse:
    application, access = selectors.get_application_for_user(request.user, application_id)
    try:
        chosen = application_choose(actor=request.user, access=access, application=application, request=request)
    except ValidationError as error:
        _errors(request, error)
        return redirect("recruitment:application_detail", application_id=application.pk)
    # The link's e-mail never names the username (AUTH-08: a mailed link alone must not give a login), so the
    # HEAD hands it over herself, in person or by phone (walk #13, 21).
    messages.success(
        request,
        _(
            "Applicant chosen: their account and expert profile are created, and the password link is on its way. "
            "Their username is %(username)s: tell them in person or by phone (the e-mail does not name it)."
        )
        % {"username": chosen.user.username},
    )
    return redirect("experts:expert_detail", user_id=chosen.user.pk)


@staff_view(*VIEW_ROLES)
@require_GET
def application_document(request: StaffRequest, application_id: uuid.UUID, document_id: uuid.UUID) -> Any:
    """Download one document of an applicant (HEAD and panel), audited."""
    application, access = selectors.get_application_for_user(request.user, application_id)
    document = get_object_or_404(ApplicationDocument, pk=document_id, application=application)
    try:
        stream = file_open(document.storage_name, document.file_key)
    except (DecryptionError, OSError) as exc:
        # Ids only: the file's name is personal. The operator restores it from the backup (operations.md).
        logger.error(
            "application document unreadable", extra={"document": str(document.pk), "error": type(exc).__name__}
        )
        messages.error(request, _("This file cannot be read at the moment. Tell the administrator of the unit."))
        return redirect("recruitment:application_detail", application_id=application.pk)
    audit_record(
        actor=request.user, unit=access.vacancy.unit, action=AuditAction.DOWNLOAD, obj=application, request=request
    )
    return download_response(
        stream, content_type=document.content_type, size=document.size, original_name=document.original_name
    )


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def recruitment_settings(request: StaffRequest) -> HttpResponse:
    """The unit's retention period of applicants' data (HEAD only: it is a decision under UU PDP)."""
    current = selectors.retention_days_of(request.membership.unit_id)
    form = RetentionForm(request.POST or None, initial={"retention_days": current})
    if request.method == "POST" and form.is_valid():
        try:
            retention_days_set(actor=request.user, days=form.cleaned_data["retention_days"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Retention period saved."))
            return redirect("recruitment:vacancy_list")
    return render(request, "recruitment/settings.html", {"form": form})
