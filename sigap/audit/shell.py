"""What the audit app puts in the page shell: the audit search in the menu and the auditor's home
capabilities. Called from ``AuditConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    nav_register(entry("audit", _("Audit trail"), "audit:search", order=70))
    capabilities_register(
        Role.AUDITOR,
        Capability(_("Search the audit trail of your unit."), "audit:search", order=10),
        Capability(
            _("See who saw or changed a record, and the security events of the unit."), "audit:search", order=20
        ),
    )
