"""The per-request chain (issue #22): what every page pays before its own queries.

The framework view of the benchmark (``bench/urls.py``, ``/bench/ping/``: a staff view with no query of its
own) reads the session and one row of user, membership, unit and second-factor device, and writes nothing
on an ordinary request. The session's idle clock moves at most once a minute on page reads, and the
idle timeout still ends a session 15 minutes after its last request at the latest.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login_verified
from sigap.accounts.middleware import IDLE_LEFT_HEADER

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
PING = "/bench/ping/"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|SAVEPOINT|RELEASE|BEGIN|COMMIT)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _bench_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _statements(client: Client, path: str = PING, method: str = "get") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured.captured_queries]


def _expiry(client: Client) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _sent_to_login(response: Any) -> bool:
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_framework_view_sends_no_write_on_an_ordinary_request(personas: Any, clock: Any) -> None:
    client = personas.client("head")
    clock.shift(timedelta(seconds=10))
    statements = _statements(client)
    assert [sql for sql in statements if WRITES.match(sql)] == []
    # The session, then user + membership + unit + second-factor device in one statement.
    assert len(statements) == 2, statements


def test_a_read_after_a_minute_moves_the_idle_clock(personas: Any, clock: Any) -> None:
    client = personas.client("head")
    written = _expiry(client)
    clock.shift(timedelta(seconds=59))
    _statements(client)
    assert _expiry(client) == written
    clock.shift(timedelta(seconds=2))
    statements = _statements(client)
    assert any(sql.lstrip().upper().startswith("UPDATE") for sql in statements)
    assert _expiry(client) == written + timedelta(seconds=61)


def test_a_post_always_moves_the_idle_clock(personas: Any, clock: Any) -> None:
    client = personas.client("head")
    written = _expiry(client)
    clock.shift(timedelta(seconds=5))
    assert client.post(reverse("accounts:session_ping")).status_code == 200
    assert _expiry(client) == written + timedelta(seconds=5)


def test_idle_expiry_still_ends_the_session_within_fifteen_minutes_of_the_last_request(
    personas: Any, clock: Any
) -> None:
    client = personas.client("head")
    clock.shift(timedelta(seconds=50))
    _statements(client)  # the last request: within the minute, so it writes nothing
    clock.shift(timedelta(minutes=14, seconds=11))  # 15:01 after the last write, 14:11 after the last request
    assert _sent_to_login(client.get(PING))


def test_activity_every_minute_keeps_the_session(personas: Any, clock: Any) -> None:
    client = personas.client("head")
    for _ in range(40):
        clock.shift(timedelta(seconds=50))
        _statements(client)
    clock.shift(timedelta(minutes=14))
    _statements(client)


def test_the_page_and_a_partial_update_tell_the_idle_warning_the_time_really_left(personas: Any, clock: Any) -> None:
    client = personas.client("case_manager")
    clock.shift(timedelta(seconds=40))  # no write on this read: 15:00 - 0:40 left
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-idle-seconds="900"' in page and 'data-left-seconds="860"' in page
    clock.shift(timedelta(seconds=10))
    partial = client.get(reverse("core:home"), HTTP_HX_REQUEST="true")
    assert partial[IDLE_LEFT_HEADER] == "850"
    clock.shift(timedelta(seconds=20))  # past the minute: this one writes, the whole idle time is left
    partial = client.get(reverse("core:home"), HTTP_HX_REQUEST="true")
    assert partial[IDLE_LEFT_HEADER] == "900"


def test_login_still_works_and_sends_the_cookie(db: None, personas: Any) -> None:
    client = Client()
    login_verified(client, personas["head"])
    assert client.get(PING).status_code == 200


# --- user, membership and device: one statement, and nothing kept from one request to the next ---


def test_a_deactivated_user_is_refused_on_the_next_request(personas: Any) -> None:
    client = personas.client("head")
    assert client.get(PING).status_code == 200
    from sigap.accounts.models import User

    User.objects.filter(pk=personas["head"].pk).update(is_active=False)
    assert _sent_to_login(client.get(PING))


def test_a_removed_membership_takes_effect_on_the_next_request(personas: Any) -> None:
    from sigap.accounts.models import Membership

    client = personas.client("head")
    assert client.get(PING).status_code == 200
    Membership.objects.filter(user=personas["head"]).update(is_active=False)
    assert client.get(PING).status_code == 403


def test_a_deactivated_unit_gives_no_membership_on_the_next_request(personas: Any) -> None:
    client = personas.client("head")
    assert client.get(PING).status_code == 200
    type(personas.kukar).objects.filter(pk=personas.kukar.pk).update(is_active=False)
    assert client.get(PING).status_code == 403


def test_a_changed_role_takes_effect_on_the_next_request(personas: Any) -> None:
    from sigap.accounts.models import Membership, Role

    client = personas.client("head")
    assert client.get(PING).status_code == 200
    Membership.objects.filter(user=personas["head"]).update(role=Role.INTAKE)
    assert client.get(PING).status_code == 403  # the ping admits HEAD and CASE_MANAGER only


def test_a_deleted_device_is_no_second_factor_on_the_next_request(personas: Any) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = personas.client("head")
    assert client.get(PING).status_code == 200
    TOTPDevice.objects.filter(user=personas["head"]).delete()
    response = client.get(PING)
    assert response.status_code == 302 and reverse("accounts:mfa_verify") in response["Location"]
    assert DEVICE_ID_SESSION_KEY not in client.session  # dropped, as django-otp does


def test_another_users_device_is_no_second_factor(personas: Any) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = personas.client("head")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=personas["intake"]).persistent_id
    session.save()
    response = client.get(PING)
    assert response.status_code == 302 and reverse("accounts:mfa_verify") in response["Location"]


def test_a_session_verified_with_a_backup_code_still_works(personas: Any) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    from sigap.accounts.models.mfa import BackupCodeDevice

    device = BackupCodeDevice.objects.create(user=personas["head"], name="backup codes", confirmed=True)
    client = personas.client("head")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PING).status_code == 200
    assert len(captured.captured_queries) == 3  # that kind of device is loaded on its own, as django-otp does


def test_a_changed_password_ends_the_session(personas: Any) -> None:
    client = personas.client("head")
    assert client.get(PING).status_code == 200
    user = personas["head"]
    user.set_password("a-whole-new-secret-words-9")
    user.save(update_fields=["password"])
    assert _sent_to_login(client.get(PING))


def test_the_user_loaded_carries_its_membership_and_unit(personas: Any) -> None:
    client = personas.client("case_manager")
    page = client.get(reverse("core:home"))
    request = page.wsgi_request
    assert request.membership is not None and request.membership.unit == personas.kukar
    assert request.user.is_verified()


def test_a_search_sent_by_post_is_a_read_for_the_idle_clock(personas: Any, clock: Any, settings: Any) -> None:
    """The case list's person search is a POST (a NIK stays out of addresses) that only reads: within the minute
    it writes no session, as a page read; a minute later it moves the clock; a form that saves still does (D90)."""
    settings.ROOT_URLCONF = "sigap.urls"
    client = personas.client("head")
    written = _expiry(client)
    search = {"find-name": "Siti", "find-nik": "", "find-phone": ""}
    clock.shift(timedelta(seconds=20))
    with CaptureQueriesContext(connection) as captured:
        assert client.post(reverse("cases:case_list"), search).status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"] and WRITES.match(q["sql"])]
    assert _expiry(client) == written
    clock.shift(timedelta(seconds=45))
    assert client.post(reverse("cases:case_list"), search).status_code == 200
    assert _expiry(client) == written + timedelta(seconds=65)
    clock.shift(timedelta(seconds=5))
    assert client.post(reverse("accounts:session_ping")).status_code == 200  # any other POST: always
    assert _expiry(client) == written + timedelta(seconds=70)
