"""The one browser of the test suite: Playwright for Python driving Debian's chromium (a pytest plugin).

Registered in the root ``conftest.py`` (``pytest_plugins``), so every browser test of every app uses the
same fixtures: ``browser`` (one chromium per test module), ``page`` (a fresh context on the live
server) and ``artifacts`` (the git-ignored ``test-artifacts/`` folder for screenshots). Run them alone
with ``make e2e`` (``pytest -m browser``).

Without chromium (or without the playwright package) the browser tests are skipped and the end of the
run says so in a warning line: a green run without browser tests must not pass unnoticed (issue #12).
Where they must run (CI installs chromium), ``SIGAP_REQUIRE_BROWSER=1`` turns that skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM = os.environ.get("SIGAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
REQUIRE_ENV = "SIGAP_REQUIRE_BROWSER"

# Why browser tests were skipped in this run, each once: printed again at the very end.
skip_reasons: list[str] = []


def chromium_problem(chromium: str = CHROMIUM) -> str:
    """Why no browser can be started here; "" when it can."""
    path = chromium if os.path.isabs(chromium) else (shutil.which(chromium) or chromium)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return (
            f"BROWSER TESTS SKIPPED: chromium not found at {chromium}. "
            "Install Debian's chromium (apt-get install chromium) or set SIGAP_CHROMIUM."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "BROWSER TESTS SKIPPED: the playwright package is not installed (make setup-dev)."
    return ""


def browser_required() -> bool:
    """True where a missing browser is a failure, not a skip (CI: ``SIGAP_REQUIRE_BROWSER=1``)."""
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in ("1", "true", "yes")


def browser_missing(problem: str) -> NoReturn:
    """Skip the browser test, remembered for the warning at the end; fail instead where one is required."""
    if browser_required():
        pytest.fail(f"{problem} ({REQUIRE_ENV}=1: browser tests must run here)", pytrace=False)
    if problem not in skip_reasons:
        skip_reasons.append(problem)
    pytest.skip(problem)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One chromium per test module (launching costs about a second); the async-unsafe switch
    below is on only while it runs, so other tests keep Django's check."""
    problem = chromium_problem()
    if problem:
        browser_missing(problem)
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


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember a browser skip from its report too: with ``make test``'s workers (pytest-xdist) the skip
    happens in a worker process, and only the reports reach the process that prints the end of the run."""
    if not report.skipped or not isinstance(report.longrepr, tuple):
        return
    message = str(report.longrepr[2]).removeprefix("Skipped: ")
    if message.startswith("BROWSER TESTS SKIPPED") and message not in skip_reasons:
        skip_reasons.append(message)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for reason in skip_reasons:
        terminalreporter.write_sep("!", "WARNING", red=True, bold=True)
        terminalreporter.write_line(reason, red=True, bold=True)
