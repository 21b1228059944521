"""What the experts app puts in the page shell: the experts list in the menu (and an expert's own
profile in the user menu) and the capabilities of the roles that keep the profiles.
Called from ``ExpertsConfig.ready()``."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models.users import Role
from sigap.accounts.request import StaffRequest
from sigap.core.home import Capability, HomeCount, HomePanel, capabilities_register, home_panel_register
from sigap.core.navigation import NavGroup, entry, nav_register, nav_register_group, url_for_role

# The menu group of the pages about the unit's experts (profiles, contracts, recruitment: higher apps join it).
EXPERTS_GROUP = "experts"


def _credentials_panel(request: HttpRequest, membership: Any) -> HomePanel | None:
    """The HEAD's experts whose credential expires soon (one query), linked to the list filtered so."""
    from sigap.experts.selectors import expert_list

    if membership.role != Role.HEAD:
        return None
    url = url_for_role("experts:expert_list", membership.role)
    if not url:
        return None
    count = expert_list(cast("StaffRequest", request).user, expiring=True).count()
    figure = HomeCount(_("Experts whose credential expires within 60 days"), count, f"{url}?expiring=1", count > 0)
    return HomePanel("experts", _("Credentials"), (figure,), order=40)


def register_shell() -> None:
    home_panel_register(_credentials_panel)
    nav_register_group(NavGroup(EXPERTS_GROUP, pgettext_lazy("menu", "Experts"), order=50))
    nav_register(
        entry(
            "experts",
            _("Profiles and credentials"),
            "experts:expert_list",
            roles=[Role.HEAD, Role.UNIT_ADMIN],
            order=50,
            group=EXPERTS_GROUP,
        )
    )
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
