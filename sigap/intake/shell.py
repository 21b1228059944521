"""What the intake app puts in the page shell: the complaints in the menu and the intake officer's
home capabilities. Called from ``IntakeConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    nav_register(entry("complaints", _("Complaints"), "intake:complaint_list", order=20))
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
