"""What the partners app puts in the page shell: the directory in the menu and the capabilities of the roles
that keep it. Called from ``PartnersConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.accounts.user_facts import UserFact, user_fact_register
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import SERVICES_GROUP, entry, nav_register

# The partner directory and the referrals (registered by sigap.cases) sit in the unit's "Services" dropdown:
# a dropdown of their own made the HEAD's bar wider than a 1280 px laptop (D55; browser test test_menu_width).
PARTNERS_GROUP = SERVICES_GROUP


def register_shell() -> None:
    user_fact_register(partner_user_facts)
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


def partner_user_facts(membership: Any) -> list[UserFact]:
    """On a PARTNER user's page: the organisation the user works for, and the link to choose it."""
    from sigap.partners.selectors import link_of

    if membership.role != Role.PARTNER:
        return []
    link = link_of(membership.user)
    url = reverse("partners:partner_user_edit", kwargs={"user_id": membership.user_id})
    if link is None:
        return [
            UserFact(
                str(_("Partner organisation")),
                str(_("Not linked yet: the partner portal shows nothing until it is.")),
                str(_("Choose the organisation")),
                url,
                warning=True,
            )
        ]
    return [UserFact(str(_("Partner organisation")), link.partner.name, str(_("Change")), url)]
