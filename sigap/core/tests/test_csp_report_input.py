"""/csp-report/ takes any body from anyone: malformed reports get 204 (or 413), never a 500."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db  # the endpoint counts reports per address in the database


def _post(body: object) -> int:
    client = Client(raise_request_exception=False)
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(reverse("core:csp_report"), data, content_type="application/csp-report").status_code


@pytest.mark.parametrize(
    "body",
    [
        {"csp-report": {"blocked-uri": "http://[oops", "effective-directive": "img-src"}},
        {"csp-report": {"blocked-uri": "inline", "document-uri": "https://[::1/x?q=1"}},
        {"csp-report": {"blocked-uri": "http://[::1]:99999/x"}},
        {"csp-report": {"blocked-uri": ["a"], "document-uri": {"x": 1}, "violated-directive": 7}},
        {"csp-report": "text"},
        [1, 2],
        "{not json",
        "\x00\xff",
    ],
)
def test_it_answers_204_to_malformed_reports(body: object) -> None:
    assert _post(body) == 204


def test_a_bad_url_is_logged_without_its_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="sigap.core"):
        assert (
            _post({"csp-report": {"blocked-uri": "http://[oops/secret?q=Canary", "document-uri": "http://[x"}}) == 204
        )
    record = next(r for r in caplog.records if getattr(r, "event", "") == "csp_violation")
    assert "Canary" not in str(record.__dict__)
