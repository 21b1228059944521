"""What the home page shows each role: who I am, my unit, and what my role lets me do.

The capabilities follow ARCHITECTURE §3. A capability whose page exists links to it; one whose page
comes with a later issue says so plainly (no placeholder data). Later issues only add the URL name of
their page here, or nothing at all when the planned name below is the one they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Membership, Role, Unit
from sigap.core.navigation import url_for_role

# Indonesia's three time zones by their usual names (the abbreviation is what people say).
ZONE_NAMES: dict[str, str | Promise] = {
    "Asia/Jakarta": _("Western Indonesia Time (WIB)"),
    "Asia/Pontianak": _("Western Indonesia Time (WIB)"),
    "Asia/Makassar": _("Central Indonesia Time (WITA)"),
    "Asia/Jayapura": _("Eastern Indonesia Time (WIT)"),
}


@dataclass(frozen=True)
class Capability:
    """One thing a role can do; ``url_name`` is the page that does it (planned or existing)."""

    text: str | Promise
    url_name: str = ""


@dataclass(frozen=True)
class CapabilityItem:
    text: str
    url: str
    later: bool


_CAPABILITIES: dict[Role, tuple[Capability, ...]] = {
    Role.UNIT_ADMIN: (
        Capability(
            _("Create user accounts for your unit, change roles, deactivate accounts and reset two-factor login."),
            "accounts:user_list",
        ),
        Capability(_("Keep the reference data of your unit up to date (code lists, letterhead)."), "reference:index"),
        Capability(_("Record the experts' profiles and credentials."), "experts:expert_list"),
    ),
    Role.HEAD: (
        Capability(_("See all cases of your unit."), "cases:case_list"),
        Capability(_("Approve intervention plans and case closures."), "work:my_work"),
        Capability(
            _("Open a restricted case with a written reason (break-glass); it is logged and reviewed."),
            "cases:case_list",
        ),
        Capability(_("See who saw or changed a case or a complaint, from its page."), "cases:case_list"),
        Capability(
            _("Keep the experts' profiles and credentials; the case team page suggests who fits a case."),
            "experts:expert_list",
        ),
    ),
    Role.INTAKE: (
        Capability(
            _("Register complaints from every channel: walk-in, phone, WhatsApp, letter, SAPA 129, other agencies."),
            "intake:complaint_list",
        ),
        Capability(_("Identify each complaint: type of case, risk and jurisdiction."), "intake:complaint_list"),
        Capability(_("See the complaints you took and the triage queue."), "intake:complaint_list"),
    ),
    Role.CASE_MANAGER: (
        Capability(
            _("Manage the cases whose team you are on: assessment, intervention plan, accompaniment, referrals."),
            "cases:case_list",
        ),
        Capability(_("Follow your deadlines and reminders."), "work:my_work"),
    ),
    Role.EXPERT: (
        Capability(_("Work on the cases whose team you are on."), "cases:case_list"),
        Capability(
            _("Record your sessions; your session notes are read only by you and the head of the unit."),
            "cases:case_list",
        ),
        Capability(_("Follow your appointments and deadlines."), "work:my_work"),
    ),
    Role.DATA_OFFICER: (
        Capability(_("Work with de-identified data and recaps of your unit."), "reports:index"),
        Capability(_("Prepare the SIMFONI-PPA export."), "reports:simfoni_export"),
    ),
    Role.PARTNER: (
        Capability(
            _("See the referrals sent to your agency, limited to the sections named in each referral."),
            "referrals:referral_list",
        ),
        Capability(_("Answer a referral and report what your agency did."), "referrals:referral_list"),
    ),
    Role.LEADERSHIP: (
        Capability(_("See aggregated figures and indicators of the units; never an individual case."), "reports:index"),
    ),
    Role.AUDITOR: (
        Capability(_("Search the audit trail of your unit."), "audit:search"),
        Capability(_("See who saw or changed a record, and the security events of the unit."), "audit:search"),
    ),
}

# What a role never sees: said once, so nobody wonders whether a page is missing.
_LIMITS: dict[Role, str | Promise] = {
    Role.UNIT_ADMIN: _("Your role does not give access to the content of cases."),
    Role.DATA_OFFICER: _("Your role sees de-identified data only: no names or contact details of the people helped."),
    Role.PARTNER: _("Your role sees only what a referral to your agency shares, while the referral is active."),
    Role.LEADERSHIP: _("Your role sees aggregated figures only."),
    Role.AUDITOR: _("Your role reads the audit trail; it does not change case data."),
}


# Keyed by the plain role value, as stored on Membership.role.
CAPABILITIES: dict[str, tuple[Capability, ...]] = {str(role): caps for role, caps in _CAPABILITIES.items()}
LIMITS: dict[str, str | Promise] = {str(role): text for role, text in _LIMITS.items()}


def _url(url_name: str, role: str) -> str:
    # Only a page the role may open becomes a link; anything else is "coming later" for this role.
    return (url_for_role(url_name, role) or "") if url_name else ""


def capabilities_for(role: str) -> list[CapabilityItem]:
    items = []
    for capability in CAPABILITIES.get(role, ()):
        url = _url(capability.url_name, role)
        items.append(CapabilityItem(text=str(capability.text), url=url, later=not url))
    return items


def region_label(unit: Unit) -> str:
    """The name of the area the unit serves, or its code until the regions are loaded."""
    try:
        from sigap.regions.selectors import scope_label
    except ImportError:  # the regions app is optional for the shell
        return unit.region_code
    return scope_label(unit.region_code)


def zone_label(unit: Unit) -> str:
    name = ZONE_NAMES.get(unit.time_zone)
    return f"{name} · {unit.time_zone}" if name else unit.time_zone


def home_context(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """Everything the home page shows, for the signed-in user's own membership."""
    unit = membership.unit
    last_login: datetime | None = getattr(request.user, "last_login", None)
    return {
        "unit": unit,
        "region_name": region_label(unit),
        "zone_label": zone_label(unit),
        "signed_in_at": last_login,
        "capabilities": capabilities_for(membership.role),
        "role_limit": LIMITS.get(membership.role, ""),
        "my_work_url": _url("work:my_work", membership.role),
    }
