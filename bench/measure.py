"""What ``make bench`` measures besides the HTTP timings (bench/loopback.py), and how.

- The *floor* of a page: its data queries, captured from the real view in-process
  (:func:`floor_queries`), replayed as raw SQL through sqlite3/psycopg (:func:`measure_floor`), with
  their EXPLAIN plans and the sequential scans of the big tables (:func:`explain`).
- The peak memory of a large streaming export: through gunicorn (:func:`http_export_memory`) and in a
  child process that streams every unit's SIMFONI export (:func:`export_child`, :func:`export_memory`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# ROOT: the project folder, where the export child (``python -m bench.run``) runs, as gunicorn does.
from bench.loopback import ROOT, Http, worker_peak_rss_mb
from bench.stats import Stats

if TYPE_CHECKING:
    from bench.scenarios import Scenario

BIG_TABLES = (
    "cases_case",
    "cases_person",
    "cases_personnametoken",
    "cases_caseperson",
    "cases_caseteammember",
    "cases_casenote",
    "cases_casestatechange",
    "audit_auditevent",
    "work_workitem",
    "cases_incident",
    "cases_consent",
    "intake_complaint",
    # The services delivered (issue #12): tens of millions of rows at 1M cases.
    "assistance_accompanimentsession",
    "assistance_sessionexpert",
    "assistance_sessionstaff",
    "assistance_legaltrack",
    "assistance_hearing",
    "assistance_shelterstay",
    "assistance_outreachvisit",
)
DATA_TABLE = re.compile(r'"?(cases_\w+|intake_\w+|assistance_\w+|work_workitem|regions_village)"?')
# Statements a report runs before its SELECTs and that the floor must replay with them: the temporary
# table of the period's cases (sigap.reports.selectors.cases_materialised), its ANALYZE, and JIT off.
SETUP_STATEMENT = re.compile(r"\s*(CREATE TEMPORARY TABLE|ANALYZE|SET LOCAL)\b", re.IGNORECASE)
TEMP_TABLE = re.compile(r'CREATE TEMPORARY TABLE\s+"?(\w+)"?', re.IGNORECASE)
SERVER_SIDE_CURSOR = re.compile(r"\s*DECLARE\s+\S+\s+.*?\bCURSOR\b.*?\bFOR\s+(SELECT\b.*)", re.DOTALL | re.IGNORECASE)
# The streaming export measured in a child process must reach this many rows (issue #5).
EXPORT_ROWS_TARGET = 100_000


def floor_queries(prep: dict[str, Any], scenario: Scenario) -> list[str]:
    """The SELECTs on data tables that the real view issues (captured in-process)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = prep["clients"][scenario.who]
    with CaptureQueriesContext(connection) as captured:
        if scenario.method == "GET":
            response = client.get(scenario.path)
        else:
            response = client.post(scenario.path, scenario.form or {})
        if response.streaming:  # a streamed export runs its query while the body is read
            for _chunk in response.streaming_content:
                pass
    assert response.status_code == 200, f"{scenario.name}: in-process status {response.status_code}"
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        # A chunked read on PostgreSQL is a server-side cursor: replay the SELECT it was declared for.
        declared = SERVER_SIDE_CURSOR.match(sql)
        if declared is not None:
            sql = declared.group(1)
        data_select = sql.lstrip().upper().startswith("SELECT") and DATA_TABLE.search(sql)
        if SETUP_STATEMENT.match(sql) or (data_select and "django_session" not in sql):
            found.append(sql)
    return found


def selects(queries: list[str]) -> list[str]:
    """The SELECT statements of ``queries``, each apart: a page sends some together, one text (D93)."""
    return [part for sql in queries if not SETUP_STATEMENT.match(sql) for part in statements_of(sql)]


def statements_of(sql: str) -> list[str]:
    """The statements of one text the page sent (``sigap.core.compiled`` joins them with ``;`` and a newline)."""
    return sql.split(";\n")


def replayed(conn: Any, db: str, queries: list[str], each: Any) -> None:
    """Run ``each(sql)`` for the statements in one transaction (PostgreSQL: the temporary table is
    ``ON COMMIT DROP`` and ``SET LOCAL`` needs one), dropping any temporary table afterwards (SQLite)."""
    if db == "postgres":
        with conn.transaction():
            for sql in queries:
                each(sql)
        return
    try:
        for sql in queries:
            each(sql)
    finally:
        for name in TEMP_TABLE.findall("\n".join(queries)):
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')


def raw_connection(db: str, pg_url: str) -> Any:
    """A connection of the database driver itself (no Django), for the floor and the EXPLAIN plans."""
    if db == "postgres":
        import psycopg

        return psycopg.connect(pg_url, autocommit=True)
    import sqlite3

    from django.db.backends.sqlite3._functions import register

    conn = sqlite3.connect(os.environ["SIGAP_SQLITE_PATH"])
    register(conn)  # the SQL functions Django adds to SQLite (date arithmetic of the reports' medians)
    return conn


def measure_floor(conn: Any, db: str, queries: list[str], *, count: int, seconds: float) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    replay = floor_replay(conn, db, queries)
    for i in range(count + 3):
        started = time.perf_counter()
        replay()
        if i >= 3:  # warm-up
            stats.samples.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > deadline:
            break
    return stats


def floor_replay(conn: Any, db: str, queries: list[str]) -> Callable[[], None]:
    """One replay of a page's captured queries as raw SQL: what the database alone costs for one request."""

    def run(sql: str) -> None:
        cur = conn.cursor()
        cur.execute(sql)  # statements the page sent together are replayed together: one round trip
        if not SETUP_STATEMENT.match(sql):
            cur.fetchall()
            while db == "postgres" and cur.nextset():
                cur.fetchall()

    return lambda: replayed(conn, db, queries, run)


def explain(conn: Any, db: str, sql: str) -> tuple[str, list[str]]:
    cur = conn.cursor()
    if db == "postgres":
        cur.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cur.fetchall())
        seq = [t for t in BIG_TABLES if re.search(rf"Seq Scan on {t}\b", plan)]
    else:
        cur.execute("EXPLAIN QUERY PLAN " + sql)
        plan = "\n".join(str(row[-1]) for row in cur.fetchall())
        seq = [t for t in BIG_TABLES if re.search(rf"\bSCAN {t}\b(?! USING)", plan)]
    return plan, seq


# --- streaming export memory -------------------------------------------------------------------------


def _vmhwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def export_child(consent: bool) -> None:
    """Child process: stream the SIMFONI export of every unit over all years to /dev/null (the product's own
    selectors, formatter and CSV chunks), stopping after EXPORT_ROWS_TARGET rows, and print one JSON line
    with the rows and the peak RSS before and after. ``consent=False`` drops the consent filter, for data sets generated without SIMFONI consents.

    The peak is the kernel's VmHWM of this process, not ``getrusage().ru_maxrss``: on Linux ru_maxrss
    survives ``execve`` and the child starts with its parent's (the benchmark driver, holding Django and
    the test clients), so it would report the parent's size. VmHWM belongs to the new address space.
    """
    import zoneinfo

    import django

    django.setup()
    from sigap.accounts.models import Unit
    from sigap.reports import simfoni
    from sigap.reports.periods import MIN_YEAR, Period
    from sigap.reports.selectors import victims_reported

    zone = zoneinfo.ZoneInfo("Asia/Makassar")
    now = dt.datetime.now(tz=zone)
    unit_ids = list(Unit.objects.values_list("pk", flat=True))
    victims = victims_reported(unit_ids, Period((MIN_YEAR, 1), (now.year, now.month), zone))
    if consent:
        victims = simfoni.with_simfoni_consent(victims, now.date())
    formatter = simfoni.RowFormatter(zone)
    before = _vmhwm_mb()
    started = time.perf_counter()
    size = lines = 0
    stopped = False
    with open(os.devnull, "wb") as sink:
        for chunk in simfoni.stream_csv(simfoni.export_rows(victims), formatter):
            sink.write(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            if lines - 1 >= EXPORT_ROWS_TARGET:
                # The 1M data holds ~860,000 such rows: the first 100,000 show the streaming peak (it stays
                # flat after the first chunks) without streaming for half an hour.
                stopped = True
                break
    print(
        json.dumps(
            {
                "rows": lines - 1,
                "bytes": size,
                "seconds": round(time.perf_counter() - started, 1),
                "rss_before_mb": round(before, 1),
                "rss_peak_mb": _vmhwm_mb(),
                "consent_filter": consent,
                "stopped_at_target": stopped,
            }
        ),
        flush=True,
    )


def export_memory(env: dict[str, str], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Run :func:`export_child` (with the consent filter; without it too when that gives fewer than
    EXPORT_ROWS_TARGET rows, and say so)."""
    found = []
    for consent in ("on", "off"):
        cmd = [sys.executable, "-m", "bench.run", "--preset", args.preset, "--db", args.db, "--export-child", consent]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            raise SystemExit(f"export child failed: {done.stderr[-2000:]}")
        result = json.loads(lines[-1])
        found.append(result)
        print(json.dumps({"export_child": result}), flush=True)
        if result["rows"] >= EXPORT_ROWS_TARGET:
            break
    return found


def http_export_memory(proc: Any, port: int, cookie: str, path: str) -> dict[str, Any]:
    """One streamed download through gunicorn: rows, size, time, and the workers' VmHWM before and after."""
    before = worker_peak_rss_mb(proc)
    started = time.perf_counter()
    status, body = Http(port, cookie).request("GET", path)
    if status != 200:
        raise SystemExit(f"export via gunicorn: HTTP {status}")
    return {
        "path": path,
        "rows": max(0, body.count(b"\n") - 1),
        "bytes": len(body),
        "seconds": round(time.perf_counter() - started, 1),
        "workers_vmhwm_before_mb": before,
        "workers_vmhwm_after_mb": worker_peak_rss_mb(proc),
    }
