"""What the work app puts in the page shell: "My work" and the notifications in the menu, the roles'
deadline capabilities and the home page's "Your work" link. Called from ``WorkConfig.ready()``."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.accounts.request import StaffRequest
from sigap.core.home import (
    Capability,
    HomeCount,
    HomePanel,
    capabilities_register,
    home_context_register,
    home_panel_register,
)
from sigap.core.navigation import entry, nav_register, url_for_role


def _my_work_link(request: HttpRequest, membership: Any) -> dict[str, Any]:
    return {"my_work_url": url_for_role("work:my_work", membership.role) or ""}


def _work_panel(request: HttpRequest, membership: Any) -> HomePanel | None:
    """HEAD: the unit's work past its deadline and the approvals waiting; case manager and expert: their own."""
    from django.utils import timezone

    from sigap.work import selectors

    url = url_for_role("work:my_work", membership.role)
    if not url:
        return None
    if membership.role == Role.HEAD:
        unit = selectors.unit_work_counts(membership=membership)
        figures = (
            HomeCount(
                _("Work of the unit past its deadline"), unit.unit_missed, f"{url}#unit-missed", unit.unit_missed > 0
            ),
            HomeCount(_("Approvals waiting for you"), unit.approvals, f"{url}#approvals", unit.approvals > 0),
        )
        return HomePanel("work", _("Deadlines and approvals"), figures, order=20)
    if membership.role not in (Role.CASE_MANAGER, Role.EXPERT):
        return None
    mine = selectors.my_work_counts(user=cast("StaffRequest", request).user, now=timezone.now())
    figures = (
        HomeCount(_("My tasks past their deadline"), mine.overdue, url, mine.overdue > 0),
        HomeCount(_("Tasks handed to me, still open"), mine.open, f"{url}#my-open"),
    )
    return HomePanel("work", _("My work"), figures, order=20)


def register_shell() -> None:
    home_panel_register(_work_panel)
    nav_register(entry("my_work", _("My work"), "work:my_work", order=10))
    nav_register(entry("notifications", _("Notifications"), "work:notifications", order=10, menu="user"))

    capabilities_register(
        Role.HEAD, Capability(_("Approve intervention plans and case closures."), "work:my_work", order=20)
    )
    capabilities_register(
        Role.CASE_MANAGER, Capability(_("Follow your deadlines and reminders."), "work:my_work", order=20)
    )
    capabilities_register(
        Role.EXPERT, Capability(_("Follow your appointments and deadlines."), "work:my_work", order=30)
    )
    home_context_register(_my_work_link)
