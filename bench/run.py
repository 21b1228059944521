"""``make bench``: generate a preset, serve it with gunicorn (2 workers) and measure the pages.

Usage: ``python -m bench.run --preset 10k --db sqlite|postgres [--requests 200 --seconds 20]``.

For every page it prints p50/p95/p99 next to two baselines measured in the same run:

- *floor*: the page's own data queries (captured from the real view in-process), replayed as raw SQL
  through sqlite3/psycopg — what the database alone costs;
- *framework*: ``/bench/ping/``, a view with no query behind the same middleware stack.

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
import datetime as dt
import json
import os
import platform
import re
import subprocess
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
    "cases_incident",
    "cases_consent",
    "intake_complaint",
)
DATA_TABLE = re.compile(r'"?(cases_\w+|intake_\w+|work_workitem|regions_village)"?')
# Statements a report runs before its SELECTs and that the floor must replay with them: the temporary
# table of the period's cases (sigap.reports.selectors.cases_materialised), its ANALYZE, and JIT off.
SETUP_STATEMENT = re.compile(r"\s*(CREATE TEMPORARY TABLE|ANALYZE|SET LOCAL)\b", re.IGNORECASE)
TEMP_TABLE = re.compile(r'CREATE TEMPORARY TABLE\s+"?(\w+)"?', re.IGNORECASE)
SERVER_SIDE_CURSOR = re.compile(r"\s*DECLARE\s+\S+\s+.*?\bCURSOR\b.*?\bFOR\s+(SELECT\b.*)", re.DOTALL | re.IGNORECASE)
NOT_BUILT: list[str] = []
# The streaming export measured in a child process must reach this many rows (issue #5).
EXPORT_ROWS_TARGET = 100_000
NATIONAL_UNIT_NAME = "Sintetis Nasional"
NATIONAL_UNIT_PREFIX = "SINTETIS-NAS"  # outside the generator's "SYN-" units, so it never counts as one of them
NATIONAL_LEADER = "synnas_leadership"


def _env(db: str, preset: str) -> dict[str, str]:
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
        env["DATABASE_URL"] = PG_URL
    else:
        env.pop("DATABASE_URL", None)
        default = OUT / f"sigap_bench_{preset}.sqlite3"
        env["SIGAP_SQLITE_PATH"] = os.environ.get("SIGAP_BENCH_SQLITE_PATH") or str(default)
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
    from sigap.accounts.stepup import step_up_mark
    from sigap.cases.models import Case, CaseState
    from sigap.cases.models.people import CasePerson, Person, PersonRole
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
        step_up_mark(session)
        session.save()
        return client, client.cookies["sessionid"].value

    head_client, head_cookie = session_of("syn001_head")
    cm_user = User.objects.get(username="syn001_cm01")
    cm_client, cm_cookie = session_of(cm_user.username)
    intake_client, intake_cookie = session_of("syn001_intake")
    unit = User.objects.get(username="syn001_head").membership.unit  # type: ignore[union-attr]
    data_user, leader = report_users_ensure(unit)
    data_client, data_cookie = session_of(data_user.username)
    leader_client, leader_cookie = session_of(leader.username)
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
    now = dt.datetime.now(tz=unit.zone)
    last_month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    first_year = Case.objects.filter(unit=unit).order_by("opened_at").values_list("opened_at", flat=True).first()
    return {
        "clients": {
            "head": head_client,
            "cm": cm_client,
            "intake": intake_client,
            "data": data_client,
            "leader": leader_client,
        },
        "cookies": {
            "head": head_cookie,
            "cm": cm_cookie,
            "intake": intake_cookie,
            "data": data_cookie,
            "leader": leader_cookie,
        },
        "recap_year": now.year - 1,
        "simfoni_month": f"{last_month[0]:04d}-{last_month[1]:02d}",
        "unit_first_month": f"{first_year.astimezone(unit.zone):%Y-%m}" if first_year else f"{now.year:04d}-01",
        "this_month": f"{now:%Y-%m}",
        "case_id": str(case.pk),
        "nik": person_with_nik.nik,
        "name": victim.name,
        "birth_year": victim.birth_year,
        "unit_cases": total,
        "deep_page": max(1, int(total / 25 * 0.8)),
        "filtered_deep_page": max(1, int(filtered / 25 * 0.8)),
        "dataset": _dataset_counts(),
    }


def report_users_ensure(unit: Any) -> tuple[Any, Any]:
    """syn001's DATA_OFFICER (the generator makes ``syn001_data``; made here if missing) and the NATIONAL
    unit "Sintetis Nasional" with its LEADERSHIP user. Idempotent; synthetic names, unusable passwords."""
    from django.db import transaction

    from sigap.accounts.models import Membership, Role, Unit, User

    def staff(username: str, full_name: str, member_of: Unit, role: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, email=f"{username}@sintetis.invalid")
            user.set_unusable_password()  # synthetic staff never log in with a password
            user.save()
        if not Membership.objects.filter(user=user, is_active=True).exists():
            Membership.objects.create(user=user, unit=member_of, role=role)
        return user

    with transaction.atomic():
        tag = unit.case_number_prefix.replace("SYN-", "syn")
        data_user = staff(f"{tag}_data", f"Petugas Data Sintetis {tag[3:]}", unit, Role.DATA_OFFICER)
        national = Unit.objects.filter(case_number_prefix=NATIONAL_UNIT_PREFIX).first()
        if national is None:
            national = Unit.objects.create(
                name=NATIONAL_UNIT_NAME,
                short_name=NATIONAL_UNIT_NAME,
                level=Unit.Level.NATIONAL,
                region_code=Unit.NATIONAL_REGION_CODE,
                case_number_prefix=NATIONAL_UNIT_PREFIX,
                time_zone="Asia/Jakarta",
                letterhead_lines=f"DATA SINTETIS\n{NATIONAL_UNIT_NAME.upper()}",
            )
        leader = staff(NATIONAL_LEADER, "Pimpinan Sintetis Nasional", national, Role.LEADERSHIP)
    return data_user, leader


def _dataset_counts() -> dict[str, int]:
    from sigap.audit.models import AuditEvent
    from sigap.cases.models import Case
    from sigap.cases.models.people import CasePerson, Person, PersonNameToken
    from sigap.work.models import WorkItem

    models = {"cases": Case, "persons": Person, "name tokens": PersonNameToken, "case persons": CasePerson}
    counts = {label: m.objects.count() for label, m in models.items()}
    counts["audit events"] = AuditEvent.objects.count()
    counts["work items"] = WorkItem.objects.count()
    from sigap.cases.models.consent import Consent, ConsentScope

    counts["SIMFONI consents"] = Consent.objects.filter(scope=ConsentScope.SIMFONI).count()
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
        Scenario("unit yearly recap (HEAD)", "head", "GET", f"/laporan/rekap/?year={prep['recap_year']}"),
        Scenario(
            "SIMFONI monthly export (DATA_OFFICER)",
            "data",
            "GET",
            f"/laporan/simfoni/?from_month={prep['simfoni_month']}&download=1",
        ),
        Scenario("national LEADERSHIP recap", "leader", "GET", f"/laporan/pimpinan/?year={prep['recap_year']}"),
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
    return [sql for sql in queries if not SETUP_STATEMENT.match(sql)]


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


def raw_connection(db: str) -> Any:
    if db == "postgres":
        import psycopg

        return psycopg.connect(PG_URL, autocommit=True)
    import sqlite3

    from django.db.backends.sqlite3._functions import register

    conn = sqlite3.connect(os.environ["SIGAP_SQLITE_PATH"])
    register(conn)  # the SQL functions Django adds to SQLite (date arithmetic of the reports' medians)
    return conn


def measure_floor(conn: Any, db: str, queries: list[str], *, count: int, seconds: float) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds

    def run(sql: str) -> None:
        cur = conn.cursor()
        cur.execute(sql)
        if not SETUP_STATEMENT.match(sql):
            cur.fetchall()

    for i in range(count + 3):
        started = time.perf_counter()
        replayed(conn, db, queries, run)
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
    ]
    http_export = result.get("export_http")
    if http_export:
        lines += [
            "",
            f"Streaming export through gunicorn ({http_export['path']}): {http_export['rows']:,} rows, "
            f"{http_export['bytes'] / 1e6:.1f} MB in {http_export['seconds']} s; workers' VmHWM "
            f"{http_export['workers_vmhwm_before_mb']} MB before, {http_export['workers_vmhwm_after_mb']} MB after.",
        ]
    for child in result.get("export_child", []):
        filtered = "with the SIMFONI consent filter" if child["consent_filter"] else "consent filter off"
        stopped = (
            f", stopped at the chunk that reached {EXPORT_ROWS_TARGET:,}" if child.get("stopped_at_target") else ""
        )
        lines += [
            "",
            f"Streaming export in a child process (every unit, all years, {filtered}{stopped}): {child['rows']:,} rows, "
            f"{child['bytes'] / 1e6:.1f} MB in {child['seconds']} s; peak RSS (VmHWM) {child['rss_peak_mb']} MB, "
            f"{child['rss_before_mb']} MB before streaming.",
        ]
    if NOT_BUILT:
        lines += ["", "Not built yet (not measured): " + "; ".join(NOT_BUILT) + "."]
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
    parser.add_argument("--skip-export-child", action="store_true", help="Skip the child-process export memory run.")
    parser.add_argument("--export-child", choices=["on", "off"], help=argparse.SUPPRESS)  # internal: see export_child
    args = parser.parse_args()
    if args.export_child:
        sys.path.insert(0, str(ROOT))
        export_child(args.export_child == "on")
        return

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
        # VACUUM as well as ANALYZE: a database just bulk-loaded has no visibility map yet, so every
        # index-only scan (the case list's count, for one) reads the table's pages too. At 1M cases that
        # made the HEAD's case count read 16,494 heap pages (114 ms) instead of the index alone. A live
        # database gets the same from autovacuum; measuring before it has run measures the load, not
        # the pages. Django's connection is in autocommit here, as VACUUM requires.
        started = time.monotonic()
        with connection.cursor() as cur:
            cur.execute("VACUUM (ANALYZE)")
        print(f"vacuumed and analysed in {time.monotonic() - started:.0f} s", flush=True)
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
            page: dict[str, Any] = {"name": scenario.name, "http": stats.summary(), "queries": len(selects(queries))}
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
                    plan, found = explain(conn, args.db, sql)
                    seq.update(found)
                    plans[name].append(f"{sql[:300]}\n{plan}")

                replayed(conn, args.db, queries, explained)
                page["seq_scans"] = sorted(seq)
            pages.append(page)
            print(json.dumps(page), flush=True)
        whole_range = (
            f"/laporan/simfoni/?from_month={prep['unit_first_month']}&to_month={prep['this_month']}&download=1"
        )
        export_http = http_export_memory(proc, port, prep["cookies"]["data"], whole_range)
        print(json.dumps({"export_http": export_http}), flush=True)
        detail = f"/kasus/{prep['case_id']}/"
        through = throughput(port, prep["cookies"]["head"], detail, threads=args.threads, seconds=min(args.seconds, 15))
        rss = worker_peak_rss_mb(proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    children = [] if args.skip_export_child else export_memory(env, args)
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
