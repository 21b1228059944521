"""Security events (ARCHITECTURE §5): every login step is recorded, with ids and codes only."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from sigap.accounts.models import SecurityEvent
from sigap.accounts.tests.auth_helpers import full_login, post_login


def test_a_full_login_and_logout_are_recorded(personas) -> None:
    client = Client()
    full_login(client, "head")
    client.post(reverse("accounts:logout"))
    kinds = list(SecurityEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["LOGIN", "MFA_VERIFIED", "LOGOUT"]
    event = SecurityEvent.objects.get(kind="LOGIN")
    assert event.actor == personas["head"] and event.unit == personas.kukar
    assert event.ip_address == "127.0.0.1" and event.request_id


def test_a_failed_login_stores_no_typed_value(personas) -> None:
    post_login(Client(), "head", "my-secret-wrong-password")
    post_login(Client(), "Ibu Siti Korban", "another-secret")
    events = list(SecurityEvent.objects.filter(kind="LOGIN_FAILED").order_by("pk"))
    assert len(events) == 2
    assert events[0].subject == personas["head"]
    assert events[1].subject is None and events[1].unit is None
    text = repr([(e.detail, e.user_agent) for e in events])
    for value in ("head", "Siti", "Korban", "secret", PASSWORD):
        assert value not in text
    assert events[0].detail["username_digest"] != events[1].detail["username_digest"]


def test_the_digest_is_the_same_for_the_same_name(personas) -> None:
    post_login(Client(), "nobody", "x" * 12)
    post_login(Client(), "nobody", "y" * 12)
    digests = set(SecurityEvent.objects.filter(kind="LOGIN_FAILED").values_list("detail__username_digest", flat=True))
    assert len(digests) == 1
