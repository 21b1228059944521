"""What the accounts app puts in the page shell: the staff roles for the access policy, its menu
entries, the unit administrator's home capabilities and what each role never sees.

Called from ``AccountsConfig.ready()`` (docs/architecture.md: an app registers, core names no app).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.access import staff_roles_register
from sigap.core.home import Capability, capabilities_register, role_limit_register
from sigap.core.navigation import entry, nav_register


def register_shell() -> None:
    staff_roles_register(Role)  # staff_view() without roles admits each of them

    nav_register(entry("users", _("Users"), "accounts:user_list", order=80))
    nav_register(entry("mfa", _("Two-factor login"), "accounts:mfa_manage", order=20, menu="user"))
    nav_register(entry("sessions", _("Signed-in sessions"), "accounts:session_list", order=25, menu="user"))

    capabilities_register(
        Role.UNIT_ADMIN,
        Capability(
            _("Create user accounts for your unit, change roles, deactivate accounts and reset two-factor login."),
            "accounts:user_list",
            order=10,
        ),
        # The reference lists live in sigap.core, which names no role: the unit administrator's task is said here.
        Capability(
            _("Keep the reference data of your unit up to date (code lists, letterhead)."), "reference:index", order=20
        ),
    )

    # What a role never sees: said once, so nobody wonders whether a page is missing.
    role_limit_register(Role.UNIT_ADMIN, _("Your role does not give access to the content of cases."))
    role_limit_register(
        Role.DATA_OFFICER,
        _("Your role sees de-identified data only: no names or contact details of the people helped."),
    )
    role_limit_register(
        Role.PARTNER, _("Your role sees only what a referral to your agency shares, while the referral is active.")
    )
    role_limit_register(Role.LEADERSHIP, _("Your role sees aggregated figures only."))
    role_limit_register(Role.AUDITOR, _("Your role reads the audit trail; it does not change case data."))
