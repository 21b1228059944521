"""The report of ``make bench``: the Markdown summary of one run (``var/bench/results-<preset>-<db>.md``)."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

from bench.measure import EXPORT_ROWS_TARGET

# Pages the issue names that are not built yet: listed in the report as such, never measured or faked.
NOT_BUILT: list[str] = []


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
        "| Page | p50 ms | p95 ms | p99 ms | floor p50/p95 ms (queries) | p95 ÷ floor p95 | p95 − framework p95 "
        "| p95 ÷ (framework + floor) | seq scans |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    fw = result["pages"][0]["http"]["p95"]
    for page in result["pages"]:
        h, f = page["http"], page.get("floor")
        floor = f"{f['p50']} / {f['p95']} ({page['queries']})" if f else "—"
        ratio = f"{h['p95'] / f['p95']:.1f}×" if f and f["p95"] else "—"
        goal = f"{h['p95'] / (fw + f['p95']):.2f}×" if f else "—"
        lines.append(
            f"| {page['name']} | {h['p50']} | {h['p95']} | {h['p99']} | {floor} | {ratio} | "
            f"{h['p95'] - fw:.1f} | {goal} | {', '.join(page.get('seq_scans', [])) or 'none'} |"
        )
    lines += _in_blocks(result["pages"])
    t = result["throughput"]
    if t:  # not measured by a run with --only
        lines += [
            "",
            f"Case detail under concurrency: {t['per_second']} requests/s with {t['threads']} clients "
            f"({t['requests']} requests, p95 {t['p95_ms']} ms). Gunicorn workers' peak RSS: "
            f"{result['worker_rss_mb']} MB.",
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


def _in_blocks(pages: list[dict[str, Any]]) -> list[str]:
    """Issue #22's ratio with the page, the framework view and the floor measured in blocks in turn
    (``loopback.measure_in_blocks``): its three terms from the same minutes of the machine."""
    measured = [page for page in pages if page.get("in_blocks")]
    if not measured:
        return []
    lines = [
        "",
        "Measured again in blocks in turn (the page, the framework view and the floor, 10 requests each, in the "
        "same minutes): p95 ÷ (framework p95 + floor p95).",
        "",
        "| Page | page p50 / p95 ms | framework p50 / p95 ms | floor p50 / p95 ms | ÷ (fw + floor) |",
        "|---|---:|---:|---:|---:|",
    ]
    for page in measured:
        mine, fw, floor = (page["in_blocks"][key] for key in ("page", "framework", "floor"))
        ratio = mine["p95"] / (fw["p95"] + floor["p95"])
        lines.append(
            f"| {page['name']} | {mine['p50']} / {mine['p95']} | {fw['p50']} / {fw['p95']} | "
            f"{floor['p50']} / {floor['p95']} | {ratio:.2f}× |"
        )
    return lines
