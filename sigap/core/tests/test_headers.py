"""Security headers on every page (CFG-02, DATA-06, DATA-07) and no inline script or style anywhere.

The pages are those of the access matrix: every GET URL name, fetched anonymously, by one persona
allowed in and by one turned away, so a page added by a later issue is covered without a new test.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sigap.core.logging import JsonFormatter
from sigap.core.testing.access import OK, Rule
from sigap.core.tests.test_access_matrix import RULES
from sigap.core.views import CSP_REPORT_SUMMARY_SECONDS

BASE_DIR = Path(settings.BASE_DIR)
GET_RULES = [r for r in RULES if r.method == "GET" and not r.skip_reason]

# An asset (script, style sheet, image, frame, …) loaded from any host but our own.
EXTERNAL_ASSET = re.compile(
    r"<(?:script|link|img|iframe|frame|source|video|audio|embed|object|track|input)\b[^>]*?"
    r"\b(?:src|href|srcset|data|poster|formaction)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
FORBIDDEN_ATTRIBUTE = re.compile(r"\s(?:style|on[a-z]+|hx-on[:\-a-z]*)\s*=", re.IGNORECASE)
JS_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_security_headers(response: HttpResponse, where: str) -> None:
    policy = response.get("Content-Security-Policy", "")
    directives = _directives(policy)
    assert directives.get("default-src") == ["'self'"], f"{where}: {policy!r}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{where}: {policy!r}"
    assert directives.get("object-src") == ["'none'"], f"{where}: {policy!r}"
    assert directives.get("base-uri") == ["'none'"], f"{where}: {policy!r}"
    assert directives.get("script-src", [""])[0] == "'self'", f"{where}: {policy!r}"
    assert directives.get("style-src") == ["'self'"], f"{where}: {policy!r}"
    for word in ("'unsafe-inline'", "'unsafe-eval'", "http:", "https:", "*"):
        assert word not in policy.split(), f"{where}: {word} in {policy!r}"
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", where
    assert "no-store" in response.get("Cache-Control", ""), f"{where}: {response.get('Cache-Control')!r}"
    assert re.fullmatch(r"[A-Za-z0-9-]{8,64}", response.get("X-Request-ID", "")), where
    assert_permissions_policy(response, where)


# Powerful browser features no page of Sigap uses: denied to every origin, our own included (issue #19).
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment")


def assert_permissions_policy(response: HttpResponse, where: str) -> None:
    policy = response.get("Permissions-Policy", "")
    features = dict(item.strip().split("=", 1) for item in policy.split(",") if "=" in item)
    for feature in DENIED_FEATURES:
        assert features.get(feature) == "()", f"{where}: {feature} in {policy!r}"


def assert_no_inline_code_or_external_assets(html: str, where: str) -> None:
    assert not EXTERNAL_ASSET.search(html), f"{where}: asset from another host: {EXTERNAL_ASSET.search(html)}"
    assert not INLINE_SCRIPT.search(html), f"{where}: inline script"
    assert not STYLE_ELEMENT.search(html), f"{where}: <style> element"
    for tag in TAG.findall(html):
        assert not FORBIDDEN_ATTRIBUTE.search(tag), f"{where}: inline style or handler in {tag}"
    assert not JS_URL.search(html), f"{where}: javascript: URL"


def _personas_for(rule: Rule) -> list[str]:
    chosen = ["anonymous"]
    allowed = [p for p, expected in rule.expect.items() if expected == OK and p != "anonymous"]
    refused = [p for p, expected in rule.expect.items() if expected == 403]
    return chosen + allowed[:1] + refused[:1]


@pytest.mark.parametrize("rule", GET_RULES, ids=lambda r: r.url_name)
def test_every_page_sends_the_security_headers(rule: Rule, personas: Any) -> None:
    for persona in _personas_for(rule):
        client = personas.client(persona)
        url = reverse(rule.url_name, kwargs=rule.kwargs(personas) if rule.kwargs else {})
        response = client.get(url)
        where = f"{persona} GET {url} ({response.status_code})"
        assert_security_headers(response, where)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_no_inline_code_or_external_assets(response.content.decode(), where)


@pytest.mark.parametrize("persona", ["anonymous", "head"])
def test_error_pages_send_them_too(personas: Any, persona: str) -> None:
    response = personas.client(persona).get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response, f"{persona} 404")
    assert_no_inline_code_or_external_assets(response.content.decode(), f"{persona} 404")


def test_a_logged_in_page_is_never_stored(personas: Any) -> None:
    response = personas.client("case_manager").get("/")
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"


def test_the_home_page_needs_no_nonce(personas: Any) -> None:
    # No inline script at all: the policy carries a nonce only for a page that asked for one.
    response = personas.client("head").get("/")
    assert "'nonce-" not in response["Content-Security-Policy"]


def _templates() -> list[Path]:
    roots = [BASE_DIR / "templates", *sorted((BASE_DIR / "sigap").glob("*/templates"))]
    found = [path for root in roots for path in root.rglob("*.html")]
    assert len(found) >= 8, roots
    return found


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_no_template_holds_inline_script_style_or_handlers(template: Path) -> None:
    assert_no_inline_code_or_external_assets(template.read_text(encoding="utf-8"), str(template))


def test_the_scan_itself_catches_what_it_should() -> None:
    for bad in (
        "<script>alert(1)</script>",
        '<div style="color:red">x</div>',
        '<button onclick="go()">x</button>',
        '<a href="javascript:go()">x</a>',
        '<script src="https://cdn.example/x.js"></script>',
        '<link rel="stylesheet" href="//cdn.example/x.css">',
        "<style>p{}</style>",
        '<div hx-on:click="go()">x</div>',
    ):
        with pytest.raises(AssertionError):
            assert_no_inline_code_or_external_assets(bad, "sample")
    assert_no_inline_code_or_external_assets(
        '<script src="/static/x.js"></script><a href="https://x.example">x</a>', "ok"
    )


def test_our_style_sheet_loads_nothing_from_other_hosts() -> None:
    for css in (BASE_DIR / "static" / "sigap").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"(?:url\(|@import)\s*[\"']?\s*(?:https?:)?//", text), css


def test_the_policy_asks_browsers_to_report_violations(client: Client, db: None) -> None:
    directives = _directives(client.get("/healthz")["Content-Security-Policy"])
    assert directives.get("report-uri") == [reverse("core:csp_report")]


@pytest.mark.django_db
def test_a_violation_report_is_logged_without_what_the_user_typed(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    canary = "CANARY-91ab-Rina"
    report = {
        "csp-report": {
            "document-uri": f"https://sigap.example/kasus/?q={canary}",
            "referrer": f"https://sigap.example/cari/?nik={canary}",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": f"https://evil.example/x.js?leak={canary}",
            "script-sample": canary,
        }
    }
    response = client.post(reverse("core:csp_report"), json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    logged = [r for r in caplog.records if getattr(r, "event", "") == "csp_violation"]
    assert len(logged) == 1
    assert logged[0].directive == "script-src-elem"  # type: ignore[attr-defined]
    assert logged[0].blocked == "https://evil.example"  # type: ignore[attr-defined]
    assert logged[0].page == "/kasus/"  # type: ignore[attr-defined]
    assert canary not in JsonFormatter().format(logged[0])


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"csp-report": "x"}', ""])
def test_a_garbled_report_is_ignored(client: Client, caplog: pytest.LogCaptureFixture, body: str) -> None:
    response = client.post(reverse("core:csp_report"), body, content_type="application/csp-report")
    assert response.status_code == 204
    assert not [r for r in caplog.records if getattr(r, "event", "") == "csp_violation"]


@pytest.mark.django_db
def test_an_oversized_report_is_refused(client: Client) -> None:
    body = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    response = client.post(reverse("core:csp_report"), body, content_type="application/csp-report")
    assert response.status_code == 413
    assert client.get(reverse("core:csp_report")).status_code == 405


def test_the_shell_loads_only_the_vendored_files_which_exist() -> None:
    base = (BASE_DIR / "templates" / "base.html").read_text(encoding="utf-8")
    paths = re.findall(r"\{% static '([^']+)' %\}", base)
    assert "vendor/bootstrap-5.3.9/css/bootstrap.min.css" in paths
    assert "vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js" in paths
    assert "vendor/htmx-2.0.11/htmx.min.js" in paths
    for static_path in paths:
        assert (BASE_DIR / "static" / static_path).is_file(), static_path
    readme = (BASE_DIR / "static" / "vendor" / "README.md").read_text(encoding="utf-8")
    assert "5.3.9" in readme and "2.0.11" in readme


def _csp_report(client: Client, *, blocked: str = "https://evil.example/x.js", ip: str = "203.0.113.7") -> HttpResponse:
    report = {"csp-report": {"effective-directive": "script-src-elem", "blocked-uri": blocked, "document-uri": "/"}}
    return client.post(  # type: ignore[return-value]
        reverse("core:csp_report"), json.dumps(report), content_type="application/csp-report", REMOTE_ADDR=ip
    )


def _csp_lines(caplog: pytest.LogCaptureFixture) -> list[Any]:
    return [r for r in caplog.records if str(getattr(r, "event", "")).startswith("csp_")]


@pytest.mark.django_db
def test_a_client_over_the_report_limit_gets_429_and_writes_no_log_line(
    client: Client, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #19: anyone may post reports; one address may not make the server write without end."""
    monkeypatch.setattr("sigap.core.views.CSP_REPORT_LIMIT", 3)
    for n in range(3):
        assert _csp_report(client, blocked=f"https://evil{n}.example/x.js").status_code == 204
    assert len(_csp_lines(caplog)) == 3
    caplog.clear()
    over = _csp_report(client, blocked="https://new.example/x.js")
    assert over.status_code == 429
    assert _csp_lines(caplog) == []
    assert _csp_report(client, blocked="https://new.example/x.js", ip="198.51.100.4").status_code == 204  # per address


@pytest.mark.django_db
def test_repeated_reports_are_counted_not_logged_each_time(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for ip in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"):
            assert _csp_report(client, ip=ip).status_code == 204
        _csp_report(client, blocked="https://other.example/y.js")
    lines = _csp_lines(caplog)
    assert [(r.blocked, r.repeats) for r in lines] == [("https://evil.example", 0), ("https://other.example", 0)]
    caplog.clear()
    with time_machine.travel(start + timedelta(seconds=CSP_REPORT_SUMMARY_SECONDS - 1), tick=False):
        _csp_report(client, ip="203.0.113.6")
    assert _csp_lines(caplog) == []  # still within the interval: counted only
    with time_machine.travel(start + timedelta(seconds=CSP_REPORT_SUMMARY_SECONDS + 1), tick=False):
        _csp_report(client, ip="203.0.113.7")
    (summary,) = _csp_lines(caplog)
    # One line for the interval's 5 unlogged repeats and this report.
    assert (summary.blocked, summary.repeats) == ("https://evil.example", 5)


@pytest.mark.django_db
def test_static_files_and_reports_deny_the_powerful_features_too(client: Client) -> None:
    """Every response: also those WhiteNoise answers before the rest of the middleware, and the CSP endpoint."""
    static = client.get("/static/sigap/sigap.js")
    assert static.status_code == 200
    assert_permissions_policy(static, "static file")
    report = client.post(reverse("core:csp_report"), "{}", content_type="application/csp-report")
    assert_permissions_policy(report, "csp report")


def test_the_csrf_cookie_ends_with_the_browser_session(client: Client, db: None) -> None:
    """Issue #19: Django keeps the CSRF cookie a year by default; Sigap's lives as long as the browser session."""
    response = client.get(reverse("accounts:login"))
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie.value
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
