"""Error pages (ERR-01): generic, in the user's language, with the request id, never a traceback."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

import sigap.urls
from sigap.core.access import public_view
from sigap.core.logging import JsonFormatter, RequestIdFilter

CANARY = "CANARY-7f3a-Siti-Aminah"


@public_view
def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


@public_view
def _database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError(f"connection to server failed for {CANARY}")


@public_view
def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered")


@public_view
def _denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


# This module doubles as the URLConf of its tests: the project's URLs plus pages that fail on purpose.
urlpatterns = [
    *sigap.urls.urlpatterns,
    path("test-errors/boom/", _boom, name="test_boom"),
    path("test-errors/database-down/", _database_down),
    path("test-errors/suspicious/", _suspicious, name="test_suspicious"),
    path("test-errors/denied/", _denied, name="test_denied"),
]
handler400 = sigap.urls.handler400
handler403 = sigap.urls.handler403
handler404 = sigap.urls.handler404
handler500 = sigap.urls.handler500

pytestmark = pytest.mark.urls(__name__)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in ("", "django")]  # "django" does not propagate
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.lines
    for logger in loggers:
        logger.removeHandler(handler)


def _client(**kwargs: Any) -> Client:
    return Client(raise_request_exception=False, **kwargs)


def _request_id_shown(response: HttpResponse) -> str:
    request_id = response["X-Request-ID"]
    assert re.search(rf'<code id="request-id"[^>]*>{request_id}</code>', response.content.decode())
    return request_id


@pytest.mark.django_db
def test_a_crash_gives_the_generic_page_with_the_request_id(settings: Any) -> None:
    settings.DEBUG = False
    response = _client().get("/test-errors/boom/")
    assert response.status_code == 500
    _request_id_shown(response)
    html = response.content.decode()
    for leak in ("Traceback", "RuntimeError", "boom", "_boom", "File &quot;", 'File "', "settings"):
        assert leak not in html
    assert '<html lang="id">' in html


@pytest.mark.django_db
def test_the_crash_is_logged_with_the_request_id_and_nothing_personal(log_lines: list[str]) -> None:
    response = _client().post(f"/test-errors/boom/?nik={CANARY}", {"name": CANARY}, HTTP_USER_AGENT=f"agent {CANARY}")
    request_id = response["X-Request-ID"]
    records = [json.loads(line) for line in log_lines]
    assert records, "nothing was logged"
    assert all(request_id == r["request_id"] for r in records)
    last_resort = [r for r in records if r.get("event") == "unhandled_exception"]
    assert len(last_resort) == 1
    assert last_resort[0]["exception_type"] == "RuntimeError"
    assert last_resort[0]["path"] == "/test-errors/boom/"
    assert last_resort[0]["logger"] == "sigap.errors"
    assert any(r["logger"] == "django.request" and "exception" in r for r in records)  # traceback for developers
    assert CANARY not in "\n".join(log_lines)
    assert "nik=" not in "\n".join(log_lines)


@pytest.mark.django_db
def test_the_crash_page_speaks_the_users_language() -> None:
    client = _client()
    client.cookies["sigap_language"] = "en"
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    assert '<html lang="en">' in response.content.decode()
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"), [("id", "Basis data tidak dapat dihubungi"), ("en", "The database could not be reached")]
)
def test_an_unreachable_database_gives_a_503_page_that_says_so(language: str, title: str, log_lines: list[str]) -> None:
    # The real outage (PostgreSQL killed under gunicorn): sigap/core/tests/test_database_outage.py.
    client = _client()
    client.cookies["sigap_language"] = language
    response = client.get("/test-errors/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    _request_id_shown(response)
    html = response.content.decode()
    assert title in html and f'<html lang="{language}">' in html
    assert "OperationalError" not in html and CANARY not in html
    events = [json.loads(line).get("event") for line in log_lines]
    assert "database_unavailable" in events and "unhandled_exception" not in events


@pytest.mark.django_db
def test_the_crash_page_itself_cannot_fail() -> None:
    with mock.patch("sigap.core.views.loader.get_template", side_effect=RuntimeError("template gone")):
        response = _client().get("/test-errors/boom/")
    assert response.status_code == 500
    _request_id_shown(response)
    assert "template gone" not in response.content.decode()


@pytest.mark.django_db
def test_not_found(log_lines: list[str]) -> None:
    response = _client().get(f"/no-such-page/?q={CANARY}")
    assert response.status_code == 404
    request_id = _request_id_shown(response)
    records = [json.loads(line) for line in log_lines]
    assert [r["request_id"] for r in records if r["logger"] == "django.request"] == [request_id]
    assert CANARY not in "\n".join(log_lines)


@pytest.mark.django_db
def test_bad_request() -> None:
    response = _client().get("/test-errors/suspicious/")
    assert response.status_code == 400
    _request_id_shown(response)
    assert "tampered" not in response.content.decode()


@pytest.mark.django_db
def test_a_foreign_host_header_is_a_bad_request() -> None:
    response = _client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    _request_id_shown(response)


def test_forbidden_for_a_role(personas: Any) -> None:
    client = personas.client("intake")
    client.raise_request_exception = False
    response = client.get("/test-errors/denied/")
    assert response.status_code == 403
    _request_id_shown(response)
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert 'data-nav="home"' in html  # the menu stays, so the user can go on working


@pytest.mark.django_db
def test_csrf_failure_has_its_own_page_and_changes_nothing() -> None:
    client = _client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    _request_id_shown(response)
    assert "sigap_language" not in response.cookies


@pytest.mark.django_db
def test_csrf_failure_in_english() -> None:
    client = _client(enforce_csrf_checks=True)
    client.cookies["sigap_language"] = "en"
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "The form has expired" in html


def test_a_post_only_address_opened_directly_explains_itself(personas) -> None:  # type: ignore[no-untyped-def]
    # Django's 405 is an empty page; a bookmarked or typed "End session" address gets a real one.
    from django.urls import reverse

    response = personas.client("case_manager").get(reverse("accounts:session_end", args=[1]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = response.content.decode()
    assert "Alamat ini tidak dapat dibuka langsung" in text  # Indonesian by default
    assert 'id="request-id"' in text
