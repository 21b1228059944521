"""GET /healthz: the load balancer's check. No login, no personal data, 503 when the database fails."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

URL = "/healthz"


def test_the_url_is_stable() -> None:
    assert reverse("core:healthz") == URL


@pytest.mark.django_db
def test_it_answers_ok_without_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_it_says_the_same_to_a_logged_in_user(personas: Any) -> None:
    response = personas.client("head").get(URL)
    assert response.json() == {"status": "ok", "database": "ok"}  # nothing about the user or the unit


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
