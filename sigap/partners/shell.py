"""What the partners app puts in the page shell: the directory in the menu and the capabilities of the roles
that keep it. Called from ``PartnersConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import NavGroup, entry, nav_register, nav_register_group

# The menu group of the partner directory and the referrals (registered by sigap.cases): one dropdown, so the
# bar stays within a 1280 px laptop (D55).
PARTNERS_GROUP = "partners"


def register_shell() -> None:
    nav_register_group(NavGroup(PARTNERS_GROUP, pgettext_lazy("menu", "Partners"), order=40))
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
