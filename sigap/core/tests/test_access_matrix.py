"""AC-01: every URL name of the project is in the access matrix, and every persona gets its answer."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import sigap
from conftest import ALL_PERSONAS
from sigap.core.testing.access import LOGIN, MFA, Rule


def _collect_rules() -> list[Rule]:
    """``RULES`` of every ``sigap/<app>/tests/access_rules*.py`` module."""
    rules: list[Rule] = []
    for app in pkgutil.iter_modules(sigap.__path__):
        try:
            tests_pkg = importlib.import_module(f"sigap.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(tests_pkg.__path__):
            if module.name.startswith("access_rules"):
                rules.extend(importlib.import_module(f"sigap.{app.name}.tests.{module.name}").RULES)
    return rules


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


RULES = _collect_rules()


def test_every_url_name_is_in_the_matrix() -> None:
    covered = {rule.url_name for rule in RULES}
    missing = sorted(name for name in _url_names() if name not in covered and not name.startswith("admin:"))
    assert missing == [], f"URL names without an access rule: {missing}"


def test_every_rule_names_every_persona() -> None:
    for rule in RULES:
        if rule.skip_reason:
            continue
        missing = [p for p in ALL_PERSONAS if p not in rule.expect]
        assert missing == [], f"{rule.url_name} {rule.method}: no expectation for {missing}"


def _check(response: Any, expected: Any) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and reverse("accounts:login") in response["Location"]
    if expected == MFA:
        return response.status_code == 302 and "/mfa/" in response["Location"]
    return bool(response.status_code == expected)


@pytest.mark.parametrize("rule", [r for r in RULES if not r.skip_reason], ids=lambda r: f"{r.method} {r.url_name}")
def test_access(rule: Rule, personas: Any) -> None:
    failures = []
    for persona in ALL_PERSONAS:
        client = personas.client(persona)
        kwargs = rule.kwargs(personas) if rule.kwargs else {}
        url = reverse(rule.url_name, kwargs=kwargs)
        data = rule.data(personas) if callable(rule.data) else (rule.data or {})
        response = client.get(url) if rule.method == "GET" else client.post(url, data)
        expected = rule.expect[persona]
        if not _check(response, expected):
            failures.append(
                f"{persona}: expected {expected}, got {response.status_code} {response.get('Location', '')}"
            )
    assert failures == [], f"{rule.method} {rule.url_name}:\n" + "\n".join(failures)
