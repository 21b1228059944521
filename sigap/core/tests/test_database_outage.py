"""When the database blinks (issue #21): what the web pages do while PostgreSQL is killed and after it is back.

Real PostgreSQL, really killed (``pg_ctl -m immediate``), served by real gunicorn with one sync worker and kept
connections, as in production: see sigap/core/testing/postgres.py. No mock: the test client would hide the
kept connection (it skips ``close_old_connections``) and no fake error looks like a dead server's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from sigap.core.testing.postgres import Throwaway, http_get, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DATABASE_DOWN_ID = "Basis data tidak dapat dihubungi"
DATABASE_DOWN_EN = "The database could not be reached"
SESSION_ENDED_ID = "Sesi Anda sudah berakhir"
SESSION_ENDED_EN = "Your session has ended"


@pytest.fixture
def blink(throwaway_postgres: Throwaway, throwaway_web: str) -> Iterator[tuple[Throwaway, str]]:
    throwaway_postgres.ensure_running()
    yield throwaway_postgres, throwaway_web
    throwaway_postgres.ensure_running()


def _session_cookie(headers: dict[str, str]) -> str:
    match = re.search(r"sessionid=([^;]+)", headers.get("Set-Cookie", ""))
    assert match, f"no session cookie in {headers.get('Set-Cookie')!r}"
    return f"sessionid={match.group(1)}"


def test_the_first_request_after_a_database_restart_succeeds(blink):
    """A kept connection broken by the restart is noticed before use (CONN_HEALTH_CHECKS), not served as a 500."""
    db, web = blink
    assert http_get(f"{web}/lapor/")[0] == 200  # the worker's connection is now kept
    db.server.restart()
    status, body, _headers = http_get(f"{web}/lapor/")
    assert status == 200, body[:300]
    db.server.restart()
    _status, body, _headers = http_get(f"{web}/healthz")
    assert '"database": "ok"' in body  # (its status also depends on the worker's beat)


def test_a_database_failure_while_the_session_is_saved_says_so_not_that_the_session_ended(blink):
    db, web = blink
    for name in ("ready", "go"):
        (db.folder / name).unlink(missing_ok=True)
    status, _body, headers = http_get(f"{web}/blink/session/")
    assert status == 200
    cookie = _session_cookie(headers)

    # The view saves a row, changes the session and waits; meanwhile the database dies. Django saves the
    # session after the view: that save meets the dead database.
    import threading

    answer: dict[str, object] = {}
    request = threading.Thread(
        target=lambda: answer.update(
            zip(
                ("status", "body", "headers"),
                http_get(f"{web}/blink/save-then-wait/?label=blink-saved", headers={"Cookie": cookie}),
                strict=True,
            )
        )
    )
    request.start()
    wait_until(lambda: (db.folder / "ready").exists(), timeout=30, what="the view to save its row")
    db.server.kill()
    (db.folder / "go").touch()
    request.join(timeout=60)

    body = str(answer["body"])
    assert answer["status"] == 503, body[:500]
    assert DATABASE_DOWN_ID in body  # Indonesian by default
    assert SESSION_ENDED_ID not in body and SESSION_ENDED_EN not in body
    assert "Traceback" not in body
    assert re.search(r'id="request-id"[^>]*>[0-9a-f]{32}<', body)
    db.server.start()
    assert db.query("SELECT count(*) FROM testapp_secretperson WHERE label = %s", ("blink-saved",)) == [(1,)]


def test_a_database_failure_anywhere_in_a_request_gives_the_503_page_in_the_users_language(blink):
    db, web = blink
    db.server.kill()
    status, body, _headers = http_get(f"{web}/lapor/", headers={"Cookie": "sigap_language=en"})
    assert status == 503, body[:500]
    assert DATABASE_DOWN_EN in body and "What was already saved stays saved" in body
    assert "Traceback" not in body and "OperationalError" not in body
    status, body, _headers = http_get(f"{web}/healthz")
    assert status == 503 and '"database": "error"' in body
    db.server.start()
    wait_until(lambda: http_get(f"{web}/lapor/")[0] == 200, timeout=15, what="the page to work again")
