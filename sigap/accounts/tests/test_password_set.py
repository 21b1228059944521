"""The one-time link: the user chooses their own password; the link works once and for 1 hour only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from sigap.accounts.models import Membership, Role, SecurityEvent, User
from sigap.accounts.services.users import user_password_link_issue


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


NEW_PASSWORD = "sungai-mahakam-mengalir-jauh-9"


@pytest.fixture
def newcomer(personas) -> User:
    return make_user("newcomer", personas.kukar, Role.INTAKE)


def _issue(personas, user: User) -> str:
    link = user_password_link_issue(actor=personas["admin"], membership=Membership.objects.get(user=user))
    return link.url


def _set(client, url: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    """Open the link (Django moves the token to the session) and post the form."""
    opened = client.get(url)
    assert opened.status_code == 302  # to the token-less form URL
    form_url = opened["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": confirm or password})


def test_it_sets_the_password_once_and_sends_to_login(personas, newcomer: User) -> None:
    client = personas.client("anonymous")
    url = _issue(personas, newcomer)
    form = client.get(client.get(url)["Location"])
    assert form.status_code == 200
    assert form.context["validlink"] is True
    assert "newcomer" in form.content.decode()

    response = client.post(form.request["PATH_INFO"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert newcomer.password_set_at is not None
    assert SecurityEvent.objects.filter(kind="PASSWORD_SET", subject=newcomer).count() == 1

    # Single use: the same link now gives the "does not work" page.
    again = personas.client("anonymous").get(url)
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert 'id="link-invalid"' in again.content.decode()


def test_the_link_expires_after_one_hour(personas, newcomer: User) -> None:
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        url = _issue(personas, newcomer)
    with time_machine.travel(now + timedelta(minutes=59), tick=False):
        assert personas.client("anonymous").get(url).status_code == 302  # still valid
    with time_machine.travel(now + timedelta(minutes=61), tick=False):
        response = personas.client("anonymous").get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"uidb64": "xx", "token": "garbled"},
        {"uidb64": "MTIzNDU2Nzg5", "token": "set-password"},
        {"uidb64": "%%%", "token": "a" * 300},
        {"uidb64": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "token": "c0ffee-1234"},
    ],
)
def test_a_garbled_link_gives_a_clear_page(personas, kwargs: dict[str, str]) -> None:
    response = personas.client("anonymous").get(reverse("accounts:password_set", kwargs=kwargs))
    assert response.status_code == 200
    assert 'id="link-invalid"' in response.content.decode()


def test_the_form_url_without_the_session_token_does_not_work(personas, newcomer: User) -> None:
    url = _issue(personas, newcomer)
    form_url = personas.client("anonymous").get(url)["Location"]
    stranger = personas.client("anonymous")
    response = stranger.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert response.context["validlink"] is False
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_a_deactivated_users_link_does_not_work(personas, newcomer: User) -> None:
    url = _issue(personas, newcomer)
    newcomer.is_active = False
    newcomer.save(update_fields=["is_active"])
    response = personas.client("anonymous").get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short-pw-1", None, "too short"),
        ("123456789012345", None, "entirely numeric"),
        ("1qaz2wsx3edc", None, "too common"),
        ("sayangkamu123", None, "leaked from other websites"),
        ("kutai-kartanegara-rumah-99", None, "must not contain words of the unit"),
        (NEW_PASSWORD, "something-else-entirely-1", "didn’t match"),
    ],
)
def test_weak_passwords_get_clear_messages(personas, newcomer: User, password: str, confirm, message: str) -> None:
    response = _set(personas.client("anonymous"), _issue(personas, newcomer), password, confirm)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("new_password2", []))
    assert message in errors
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_a_long_password_is_accepted(personas, newcomer: User) -> None:
    password = "kalimat panjang yang mudah diingat " * 2
    response = _set(personas.client("anonymous"), _issue(personas, newcomer), password.strip())
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(password.strip())
