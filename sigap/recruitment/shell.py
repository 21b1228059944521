"""What the recruitment app puts in the page shell: the vacancies in the menu and the roles' capabilities.
Called from ``RecruitmentConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    nav_register(
        entry(
            "recruitment",
            _("Recruitment"),
            "recruitment:vacancy_list",
            roles=[Role.HEAD, Role.UNIT_ADMIN, Role.CASE_MANAGER, Role.EXPERT],
            order=55,
        )
    )
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
