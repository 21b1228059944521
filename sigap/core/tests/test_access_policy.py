"""The deny-by-default policy: every view carries a policy; the MFA step keeps the page asked for."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sigap.core.access import EXEMPT_MODULE_PREFIXES, _is_plain_redirect, policy_of


def _views(resolver: URLResolver | None = None):  # type: ignore[no-untyped-def]
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_every_view_of_the_project_carries_a_policy() -> None:
    unmarked = [
        p.callback.__module__
        for p in _views()
        if not (p.callback.__module__ or "").startswith(EXEMPT_MODULE_PREFIXES)
        and not _is_plain_redirect(p.callback)
        and policy_of(p.callback) is None
    ]
    # The admin's "view on site" shortcut has no policy on purpose: the middleware refuses it (403).
    assert unmarked == ["django.contrib.contenttypes.views"]


@pytest.mark.django_db
def test_a_view_without_a_policy_is_refused(personas) -> None:  # type: ignore[no-untyped-def]
    response = personas.client("head").get("/kelola-sistem/r/1/1/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_mfa_step_remembers_the_page_asked_for(personas) -> None:  # type: ignore[no-untyped-def]
    client = personas.client("unverified")
    target = reverse("work:my_work")
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_verify") + "?next=" + quote(target, safe="")
