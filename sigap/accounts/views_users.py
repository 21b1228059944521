"""User administration by the unit admin. (Minimal first version.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sigap.accounts.models import Membership, Role
from sigap.core.access import staff_view


@staff_view(Role.UNIT_ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(unit=request.membership.unit).select_related("user")  # type: ignore[attr-defined]
    return render(request, "accounts/user_list.html", {"memberships": memberships})
