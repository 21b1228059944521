"""Session pages (issue #12): the case's sessions, plan one, its detail, record its outcome, reschedule,
cancel. Thin views: the case or the session comes from a selector scoped by ``cases_visible_to`` (404
outside it), the services decide and refuse with a message; pages showing personal data are audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role, User
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.session import (
    SessionCancelForm,
    SessionPlanForm,
    SessionRecordForm,
    SessionRescheduleForm,
)
from sigap.assistance.models.room import Room
from sigap.assistance.models.session import AccompanimentSession, NotesGroup, SessionStatus
from sigap.assistance.rules.session import notes_group_of
from sigap.assistance.selectors.feedback import session_feedback_for
from sigap.assistance.selectors.session import (
    case_session_groups,
    get_session_for_user,
    reader_for,
    rescheduled_from,
    session_notes,
)
from sigap.assistance.services.session import (
    SessionHeldData,
    SessionPlanData,
    session_cancel,
    session_plan,
    session_record_held,
    session_record_not_held,
    session_reschedule,
)
from sigap.assistance.views.attachment import owner_attachments_context, session_owner
from sigap.assistance.views.room import ROOM_ROLES
from sigap.audit.services import audit_view
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.plan import PlanItem, PlanItemStatus, PlanState
from sigap.cases.rules.permissions import is_head_of
from sigap.cases.selectors.case import get_case_for_user
from sigap.cases.services.plan import provider_candidates
from sigap.core.access import staff_view

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
# The record form's fields that describe a held session (shown together, under "if it was held").
HELD_FIELDS = (
    "actual_start",
    "actual_end",
    "victim_present",
    "companion_present",
    "companion_who",
    "experts",
    "staff",
    "outcome_summary",
    "next_step",
    "notes",
    "item_status",
)


def _team_experts(case: Case) -> QuerySet[User]:
    ids = CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.EXPERT).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk")


def _team_staff(case: Case) -> QuerySet[User]:
    experts = CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.EXPERT).values("user_id")
    return provider_candidates(case).exclude(pk__in=experts)


def _manages_rooms(user: User) -> bool:
    """Whether the rooms page is open to ``user`` (``views.room.ROOM_ROLES``): the form then links to it."""
    membership = user.membership
    return membership is not None and membership.role in ROOM_ROLES


def _open_items(case: Case) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(
        plan__case=case,
        plan__state=PlanState.APPROVED,
        status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS],
    ).select_related("provider_user")


def _saved(
    request: StaffRequest, form: Any, write: Callable[[], AccompanimentSession], done: str
) -> HttpResponse | None:
    """Run the service; its refusal goes to the top of the form (nothing typed is lost), else on to the session."""
    try:
        session = write()
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    messages.success(request, done)
    return redirect("assistance:session_detail", session_id=session.pk)


def _planned(request: StaffRequest, session_id: Any) -> tuple[AccompanimentSession, HttpResponse | None]:
    """The session, and a redirect to it when its outcome is already recorded (nothing left to change)."""
    session = get_session_for_user(request.user, session_id)
    if session.status == SessionStatus.PLANNED:
        return session, None
    messages.info(request, _("This session already has its outcome."))
    return session, redirect("assistance:session_detail", session_id=session.pk)


def _slot_from_calendar(request: StaffRequest) -> dict[str, Any]:
    """The day the calendar's "book a session" link came from (``?hari=YYYY-MM-DD``): 09.00 to 10.00 that day."""
    try:
        day = dt.date.fromisoformat(request.GET.get("hari", ""))
    except ValueError:
        return {}
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_current_timezone())
    return {"planned_start": start, "planned_end": start + dt.timedelta(hours=1)}


@staff_view(*CASE_ROLES)
@require_GET
def session_list(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    groups = case_session_groups(case)
    audit_view(request, case, context={"page": "sessions"})
    return render(request, "assistance/session_list.html", {"case": case, "groups": groups})


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def session_plan_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case, user = get_case_for_user(request.user, case_id), request.user
    experts = _team_experts(case)
    initial = _slot_from_calendar(request)
    # An expert booking her own session on her case is its expert nine times in ten (walk of #12).
    if any(expert.pk == user.pk for expert in experts):
        initial["experts"] = [user.pk]
    form = SessionPlanForm(
        request.POST or None,
        initial=initial,
        experts=experts,
        staff=_team_staff(case),
        items=_open_items(case),
        rooms=Room.objects.filter(unit_id=case.unit_id, active=True).order_by("name", "pk"),
        rooms_url=reverse("assistance:room_list") if _manages_rooms(user) else "",
        is_head=is_head_of(user, case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _saved(
            request,
            form,
            lambda: session_plan(
                actor=user,
                case=case,
                data=SessionPlanData(
                    kind=data["kind"],
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    place=data["place"],
                    place_detail=data["place_detail"],
                    plan_item=data["plan_item"],
                    experts=list(data["experts"]),
                    staff=list(data["staff"]),
                    room=data.get("room"),
                ),
                override_reason=data.get("override_reason", ""),
                request=request,
            ),
            _("Session planned."),
        )
        if saved is not None:
            return saved
    return render(request, "assistance/session_plan.html", {"case": case, "form": form})


@staff_view(*CASE_ROLES)
@require_GET
def session_detail(request: StaffRequest, session_id: Any) -> HttpResponse:
    session = get_session_for_user(request.user, session_id)
    case, user = session.case, request.user
    reader = reader_for(user, case)
    audit_view(request, case, context={"page": "session", "session": str(session.pk)})
    experts = list(session.experts_present.order_by("full_name", "pk"))
    return render(
        request,
        "assistance/session_detail.html",
        {
            "case": case,
            "session": session,
            "experts": experts,
            "staff": list(session.staff_present.order_by("full_name", "pk")),
            "notes": session_notes(reader, session),
            "previous": rescheduled_from(session),
            "is_head": reader.is_head,
            "cancel_form": SessionCancelForm(),
            "feedback": session_feedback_for(user, session, experts=experts),
            **owner_attachments_context(request, session_owner(session)),
        },
    )


def _record_form(request: StaffRequest, session: AccompanimentSession, user: User) -> SessionRecordForm:
    case = session.case
    group = notes_group_of(session.kind, reader_for(user, case).profession)
    initial = {
        "actual_start": session.planned_start,
        "actual_end": session.planned_end,
        "experts": list(session.experts_present.all()),
        "staff": list(session.staff_present.all()),
    }
    return SessionRecordForm(
        request.POST or None,
        initial=initial,
        experts=_team_experts(case),
        staff=_team_staff(case),
        notes_help=_("Who will read these notes: %(group)s.") % {"group": NotesGroup(group).label},
        has_item=session.plan_item_id is not None,
        is_head=is_head_of(user, case),
    )


def _write_outcome(request: StaffRequest, session: AccompanimentSession, data: dict[str, Any]) -> AccompanimentSession:
    if data["outcome"] != SessionStatus.HELD:
        return session_record_not_held(
            actor=request.user,
            session=session,
            reason=data["not_held_reason"],
            note=data["status_note"],
            request=request,
        )
    return session_record_held(
        actor=request.user,
        session=session,
        data=SessionHeldData(
            actual_start=data["actual_start"],
            actual_end=data["actual_end"],
            victim_present=bool(data["victim_present"]),
            experts=list(data["experts"]),
            staff=list(data["staff"]),
            companion_present=bool(data["companion_present"]),
            companion_who=data["companion_who"],
            outcome_summary=data["outcome_summary"],
            next_step=data["next_step"],
            notes=data["notes"],
            item_status=data.get("item_status", ""),
        ),
        override_reason=data.get("override_reason", ""),
        request=request,
    )


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def session_record_view(request: StaffRequest, session_id: Any) -> HttpResponse:
    session, done = _planned(request, session_id)
    if done is not None:
        return done
    form = _record_form(request, session, request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _saved(
            request, form, lambda: _write_outcome(request, session, data), _("Outcome of the session recorded.")
        )
        if saved is not None:
            return saved
    held = [form[name] for name in HELD_FIELDS if name in form.fields]
    return render(
        request,
        "assistance/session_record.html",
        {"case": session.case, "session": session, "form": form, "held_fields": held},
    )


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def session_reschedule_view(request: StaffRequest, session_id: Any) -> HttpResponse:
    session, done = _planned(request, session_id)
    if done is not None:
        return done
    form = SessionRescheduleForm(request.POST or None, is_head=is_head_of(request.user, session.case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _saved(
            request,
            form,
            lambda: session_reschedule(
                actor=request.user,
                session=session,
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                note=data["note"],
                override_reason=data.get("override_reason", ""),
                request=request,
            ),
            _("Session moved; the old slot stays in the history."),
        )
        if saved is not None:
            return saved
    return render(
        request, "assistance/session_reschedule.html", {"case": session.case, "session": session, "form": form}
    )


@staff_view(*CASE_ROLES)
@require_POST
def session_cancel_view(request: StaffRequest, session_id: Any) -> HttpResponse:
    session = get_session_for_user(request.user, session_id)
    form = SessionCancelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the session is cancelled."))
        session_cancel(actor=request.user, session=session, note=form.cleaned_data["note"], request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Session cancelled."))
    return redirect("assistance:session_detail", session_id=session.pk)
