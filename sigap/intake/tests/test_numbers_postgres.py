"""Ticket numbers under concurrency: threads recording at once never share a number (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from conftest import make_unit, make_user
from sigap.intake.models import Complaint
from sigap.intake.services.complaint import complaint_record
from sigap.intake.tests.factories import ensure_reference

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 4
PER_WRITER = 5


@pytest.fixture
def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises writers with IMMEDIATE transactions and its in-memory "
            "test database is not shared between threads; run with DATABASE_URL=postgres://…"
        )


def test_concurrent_recordings_get_distinct_consecutive_numbers(needs_postgres: None) -> None:
    ensure_reference()
    unit = make_unit(name="UPTD PPA Uji Nomor", region_code="64.01", prefix="PPA-UJN")
    officers = [make_user(f"intake_{n}", unit, "INTAKE") for n in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(officer_index: int) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(PER_WRITER):
                complaint_record(
                    actor=officers[officer_index],
                    channel="TELEPON",
                    received_at=timezone.now(),
                    reporter_type="ANONIM",
                    account="Concurrent test.",
                    risk_level="RENDAH",
                )
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
    sequences = sorted(Complaint.objects.filter(unit=unit).values_list("sequence", flat=True))
    assert sequences == list(range(1, WRITERS * PER_WRITER + 1))
    numbers = list(Complaint.objects.filter(unit=unit).values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
