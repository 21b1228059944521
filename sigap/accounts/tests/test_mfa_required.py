"""AUTH-05: every staff page sends a logged-in user without the second factor to the MFA step."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from sigap.core.access import STAFF, policy_of


def _staff_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, Any]]:
    resolver = resolver or get_resolver()
    found: list[tuple[str, Any]] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found += _staff_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            policy = policy_of(pattern.callback)
            # Unnamed patterns cannot be reversed; the access matrix already requires every name.
            if policy is not None and policy.kind == STAFF and pattern.name:
                found.append((f"{prefix}{pattern.name}", pattern))
    return found


def _sample_kwargs(pattern: URLPattern) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, converter in getattr(pattern.pattern, "converters", {}).items():
        if isinstance(converter, IntConverter):
            kwargs[name] = 1
        elif isinstance(converter, UUIDConverter):
            kwargs[name] = uuid.UUID(int=1)
        else:
            kwargs[name] = "x"
    return kwargs


def test_there_are_staff_pages_to_check() -> None:
    names = [name for name, _ in _staff_patterns()]
    assert "core:home" in names and "accounts:mfa_manage" in names


def test_every_staff_page_needs_the_second_factor(personas) -> None:
    client = personas.client("unverified")
    failures = []
    for name, pattern in _staff_patterns():
        url = reverse(name, kwargs=_sample_kwargs(pattern))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 302 or not response["Location"].startswith(reverse("accounts:mfa_verify")):
                failures.append(f"{method.upper()} {name}: {response.status_code} {response.get('Location', '')}")
    assert failures == []
