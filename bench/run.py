"""``make bench``: generate a preset, serve it with gunicorn (2 workers) and measure the pages.

Usage: ``python -m bench.run --preset 10k --db sqlite|postgres [--requests 200 --seconds 20]``.

For every page it prints p50/p95/p99 next to two baselines measured in the same run:

- *floor*: the page's own data queries (captured from the real view in-process), replayed as raw SQL
  through sqlite3/psycopg — what the database alone costs;
- *framework*: ``/bench/ping/``, a view with no query behind the same middleware stack.

Issue #22's pages are measured a second time in blocks with the framework view and their floor (10 requests each,
in turn: ``loopback.measure_in_blocks``, D94), their ratio p95 ÷ (framework p95 + floor p95) in a table of its own.

It also prints the EXPLAIN plan of each page's queries and flags sequential scans of the big tables.
Pages not built yet are listed as such, never faked. Loopback only; every loop is bounded by a request
count and a time limit. Results go to ``var/bench/results-<preset>-<db>.json`` and ``.md``.

Reports (sigap.reports): the unit's yearly recap (HEAD of syn001, the last full year), a month's SIMFONI
export (syn001's DATA_OFFICER, the last full month, streamed) and the national LEADERSHIP recap (a
NATIONAL unit "Sintetis Nasional" and its leader, created here). The peak memory of a large streaming
export is measured twice (:func:`export_memory`): through gunicorn (syn001's whole range, the worker's
VmHWM before and after) and in a child process that streams the SIMFONI export of *every* unit over all
years to /dev/null and reads its own peak RSS (VmHWM) — a unit's export cannot reach 100,000 rows even at
the 1m preset (the largest unit holds ~36,000 cases), the child's can, and a fresh process shows exactly
what the export adds on top of a loaded Django.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.loopback import (
    Http,
    free_port,
    gunicorn_start,
    http_step,
    measure_http,
    measure_in_blocks,
    throughput,
    worker_peak_rss_mb,
)
from bench.measure import (
    SETUP_STATEMENT,
    explain,
    export_child,
    export_memory,
    floor_queries,
    floor_replay,
    http_export_memory,
    measure_floor,
    raw_connection,
    replayed,
    selects,
    statements_of,
)
from bench.report import NOT_BUILT, machine, report_md
from bench.scenarios import prepare, scenarios

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
# One database per preset (sigap_bench, sigap_bench_100k, sigap_bench_1m): a preset never resumes another's data.
PG_BASE = os.environ.get("SIGAP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/sigap_bench")


def _env(db: str, preset: str, pg_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SIGAP_ENV="development",
        SIGAP_DEBUG="0",
        SIGAP_LOG_LEVEL="WARNING",
        SIGAP_DB_CONN_MAX_AGE="600",
        DJANGO_SETTINGS_MODULE="bench.settings",
        # The bench sessions pass the step-up (SESS-05) once, when they are made; a run lasts longer than
        # the product's five minutes, and the step-up page is not what is measured.
        SIGAP_STEP_UP_SECONDS="86400",
    )
    if db == "postgres":
        env["DATABASE_URL"] = pg_url
    else:
        env.pop("DATABASE_URL", None)
        default = OUT / f"sigap_bench_{preset}.sqlite3"
        env["SIGAP_SQLITE_PATH"] = os.environ.get("SIGAP_BENCH_SQLITE_PATH") or str(default)
    return env


# The pages of issue #22's target (p95 within 2.5 × framework + floor), measured a second time in blocks with
# the framework view and their floor (``loopback.measure_in_blocks``): the ratio's three terms of the same minutes.
ISSUE_22_PAGES = frozenset(
    {
        "case list, first page (HEAD)",
        "case list, deep page (HEAD)",
        "case list, filtered first page",
        "case list, filtered deep page",
        "case detail + audit VIEW (HEAD)",
        "NIK search (HEAD)",
        "name search (HEAD)",
    }
)


def _pg_database_ensure(pg_url: str) -> None:
    import psycopg

    base, name = pg_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')  # name comes from our own setting, not from input


# --- the run ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="10k", choices=["10k", "100k", "1m"])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--requests", type=int, default=200, help="Requests per page (upper bound).")
    parser.add_argument("--seconds", type=float, default=20.0, help="Time limit per page.")
    parser.add_argument("--threads", type=int, default=4, help="Clients of the throughput test.")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--skip-generate", action="store_true", help="Measure the data already there.")
    parser.add_argument("--skip-export-child", action="store_true", help="Skip the child-process export memory run.")
    parser.add_argument(
        "--only",
        default="",
        help="Measure only the pages whose name contains this text (and the framework view), on the data already "
        "there: no VACUUM, no export or throughput run; results in results-<preset>-<db>-only.*",
    )
    parser.add_argument("--export-child", choices=["on", "off"], help=argparse.SUPPRESS)  # internal: see export_child
    args = parser.parse_args()
    if args.export_child:
        sys.path.insert(0, str(ROOT))
        export_child(args.export_child == "on")
        return

    OUT.mkdir(parents=True, exist_ok=True)
    pg_url = PG_BASE if args.preset == "10k" else f"{PG_BASE}_{args.preset}"
    env = _env(args.db, args.preset, pg_url)
    os.environ.update(env)
    if args.db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    else:
        _pg_database_ensure(pg_url)
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    prep = prepare(args)
    print(f"prepared in {time.monotonic() - started:.0f} s: {prep['dataset']}", flush=True)

    from django.db import connection

    if connection.vendor == "postgresql" and not args.only:
        # VACUUM as well as ANALYZE: a database just bulk-loaded has no visibility map yet, so every
        # index-only scan (the case list's count, for one) reads the table's pages too. At 1M cases that
        # made the HEAD's case count read 16,494 heap pages (114 ms) instead of the index alone. A live
        # database gets the same from autovacuum; measuring before it has run measures the load, not
        # the pages. Django's connection is in autocommit here, as VACUUM requires.
        started = time.monotonic()
        with connection.cursor() as cur:
            cur.execute("VACUUM (ANALYZE)")
        print(f"vacuumed and analysed in {time.monotonic() - started:.0f} s", flush=True)
    conn = raw_connection(args.db, pg_url)
    pages: list[dict[str, Any]] = []
    plans: dict[str, list[str]] = {}
    port = free_port()
    proc = gunicorn_start(env, port)
    try:
        chosen = [s for s in scenarios(prep) if not args.only or args.only in s.name or s.path.startswith("/bench/")]
        for scenario in chosen:
            queries = [] if scenario.path.startswith("/bench/") else floor_queries(prep, scenario)
            http_ = Http(port, prep["cookies"][scenario.who])
            stats = measure_http(http_, scenario, count=args.requests, seconds=args.seconds)
            page: dict[str, Any] = {"name": scenario.name, "http": stats.summary(), "queries": len(selects(queries))}
            if scenario.name in ISSUE_22_PAGES:
                ping = next(s for s in chosen if s.path.startswith("/bench/"))
                in_blocks = measure_in_blocks(
                    [
                        http_step(http_, scenario),
                        http_step(Http(port, prep["cookies"][ping.who]), ping),
                        floor_replay(conn, args.db, queries),
                    ],
                    count=args.requests,
                    seconds=3 * args.seconds,
                )
                page["in_blocks"] = dict(
                    zip(("page", "framework", "floor"), (kept.summary() for kept in in_blocks), strict=True)
                )
            if queries:
                page["floor"] = measure_floor(
                    conn, args.db, queries, count=args.requests, seconds=args.seconds
                ).summary()
                seq: set[str] = set()
                plans[scenario.name] = []

                def explained(sql: str, name: str = scenario.name, seq: set[str] = seq) -> None:
                    if SETUP_STATEMENT.match(sql):  # run it, so that the SELECTs after it can be explained
                        conn.cursor().execute(sql)
                        return
                    for statement in statements_of(sql):
                        plan, found = explain(conn, args.db, statement)
                        seq.update(found)
                        plans[name].append(f"{statement[:300]}\n{plan}")

                replayed(conn, args.db, queries, explained)
                page["seq_scans"] = sorted(seq)
            pages.append(page)
            print(json.dumps(page), flush=True)
        export_http: dict[str, Any] = {}
        through: dict[str, Any] = {}
        if not args.only:
            whole_range = (
                f"/laporan/simfoni/?from_month={prep['unit_first_month']}&to_month={prep['this_month']}&download=1"
            )
            export_http = http_export_memory(proc, port, prep["cookies"]["data"], whole_range)
            print(json.dumps({"export_http": export_http}), flush=True)
            detail = f"/kasus/{prep['case_id']}/"
            through = throughput(
                port, prep["cookies"]["head"], detail, threads=args.threads, seconds=min(args.seconds, 15)
            )
        rss = worker_peak_rss_mb(proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    children = [] if args.skip_export_child or args.only else export_memory(env, args)
    result = {
        "export_http": export_http,
        "export_child": children,
        "preset": args.preset,
        "db": args.db,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "dataset": prep["dataset"],
        "unit_cases": prep["unit_cases"],
        "pages": pages,
        "throughput": through,
        "worker_rss_mb": rss,
        "not_built": NOT_BUILT,
    }
    stem = OUT / f"results-{args.preset}-{args.db}{'-only' if args.only else ''}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2))
    (OUT / f"plans-{args.preset}-{args.db}{'-only' if args.only else ''}.txt").write_text(
        "\n\n".join(f"## {name}\n" + "\n\n".join(items) for name, items in plans.items())
    )
    md = report_md(result)
    stem.with_suffix(".md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
