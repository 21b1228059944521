"""Loopback HTTP of the benchmark: keep-alive client with session and CSRF, timed loops, gunicorn."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from bench.stats import Stats, pct

if TYPE_CHECKING:  # annotations only; bench.scenarios imports nothing of the benchmark's
    from bench.scenarios import Scenario

ROOT = Path(__file__).resolve().parent.parent
# Requests of one step in a row in ``measure_in_blocks`` (the first of each is not kept).
BLOCK = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Http:
    """One keep-alive loopback connection with a session cookie (and CSRF for POST)."""

    def __init__(self, port: int, session: str):
        self.port, self.session, self.csrf = port, session, ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        cookie = f"sessionid={self.session}" + (f"; csrftoken={self.csrf}" if self.csrf else "")
        headers = {"Cookie": cookie, "Host": f"127.0.0.1:{self.port}"}
        body = None
        if method == "POST":
            if not self.csrf:
                self._csrf_fetch()
                cookie = f"sessionid={self.session}; csrftoken={self.csrf}"
                headers["Cookie"] = cookie
            body = urlencode({"csrfmiddlewaretoken": self.form_token, **(form or {})})
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{self.port}",
                "Referer": f"http://127.0.0.1:{self.port}/kasus/",
            }
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie" and value.startswith("sessionid="):
                self.session = value.split(";", 1)[0].split("=", 1)[1] or self.session
        return response.status, data

    def _csrf_fetch(self) -> None:
        self.conn.request(
            "GET", "/kasus/", headers={"Cookie": f"sessionid={self.session}", "Host": f"127.0.0.1:{self.port}"}
        )
        response = self.conn.getresponse()
        html = response.read().decode("utf-8", "replace")
        for key, value in response.getheaders():
            if key.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.csrf = value.split(";", 1)[0].split("=", 1)[1]
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match and self.csrf, "no CSRF token on the case list"
        self.form_token = match.group(1)


def measure_http(http_: Http, scenario: Scenario, *, count: int, seconds: float) -> Stats:
    """``count`` requests of one page in a row after 3 of warm-up (or until ``seconds``)."""
    stats = Stats()
    step = http_step(http_, scenario)
    deadline = time.monotonic() + seconds
    for i in range(count + 3):
        started = time.perf_counter()
        step()
        if i >= 3:
            stats.samples.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > deadline:
            break
    return stats


def measure_in_blocks(
    steps: list[Callable[[], None]], *, count: int, seconds: float, block: int = BLOCK
) -> list[Stats]:
    """Each step (a page, the framework view, the page's floor) ``block`` times in turn, until each has ``count``
    samples or ``seconds`` have passed: the three terms of a ratio measured in the same minutes.

    On a shared virtual machine the speed of the same code moves by a third between minutes (performance.md,
    2026-12-07): a framework view measured minutes before a page makes their ratio partly a ratio of moments.
    Each block's first request (the one after another step, with the caches the other step left) and the whole
    first round (warm-up) are not kept: every step is measured warm, as :func:`measure_http` measures it, and none
    pays for the others (a strict one-for-one alternation made the framework view a third slower).
    """
    stats = [Stats() for _ in steps]
    deadline = time.monotonic() + seconds
    first_round = True
    while True:
        for step, kept in zip(steps, stats, strict=True):
            for i in range(block + 1):
                started = time.perf_counter()
                step()
                elapsed = (time.perf_counter() - started) * 1000
                if i and not first_round:
                    kept.samples.append(elapsed)
        first_round = False
        if min(len(kept.samples) for kept in stats) >= count or time.monotonic() > deadline:
            return stats


def http_step(http_: Http, scenario: Scenario) -> Callable[[], None]:
    """One request of ``scenario``; anything but a 200 stops the run."""

    def step() -> None:
        status, body = http_.request(scenario.method, scenario.path, scenario.form)
        if status != 200:
            raise SystemExit(f"{scenario.name}: HTTP {status} {body[:200]!r}")

    return step


def throughput(port: int, session: str, path: str, *, threads: int, seconds: float) -> dict[str, float]:
    done: list[int] = []
    latencies: list[float] = []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker() -> None:
        client, n, mine = Http(port, session), 0, []
        while time.monotonic() < stop:
            started = time.perf_counter()
            status, _ = client.request("GET", path)
            mine.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"throughput: HTTP {status}")
            n += 1
        with lock:
            done.append(n)
            latencies.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return {
        "threads": threads,
        "requests": sum(done),
        "per_second": round(sum(done) / seconds, 1),
        "p95_ms": round(pct(latencies, 95), 1),
    }


def gunicorn_start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "bench.wsgi:application",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "--timeout=120",
        "--log-level=warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)  # noqa: S603 - fixed command, loopback only
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def worker_peak_rss_mb(proc: subprocess.Popen[bytes]) -> list[float]:
    """Peak RSS (VmHWM) of the gunicorn workers (children of the master)."""
    found = []
    try:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    except OSError:
        return found
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                found.append(round(int(line.split()[1]) / 1024, 1))
    return found
