"""Loopback HTTP of the benchmark: keep-alive client with session and CSRF, timed loops, gunicorn."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from bench.stats import Stats, pct

if TYPE_CHECKING:  # annotations only; bench.scenarios imports nothing of the benchmark's
    from bench.scenarios import Scenario

ROOT = Path(__file__).resolve().parent.parent


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
    return _in_turn([(http_, scenario)], count=count, seconds=seconds)[0]


def measure_alongside(
    page: Http, scenario: Scenario, framework: Http, ping: Scenario, *, count: int, seconds: float
) -> tuple[Stats, Stats]:
    """The page and the framework view, one request each in turn: both under the same moment's machine.

    On a shared virtual machine the speed of the same code moves by a third between minutes (performance.md,
    2026-12-07); a framework view measured minutes before a page makes their ratio partly a ratio of moments.
    """
    page_stats, framework_stats = _in_turn([(page, scenario), (framework, ping)], count=count, seconds=seconds)
    return page_stats, framework_stats


def _in_turn(pages: list[tuple[Http, Scenario]], *, count: int, seconds: float) -> list[Stats]:
    """One request of each page in turn, ``count`` rounds after 3 of warm-up (or until ``seconds``)."""
    stats = [Stats() for _ in pages]
    deadline = time.monotonic() + seconds
    for i in range(count + 3):
        for (http_, scenario), kept in zip(pages, stats, strict=True):
            started = time.perf_counter()
            status, body = http_.request(scenario.method, scenario.path, scenario.form)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                raise SystemExit(f"{scenario.name}: HTTP {status} {body[:200]!r}")
            if i >= 3:
                kept.samples.append(elapsed)
        if time.monotonic() > deadline:
            break
    return stats


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
