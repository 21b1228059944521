"""The detail page's actions: POST only, admin only, own unit only; sessions end at once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import login_verified
from sigap.accounts.models import Membership, Role, SecurityEvent


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


ACTIONS = ["user_change_role", "user_deactivate", "user_reactivate", "user_reset_mfa", "user_password_link"]
HOME = reverse("core:home")


def _url(name: str, user) -> str:
    return reverse(f"accounts:{name}", kwargs={"pk": user.pk})


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.parametrize("name", ACTIONS)
def test_a_get_is_not_allowed(personas, name: str) -> None:
    assert personas.client("admin").get(_url(name, personas["expert"])).status_code == 405


@pytest.mark.parametrize("name", ACTIONS)
def test_the_head_is_forbidden(personas, name: str) -> None:
    assert personas.client("head").post(_url(name, personas["expert"]), {"role": "HEAD"}).status_code == 403


@pytest.mark.parametrize("name", ACTIONS)
def test_anonymous_visitors_are_sent_to_login(personas, name: str) -> None:
    response = personas.client("anonymous").post(_url(name, personas["expert"]), {"role": "HEAD"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", ACTIONS)
def test_another_units_user_is_not_found(personas, name: str) -> None:
    target = personas["other_case_manager"]
    response = personas.client("admin").post(_url(name, target), {"role": "HEAD"})
    assert response.status_code == 404
    assert not SecurityEvent.objects.filter(subject=target, actor=personas["admin"]).exists()


def test_csrf_is_required(personas) -> None:
    client = Client(enforce_csrf_checks=True)
    login_verified(client, personas["admin"])
    assert client.post(_url("user_deactivate", personas["expert"])).status_code == 403
    personas["expert"].refresh_from_db()
    assert personas["expert"].is_active


def test_deactivation_ends_the_users_open_session_at_once(personas) -> None:
    victim = personas.client("expert")
    assert victim.get(HOME).status_code == 200
    response = personas.client("admin").post(_url("user_deactivate", personas["expert"]), follow=True)
    assert "deactivated" in " ".join(_messages(response))
    after = victim.get(HOME)
    assert after.status_code == 302 and reverse("accounts:login") in after["Location"]


@pytest.mark.parametrize(("name", "data"), [("user_change_role", {"role": "INTAKE"}), ("user_reset_mfa", {})])
def test_role_change_and_mfa_reset_end_the_users_session(personas, name: str, data: dict[str, str]) -> None:
    victim = personas.client("expert")
    assert victim.get(HOME).status_code == 200
    assert personas.client("admin").post(_url(name, personas["expert"]), data).status_code == 302
    after = victim.get(HOME)
    assert after.status_code == 302 and reverse("accounts:login") in after["Location"]


def test_it_changes_the_role(personas) -> None:
    response = personas.client("admin").post(
        _url("user_change_role", personas["expert"]), {"role": "CASE_MANAGER"}, follow=True
    )
    assert Membership.objects.get(user=personas["expert"]).role == Role.CASE_MANAGER
    assert "role was changed" in " ".join(_messages(response))


def test_the_admin_cannot_demote_or_deactivate_themself(personas) -> None:
    client = personas.client("admin")
    admin = personas["admin"]
    response = client.post(_url("user_change_role", admin), {"role": "INTAKE"}, follow=True)
    assert "cannot change your own role" in " ".join(_messages(response))
    response = client.post(_url("user_deactivate", admin), follow=True)
    assert "cannot deactivate your own account" in " ".join(_messages(response))
    admin.refresh_from_db()
    assert admin.is_active
    assert Membership.objects.get(user=admin).role == Role.UNIT_ADMIN


def test_it_reactivates(personas) -> None:
    response = personas.client("admin").post(_url("user_reactivate", personas["inactive"]), follow=True)
    personas["inactive"].refresh_from_db()
    assert personas["inactive"].is_active
    assert "reactivated" in " ".join(_messages(response))


def test_it_resets_mfa(personas) -> None:
    personas.client("admin").post(_url("user_reset_mfa", personas["expert"]))
    assert not TOTPDevice.objects.filter(user=personas["expert"]).exists()


def _without_email(user) -> None:
    user.email = ""
    user.save(update_fields=["email"])


def test_a_new_password_link_is_shown_once_when_the_user_has_no_email(personas) -> None:
    _without_email(personas["expert"])
    client = personas.client("admin")
    response = client.post(_url("user_password_link", personas["expert"]), follow=True)
    link = response.context["link"]
    assert link["url"] in response.content.decode()
    assert "/kata-sandi/" in link["url"]
    assert "in person" in response.content.decode()
    assert client.get(reverse("accounts:user_detail", kwargs={"pk": personas["expert"].pk})).context["link"] is None


def test_an_emailed_link_is_never_shown_to_the_admin(personas, mailoutbox, django_capture_on_commit_callbacks) -> None:
    # Review finding 3: the admin saw the e-mailed link and could choose the user's password.
    client = personas.client("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("user_password_link", personas["expert"]), follow=True)
    [mail] = mailoutbox
    url = next(line for line in mail.body.splitlines() if "/kata-sandi/" in line).strip()
    assert response.context["link"] is None
    assert url not in response.content.decode()
    assert 'id="password-link"' not in response.content.decode()
    assert "e-mailed to the user" in " ".join(_messages(response))
    assert url not in str(dict(client.session))


def test_a_link_for_another_user_is_not_shown_on_this_page(personas) -> None:
    _without_email(personas["expert"])
    client = personas.client("admin")
    client.post(_url("user_password_link", personas["expert"]))
    response = client.get(reverse("accounts:user_detail", kwargs={"pk": personas["intake"].pk}))
    assert response.context["link"] is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(role=st.one_of(st.text(max_size=200), st.sampled_from([r.value for r in Role])))
def test_no_role_input_gives_a_500(personas, role: str) -> None:
    response = personas.client("admin").post(_url("user_change_role", personas["intake"]), {"role": role})
    assert response.status_code == 302
