"""Search terms stay out of the web server's logs (issue #19).

Searches are GET requests (``?q=``, ``?number=``, ``?nik=``): a server that logs the request line writes
every name or NIK typed into a search into its access log. ``deploy/gunicorn.conf.py`` logs the path
without the query string (and no Referer, which repeats the previous page's query); the nginx example logs
``$uri``. The gunicorn test runs the real server with the shipped configuration.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
CANARY = "SITI-CANARY-123"
NIK_CANARY = "6402019912990001"
START_TIMEOUT = 20.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> int:
    request = urllib.request.Request(url, headers={"Referer": f"http://127.0.0.1/kasus/?q={CANARY}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own loopback server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _serve_and_log(tmp_path: Path, *config: str) -> str:
    """Start gunicorn with ``config`` on a free loopback port, send searches, stop it; every log it wrote."""
    port = _free_port()
    access, error, output = tmp_path / "access.log", tmp_path / "error.log", tmp_path / "output.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DATABASE_URL"))}
    env.update(SIGAP_ENV="test", SIGAP_SQLITE_PATH=str(tmp_path / "db.sqlite3"), PYTHONUNBUFFERED="1")
    command = [
        *(sys.executable, "-m", "gunicorn", "sigap.wsgi"),
        *config,
        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"),
        *("--access-logfile", str(access), "--error-logfile", str(error)),
    ]
    with output.open("wb") as sink:
        server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=sink, stderr=sink)  # noqa: S603
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                if server.poll() is not None:
                    pytest.fail(f"gunicorn stopped: {output.read_text()}{error.read_text() if error.exists() else ''}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("gunicorn did not start in time")
                    time.sleep(0.1)
            base = f"http://127.0.0.1:{port}"
            # The request reached Sigap: 200, or 503 "worker missing" (production settings, no worker runs here).
            assert _get(f"{base}/healthz?q={CANARY}") in {200, 503}
            _get(f"{base}/kasus/?q={CANARY}&number={CANARY}")
            _get(f"{base}/pengaduan/?nik={NIK_CANARY}")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
    return "\n".join(p.read_text() for p in (access, error, output) if p.exists())


@pytest.mark.slow
def test_the_shipped_gunicorn_config_logs_no_search_term(tmp_path: Path) -> None:
    logs = _serve_and_log(tmp_path, "--config", str(DEPLOY / "gunicorn.conf.py"))
    assert "/healthz" in logs and "/kasus/" in logs  # the access log was written, with the paths
    assert [line for line in logs.splitlines() if CANARY in line or NIK_CANARY in line] == []


@pytest.mark.slow
def test_gunicorns_default_format_would_log_them(tmp_path: Path) -> None:
    """The control: the test above would catch a format that logs the request line."""
    logs = _serve_and_log(tmp_path)
    assert CANARY in logs and NIK_CANARY in logs


def test_the_nginx_example_logs_the_path_only() -> None:
    text = (DEPLOY / "nginx.conf.example").read_text()
    formats = re.findall(r"log_format\s+(\S+)\s+((?:'[^']*'\s*)+);", text)
    assert formats, "the example defines a log_format"
    names = {name for name, _body in formats}
    for _name, body in formats:
        assert "$uri" in body
        leaks = re.findall(r"\$(?:request(?![_a-z])|request_uri|args|query_string|arg_\w+|http_referer)", body)
        assert leaks == []
    access_logs = re.findall(r"^\s*access_log\s+(\S+)(?:\s+(\S+?))?;", text, re.MULTILINE)
    assert access_logs and all(fmt in names for path, fmt in access_logs if path != "off")
