"""What the experts app puts in the page shell: the experts list in the menu (and an expert's own
profile in the user menu) and the capabilities of the roles that keep the profiles.
Called from ``ExpertsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    nav_register(entry("experts", _("Experts"), "experts:expert_list", roles=[Role.HEAD, Role.UNIT_ADMIN], order=50))
    # An expert's own profile (the experts list sends an EXPERT there).
    nav_register(
        entry(
            "expert_profile", _("My expert profile"), "experts:expert_list", roles=[Role.EXPERT], order=15, menu="user"
        )
    )
    capabilities_register(
        Role.UNIT_ADMIN,
        Capability(_("Record the experts' profiles and credentials."), "experts:expert_list", order=30),
    )
    capabilities_register(
        Role.HEAD,
        Capability(
            _("Keep the experts' profiles and credentials; the case team page suggests who fits a case."),
            "experts:expert_list",
            order=50,
        ),
    )
