"""What the reports app puts in the page shell: the reports in the menu and the capabilities of the
data officer and the leadership. Called from ``ReportsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    nav_register(entry("reports", _("Reports"), "reports:index", order=60))
    capabilities_register(
        Role.DATA_OFFICER,
        Capability(_("Work with de-identified data and recaps of your unit."), "reports:index", order=10),
        Capability(_("Prepare the SIMFONI-PPA export."), "reports:simfoni_export", order=20),
    )
    capabilities_register(
        Role.LEADERSHIP,
        Capability(
            _("See aggregated figures and indicators of the units; never an individual case."),
            "reports:index",
            order=10,
        ),
    )
