"""JSON-lines logging (LOG-04, LOG-05): one record per line, the request id, nothing personal."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from sigap.core.logging import JsonFormatter, RequestIdFilter, request_id_var

CANARY = "CANARY-0c1d-Budi-Santoso"


def _record(msg: str, *args: Any, name: str = "sigap.test", **extra: Any) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args or None, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def _format(record: logging.LogRecord) -> str:
    RequestIdFilter().filter(record)
    return JsonFormatter().format(record)


@pytest.mark.parametrize("evil", ["a\r\nb", "a\nb", "a\rb", "a\u2028b", "a\u2029b", "a\x85b", "a\x0bb\x0cc"])
def test_a_line_break_in_a_value_yields_one_record(evil: str) -> None:
    forged = f'{evil}{{"level": "CRITICAL", "message": "forged"}}'
    line = _format(_record("login failed for %s", forged, username=forged))
    assert len(line.splitlines()) == 1
    assert "\n" not in line and "\r" not in line
    parsed = json.loads(line)
    assert parsed["level"] == "WARNING"
    assert parsed["username"] == forged
    assert parsed["message"] == f"login failed for {forged}"


def test_records_carry_the_request_id_of_the_context() -> None:
    token = request_id_var.set("abc123def456")
    try:
        parsed = json.loads(_format(_record("hello")))
    finally:
        request_id_var.reset(token)
    assert parsed["request_id"] == "abc123def456"
    assert json.loads(_format(_record("later")))["request_id"] == ""


def test_time_is_utc() -> None:
    assert json.loads(_format(_record("x")))["time"].endswith("+00:00")


def test_objects_in_extra_are_not_written_as_text() -> None:
    class Person:
        def __str__(self) -> str:
            return CANARY

    line = _format(_record("event", person=Person(), request=Person(), count=3, ok=True))
    assert CANARY not in line
    parsed = json.loads(line)
    assert parsed["person"] == "<Person>"
    assert "request" not in parsed
    assert parsed["count"] == 3 and parsed["ok"] is True


def test_the_dev_server_request_line_loses_its_query_string() -> None:
    record = _record('"%s" %s %s', f"GET /kasus/cari/?nik={CANARY} HTTP/1.1", "200", "1234", name="django.server")
    parsed = json.loads(_format(record))
    assert CANARY not in json.dumps(parsed)
    assert parsed["message"] == '"GET /kasus/cari/?… HTTP/1.1" 200 1234'


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def django_request_lines() -> Iterator[list[str]]:
    handler = _Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_the_query_string_is_not_in_django_request_logs(client: Client, django_request_lines: list[str]) -> None:
    response = client.get(f"/no-such-page/?nik={CANARY}&name={CANARY}")
    assert response.status_code == 404
    assert len(django_request_lines) == 1
    parsed = json.loads(django_request_lines[0])
    assert parsed["message"] == "Not Found: /no-such-page/"
    assert parsed["request_id"] == response["X-Request-ID"]
    assert CANARY not in django_request_lines[0]


def test_a_forbidden_page_is_logged_without_the_query_string(personas: Any, django_request_lines: list[str]) -> None:
    response = personas.client("intake").get(f"/akun/pengguna/?q={CANARY}")
    assert response.status_code == 403
    assert django_request_lines, "the refusal was not logged"
    assert all(CANARY not in line for line in django_request_lines)
    assert json.loads(django_request_lines[-1])["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_the_request_id_header(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second and len(first) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345678")["X-Request-ID"] == "proxy-id-12345678"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="bad\r\nid")["X-Request-ID"]
    assert forged != "bad\r\nid" and len(forged) == 32
    assert request_id_var.get() == ""  # forgotten once the response is finished
