"""What the partners app puts in the page shell: the directory in the menu and the capabilities of the roles
that keep it. Called from ``PartnersConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import SERVICES_GROUP, entry, nav_register

# The partner directory and the referrals (registered by sigap.cases) sit in the unit's "Services" dropdown:
# a dropdown of their own made the HEAD's bar wider than a 1280 px laptop (D55; browser test test_menu_width).
PARTNERS_GROUP = SERVICES_GROUP


def register_shell() -> None:
    nav_register(
        entry(
            "partners",
            _("Partner directory"),
            "partners:partner_list",
            roles=[Role.HEAD, Role.UNIT_ADMIN, Role.CASE_MANAGER],
            order=47,
            group=PARTNERS_GROUP,
        )
    )
    for role in (Role.HEAD, Role.UNIT_ADMIN):
        capabilities_register(
            role,
            Capability(
                _("Keep the directory of partner organisations and their cooperation agreements."),
                "partners:partner_list",
                order=55,
            ),
        )
