"""``make bench``: generate a preset, serve it with gunicorn (2 workers) and measure the pages.

Usage: ``python -m bench.run --preset 10k --db sqlite|postgres [--requests 200 --seconds 20]``.

For every page it prints p50/p95/p99 next to two baselines measured in the same run:

- *floor*: the page's own data queries (captured from the real view in-process), replayed as raw SQL
  through sqlite3/psycopg — what the database alone costs;
- *framework*: ``/bench/ping/``, a view with no query behind the same middleware stack.

It also prints the EXPLAIN plan of each page's queries and flags sequential scans of the big tables.
Pages not built yet are listed as such, never faked. Loopback only; every loop is bounded by a request
count and a time limit. Results go to ``var/bench/results-<preset>-<db>.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.loopback import Http, free_port, gunicorn_start, measure_http, throughput, worker_peak_rss_mb
from bench.stats import Stats

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
# One database per preset (sigap_bench, sigap_bench_100k, sigap_bench_1m): a preset never resumes another's data.
PG_BASE = os.environ.get("SIGAP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/sigap_bench")
PG_URL = PG_BASE
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
)
DATA_TABLE = re.compile(r'"?(cases_\w+|intake_\w+|work_workitem|regions_village)"?')
NOT_BUILT = [
    "unit yearly recap",
    "SIMFONI monthly export",
    "national LEADERSHIP recap",
    "export peak RSS (100,000-row streaming export)",
]


def _env(db: str, preset: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SIGAP_ENV="development",
        SIGAP_DEBUG="0",
        SIGAP_LOG_LEVEL="WARNING",
        SIGAP_DB_CONN_MAX_AGE="600",
        DJANGO_SETTINGS_MODULE="bench.settings",
    )
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL
    else:
        env.pop("DATABASE_URL", None)
        env["SIGAP_SQLITE_PATH"] = str(OUT / f"sigap_bench_{preset}.sqlite3")
    return env


def _pg_database_ensure() -> None:
    import psycopg

    base, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')  # name comes from our own setting, not from input


# --- in-process preparation (Django set up against the bench database) ---------------------------


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate, load regions, generate, and pick the personas, sessions and targets of the run."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sigap.accounts.models import User
    from sigap.cases.models import Case, CaseState
    from sigap.cases.models_people import CasePerson, Person, PersonRole
    from sigap.regions.models import Village

    call_command("migrate", verbosity=0, interactive=False)
    if not Village.objects.exists():
        call_command("load_regions", verbosity=0)
    call_command("load_reference", verbosity=0)
    if not args.skip_generate:
        call_command("generate_data", preset=args.preset, batch_size=args.batch_size)

    def session_of(username: str) -> tuple[Client, str]:
        user = User.objects.get(username=username)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client, client.cookies["sessionid"].value

    head_client, head_cookie = session_of("syn001_head")
    cm_user = User.objects.get(username="syn001_cm01")
    cm_client, cm_cookie = session_of(cm_user.username)
    intake_client, intake_cookie = session_of("syn001_intake")
    unit = User.objects.get(username="syn001_head").membership.unit  # type: ignore[union-attr]
    case = Case.objects.filter(unit=unit, restricted=False).order_by("-opened_at").first()
    victim_link = (
        CasePerson.objects.filter(case__unit=unit, role=PersonRole.VICTIM, case__restricted=False)
        .order_by("-added_at")
        .first()
    )
    person_with_nik = (
        Person.objects.filter(unit=unit, nik__isnull=False, case_links__role=PersonRole.VICTIM).order_by("pk").first()
    )
    assert case is not None and victim_link is not None and person_with_nik is not None, "generate data first"
    victim = victim_link.person
    total = Case.objects.filter(unit=unit).count()
    filtered = Case.objects.filter(unit=unit, state=CaseState.TERMINASI, risk_level="SEDANG").count()
    return {
        "clients": {"head": head_client, "cm": cm_client, "intake": intake_client},
        "cookies": {"head": head_cookie, "cm": cm_cookie, "intake": intake_cookie},
        "case_id": str(case.pk),
        "nik": person_with_nik.nik,
        "name": victim.name,
        "birth_year": victim.birth_year,
        "unit_cases": total,
        "deep_page": max(1, int(total / 25 * 0.8)),
        "filtered_deep_page": max(1, int(filtered / 25 * 0.8)),
        "dataset": _dataset_counts(),
    }


def _dataset_counts() -> dict[str, int]:
    from sigap.audit.models import AuditEvent
    from sigap.cases.models import Case
    from sigap.cases.models_people import CasePerson, Person, PersonNameToken
    from sigap.work.models import WorkItem

    models = {"cases": Case, "persons": Person, "name tokens": PersonNameToken, "case persons": CasePerson}
    counts = {label: m.objects.count() for label, m in models.items()}
    counts["audit events"] = AuditEvent.objects.count()
    counts["work items"] = WorkItem.objects.count()
    return counts


@dataclass
class Scenario:
    """One measured page: who asks, how, and what it is."""

    name: str
    who: str
    method: str
    path: str
    form: dict[str, str] | None = None


def scenarios(prep: dict[str, Any]) -> list[Scenario]:
    case = prep["case_id"]
    flt = "state=TERMINASI&risk_level=SEDANG"
    return [
        Scenario("framework: minimal view", "head", "GET", "/bench/ping/"),
        Scenario("case list, first page (HEAD)", "head", "GET", "/kasus/"),
        Scenario("case list, deep page (HEAD)", "head", "GET", f"/kasus/?page={prep['deep_page']}"),
        Scenario("case list, filtered first page", "head", "GET", f"/kasus/?{flt}"),
        Scenario("case list, filtered deep page", "head", "GET", f"/kasus/?{flt}&page={prep['filtered_deep_page']}"),
        Scenario("case list (case manager)", "cm", "GET", "/kasus/"),
        Scenario("case detail + audit VIEW (HEAD)", "head", "GET", f"/kasus/{case}/"),
        Scenario("NIK search (HEAD)", "head", "POST", "/kasus/", {"find-nik": prep["nik"]}),
        Scenario("name search (HEAD)", "head", "POST", "/kasus/", {"find-name": prep["name"]}),
        Scenario(
            "name + birth-year search (HEAD)",
            "head",
            "POST",
            "/kasus/",
            {"find-name": prep["name"], "find-birth_year": str(prep["birth_year"] or "")},
        ),
        Scenario("my work (HEAD)", "head", "GET", "/tugas/"),
        Scenario("my work (case manager)", "cm", "GET", "/tugas/"),
        Scenario("complaint list (INTAKE)", "intake", "GET", "/pengaduan/"),
    ]


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
    assert response.status_code == 200, f"{scenario.name}: in-process status {response.status_code}"
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT") and DATA_TABLE.search(sql) and "django_session" not in sql:
            found.append(sql)
    return found


def raw_connection(db: str) -> Any:
    if db == "postgres":
        import psycopg

        return psycopg.connect(PG_URL, autocommit=True)
    import sqlite3

    return sqlite3.connect(os.environ["SIGAP_SQLITE_PATH"])


def measure_floor(conn: Any, queries: list[str], *, count: int, seconds: float) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    for i in range(count + 3):
        started = time.perf_counter()
        for sql in queries:
            cur = conn.cursor()
            cur.execute(sql)
            cur.fetchall()
        if i >= 3:  # warm-up
            stats.samples.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > deadline:
            break
    return stats


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


# --- report ----------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB RAM, {platform.platform()}"


def report_md(result: dict[str, Any]) -> str:
    lines = [
        f"### {result['preset']} on {result['db']} — {result['date']}",
        "",
        f"Machine: {result['machine']}. Data: "
        + ", ".join(f"{v:,} {k}" for k, v in result["dataset"].items())
        + f"; HEAD's unit holds {result['unit_cases']:,} cases.",
        "",
        "| Page | p50 ms | p95 ms | p99 ms | floor p50/p95 ms (queries) | p95 ÷ floor p95 | p95 − framework p95 | seq scans |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    fw = result["pages"][0]["http"]["p95"]
    for page in result["pages"]:
        h, f = page["http"], page.get("floor")
        floor = f"{f['p50']} / {f['p95']} ({page['queries']})" if f else "—"
        ratio = f"{h['p95'] / f['p95']:.1f}×" if f and f["p95"] else "—"
        lines.append(
            f"| {page['name']} | {h['p50']} | {h['p95']} | {h['p99']} | {floor} | {ratio} | "
            f"{h['p95'] - fw:.1f} | {', '.join(page.get('seq_scans', [])) or 'none'} |"
        )
    t = result["throughput"]
    lines += [
        "",
        f"Case detail under concurrency: {t['per_second']} requests/s with {t['threads']} clients "
        f"({t['requests']} requests, p95 {t['p95_ms']} ms). Gunicorn workers' peak RSS: {result['worker_rss_mb']} MB.",
        "",
        "Not built yet (not measured): " + "; ".join(NOT_BUILT) + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="10k", choices=["10k", "100k", "1m"])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--requests", type=int, default=200, help="Requests per page (upper bound).")
    parser.add_argument("--seconds", type=float, default=20.0, help="Time limit per page.")
    parser.add_argument("--threads", type=int, default=4, help="Clients of the throughput test.")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--skip-generate", action="store_true", help="Measure the data already there.")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    global PG_URL
    PG_URL = PG_BASE if args.preset == "10k" else f"{PG_BASE}_{args.preset}"
    env = _env(args.db, args.preset)
    os.environ.update(env)
    if args.db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    else:
        _pg_database_ensure()
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    prep = prepare(args)
    print(f"prepared in {time.monotonic() - started:.0f} s: {prep['dataset']}", flush=True)

    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    conn = raw_connection(args.db)
    pages: list[dict[str, Any]] = []
    plans: dict[str, list[str]] = {}
    port = free_port()
    proc = gunicorn_start(env, port)
    try:
        for scenario in scenarios(prep):
            queries = [] if scenario.path.startswith("/bench/") else floor_queries(prep, scenario)
            http_ = Http(port, prep["cookies"][scenario.who])
            stats = measure_http(http_, scenario, count=args.requests, seconds=args.seconds)
            page: dict[str, Any] = {"name": scenario.name, "http": stats.summary(), "queries": len(queries)}
            if queries:
                page["floor"] = measure_floor(conn, queries, count=args.requests, seconds=args.seconds).summary()
                seq: set[str] = set()
                plans[scenario.name] = []
                for sql in queries:
                    plan, found = explain(conn, args.db, sql)
                    seq |= set(found)
                    plans[scenario.name].append(f"{sql[:300]}\n{plan}")
                page["seq_scans"] = sorted(seq)
            pages.append(page)
            print(json.dumps(page), flush=True)
        detail = f"/kasus/{prep['case_id']}/"
        through = throughput(port, prep["cookies"]["head"], detail, threads=args.threads, seconds=min(args.seconds, 15))
        rss = worker_peak_rss_mb(proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    result = {
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
    stem = OUT / f"results-{args.preset}-{args.db}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2))
    (OUT / f"plans-{args.preset}-{args.db}.txt").write_text(
        "\n\n".join(f"## {name}\n" + "\n\n".join(items) for name, items in plans.items())
    )
    md = report_md(result)
    stem.with_suffix(".md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
