"""What the recruitment app puts in the page shell: the roles' capabilities on the home page (each a link to
the vacancies). No main-menu entry: the HEAD's menu is full at 1280 px (one more entry made the page scroll
sideways), and most case managers and experts sit on no panel; the experts list links here too.
Called from ``RecruitmentConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register


def register_shell() -> None:
    capabilities_register(
        Role.HEAD,
        Capability(
            _("Open vacancies for experts, check and score the applicants with the panel, and choose."),
            "recruitment:vacancy_list",
            order=55,
        ),
    )
    capabilities_register(
        Role.UNIT_ADMIN,
        Capability(
            _("Publish the unit's vacancies on the public recruitment page."), "recruitment:vacancy_list", order=35
        ),
    )
    for role in (Role.CASE_MANAGER, Role.EXPERT):
        capabilities_register(
            role,
            Capability(
                _("On a selection panel: check and score the applicants of the vacancy, alone."),
                "recruitment:vacancy_list",
                order=90,
            ),
        )
