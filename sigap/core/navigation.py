"""Navigation by role: a small registry of menu entries, read by the page shell.

Each app adds its pages to the menu from its own ``AppConfig.ready()`` (``nav_register(entry(...))``, in
``sigap/<app>/shell.py``), without touching a template; the core floor names no app and registers only
its own home page (docs/architecture.md).

An entry is shown to a user only when all of these hold:

- its URL name resolves (entries of pages that do not exist yet stay hidden);
- the access policy of the view behind it (``sigap.core.access``) lets the user's role in, so the menu
  never offers a link that answers 403;
- the user's role is among ``roles`` when the entry narrows it further.

None of that changes while the process runs, so it is computed once (issue #22): the URL a role may
open per URL name, and each menu per role and language (its labels translated). A page only marks its
active item. Registering an entry, or tests changing the URL configuration, start afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, get_urlconf, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sigap.core.access import mfa_satisfied, policy_of

Menu = Literal["main", "user"]


@dataclass(frozen=True)
class NavEntry:
    """One menu entry: a label, the URL name of a page without arguments, and who may see it."""

    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str] = frozenset()  # empty: whoever the view's policy lets in
    order: int = 100
    menu: Menu = "main"
    group: str = ""  # the key of a NavGroup: shown in that group's dropdown, not on the bar itself


@dataclass(frozen=True)
class NavGroup:
    """A dropdown of the main menu, at ``order`` among the entries; shown only when it holds two entries or more
    for the user (a single one stands on the bar by itself). Keeps a HEAD's bar within a laptop's width."""

    key: str
    label: str | Promise
    order: int


@dataclass(frozen=True)
class NavItem:
    """A menu entry as one user sees it on one page; a group has ``children`` and no URL of its own."""

    key: str
    label: str
    url: str
    active: bool
    children: tuple[NavItem, ...] = ()


def entry(
    key: str,
    label: str | Promise,
    url_name: str,
    *,
    roles: Iterable[str] = (),
    order: int = 100,
    menu: Menu = "main",
    group: str = "",
) -> NavEntry:
    return NavEntry(key, label, url_name, frozenset(str(r) for r in roles), order, menu, group)


# The core's own page; every other entry is registered by the app whose page it is. The URL names of
# later issues are the planned ones: an entry stays hidden until its page exists.
DEFAULT_ENTRIES: tuple[NavEntry, ...] = (entry("home", _("Home"), "core:home", order=0),)

_registry: dict[str, NavEntry] = {e.key: e for e in DEFAULT_ENTRIES}
# The key of the unit's "Services" dropdown. sigap.assistance registers the group (its label and place); apps
# below it (partners, cases: the directory and the referrals) put their entries in it by this key, so the
# HEAD's bar stays within a 1280 px laptop (D55).
SERVICES_GROUP = "services"

_groups: dict[str, NavGroup] = {}


# (url_name, role, urlconf) -> URL or None; (menu, role, language, urlconf) -> [(key, label, url)].
_role_urls: dict[tuple[str, str, str], str | None] = {}
_menus: dict[tuple[str, str, str | None, str], list[tuple[str, str, str, str]]] = {}
# (menu key, active URL) -> the bar as built: bounded by the menus and their sections.
_bars: dict[tuple[Any, str | None], tuple[NavItem, ...]] = {}


def nav_forget(**_kwargs: Any) -> None:
    """Forget the computed URLs and menus (a new entry, another URL configuration)."""
    _role_urls.clear()
    _menus.clear()
    _bars.clear()


setting_changed.connect(nav_forget, dispatch_uid="sigap.core.navigation.nav_forget")


def _urlconf() -> str:
    return str(get_urlconf() or settings.ROOT_URLCONF)


def nav_register(new: NavEntry) -> NavEntry:
    """Adds an entry, or replaces the entry with the same key."""
    _registry[new.key] = new
    nav_forget()
    return new


def nav_register_group(group: NavGroup) -> NavGroup:
    """Adds a dropdown group of the main menu (entries name it by its key), or replaces the one with that key."""
    _groups[group.key] = group
    nav_forget()
    return group


# A role whose main menu is a fixed few entries (a partner user: the portal alone), by entry key; every other
# entry is left out for it, whatever its view's policy admits.
_only: dict[str, frozenset[str]] = {}


def nav_only_register(role: str, keys: Iterable[str]) -> None:
    """The main menu of ``role`` shows only the entries ``keys`` (the user menu is unchanged)."""
    _only[str(role)] = frozenset(keys)
    nav_forget()


def nav_unregister(key: str) -> None:
    _registry.pop(key, None)
    nav_forget()


def nav_entries(menu: Menu = "main") -> list[NavEntry]:
    return sorted((e for e in _registry.values() if e.menu == menu), key=lambda e: (e.order, e.key))


def url_for_role(url_name: str, role: str) -> str | None:
    """The URL of a page without arguments if it exists and its access policy admits ``role``."""
    key = (url_name, role, _urlconf())
    if key not in _role_urls:
        _role_urls[key] = _url_for_role(url_name, role)
    return _role_urls[key]


def _url_for_role(url_name: str, role: str) -> str | None:
    try:
        url = reverse(url_name)
        view = resolve(url).func
    except (NoReverseMatch, Resolver404):
        return None
    policy = policy_of(view)
    if policy is None:  # the access middleware would refuse it: never link to it
        return None
    return url if policy.admits(role) else None


def _url_if_allowed(nav_entry: NavEntry, role: str) -> str | None:
    if nav_entry.roles and role not in nav_entry.roles:
        return None
    if nav_entry.menu == "main" and role in _only and nav_entry.key not in _only[role]:
        return None
    return url_for_role(nav_entry.url_name, role)


def nav_items_for(request: HttpRequest, menu: Menu = "main") -> list[NavItem]:
    """The entries of ``menu`` this user may open, the current page's section marked active.

    Nothing before the second factor: every staff page would only send the user back to it.
    """
    membership = getattr(request, "membership", None)
    if membership is None or not mfa_satisfied(request):
        return []
    role = membership.role
    key = (menu, role, get_language(), _urlconf())
    found = _menus.get(key)
    if found is None:
        found = [
            (nav_entry.key, str(nav_entry.label), url, nav_entry.group if nav_entry.group in _groups else "")
            for nav_entry in nav_entries(menu)
            if (url := _url_if_allowed(nav_entry, role)) is not None
        ]
        _menus[key] = found
    # The longest URL that prefixes the current path is the active section ("/" only on the home page).
    path = request.path
    matches = [url for _key, _label, url, _group in found if path == url or (url != "/" and path.startswith(url))]
    active_url = max(matches, key=len, default=None)
    # The same menu with the same section active is the same bar: built once (frozen items, issue #22).
    bar = _bars.get((key, active_url))
    if bar is None:
        items = [(group, NavItem(item_key, label, url, url == active_url)) for item_key, label, url, group in found]
        bar = _bars[(key, active_url)] = tuple(_grouped(items))
    return list(bar)


def _grouped(items: list[tuple[str, NavItem]]) -> list[NavItem]:
    """The bar: ungrouped items in their order, each group of two or more items as one dropdown at its order."""
    members: dict[str, list[NavItem]] = {}
    for group, item in items:
        if group:
            members.setdefault(group, []).append(item)
    orders = {e.key: e.order for e in _registry.values()}
    bar: list[tuple[int, NavItem]] = []
    for group, item in items:
        if not group or len(members[group]) < 2:
            bar.append((orders.get(item.key, 100), item))
    for group, children in members.items():
        if len(children) >= 2:
            spec = _groups[group]
            node = NavItem(group, str(spec.label), "", any(c.active for c in children), tuple(children))
            bar.append((spec.order, node))
    return [item for _order, item in sorted(bar, key=lambda pair: pair[0])]
