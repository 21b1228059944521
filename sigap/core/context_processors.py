"""Template context shared by every page.

Keep it cheap: it runs for every template rendered with a request, htmx fragments included. The menus
are computed only when a template reads them (base.html does, fragments do not).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sigap.core.navigation import NavItem, nav_items_for


def _lazy(compute: Callable[[], list[NavItem]]) -> Callable[[], list[NavItem]]:
    # Templates call a callable when they resolve it; cache() makes repeated reads free.
    return cache(compute)


def sigap(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "current_unit": membership.unit if membership is not None else None,
        "mfa_disabled_banner": not settings.SIGAP_REQUIRE_MFA,
        "request_id": getattr(request, "request_id", ""),
        "nav_items": _lazy(lambda: nav_items_for(request, "main")),
        "user_menu_items": _lazy(lambda: nav_items_for(request, "user")),
    }
