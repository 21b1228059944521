"""GET /healthz: the load balancer's check. No login, no personal data, 503 when the database fails or the
worker stopped beating (the real outage: sigap/work/tests/test_worker_outage.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sigap.core.health import WORKER, heartbeat_record

URL = "/healthz"


def test_the_url_is_stable() -> None:
    assert reverse("core:healthz") == URL


@pytest.mark.django_db
def test_it_answers_ok_without_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "worker": "missing"}  # no worker in tests
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_it_says_the_same_to_a_logged_in_user(personas: Any) -> None:
    response = personas.client("head").get(URL)
    assert response.json() == {"status": "ok", "database": "ok", "worker": "missing"}  # nothing about the user


@pytest.mark.django_db
def test_a_failing_database_gives_503_json(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with mock.patch("sigap.core.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert "connection refused" not in response.content.decode()
    assert any(getattr(r, "event", "") == "healthz_db_error" for r in caplog.records)


@pytest.mark.django_db
def test_a_query_that_fails_gives_503_too(client: Client) -> None:
    cursor = mock.MagicMock()
    cursor.__enter__.return_value.execute.side_effect = OperationalError("gone away")
    with mock.patch("sigap.core.views.connection.cursor", return_value=cursor):
        response = client.get(URL)
    assert response.status_code == 503


@pytest.mark.django_db
def test_only_get(client: Client) -> None:
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_a_beating_worker_is_ok(client: Client) -> None:
    heartbeat_record(WORKER, interval=60)
    response = client.get(URL)
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok", "worker": "ok"})


@pytest.mark.django_db
def test_a_worker_silent_for_more_than_the_stale_ticks_is_stale(client: Client, settings: Any) -> None:
    settings.SIGAP_WORKER_STALE_TICKS = 3
    heartbeat_record(WORKER, interval=60, now=timezone.now() - timedelta(seconds=170))
    assert client.get(URL).json()["worker"] == "ok"
    heartbeat_record(WORKER, interval=60, now=timezone.now() - timedelta(seconds=190))
    response = client.get(URL)
    assert (response.status_code, response.json()) == (503, {"status": "error", "database": "ok", "worker": "stale"})


@pytest.mark.django_db
def test_a_worker_that_never_beat_is_an_error_in_production_only(client: Client, settings: Any) -> None:
    settings.PRODUCTION = True
    response = client.get(URL)
    assert (response.status_code, response.json()) == (503, {"status": "error", "database": "ok", "worker": "missing"})


@pytest.mark.django_db
def test_the_web_check_ignores_a_stale_worker_but_not_the_database(client: Client, settings: Any) -> None:
    """/healthz/web is for a load balancer in front of several web nodes: a stale worker is monitoring's alarm,
    not a reason to take every web node out."""
    assert reverse("core:healthz_web") == "/healthz/web"
    settings.PRODUCTION = True
    heartbeat_record(WORKER, interval=60, now=timezone.now() - timedelta(hours=1))
    assert client.get(URL).status_code == 503
    response = client.get("/healthz/web")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})
    assert "no-store" in response["Cache-Control"]
    with mock.patch("sigap.core.views.connection.cursor", side_effect=OperationalError("connection refused")):
        down = client.get("/healthz/web")
    assert (down.status_code, down.json()) == (503, {"status": "error", "database": "error"})
