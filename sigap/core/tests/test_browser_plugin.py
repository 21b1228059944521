"""The suite's one browser plugin (sigap.core.testing.browser): without chromium a browser test is skipped
and the end of the run says so; with SIGAP_REQUIRE_BROWSER=1 (CI) it fails instead (issue #12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sigap.core.testing import browser as plugin

REPO = Path(__file__).resolve().parents[3]

A_BROWSER_TEST = """
def test_it_needs_a_browser(browser):
    assert browser is not None
"""


def test_a_missing_chromium_is_named(tmp_path: Path) -> None:
    problem = plugin.chromium_problem(str(tmp_path / "no-chromium"))
    assert problem.startswith("BROWSER TESTS SKIPPED: chromium not found at ")
    assert "apt-get install chromium" in problem
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")
    assert plugin.chromium_problem(str(not_executable)) != ""


def test_without_the_switch_a_missing_browser_skips_and_is_remembered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(plugin.REQUIRE_ENV, raising=False)
    monkeypatch.setattr(plugin, "skip_reasons", [])
    for _ in range(2):
        with pytest.raises(pytest.skip.Exception, match="no chromium here"):
            plugin.browser_missing("no chromium here")
    assert plugin.skip_reasons == ["no chromium here"]


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_with_the_switch_a_missing_browser_fails(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(plugin.REQUIRE_ENV, value)
    monkeypatch.setattr(plugin, "skip_reasons", [])
    with pytest.raises(pytest.fail.Exception, match="SIGAP_REQUIRE_BROWSER=1: browser tests must run here"):
        plugin.browser_missing("no chromium here")
    assert plugin.skip_reasons == []


def _run_a_browser_test(tmp_path: Path, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a one-test suite that uses the plugin in a separate pytest, chromium pointed at nothing."""
    (tmp_path / "test_one.py").write_text(A_BROWSER_TEST)
    environ = {k: v for k, v in os.environ.items() if k not in (plugin.REQUIRE_ENV, "DJANGO_SETTINGS_MODULE")}
    environ.update(PYTHONPATH=str(REPO), SIGAP_CHROMIUM=str(tmp_path / "no-chromium"), **env)
    command = [sys.executable, "-m", "pytest", "-p", "no:django", "-p", "no:cacheprovider"]
    command += ["-p", "sigap.core.testing.browser", *options, "-q", "test_one.py"]
    # Our own interpreter and fixed arguments: nothing untrusted runs.
    return subprocess.run(command, cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120)  # noqa: S603


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "make test's workers"])
def test_a_whole_run_skips_loudly_or_fails_with_the_switch(tmp_path: Path, workers: list[str]) -> None:
    # With workers (pytest-xdist, as `make test` runs) the skip happens in a worker: the warning must still
    # be printed at the end of the run, by the process that prints it.
    skipped = _run_a_browser_test(tmp_path, *workers)
    assert skipped.returncode == 0, skipped.stdout
    assert "1 skipped" in skipped.stdout
    last_lines = skipped.stdout.splitlines()[-6:]
    assert any("WARNING" in line for line in last_lines) and any("BROWSER TESTS SKIPPED" in line for line in last_lines)

    required = _run_a_browser_test(tmp_path, *workers, SIGAP_REQUIRE_BROWSER="1")
    assert required.returncode == 1, required.stdout
    assert "1 error" in required.stdout and "browser tests must run here" in required.stdout
