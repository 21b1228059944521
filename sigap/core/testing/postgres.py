"""A throwaway PostgreSQL server that a test starts, kills and starts again (the "database blinks" tests).

Never the shared server on 5432: each server listens on a free port of 127.0.0.1 only, keeps its data in a
temporary folder owned by the ``postgres`` user (PostgreSQL refuses to run as root) and is stopped with
``pg_ctl -m immediate``, which is what a crash or a kill looks like to its clients. ``fsync=off``: the data is
thrown away. Sigap itself (gunicorn, the worker, ``manage.py migrate``) runs in child processes pointed at it
with ``DATABASE_URL``, so the tests need no ``DATABASE_URL`` of their own and run on SQLite and PostgreSQL alike.

``throwaway_postgres_missing()`` says why no server can be started here (the tests skip with that reason).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
START_TIMEOUT = 30.0


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _as_postgres() -> list[str]:
    """The prefix that runs a command as the ``postgres`` user when we are root (else: ourselves)."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    return [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-c"]


def throwaway_postgres_missing() -> str:
    """Why a throwaway server cannot be started here; "" when it can."""
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        return "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            return "running as root without runuser: PostgreSQL refuses to run as root"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayPostgres:
    """One PostgreSQL server in a temporary folder, on 127.0.0.1:``port``."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, throwaway_postgres_missing()
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="sigap-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.port = free_port()
        self.dsn = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.data.mkdir()
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.data, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self._run(
            [str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            timeout=60,
        )

    def _run(self, argv: list[str], *, timeout: float) -> None:
        prefix = _as_postgres()
        command = [*prefix, shlex.join(argv)] if prefix[:1] == ["su"] else [*prefix, *argv]
        subprocess.run(command, check=True, timeout=timeout, capture_output=True, cwd=self.root)  # noqa: S603

    def start(self) -> None:
        options = (
            # fsync off: only the operating system could lose what was written, and it is not crashed here.
            # synchronous_commit stays on: a commit must survive the kill, as in production.
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        )
        self._run(
            [
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.root / "log"),
                "-w",
                "-t",
                str(int(START_TIMEOUT)),
                "start",
            ],
            timeout=START_TIMEOUT + 5,
        )

    def kill(self) -> None:
        """Stop at once, as a crash does: every client's connection breaks."""
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"], timeout=30)

    def restart(self) -> None:
        self.kill()
        self.start()

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            if self.is_running():
                self.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def sigap_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a Sigap child process on ``database_url``: the test profile, which reads no ``.env``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DATABASE_URL", "DJANGO_"))}
    env.setdefault("PYTEST_VERSION", "child")  # settings: the test profile, and the demo's .env is not read
    env.update({"SIGAP_ENV": "test", "DATABASE_URL": database_url, "SIGAP_LOG_LEVEL": "INFO", **extra})
    return env


def manage(args: list[str], env: dict[str, str], *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py args`` in a child process; its output is kept for the assertion message."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


class Child:
    """A long-running Sigap child process (gunicorn, the worker), its output in a file."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603
            argv, env=env, cwd=BASE_DIR, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(errors="replace")

    def signal(self, signum: int) -> None:
        os.killpg(self.process.pid, signum)

    def stop(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                self.signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.process.wait(timeout=5)
        self._out.close()


def gunicorn(env: dict[str, str], log: Path) -> tuple[Child, str]:
    """gunicorn with one sync worker (one kept database connection, as in production); its base URL."""
    port = free_port()
    argv = [
        sys.executable, "-m", "gunicorn", "sigap.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}",
        "--timeout", "60",
    ]  # fmt: skip
    child = Child(argv, env, log)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: http_get(base + "/healthz")[0] > 0, timeout=30, what=f"gunicorn to answer\n{child.output()}")
    return child, base


def http_get(
    url: str, *, headers: dict[str, str] | None = None, timeout: float = 30
) -> tuple[int, str, dict[str, str]]:
    """(status, body, headers) of a GET; (0, reason, {}) when nothing answers. Redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, str(error), {}


def wait_until(condition, *, timeout: float, what: str, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class Throwaway:
    """The migrated throwaway database of a test session, and how to start Sigap's children on it."""

    def __init__(self, server: ThrowawayPostgres, database_url: str, folder: Path) -> None:
        self.server = server
        self.database_url = database_url
        self.folder = folder
        # Stale after 3 missed ticks of the 1-second ticks of the tests' worker.
        self.env = sigap_env(
            database_url,
            DJANGO_SETTINGS_MODULE="tests.blink_settings",
            SIGAP_WORKER_TICK_SECONDS="1",
            SIGAP_WORKER_STALE_TICKS="3",
        )

    def ensure_running(self) -> None:
        """A test that killed the server and failed before starting it again must not break the next one."""
        if not self.server.is_running():
            self.server.start()

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with psycopg.connect(self.database_url, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="session")
def throwaway_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Throwaway]:
    """A PostgreSQL server of this test session on a free loopback port, migrated; destroyed at the end.

    Skips (with the reason, listed at the end of the run) where the server binaries are missing.
    """
    reason = throwaway_postgres_missing()
    if reason:
        pytest.skip(f"throwaway PostgreSQL unavailable: {reason}")
    server = ThrowawayPostgres()
    try:
        server.start()
        throwaway = Throwaway(server, server.create_database("sigap"), tmp_path_factory.mktemp("blink"))
        manage(["migrate", "--no-input", "--skip-checks"], throwaway.env, timeout=240)
        yield throwaway
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def throwaway_web(throwaway_postgres: Throwaway) -> Iterator[str]:
    """gunicorn (one sync worker, kept connections as in production) on the throwaway database; its base URL."""
    env = {**throwaway_postgres.env, "SIGAP_TEST_BLINK_DIR": str(throwaway_postgres.folder)}
    child, base = gunicorn(env, throwaway_postgres.folder / "gunicorn.log")
    try:
        yield base
    finally:
        child.stop()
