"""Legal-process pages (issue #12): the case's legal track (HEAD and case team read; the HEAD, the case
manager and the legal counsellor record), a track's stage, its hearings, the rights checklist. Thin views:
the case or the track comes from a selector scoped by ``cases_visible_to`` (404 outside it), the services
decide and refuse with a message that goes to the top of the form (nothing typed is lost).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.legal import HearingForm, StageForm, TrackStartForm
from sigap.assistance.models.attachment import OwnerKind
from sigap.assistance.models.legal import HEARING_FROM, LegalStage, LegalTrack, VictimRight
from sigap.assistance.rules.legal import can_record_legal, next_stages
from sigap.assistance.selectors.attachment import attachment_counts
from sigap.assistance.selectors.legal import (
    case_sessions_for_hearing,
    get_track_for_user,
    legal_page,
    perpetrators_without_track,
)
from sigap.assistance.services.legal import (
    HearingData,
    LegalStepData,
    hearing_add,
    hearing_refusal,
    legal_stage_set,
    legal_track_start,
    right_mark,
)
from sigap.audit.services import audit_view
from sigap.cases.models import Case
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)


def _recorder_track(request: StaffRequest, track_id: Any) -> LegalTrack:
    """The track (404 outside the user's scope); 403 for a team member who reads but does not record."""
    track = get_track_for_user(request.user, track_id)
    if not can_record_legal(request.user, track.case):
        raise PermissionDenied
    return track


def _back(case: Case) -> HttpResponse:
    return redirect("assistance:legal_track", case_id=case.pk)


def _saved(request: StaffRequest, form: Any, write: Callable[[], object], case: Case, done: str) -> HttpResponse | None:
    try:
        write()
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    messages.success(request, done)
    return _back(case)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def legal_track(request: StaffRequest, case_id: Any) -> HttpResponse:
    """The case's legal process: one track per perpetrator, their hearings, the rights; POST starts a track."""
    case, user = get_case_for_user(request.user, case_id), request.user
    may_record = can_record_legal(user, case) and case.is_open
    form = TrackStartForm(request.POST or None, perpetrators=perpetrators_without_track(case))
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            lambda: legal_track_start(
                actor=user, case=case, perpetrator=form.cleaned_data["perpetrator"], request=request
            ),
            case,
            _("Legal-process track started."),
        )
        if saved is not None:
            return saved
    audit_view(request, case, context={"page": "legal"})
    page = legal_page(case)
    hearings = [hearing for track in page.tracks for hearing in track.hearings.all()]
    # The documents of every hearing in one GROUP BY, set on the prefetched rows the template walks.
    counts = attachment_counts(user, case, OwnerKind.HEARING, [h.pk for h in hearings])
    for hearing in hearings:
        hearing.document_count = counts.get(str(hearing.pk), 0)  # type: ignore[attr-defined]
    context = {"case": case, "page": page, "form": form, "may_record": may_record}
    return render(request, "assistance/legal_track.html", context)


@staff_view(*CASE_ROLES)
@require_GET
def legal_track_go(request: StaffRequest, track_id: Any) -> HttpResponse:
    """Where a deadline's work item links: the case's legal page."""
    return _back(get_track_for_user(request.user, track_id).case)


def _track_form(
    request: StaffRequest,
    track: LegalTrack,
    form: Any,
    write: Callable[[dict[str, Any]], object],
    *,
    title: str,
    done: str,
    notice: str = "",
) -> HttpResponse:
    """A recording page of one track: the form, the service on a valid POST, the refusal at the top."""
    if request.method == "POST" and form.is_valid():
        saved = _saved(request, form, lambda: write(form.cleaned_data), track.case, done)
        if saved is not None:
            return saved
    context = {"case": track.case, "track": track, "form": form, "title": title, "notice": notice}
    return render(request, "assistance/legal_form.html", context)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def legal_stage(request: StaffRequest, track_id: Any) -> HttpResponse:
    track = _recorder_track(request, track_id)
    form = StageForm(request.POST or None, stages=next_stages(track.stage), initial={"stage": track.stage})
    return _track_form(
        request,
        track,
        form,
        lambda data: legal_stage_set(actor=request.user, track=track, data=LegalStepData(**data), request=request),
        title=_("Record a stage"),
        done=_("Stage recorded."),
    )


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def legal_hearing(request: StaffRequest, track_id: Any) -> HttpResponse:
    track = _recorder_track(request, track_id)
    refusal = hearing_refusal(track)
    if refusal:
        # The page says why and what to do first, never a form that would jump the stages (GET or POST).
        context = {"case": track.case, "track": track, "form": None, "title": _("Add a hearing"), "notice": refusal}
        return render(request, "assistance/legal_form.html", context)
    form = HearingForm(request.POST or None, sessions=case_sessions_for_hearing(track.case))
    if track.stage == HEARING_FROM:
        request_notice = _("Recording this hearing moves the legal process from %(from)s to %(to)s.") % {
            "from": track.get_stage_display(),
            "to": LegalStage.TRIAL.label,
        }
    else:
        request_notice = ""
    return _track_form(
        request,
        track,
        form,
        lambda data: hearing_add(actor=request.user, track=track, data=HearingData(**data), request=request),
        title=_("Add a hearing"),
        done=_("Hearing recorded."),
        notice=request_notice,
    )


@staff_view(*CASE_ROLES)
@require_POST
def legal_right(request: StaffRequest, case_id: Any) -> HttpResponse:
    """Tick one right as informed / fulfilled (the checklist's row is its own small form)."""
    case = get_case_for_user(request.user, case_id)
    right = request.POST.get("right", "")
    if right not in VictimRight.values:
        messages.error(request, _("Choose a right of the list."))
        return _back(case)
    try:
        right_mark(
            actor=request.user,
            case=case,
            right=right,
            informed=request.POST.get("informed") == "on",
            fulfilled=request.POST.get("fulfilled") == "on",
            request=request,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back(case)
    messages.success(request, _("Rights checklist saved."))
    return _back(case)
