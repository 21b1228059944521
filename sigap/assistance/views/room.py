"""The unit's rooms (calendar, issue #12): the list with the add form, and taking a room out of or back into
use. The HEAD and the unit administrator of the unit only; a room of another unit answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.room import RoomForm
from sigap.assistance.models.room import Room
from sigap.assistance.services.room import room_add, room_set_active
from sigap.core.access import staff_view

ROOM_ROLES = (Role.HEAD, Role.UNIT_ADMIN)


def get_room_for_manager(request: StaffRequest, room_id: Any) -> Room:
    """A room of the user's own unit, else 404."""
    membership = request.user.membership
    room = Room.objects.filter(pk=room_id, unit_id=membership.unit_id).first() if membership else None
    if room is None:
        raise Http404
    return room


@staff_view(*ROOM_ROLES)
@require_http_methods(["GET", "POST"])
def room_list(request: StaffRequest) -> HttpResponse:
    membership = request.user.membership
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room_add(
                actor=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"], request=request
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Room added."))
            return redirect("assistance:room_list")
    rooms = list(Room.objects.filter(unit_id=membership.unit_id).order_by("-active", "name")) if membership else []
    return render(request, "assistance/room_list.html", {"rooms": rooms, "form": form})


@staff_view(*ROOM_ROLES)
@require_POST
def room_active(request: StaffRequest, room_id: int) -> HttpResponse:
    room = get_room_for_manager(request, room_id)
    active = request.POST.get("active") == "1"
    room_set_active(actor=request.user, room=room, active=active, request=request)
    messages.success(request, _("The room is in use again.") if active else _("The room is no longer in use."))
    return redirect("assistance:room_list")
