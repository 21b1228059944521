"""ERR-02: a value that does not decrypt fails the request with the generic error page, leaking nothing."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test import Client, override_settings

from tests.testapp.services import secret_person_create


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.testapp.urls")
def test_a_tampered_value_gives_the_generic_error_page(caplog: pytest.LogCaptureFixture) -> None:
    person = secret_person_create(name="Dewi Kartika Sari")
    client = Client(raise_request_exception=False)
    assert "Dewi Kartika Sari" in client.get(f"/secret-person/{person.pk}/").content.decode()

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM testapp_secretperson WHERE id = %s", [person.pk])
        (stored,) = cursor.fetchone()
        tampered = stored[:-6] + ("AAAAAA" if not stored.endswith("AAAAAA") else "BBBBBB")
        cursor.execute("UPDATE testapp_secretperson SET name = %s WHERE id = %s", [tampered, person.pk])

    with caplog.at_level(logging.INFO):
        response = client.get(f"/secret-person/{person.pk}/")
    body = response.content.decode()
    assert response.status_code == 500
    body_and_logs = body + caplog.text
    assert "Dewi" not in body_and_logs
    assert tampered.split(":")[2][:20] not in body_and_logs
    assert "DecryptionError" not in body
