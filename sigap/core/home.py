"""What the home page shows each role: who I am, my unit, and what my role lets me do.

The capabilities follow ARCHITECTURE §3. A capability whose page exists links to it; one whose page
comes with a later issue says so plainly (no placeholder data). The core floor names no app
(docs/architecture.md): each app registers, from its ``AppConfig.ready()`` (``sigap/<app>/shell.py``),

- the capabilities its pages give each role (``capabilities_register``), in the order of ``order``;
- what a role never sees (``role_limit_register``: the accounts app, which owns the roles);
- what it adds to the page's context (``home_context_register``: the area's name, the "my work" link);
- the role's morning: panels of counts, each a link to the list behind it (``home_panel_register``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
    """One thing a role can do; ``url_name`` is the page that does it (planned or existing).

    ``order`` places it among the role's capabilities, whichever app registered them.
    """

    text: str | Promise
    url_name: str = ""
    order: int = 100


@dataclass(frozen=True)
class CapabilityItem:
    text: str
    url: str
    later: bool


# Keyed by the plain role value, as stored on Membership.role; filled by the apps (see above).
CAPABILITIES: dict[str, tuple[Capability, ...]] = {}
LIMITS: dict[str, str | Promise] = {}

# The page a role starts on instead of the home page (a partner user: the partner portal), by URL name.
HOME_REDIRECTS: dict[str, str] = {}


def home_redirect_register(role: str, url_name: str) -> None:
    """``role`` lands on ``url_name`` when it opens the home page (its whole world is that page)."""
    HOME_REDIRECTS[str(role)] = url_name


# Called with (request, membership) after the core's own context; each returns keys to add or replace.
HomeContextHook = Callable[[HttpRequest, Any], dict[str, Any]]
HOME_CONTEXT_HOOKS: list[HomeContextHook] = []


def capabilities_register(role: str, *capabilities: Capability) -> None:
    """Adds what ``role`` can do with the registering app's pages (a capability already there is kept once)."""
    known = CAPABILITIES.get(str(role), ())
    added = tuple(c for c in capabilities if c not in known)
    CAPABILITIES[str(role)] = tuple(sorted(known + added, key=lambda c: c.order))


def role_limit_register(role: str, text: str | Promise) -> None:
    """What ``role`` never sees: said once on its home page, so nobody wonders whether a page is missing."""
    LIMITS[str(role)] = text


@dataclass(frozen=True)
class HomeCount:
    """One figure of a panel: ``url`` is the list it counts (filtered accordingly), so the two always agree.

    ``alert``: the figure asks for action (overdue, waiting); the page says so in words, not by colour only.
    """

    label: str | Promise
    count: int
    url: str
    alert: bool = False


@dataclass(frozen=True)
class HomePanel:
    """A card of the home page: a title and its counts, placed by ``order`` among the role's panels."""

    key: str
    title: str | Promise
    counts: tuple[HomeCount, ...]
    order: int = 100


# Called with (request, membership); returns the role's panel, or None when the role has none there.
# Each provider costs its panel a fixed number of queries (one GROUP BY), whatever the data.
HomePanelProvider = Callable[[HttpRequest, Any], HomePanel | None]
HOME_PANELS: list[HomePanelProvider] = []


def home_panel_register(provider: HomePanelProvider) -> None:
    if provider not in HOME_PANELS:
        HOME_PANELS.append(provider)


def home_panels(request: HttpRequest, membership: Any) -> list[HomePanel]:
    found = [panel for provider in HOME_PANELS if (panel := provider(request, membership)) is not None]
    return sorted(found, key=lambda panel: panel.order)


def home_context_register(hook: HomeContextHook) -> None:
    if hook not in HOME_CONTEXT_HOOKS:
        HOME_CONTEXT_HOOKS.append(hook)


def _url(url_name: str, role: str) -> str:
    # Only a page the role may open becomes a link; anything else is "coming later" for this role.
    return (url_for_role(url_name, role) or "") if url_name else ""


def capabilities_for(role: str) -> list[CapabilityItem]:
    items = []
    for capability in CAPABILITIES.get(role, ()):
        url = _url(capability.url_name, role)
        items.append(CapabilityItem(text=str(capability.text), url=url, later=not url))
    return items


def zone_label(unit: Any) -> str:
    name = ZONE_NAMES.get(unit.time_zone)
    return f"{name} · {unit.time_zone}" if name else unit.time_zone


def home_context(request: HttpRequest, membership: Any) -> dict[str, Any]:
    """Everything the home page shows, for the signed-in user's own membership (``accounts.Membership``).

    The area served is the unit's region code until an app (regions) names it; "my work" is "coming
    later" until an app (work) links it.
    """
    unit = membership.unit
    last_login: datetime | None = getattr(request.user, "last_login", None)
    context: dict[str, Any] = {
        "unit": unit,
        "region_name": unit.region_code,
        "zone_label": zone_label(unit),
        "signed_in_at": last_login,
        "capabilities": capabilities_for(membership.role),
        "role_limit": LIMITS.get(membership.role, ""),
        "my_work_url": "",
        "panels": home_panels(request, membership),
    }
    for hook in HOME_CONTEXT_HOOKS:
        context.update(hook(request, membership))
    return context
