"""In-process CPU of the case pages: ``python -m bench.cpu_pages --db postgres [--times 60]``.

Wall-clock timing on a shared two-core machine is noise; this measures what does not depend on the load
(issue #22): for each page of the issue's target, the **thread CPU time** of a request (median of
``--times`` requests, after warm-up: the server's own Python, not the database's) and the number of
**Python function calls** of one request under cProfile (a count, the same on any machine), plus the
statements sent. The pages and personas are the benchmark's (``bench.scenarios``), on the data already
generated (``--skip-generate`` is implied). Not the benchmark: no HTTP, no gunicorn, no concurrency.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.run import OUT, PG_BASE, ROOT, _env

PAGES = (
    "framework: minimal view",
    "case list, first page (HEAD)",
    "case list, deep page (HEAD)",
    "case list, filtered first page",
    "case detail + audit VIEW (HEAD)",
    "NIK search (HEAD)",
    "name search (HEAD)",
    "contract period evaluation, busiest expert (HEAD)",
    "referral list (HEAD)",
)


def in_process(db: str, preset: str) -> tuple[dict[str, Any], list[Any]]:
    """Django set up in this process on a generated preset with the benchmark's settings, and its pages (the
    benchmark's scenarios and logged-in clients)."""
    pg_url = PG_BASE if preset == "10k" else f"{PG_BASE}_{preset}"
    os.environ.update(_env(db, preset, pg_url))
    if db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)

    from bench.scenarios import prepare, scenarios

    prep = prepare(argparse.Namespace(preset=preset, skip_generate=True, batch_size=1000))
    return prep, scenarios(prep)


def requester(prep: dict[str, Any], scenario: Any) -> Callable[[], None]:
    """One request of ``scenario`` as its persona, in-process; anything but a 200 stops the run."""
    client = prep["clients"][scenario.who]

    def hit() -> None:
        if scenario.method == "POST":
            response = client.post(scenario.path, scenario.form or {})
        else:
            response = client.get(scenario.path)
        assert response.status_code == 200, (scenario.name, response.status_code)

    return hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres", choices=["sqlite", "postgres"])
    parser.add_argument("--preset", default="10k")
    parser.add_argument("--times", type=int, default=60)
    parser.add_argument("--only", default="", help="Measure the pages whose name contains this text.")
    args = parser.parse_args()
    prep, pages = in_process(args.db, args.preset)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wanted = [s for s in pages if s.name in PAGES and args.only in s.name]
    print(f"{'page':<34} {'CPU ms (median)':>16} {'calls':>8} {'queries':>8}")
    for scenario in wanted:
        hit = requester(prep, scenario)

        for _ in range(5):
            hit()
        times = []
        for _ in range(args.times):
            started = time.thread_time_ns()
            hit()
            times.append((time.thread_time_ns() - started) / 1e6)
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profiler.enable()
            hit()
            profiler.disable()
        calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
        print(
            f"{scenario.name:<34} {statistics.median(times):>16.2f} {calls:>8} {len(queries.captured_queries):>8}",
            flush=True,
        )
        if os.environ.get("BENCH_PROFILE_DUMP"):
            profiler.dump_stats(str(OUT / f"cpu-{PAGES.index(scenario.name)}.prof"))


if __name__ == "__main__":
    main()
