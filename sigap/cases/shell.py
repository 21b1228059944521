"""What the cases app puts in the page shell: the cases, the emergency-access review and the planned
referrals in the menu, and the home capabilities of the roles that work on cases.
Called from ``CasesConfig.ready()``."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.accounts.request import StaffRequest
from sigap.core.home import Capability, HomeCount, HomePanel, capabilities_register, home_panel_register
from sigap.core.navigation import entry, nav_register
from sigap.partners.shell import PARTNERS_GROUP


def register_shell() -> None:
    nav_register(entry("cases", _("Cases"), "cases:case_list", order=30))
    home_panel_register(_cases_panel)
    # Referrals are case work; their pages come with a later issue (hidden until the URL name exists).
    nav_register(entry("referrals", _("Referrals"), "referrals:referral_list", order=40, group=PARTNERS_GROUP))
    # The auditor's review of emergency accesses (URL names kept in the audit namespace).
    nav_register(entry("break_glass", _("Emergency access"), "audit:break_glass_list", order=71))

    capabilities_register(
        Role.HEAD,
        Capability(_("See all cases of your unit."), "cases:case_list", order=10),
        Capability(
            _("Open a restricted case with a written reason (break-glass); it is logged and reviewed."),
            "cases:case_list",
            order=30,
        ),
        Capability(_("See who saw or changed a case or a complaint, from its page."), "cases:case_list", order=40),
    )
    capabilities_register(
        Role.CASE_MANAGER,
        Capability(
            _("Manage the cases whose team you are on: assessment, intervention plan, accompaniment, referrals."),
            "cases:case_list",
            order=10,
        ),
    )
    capabilities_register(
        Role.EXPERT,
        Capability(_("Work on the cases whose team you are on."), "cases:case_list", order=10),
        Capability(
            _("Record your sessions; your session notes are read only by you and the head of the unit."),
            "cases:case_list",
            order=20,
        ),
    )


def _cases_panel(request: HttpRequest, membership: Any) -> HomePanel | None:
    """The HEAD's open cases of the unit, or the case manager's and expert's own, by step; the high-risk ones."""
    from sigap.cases.models import CaseState
    from sigap.cases.selectors.home import OPEN_STEPS, case_counts, case_list_url

    if membership.role not in (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT):
        return None
    mine = membership.role != Role.HEAD
    counts = case_counts(cast("StaffRequest", request).user)
    figures = [
        HomeCount(CaseState(state).label, counts.by_state.get(state, 0), case_list_url(state=state, mine=mine))
        for state in OPEN_STEPS
    ]
    figures.append(
        HomeCount(
            _("High-risk open cases"),
            counts.high_risk,
            case_list_url(risk_level="TINGGI", open="on", mine=mine),
            alert=counts.high_risk > 0,
        )
    )
    if not mine:
        # A new case is seen by the HEAD alone until she assigns its case manager: said first, in words.
        figures.insert(
            0,
            HomeCount(
                _("Cases waiting for their team (assign the case manager)"),
                counts.awaiting_team,
                case_list_url(awaiting_team="on"),
                alert=counts.awaiting_team > 0,
            ),
        )
    title = _("Open cases of the unit") if not mine else _("My open cases")
    return HomePanel("cases", title, tuple(figures), order=10)
