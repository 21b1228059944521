"""What the partner portal puts in the page shell: its menu line (PARTNER only: a partner user's whole
world), its home-page capabilities, and the portal as the partner user's start page. Called from
``ReferralsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register, home_redirect_register
from sigap.core.navigation import entry, nav_only_register, nav_register


def register_portal_shell() -> None:
    nav_register(entry("portal", _("Referrals to your organisation"), "portal:referral_list", roles=[Role.PARTNER]))
    capabilities_register(
        Role.PARTNER,
        Capability(
            _("See the referrals sent to your agency, limited to the sections named in each referral."),
            "portal:referral_list",
            order=10,
        ),
        Capability(_("Answer a referral and report what your agency did."), "portal:referral_list", order=20),
    )
    # A partner user's whole world is the portal: their main menu is its one line, their home page the portal.
    nav_only_register(Role.PARTNER, ["portal"])
    home_redirect_register(Role.PARTNER, "portal:referral_list")
