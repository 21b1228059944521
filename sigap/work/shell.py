"""What the work app puts in the page shell: "My work" and the notifications in the menu, the roles'
deadline capabilities and the home page's "Your work" link. Called from ``WorkConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register, home_context_register
from sigap.core.navigation import entry, nav_register, url_for_role


def _my_work_link(request: HttpRequest, membership: Any) -> dict[str, Any]:
    return {"my_work_url": url_for_role("work:my_work", membership.role) or ""}


def register_shell() -> None:
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
