"""What the intake app puts in the page shell: the complaints in the menu and the intake officer's
home capabilities. Called from ``IntakeConfig.ready()``."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.accounts.request import StaffRequest
from sigap.core.home import Capability, HomeCount, HomePanel, capabilities_register, home_panel_register
from sigap.core.navigation import entry, nav_register, url_for_role

CLOCK_LABELS = {
    "overdue": _("Response clock overdue"),
    "soon": _("Due within 30 minutes"),
    "running": _("Clock running"),
    "answered": _("Answered, waiting for identification or a decision"),
}


def _queue_panel(request: HttpRequest, membership: Any) -> HomePanel | None:
    """The triage queue by clock, for the intake officer and the HEAD (complaints waiting)."""
    from django.utils import timezone

    from sigap.intake.selectors import QUEUE_CLOCKS, queue_clock_counts

    if membership.role not in (Role.INTAKE, Role.HEAD):
        return None
    url = url_for_role("intake:complaint_list", membership.role)
    if not url:
        return None
    counts = queue_clock_counts(cast("StaffRequest", request).user, timezone.now())
    figures = tuple(
        HomeCount(
            CLOCK_LABELS[clock],
            counts[clock],
            f"{url}?view=queue&clock={clock}",
            clock == "overdue" and counts[clock] > 0,
        )
        for clock in QUEUE_CLOCKS
    )
    return HomePanel(
        "complaints",
        _("Complaints waiting, by response clock"),
        figures,
        order=5 if membership.role == Role.INTAKE else 30,
    )


def register_shell() -> None:
    nav_register(entry("complaints", _("Complaints"), "intake:complaint_list", order=20))
    home_panel_register(_queue_panel)
    capabilities_register(
        Role.INTAKE,
        Capability(
            _("Register complaints from every channel: walk-in, phone, WhatsApp, letter, SAPA 129, other agencies."),
            "intake:complaint_list",
            order=10,
        ),
        Capability(
            _("Identify each complaint: type of case, risk and jurisdiction."), "intake:complaint_list", order=20
        ),
        Capability(_("See the complaints you took and the triage queue."), "intake:complaint_list", order=30),
    )
