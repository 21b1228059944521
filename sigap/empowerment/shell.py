"""What the empowerment app puts in the page shell: "Follow-ups due" in the Services menu of the HEAD and the case
managers, and a line on their home pages. Called from ``EmpowermentConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Role
from sigap.assistance.shell import SERVICES
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    nav_register(
        entry(
            "follow_ups_due",
            _("Follow-ups due"),
            "empowerment:follow_ups_due",
            roles=(Role.HEAD, Role.CASE_MANAGER),
            order=36,
            group=SERVICES,
        )
    )
    capabilities_register(
        Role.CASE_MANAGER,
        Capability(
            _("Follow victims under monitoring until they are safe and independent."),
            "empowerment:follow_ups_due",
            order=45,
        ),
    )
    capabilities_register(
        Role.HEAD,
        Capability(
            _("Set the unit's follow-up schedule and its definition of an independent victim."),
            "empowerment:settings",
            order=57,
        ),
    )
