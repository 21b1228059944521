"""Shelter pages (issue #12): the unit's shelters and one shelter's rooms and beds (the HEAD and the unit
administrator manage them; case staff read), the occupancy board (HEAD), and on a case its stays, the admission
and the discharge. Thin views: objects come from selectors scoped to the user's unit or ``cases_visible_to``
(404 outside), the services decide and refuse with a message shown at the top of the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.shelter import AdmissionForm, BedForm, DischargeForm, RoomForm, ShelterForm
from sigap.assistance.rules.shelter import (
    LIMIT_DAYS,
    can_admit,
    can_edit_shelter_contact,
    can_manage_shelters,
    can_see_shelter_address,
    day_level,
    stay_day,
)
from sigap.assistance.selectors.shelter import (
    case_children,
    case_stays,
    case_victims,
    free_beds,
    get_bed_for_user,
    get_room_for_user,
    get_shelter_for_user,
    get_stay_for_user,
    shelter_board,
    shelter_rooms,
    unit_shelters,
)
from sigap.assistance.services.shelter import (
    AdmissionData,
    RoomData,
    ShelterData,
    bed_add,
    bed_set_active,
    room_save,
    shelter_admit,
    shelter_create,
    shelter_discharge,
    shelter_update,
)
from sigap.assistance.views.session import CASE_ROLES
from sigap.audit.services import audit_view
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view

SHELTER_ROLES = (Role.HEAD, Role.UNIT_ADMIN, Role.CASE_MANAGER, Role.EXPERT)
MANAGER_ROLES = (Role.HEAD, Role.UNIT_ADMIN)


def _attempt(request: StaffRequest, form: Any, write: Callable[[], Any], done: str) -> Any:
    """Run the service; its refusal goes to the top of the form (nothing typed is lost). None when refused."""
    try:
        result = write()
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    messages.success(request, done)
    return result if result is not None else True


def _unit(request: StaffRequest) -> Any:
    assert request.membership is not None  # staff_view lets only members through
    return request.membership.unit


@staff_view(*SHELTER_ROLES)
@require_GET
def shelter_list(request: StaffRequest) -> HttpResponse:
    unit = _unit(request)
    context = {"shelters": list(unit_shelters(request.user)), "may_manage": can_manage_shelters(request.user, unit.pk)}
    return render(request, "assistance/shelter_list.html", context)


def _shelter_data(form: Any) -> ShelterData:
    data = form.cleaned_data
    return ShelterData(
        name=data["name"],
        owner=data["owner"],
        active=data["active"],
        address=data.get("address"),
        phone=data.get("phone"),
    )


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def shelter_create_view(request: StaffRequest) -> HttpResponse:
    unit = _unit(request)
    form = ShelterForm(request.POST or None, with_contact=can_edit_shelter_contact(request.user, unit.pk))
    if request.method == "POST" and form.is_valid():
        made = _attempt(
            request,
            form,
            lambda: shelter_create(actor=request.user, unit=unit, data=_shelter_data(form), request=request),
            _("Shelter added."),
        )
        if made is not None:
            return redirect("assistance:shelter_detail", shelter_id=made.pk)
    return render(request, "assistance/shelter_form.html", {"form": form, "title": _("Add a shelter")})


@staff_view(*SHELTER_ROLES)
@require_GET
def shelter_detail(request: StaffRequest, shelter_id: Any) -> HttpResponse:
    shelter = get_shelter_for_user(request.user, shelter_id)
    shows_address = can_see_shelter_address(request.user, shelter)
    if shows_address:
        audit_view(request, shelter, context={"page": "shelter"})
    may_manage = can_manage_shelters(request.user, shelter.unit_id)
    context = {
        "shelter": shelter,
        "line": shelter_rooms(request.user, shelter),
        "shows_address": shows_address,
        "may_manage": may_manage,
        "room_form": RoomForm(),
        "bed_form": BedForm(),
    }
    return render(request, "assistance/shelter_detail.html", context)


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def shelter_edit(request: StaffRequest, shelter_id: Any) -> HttpResponse:
    shelter = get_shelter_for_user(request.user, shelter_id)
    contact = can_edit_shelter_contact(request.user, shelter.unit_id)
    initial: dict[str, Any] = {"name": shelter.name, "owner": shelter.owner, "active": shelter.active}
    if contact:
        initial |= {"address": shelter.address, "phone": shelter.phone}
    form = ShelterForm(request.POST or None, initial=initial, with_contact=contact)
    if request.method == "POST" and form.is_valid():
        write = lambda: shelter_update(  # noqa: E731
            actor=request.user, shelter=shelter, data=_shelter_data(form), request=request
        )
        if _attempt(request, form, write, _("Shelter saved.")) is not None:
            return redirect("assistance:shelter_detail", shelter_id=shelter.pk)
    return render(
        request, "assistance/shelter_form.html", {"form": form, "title": _("Change the shelter"), "shelter": shelter}
    )


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def shelter_room_add(request: StaffRequest, shelter_id: Any) -> HttpResponse:
    shelter = get_shelter_for_user(request.user, shelter_id)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = RoomData(**form.cleaned_data)
        write = lambda: room_save(actor=request.user, shelter=shelter, data=data, request=request)  # noqa: E731
        if _attempt(request, form, write, pgettext("shelter", "Room added.")) is not None:
            return redirect("assistance:shelter_detail", shelter_id=shelter.pk)
    return render(
        request,
        "assistance/shelter_form.html",
        {"form": form, "title": pgettext("shelter", "Add a room"), "shelter": shelter},
    )


@staff_view(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def shelter_room_edit(request: StaffRequest, room_id: Any) -> HttpResponse:
    """Change a room: its name, who it takes, its ages, whether it takes admissions."""
    room = get_room_for_user(request.user, room_id)
    initial = {"name": room.name, "takes": room.takes, "min_age": room.min_age, "max_age": room.max_age}
    form = RoomForm(request.POST or None, initial={**initial, "active": room.active})
    if request.method == "POST" and form.is_valid():
        data = RoomData(**form.cleaned_data)
        write = lambda: room_save(  # noqa: E731
            actor=request.user, shelter=room.shelter, data=data, room=room, request=request
        )
        if _attempt(request, form, write, _("Room saved.")) is not None:
            return redirect("assistance:shelter_detail", shelter_id=room.shelter_id)
    context = {"form": form, "title": _("Change the room"), "shelter": room.shelter}
    return render(request, "assistance/shelter_form.html", context)


@staff_view(*MANAGER_ROLES)
@require_POST
def shelter_bed_add(request: StaffRequest, room_id: Any) -> HttpResponse:
    room = get_room_for_user(request.user, room_id)
    form = BedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the bed a label (at most 30 characters)."))
    else:
        try:
            bed_add(actor=request.user, room=room, label=form.cleaned_data["label"], request=request)
            messages.success(request, _("Bed added."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect("assistance:shelter_detail", shelter_id=room.shelter_id)


@staff_view(*MANAGER_ROLES)
@require_POST
def shelter_bed_toggle(request: StaffRequest, bed_id: Any) -> HttpResponse:
    bed = get_bed_for_user(request.user, bed_id)
    try:
        bed_set_active(actor=request.user, bed=bed, active=not bed.active, request=request)
        messages.success(request, _("Bed saved."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("assistance:shelter_detail", shelter_id=bed.room.shelter_id)


@staff_view(Role.HEAD)
@require_GET
def shelter_board_view(request: StaffRequest) -> HttpResponse:
    """The occupancy board: each shelter, its rooms and beds, free or taken by which case, the day of the stay."""
    unit = _unit(request)
    return render(
        request, "assistance/shelter_board.html", {"lines": shelter_board(request.user, unit), "limit": LIMIT_DAYS}
    )


# --- on a case ----------------------------------------------------------------------------------------


@staff_view(*CASE_ROLES)
@require_GET
def case_shelter(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    audit_view(request, case, context={"page": "shelter"})
    stays = case_stays(case)
    today = timezone.localdate(timezone.now(), case.unit.zone)
    for stay in stays:
        stay.day = stay_day(stay.admitted_at, today, case.unit.zone)  # type: ignore[attr-defined]
        stay.level = day_level(stay.day) if stay.is_open else ""  # type: ignore[attr-defined]
    context = {
        "case": case,
        "stays": stays,
        "may_admit": can_admit(request.user, case) and case.is_open,
        "may_discharge": can_admit(request.user, case),
        "limit": LIMIT_DAYS,
    }
    return render(request, "assistance/case_shelter.html", context)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def shelter_admit_view(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    if not can_admit(request.user, case):
        raise PermissionDenied
    form = AdmissionForm(
        request.POST or None, victims=case_victims(case), children=case_children(case), beds=free_beds(case.unit)
    )
    if request.method == "POST" and form.is_valid():
        data, (children, child_beds) = form.cleaned_data, form.child_choices()
        admission = AdmissionData(
            victim=data["victim"],
            bed=data["bed"],
            criteria=data["criteria"],
            criteria_reason=data["criteria_reason"],
            planned_until=data["planned_until"],
            children=children,
            child_beds=child_beds,
        )
        write = lambda: shelter_admit(actor=request.user, case=case, data=admission, request=request)  # noqa: E731
        if _attempt(request, form, write, _("Admitted to the shelter.")) is not None:
            return redirect("assistance:case_shelter", case_id=case.pk)
    return render(request, "assistance/shelter_admit.html", {"case": case, "form": form})


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def shelter_discharge_view(request: StaffRequest, stay_id: Any) -> HttpResponse:
    stay = get_stay_for_user(request.user, stay_id)
    if not can_admit(request.user, stay.case):
        raise PermissionDenied
    if not stay.is_open:
        messages.info(request, _("This stay has ended already."))
        return redirect("assistance:case_shelter", case_id=stay.case_id)
    form = DischargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        write = lambda: shelter_discharge(  # noqa: E731
            actor=request.user, stay=stay, onward=data["onward"], note=data["note"], request=request
        )
        if _attempt(request, form, write, _("Discharged from the shelter.")) is not None:
            return redirect("assistance:case_shelter", case_id=stay.case_id)
    return render(request, "assistance/shelter_discharge.html", {"case": stay.case, "stay": stay, "form": form})


@staff_view(*CASE_ROLES)
@require_GET
def shelter_stay_go(request: StaffRequest, stay_id: Any) -> HttpResponse:
    """Where the 14-day limit's work item links: the case's shelter page."""
    return redirect("assistance:case_shelter", case_id=get_stay_for_user(request.user, stay_id).case_id)
