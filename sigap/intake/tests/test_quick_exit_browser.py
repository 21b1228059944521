"""Quick exit in a real browser (Debian's chromium): the page is left and replaced in the history."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEUTRAL = "https://www.google.com/search?q=cuaca"


@pytest.fixture
def page(live_server: Any, personas: Any) -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (apt-get install chromium): browser tests cannot run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True)  # a cheap phone
        # Nothing leaves the machine: the neutral site is answered here.
        context.route(
            "https://www.google.com/**",
            lambda route: route.fulfill(status=200, content_type="text/html", body="<p id='weather'>Cerah</p>"),
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(live_server.url + "/lapor/status/")
        yield page
        assert errors == []
        browser.close()


def test_quick_exit_leaves_and_takes_the_page_out_of_the_history(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/lapor/")
    page.fill("#id_account", "something private")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    assert page.locator("#weather").inner_text() == "Cerah"
    page.go_back()
    # The reporting page was replaced: "back" lands on the page before it, not on the form.
    assert page.url == live_server.url + "/lapor/status/"
    assert page.locator("#public-report-form").count() == 0


def test_escape_twice_leaves_too(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/lapor/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
