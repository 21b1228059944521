"""The public rate limit under concurrency: exactly ``limit`` of many simultaneous attempts pass (PostgreSQL).

Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_dev_rl. The cache-based counter it
replaces let 28, 5 or 30 of 30 simultaneous attempts through with a limit of 5 (review finding 4).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from sigap.core.models import RateLimitCounter
from sigap.core.ratelimit import rate_limit_hit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 30
LIMIT = 5


@pytest.fixture
def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises writers and its in-memory test database is not shared "
            "between threads; run with DATABASE_URL=postgres://…"
        )


def _race(ip: str, scope: str) -> list[bool]:
    barrier = threading.Barrier(THREADS)
    results: list[bool] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        request = RequestFactory().post("/lapor/", REMOTE_ADDR=ip)
        try:
            barrier.wait(timeout=20)
            results.append(rate_limit_hit(request, scope=scope, limit=LIMIT, window_seconds=3600))
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.parametrize("round_", range(3))
def test_exactly_limit_simultaneous_attempts_pass(needs_postgres: None, round_: int) -> None:
    # The first attempts race to create the window's row; later ones race on its UPDATE.
    results = _race(f"203.0.113.{round_ + 1}", "report")
    assert len(results) == THREADS
    assert results.count(True) == LIMIT
    assert RateLimitCounter.objects.get(scope="report").count == THREADS


def test_an_existing_row_is_raised_exactly(needs_postgres: None) -> None:
    request = RequestFactory().post("/lapor/", REMOTE_ADDR="198.51.100.5")
    assert rate_limit_hit(request, scope="status", limit=LIMIT, window_seconds=3600)
    results = _race("198.51.100.5", "status")
    assert results.count(True) == LIMIT - 1
    assert RateLimitCounter.objects.get(scope="status").count == THREADS + 1
