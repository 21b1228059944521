"""The worker rides out a database outage, and /healthz says when the worker stops beating (issue #21).

``manage.py sigap_worker`` runs as a child process on a throwaway PostgreSQL (sigap/core/testing/postgres.py)
with a 1-second tick; the database is really killed and started again.
"""

from __future__ import annotations

import json
import signal
import sys
import time

import pytest

from sigap.core.testing.postgres import BASE_DIR, Child, Throwaway, http_get, manage, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _health(web: str) -> tuple[int, dict[str, str]]:
    status, body, _headers = http_get(f"{web}/healthz")
    return status, json.loads(body) if body.startswith("{") else {}


def _state(db: Throwaway, item_id: int) -> str:
    return str(db.query("SELECT state FROM work_workitem WHERE id = %s", (item_id,))[0][0])


def test_the_worker_survives_a_database_outage_and_healthz_tells_a_stale_worker(
    throwaway_postgres: Throwaway, throwaway_web: str
):
    db, web = throwaway_postgres, throwaway_web
    db.ensure_running()
    seeded = manage(["shell", "-c", "from tests.testapp.blink import seed; seed()"], db.env)
    item_id = int(seeded.stdout.split("work_item=")[1].split()[0])
    worker = Child([sys.executable, str(BASE_DIR / "manage.py"), "sigap_worker"], db.env, db.folder / "worker.log")
    try:
        wait_until(lambda: "work scheduler started" in worker.output(), timeout=30, what="the worker to start")
        time.sleep(1.5)  # a few ticks and queue polls

        db.server.kill()
        time.sleep(3)  # the worker meets the outage: queue polls and ticks fail
        db.server.start()
        time.sleep(1)
        assert worker.alive(), f"the worker exited at the outage:\n{worker.output()[-3000:]}"

        # An item falls due after the restart: the worker marks it missed and escalates it.
        db.query("UPDATE work_workitem SET due_at = now() - interval '1 minute' WHERE id = %s", (item_id,))
        wait_until(lambda: _state(db, item_id) == "MISSED", timeout=20, what="the worker to mark the due item")
        wait_until(
            lambda: _health(web) == (200, {"status": "ok", "database": "ok", "worker": "ok"}),
            timeout=10,
            what="/healthz to see the worker's beat",
        )
        log = worker.output()
        assert "database unavailable" in log
        assert "Blink" not in log and "blink_cm" not in log  # no names in the log

        # A worker that cannot beat (here: frozen) is reported within 3 ticks.
        worker.signal(signal.SIGSTOP)
        try:
            wait_until(lambda: _health(web)[0] == 503, timeout=15, what="/healthz to report the stale worker")
            assert _health(web) == (503, {"status": "error", "database": "ok", "worker": "stale"})
        finally:
            worker.signal(signal.SIGCONT)
        wait_until(lambda: _health(web)[0] == 200, timeout=15, what="/healthz to see the worker again")
    finally:
        worker.stop()
        db.ensure_running()
