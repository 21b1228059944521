"""The login page (AUTH-09, SESS-02): one answer for every failure, new session key, MFA next."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sigap.accounts.models import SecurityEvent
from sigap.accounts.tests.auth_helpers import post_login, without_csrf


def test_it_shows_the_login_form(personas) -> None:
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'id="login-form"' in response.content
    assert b'name="username"' in response.content


def test_it_sends_a_good_login_to_the_second_factor(personas) -> None:
    client = Client()
    response = post_login(client, "head")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_verify")
    # Staff pages stay closed until the second factor is passed.
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and "/mfa/" in home["Location"]
    assert SecurityEvent.objects.filter(kind="LOGIN", subject=personas["head"]).count() == 1


def test_it_keeps_a_local_next_through_the_second_factor(personas) -> None:
    client = Client()
    target = reverse("accounts:mfa_manage")
    response = client.post(
        reverse("accounts:login") + f"?next={target}", {"username": "head", "password": "kuda-lari-di-padang-rumput-7"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify") + "?next=")
    assert "mfa" in response["Location"].split("next=")[1]


def test_it_drops_a_foreign_next(personas) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "head", "password": "kuda-lari-di-padang-rumput-7"},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_it_answers_unknown_user_and_wrong_password_alike(personas) -> None:
    wrong_password = post_login(Client(), "head", "not-the-password-at-all")
    unknown_user = post_login(Client(), "nobody-here", "not-the-password-at-all")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert b'id="login-error"' in wrong_password.content
    # Only the echoed username differs between the two pages.
    first = without_csrf(wrong_password.content).replace('value="head"', 'value="X"')
    second = without_csrf(unknown_user.content).replace('value="nobody-here"', 'value="X"')
    assert first == second


def test_it_answers_a_deactivated_user_like_a_wrong_password(personas) -> None:
    response = post_login(Client(), "inactive")
    assert response.status_code == 200
    assert b'id="login-error"' in response.content
    assert "_auth_user_id" not in response.wsgi_request.session


def test_it_gives_a_new_session_key_at_login(personas) -> None:
    client = Client()
    client.get(reverse("accounts:login"))
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    post_login(client, "head")
    assert client.session.session_key != before


def test_it_skips_the_second_factor_when_mfa_is_off(personas, settings) -> None:
    settings.SIGAP_REQUIRE_MFA = False
    client = Client()
    response = post_login(client, "head")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert b'id="mfa-off-banner"' in home.content


def test_the_login_page_speaks_of_the_authenticator_code_only_when_mfa_is_required(personas, settings) -> None:
    client = Client()
    client.cookies["sigap_language"] = "id"
    with_mfa = client.get(reverse("accounts:login")).content.decode()
    assert "aplikasi autentikator" in with_mfa and 'id="mfa-off-banner"' not in with_mfa
    settings.SIGAP_REQUIRE_MFA = False  # the demo: the banner says MFA is off; no code is asked
    without = client.get(reverse("accounts:login")).content.decode()
    assert 'id="mfa-off-banner"' in without
    assert "aplikasi autentikator" not in without and "Lupa kata sandi? Hubungi admin unit Anda." in without


def test_it_sends_a_logged_in_user_on(personas) -> None:
    client = personas.client("head")
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


@pytest.mark.parametrize("method", ["get", "post"])
def test_logout_needs_post_and_ends_the_session(personas, method: str) -> None:
    client = personas.client("head")
    response = getattr(client, method)(reverse("accounts:logout"))
    if method == "get":
        assert response.status_code == 405
        assert client.get(reverse("core:home")).status_code == 200
        return
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and reverse("accounts:login") in home["Location"]
    assert SecurityEvent.objects.filter(kind="LOGOUT", subject=personas["head"]).exists()


def test_an_old_session_cookie_is_useless_after_logout(personas) -> None:
    client = personas.client("head")
    old_key = client.session.session_key
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = old_key
    response = replay.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
