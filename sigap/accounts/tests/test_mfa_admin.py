"""The Django admin (AC-08): superusers only, behind the second factor; no case data there.
Also the MFA reset service that user administration calls."""

from __future__ import annotations

from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.mfa import mfa_reset
from sigap.accounts.models import SecurityEvent, User
from sigap.accounts.tests.auth_helpers import full_login, post_login

INDEX = "admin:index"


def _superuser(personas) -> User:  # type: ignore[no-untyped-def]
    user = personas["admin"]
    user.is_superuser = True
    user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


def test_anonymous_users_are_sent_to_sigaps_login(personas) -> None:
    client = Client()
    response = client.get(reverse(INDEX), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_a_superuser_without_the_second_factor_is_sent_to_it(personas) -> None:
    _superuser(personas)
    client = Client()
    post_login(client, "admin")
    response = client.get(reverse(INDEX), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:mfa_verify"))


def test_a_verified_superuser_gets_in(personas) -> None:
    _superuser(personas)
    client = Client()
    full_login(client, "admin")
    assert client.get(reverse(INDEX)).status_code == 200
    assert client.get(reverse("admin:accounts_securityevent_changelist")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 302


def test_verified_staff_who_are_not_superusers_are_refused(personas) -> None:
    user = personas["head"]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = personas.client("head")
    response = client.get(reverse(INDEX), follow=True)
    assert response.status_code == 403


def test_the_admin_holds_no_case_data_and_no_secrets() -> None:
    registered = admin.site._registry
    labels = {model._meta.app_label for model in registered}
    assert not labels & {"cases", "intake", "assistance", "referrals", "empowerment", "experts"}
    assert not any(model.__name__ in {"Case", "Person"} for model in registered)
    assert TOTPDevice not in registered


def test_mfa_reset_removes_devices_and_ends_sessions(personas) -> None:
    client = personas.client("case_manager")
    assert client.get(reverse("core:home")).status_code == 200
    user = personas["case_manager"]
    mfa_reset(user=user, actor=personas["admin"])
    assert not user_has_device(user, confirmed=None)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    event = SecurityEvent.objects.get(kind="MFA_RESET")
    assert event.subject == user and event.actor == personas["admin"]
    # At the next login the user enrols again.
    fresh = Client()
    post_login(fresh, "case_manager")
    assert fresh.get(reverse("accounts:mfa_verify"))["Location"] == reverse("accounts:mfa_enroll")
