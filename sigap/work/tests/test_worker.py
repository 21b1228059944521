"""The scheduler loop of the worker, ``manage.py sigap_worker`` and ``manage.py work_tick``."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sigap.work.scheduler import TickResult
from sigap.work.tests.conftest import open_item
from sigap.work.worker import run_scheduler, scheduler_thread, seconds_to_next_tick


def test_ticks_land_on_the_start_of_each_minute():
    assert seconds_to_next_tick(120.0) == 60.0
    assert seconds_to_next_tick(125.5) == pytest.approx(54.5)


def test_the_loop_ticks_until_stopped_and_survives_a_failing_tick(db, caplog):
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


def test_the_scheduler_thread_stops_when_told(monkeypatch):
    ticks = threading.Event()
    monkeypatch.setattr("sigap.work.worker.work_items_tick", lambda: ticks.set() or TickResult())
    monkeypatch.setattr("sigap.work.worker.connections.close_all", lambda: None)
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

    monkeypatch.setattr("sigap.work.management.commands.sigap_worker.call_command", fake_db_worker)
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
