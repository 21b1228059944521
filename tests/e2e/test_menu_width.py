"""The HEAD's top menu at a laptop's 1280 px, a tablet's 1024 px and a phone's 390 px (fresh-eyes walk of #12,
finding 10: the menu was ~1405 px wide and pushed the notification bell off-screen): the bell is inside the
window, the page never scrolls sideways, and every entry of the menu is reachable with the keyboard.

Screenshots: ``test-artifacts/menu-WIDTH-NN-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sigap.accounts.models import Membership
from sigap.core.navigation import nav_entries, url_for_role
from tests.e2e.test_case_journey import Journey, _seed, journey_of

pytestmark = pytest.mark.browser


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None, request: Any) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, f"menu-{request.node.callspec.params['width']}")


def _head_urls(head: Any) -> list[str]:
    role = Membership.objects.get(user=head).role
    urls = [url_for_role(e.url_name, role) for e in nav_entries("main") if not e.roles or role in e.roles]
    return [url for url in urls if url]


@pytest.mark.parametrize("width", [1280, 1024, 390])
def test_the_heads_menu_fits_and_every_entry_is_reachable_by_keyboard(trip: Journey, width: int) -> None:
    users = _seed()
    head = users["head"]
    head.full_name = "Hj. Sari Rahmawati Kepala, S.Psi., M.Si. (nama panjang)"  # a real name with its titles
    head.save(update_fields=["full_name"])
    page = trip.login(head)
    page.set_viewport_size({"width": width, "height": 800})
    page.reload()
    trip.shot(page, f"kepala-{width}")
    inner = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= inner
    bell = page.locator("#work-bell").bounding_box()
    assert bell is not None and bell["x"] >= 0 and bell["x"] + bell["width"] <= inner, bell
    # Every entry of the HEAD's menu, by keyboard: Tab to it (through the hamburger and a dropdown when they are
    # closed, opened with Enter) and it must be visible once focused.
    urls = _head_urls(head)
    assert len(urls) >= 8
    reached: set[str] = set()
    page.focus("a.navbar-brand")
    for _step in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; if (!el || !el.closest('header')) return null;"
            " const r = el.getBoundingClientRect(); return {href: el.getAttribute('href'), tag: el.tagName,"
            " toggle: el.getAttribute('data-bs-toggle'), expanded: el.getAttribute('aria-expanded'),"
            " visible: r.width > 0 && r.height > 0 && r.right <= window.innerWidth + 1} }"
        )
        if focused is None:
            break
        assert focused["visible"], focused
        closed = focused["toggle"] in ("collapse", "dropdown") and focused["expanded"] == "false"
        # Open the hamburger and the menu's groups; the account menu holds no entry of the main menu.
        if closed and page.evaluate("document.activeElement.id") != "user-menu":
            page.keyboard.press("Enter")
        if focused["href"]:
            reached.add(focused["href"])
    trip.shot(page, "menu-terbuka")
    missing = [url for url in urls if url not in reached]
    assert missing == [], missing
    assert page.js_errors == []
