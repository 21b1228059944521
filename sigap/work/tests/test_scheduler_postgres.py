"""Two workers ticking at the same moment on PostgreSQL produce every notification exactly once.

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_dev_work``. SQLite serialises
writers (``BEGIN IMMEDIATE``) and has no row locks to exercise, so the test is skipped there.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections
from django.db.models import Count

from sigap.work import scheduler
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import TickResult, work_items_tick
from sigap.work.tests.conftest import make_target, open_item

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SKIP LOCKED); set DATABASE_URL to a PostgreSQL database",
    ),
]

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _tick_in_threads(now: datetime, workers: int = 2) -> list[TickResult]:
    barrier = threading.Barrier(workers)
    results: list[TickResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(work_items_tick(now=now))
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_ticks_send_no_duplicate_notifications(personas, monkeypatch, mailoutbox):
    real_send = scheduler.notification_send

    def slow_send(**kwargs):
        # Hold the claimed rows a little so the two workers really overlap.
        time.sleep(0.2)
        return real_send(**kwargs)

    monkeypatch.setattr(scheduler, "notification_send", slow_send)
    monkeypatch.setattr(scheduler, "BATCH_SIZE", 3)
    for _ in range(8):
        open_item(personas, due_at=T0 + timedelta(minutes=30), target=make_target())
    for _ in range(8):
        open_item(personas, due_at=T0 - timedelta(minutes=1), target=make_target())

    results = _tick_in_threads(T0, workers=3)

    assert sum(r.reminded for r in results) == 8
    assert sum(r.missed for r in results) == 8
    assert sum(r.escalated for r in results) == 8
    duplicates = Notification.objects.values("work_item", "recipient", "kind").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(duplicates) == []
    assert Notification.objects.filter(kind="REMINDER").count() == 8
    assert Notification.objects.filter(kind="MISSED").count() == 8
    assert Notification.objects.filter(kind="ESCALATED").count() == 8
    assert WorkItem.objects.filter(state="MISSED", escalated_at__isnull=False).count() == 8
    # Every notification is mailed exactly once (its row is locked and stamped in the mail's transaction).
    # A user may get one digest per worker that found new notifications for them in this minute — an
    # escalation written by one worker after another had already mailed that user — never the same
    # notification twice.
    assert not Notification.objects.filter(mailed_at__isnull=True).exists()
    recipients = [m.to[0] for m in mailoutbox]
    assert set(recipients) == {"case_manager@example.test", "head@example.test"}
    assert all(recipients.count(address) <= 3 for address in set(recipients))

    # And a second round at the same minute finds nothing left to do.
    assert all(r == TickResult() for r in _tick_in_threads(T0, workers=2))
