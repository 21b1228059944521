"""What the recruitment app puts in the page shell: the vacancies in the "Experts" menu group of the HEAD and the
unit administrator, and the roles' capabilities on the home page (each a link to the vacancies). Case managers
and experts on a selection panel reach it from their home page (most sit on no panel).
Called from ``RecruitmentConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register
from sigap.core.navigation import entry, nav_register
from sigap.experts.shell import EXPERTS_GROUP


def register_shell() -> None:
    nav_register(
        entry(
            "recruitment",
            _("Recruitment"),
            "recruitment:vacancy_list",
            roles=[Role.HEAD, Role.UNIT_ADMIN],
            order=57,
            group=EXPERTS_GROUP,
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
    for role in (Role.CASE_MANAGER, Role.EXPERT):
        capabilities_register(
            role,
            Capability(
                _("On a selection panel: check and score the applicants of the vacancy, alone."),
                "recruitment:vacancy_list",
                order=90,
            ),
        )
