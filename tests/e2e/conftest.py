"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live server.

Run them with ``make e2e`` (``pytest -m browser``). Without chromium they are skipped, and the end of
the run says so in a warning line: a green run without browser tests must not pass unnoticed.
Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SIGAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

_skip_reasons: list[str] = []


def _chromium_problem() -> str:
    path = CHROMIUM if os.path.isabs(CHROMIUM) else (shutil.which(CHROMIUM) or CHROMIUM)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return (
            f"BROWSER TESTS SKIPPED: chromium not found at {CHROMIUM}. "
            "Install Debian's chromium (apt-get install chromium) or set SIGAP_CHROMIUM."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "BROWSER TESTS SKIPPED: the playwright package is not installed (make setup-dev)."
    return ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One chromium per test module (launching costs about a second); the async-unsafe switch
    below is on only while it runs, so other tests keep Django's check."""
    problem = _chromium_problem()
    if problem:
        if problem not in _skip_reasons:
            _skip_reasons.append(problem)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run next to
    # one unless told that this is safe (it is: the test thread only waits on the browser).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield launched
            finally:
                launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the live server, Indonesian like the unit's staff."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for reason in _skip_reasons:
        terminalreporter.write_sep("!", "WARNING", red=True, bold=True)
        terminalreporter.write_line(reason, red=True, bold=True)
