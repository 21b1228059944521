"""rate_limit_hit / rate_limit_exceeded: counted per page, client and window in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from sigap.core.models import RateLimitCounter
from sigap.core.ratelimit import rate_limit_exceeded, rate_limit_hit

pytestmark = pytest.mark.django_db

HOUR = 3600
PROXY = "10.0.0.2"


def _request(ip: str = "203.0.113.9", **meta: str) -> HttpRequest:
    return RequestFactory().post("/lapor/", REMOTE_ADDR=ip, **meta)


def _hits(request: HttpRequest, times: int, scope: str = "report", limit: int = 3) -> list[bool]:
    return [rate_limit_hit(request, scope=scope, limit=limit, window_seconds=HOUR) for _ in range(times)]


def test_it_lets_limit_attempts_through_then_refuses() -> None:
    request = _request()
    assert _hits(request, 5) == [True, True, True, False, False]
    assert rate_limit_exceeded(request, scope="report", limit=3, window_seconds=HOUR)
    assert RateLimitCounter.objects.get().count == 5


def test_it_counts_each_address_and_each_page_apart() -> None:
    assert _hits(_request("203.0.113.9"), 4) == [True, True, True, False]
    assert _hits(_request("203.0.113.10"), 1) == [True]
    assert _hits(_request("203.0.113.9"), 1, scope="status") == [True]


def test_exceeded_only_reads() -> None:
    request = _request()
    for _ in range(5):
        assert not rate_limit_exceeded(request, scope="report", limit=3, window_seconds=HOUR)
    assert not RateLimitCounter.objects.exists()


def test_the_table_never_holds_the_address() -> None:
    _hits(_request("203.0.113.77"), 1)
    row = RateLimitCounter.objects.get()
    assert "203.0.113.77" not in row.client and len(row.client) == 64


def test_a_new_window_starts_from_zero_and_old_rows_are_deleted() -> None:
    with time_machine.travel(datetime(2026, 3, 1, 10, 59, tzinfo=UTC), tick=False):
        assert _hits(_request(), 4) == [True, True, True, False]
        _hits(_request("198.51.100.1"), 1)
    with time_machine.travel(datetime(2026, 3, 1, 11, 0, 1, tzinfo=UTC), tick=False):
        assert _hits(_request(), 1) == [True]
    row = RateLimitCounter.objects.get()
    assert row.window_start == datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    assert row.expires_at == row.window_start + timedelta(hours=1)


def test_without_the_proxy_header_setting_everyone_behind_the_proxy_shares_one_limit() -> None:
    """The default trusts REMOTE_ADDR only: a header sent by the client is ignored (not spoofable)."""
    assert _hits(_request(PROXY, HTTP_X_REAL_IP="203.0.113.1"), 3) == [True, True, True]
    assert _hits(_request(PROXY, HTTP_X_REAL_IP="203.0.113.2"), 1) == [False]


@override_settings(SIGAP_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_behind_the_proxy_each_visitor_is_counted_apart() -> None:
    assert _hits(_request(PROXY, HTTP_X_REAL_IP="203.0.113.1"), 4) == [True, True, True, False]
    assert _hits(_request(PROXY, HTTP_X_REAL_IP="203.0.113.2"), 1) == [True]


@override_settings(SIGAP_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_a_client_cannot_pick_its_address_by_sending_x_forwarded_for() -> None:
    # nginx appends the real address (203.0.113.1) after whatever the client sent.
    results = [
        rate_limit_hit(
            _request(PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.1"),
            scope="report",
            limit=3,
            window_seconds=HOUR,
        )
        for n in range(5)
    ]
    assert results == [True, True, True, False, False]
