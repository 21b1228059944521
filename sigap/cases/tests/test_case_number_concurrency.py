"""Concurrent openings of one unit get distinct, consecutive numbers (the counter row is locked)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from conftest import make_unit, make_user
from sigap.accounts.models import Role
from sigap.cases.models import Case
from sigap.cases.services.lifecycle import case_open

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 4
CASES_PER_WRITER = 10


@pytest.fixture
def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the in-memory SQLite test database is not shared between threads; "
            "run with DATABASE_URL=postgres://…"
        )


def test_threads_never_share_a_case_number(needs_postgres: None) -> None:
    unit = make_unit(name="UPTD PPA Uji Nomor", region_code="64.01", prefix="PPA-UJI")
    heads = [make_user(f"head_{n}", unit, Role.HEAD if n == 0 else Role.CASE_MANAGER) for n in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(CASES_PER_WRITER):
                case_open(actor=heads[writer], category="KTP", risk_level="SEDANG")
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    sequences = sorted(Case.objects.filter(unit=unit).values_list("sequence", flat=True))
    assert sequences == list(range(1, WRITERS * CASES_PER_WRITER + 1))
    numbers = list(Case.objects.filter(unit=unit).values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
