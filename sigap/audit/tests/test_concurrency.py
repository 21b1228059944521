"""Two writers appending to one unit's chain at the same time must queue, not fork the chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sigap.accounts.models import Unit
from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.selectors import audit_chain_verify
from sigap.audit.services import audit_record

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 2
EVENTS_PER_WRITER = 25


@pytest.fixture
def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises writers with IMMEDIATE transactions and its in-memory "
            "test database is not shared between threads; run with DATABASE_URL=postgres://…"
        )


def test_two_threads_keep_one_unbroken_chain(needs_postgres: None) -> None:
    unit = Unit.objects.create(name="UPTD PPA Uji", region_code="64.01", case_number_prefix="PPA-UJI")
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            barrier.wait(timeout=10)
            for i in range(EVENTS_PER_WRITER):
                audit_record(
                    actor=None, unit=unit, action=AuditAction.VIEW, object_type="cases.case", object_id=f"{writer}-{i}"
                )
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    seqs = sorted(AuditEvent.objects.filter(unit=unit).values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EVENTS_PER_WRITER + 1))
    report = audit_chain_verify()
    assert report.ok, [str(b) for b in report.breaks]
