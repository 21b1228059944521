"""The scheduler loop of the worker, ``manage.py sigap_worker`` and ``manage.py work_tick``."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from sigap.core.health import WORKER, heartbeat_state
from sigap.core.models import Heartbeat
from sigap.work.scheduler import TickResult
from sigap.work.tests.conftest import open_item
from sigap.work.worker import backoff_seconds, run_queue, run_scheduler, scheduler_thread, seconds_to_next_tick


def test_ticks_land_on_the_start_of_each_minute():
    assert seconds_to_next_tick(120.0, 60.0) == 60.0
    assert seconds_to_next_tick(125.5, 60.0) == pytest.approx(54.5)


@pytest.mark.django_db(transaction=True)
def test_the_loop_ticks_until_stopped_and_survives_a_failing_tick(caplog):
    stop = threading.Event()
    calls = []

    def tick() -> TickResult:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        stop.set()
        return TickResult()

    run_scheduler(stop, interval=0.01, tick=tick)
    assert len(calls) == 2
    assert "work tick failed" in caplog.text


# transaction=True: the loop's close_old_connections() closes a connection left outside autocommit, as
# the test transaction of a plain ``db`` test is (PostgreSQL; SQLite's in-memory database is never closed).
@pytest.mark.django_db(transaction=True)
def test_a_good_tick_records_the_heartbeat():
    stop = threading.Event()
    run_scheduler(stop, interval=30, tick=lambda: stop.set() or TickResult())
    beat = Heartbeat.objects.get(name=WORKER)
    assert beat.interval_seconds == 30
    assert heartbeat_state(WORKER) == "ok"


def test_pauses_grow_to_a_cap():
    assert [backoff_seconds(n, cap=10) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_database_is_retried_sooner_and_logged_without_its_message(caplog, monkeypatch):
    calls = []
    waits = []
    monkeypatch.setattr("sigap.work.worker.connections_drop", lambda: calls.append("drop"))

    class Stop(threading.Event):
        def wait(self, timeout=None):
            waits.append(timeout)
            return False

    stop = Stop()

    def tick() -> TickResult:
        calls.append("tick")
        if calls.count("tick") <= 2:
            raise OperationalError("connection to 10.0.0.9 failed: secret detail")
        stop.set()
        return TickResult()

    run_scheduler(stop, interval=60, tick=tick)
    assert calls == ["tick", "drop", "tick", "drop", "tick"]
    assert waits[:2] == [1, 2]  # then the wait for the next minute
    assert "database unavailable; retrying" in caplog.text and "secret detail" not in caplog.text
    assert "database reachable again" in caplog.text


def test_the_queue_is_started_again_after_an_outage_and_stops_when_db_worker_stops(monkeypatch):
    runs = []
    pauses = []

    def fake_call_command(name, **options):
        runs.append(name)
        if len(runs) < 3:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("sigap.work.worker.call_command", fake_call_command)
    monkeypatch.setattr("sigap.work.worker.connections_drop", lambda: None)
    monkeypatch.setattr("sigap.work.worker.time.sleep", pauses.append)
    run_queue()
    assert runs == ["db_worker"] * 3
    assert pauses == [1, 2]


def test_the_queue_lets_other_errors_and_signals_through(monkeypatch):
    monkeypatch.setattr("sigap.work.worker.call_command", lambda name, **options: (_ for _ in ()).throw(SystemExit(0)))
    with pytest.raises(SystemExit):
        run_queue()
    monkeypatch.setattr("sigap.work.worker.call_command", lambda name, **options: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        run_queue()


def test_the_scheduler_thread_stops_when_told(monkeypatch):
    ticks = threading.Event()
    monkeypatch.setattr("sigap.work.worker.work_items_tick", lambda **kwargs: ticks.set() or TickResult())
    monkeypatch.setattr("sigap.work.worker.connections.close_all", lambda: None)
    monkeypatch.setattr("sigap.work.worker.heartbeat_record", lambda *args, **kwargs: None)
    stop = threading.Event()
    thread = scheduler_thread(stop, interval=3600)
    thread.start()
    assert ticks.wait(timeout=5)  # the first tick runs at once
    stop.set()  # wakes the hour-long wait
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_sigap_worker_runs_the_queue_and_stops_the_scheduler_on_exit(monkeypatch):
    seen = {}

    def fake_db_worker(name, **options):
        seen["name"], seen["options"] = name, options
        raise SystemExit(0)  # what db_worker does on SIGTERM or Ctrl-C

    started = []

    class FakeThread:
        def __init__(self, stop):
            self.stop = stop

        def start(self):
            started.append(self)

        def join(self, timeout=None):
            seen["joined_after_stop"] = self.stop.is_set()

    monkeypatch.setattr("sigap.work.worker.call_command", fake_db_worker)
    monkeypatch.setattr("sigap.work.management.commands.sigap_worker.scheduler_thread", FakeThread)
    with pytest.raises(SystemExit):
        call_command("sigap_worker")
    assert seen["name"] == "db_worker"
    assert seen["options"]["reload"] is False
    assert len(started) == 1 and seen["joined_after_stop"] is True

    started.clear()
    seen.clear()
    with pytest.raises(SystemExit):
        call_command("sigap_worker", "--no-scheduler")
    assert started == [] and "joined_after_stop" not in seen


def test_work_tick_runs_one_step(personas):
    open_item(personas, due_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("work_tick", stdout=out)
    assert out.getvalue().strip() == "reminded=0 missed=1 escalated=1 mailed=2"
    out = StringIO()
    call_command("work_tick", stdout=out)
    assert out.getvalue().strip() == "reminded=0 missed=0 escalated=0 mailed=0"
