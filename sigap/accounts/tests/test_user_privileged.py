"""Two-person rule (review finding 3): the unit admin cannot take over a HEAD, UNIT_ADMIN or AUDITOR account.

They can neither grant nor take away those roles, nor reset the second factor or issue a password
link for their holders: the system superuser does that (``manage.py user_recover``).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, make_user
from sigap.accounts.models import Membership, Role, SecurityEvent, User
from sigap.accounts.services.users import (
    Channel,
    UserAdminError,
    user_change_role,
    user_deactivate,
    user_password_link_issue,
    user_reset_mfa,
)


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


PRIVILEGED = ["head", "auditor"]


def _url(name: str, user: User) -> str:
    return reverse(f"accounts:{name}", kwargs={"pk": user.pk})


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user, is_active=True)


@pytest.fixture
def second_admin(personas) -> User:
    return make_user("second_admin", personas.kukar, Role.UNIT_ADMIN)


def test_the_admin_cannot_take_over_the_heads_account(personas) -> None:
    # The reviewer's reproduction: reset the HEAD's MFA, issue a link, read it from the page, set a password.
    admin = personas.client("admin")
    head = personas["head"]
    response = admin.post(_url("user_reset_mfa", head), follow=True)
    assert "only the system administrator" in _messages(response)
    response = admin.post(_url("user_password_link", head), follow=True)
    assert "only the system administrator" in _messages(response)
    assert 'id="password-link-url"' not in response.content.decode()
    head.refresh_from_db()
    assert head.check_password(PASSWORD)
    assert head.session_generation == 0
    assert TOTPDevice.objects.filter(user=head, confirmed=True).exists()
    assert not SecurityEvent.objects.filter(subject=head, kind__in=["MFA_RESET", "PASSWORD_LINK_SENT"]).exists()


@pytest.mark.parametrize("name", PRIVILEGED)
@pytest.mark.parametrize("action", ["user_reset_mfa", "user_password_link"])
def test_no_reset_or_link_for_any_privileged_user(personas, name: str, action: str) -> None:
    user = personas[name]
    personas.client("admin").post(_url(action, user))
    user.refresh_from_db()
    assert user.has_usable_password()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_no_reset_or_link_for_another_unit_admin(personas, second_admin: User) -> None:
    client = personas.client("admin")
    client.post(_url("user_reset_mfa", second_admin))
    client.post(_url("user_password_link", second_admin))
    second_admin.refresh_from_db()
    assert second_admin.has_usable_password()
    assert TOTPDevice.objects.filter(user=second_admin).exists()


@pytest.mark.parametrize("role", ["HEAD", "UNIT_ADMIN", "AUDITOR"])
def test_a_privileged_role_cannot_be_granted(personas, role: str) -> None:
    response = personas.client("admin").post(_url("user_change_role", personas["expert"]), {"role": role}, follow=True)
    assert _membership(personas["expert"]).role == Role.EXPERT
    assert "Only the system administrator" in _messages(response)


def test_a_privileged_role_cannot_be_taken_away(personas) -> None:
    response = personas.client("admin").post(
        _url("user_change_role", personas["head"]), {"role": "INTAKE"}, follow=True
    )
    assert _membership(personas["head"]).role == Role.HEAD
    assert "Only the system administrator" in _messages(response)


def test_a_privileged_user_can_still_be_deactivated(personas) -> None:
    # Switching off a compromised HEAD account must stay fast; it gives the admin no access to it.
    personas.client("admin").post(_url("user_deactivate", personas["head"]))
    personas["head"].refresh_from_db()
    assert not personas["head"].is_active


def test_the_detail_page_explains_and_offers_no_takeover_action(personas) -> None:
    response = personas.client("admin").get(_url("user_detail", personas["head"]))
    body = response.content.decode()
    assert 'id="privileged-note"' in body
    assert "manage.py user_recover" in body
    for modal in ("confirm-role", "confirm-link", "confirm-mfa"):
        assert f'id="{modal}"' not in body
    assert 'id="confirm-deactivate"' in body


def test_an_ordinary_users_page_has_no_note(personas) -> None:
    body = personas.client("admin").get(_url("user_detail", personas["expert"])).content.decode()
    assert 'id="privileged-note"' not in body
    assert 'value="HEAD"' not in body
    assert 'value="INTAKE"' in body


@pytest.mark.parametrize("name", PRIVILEGED)
def test_the_services_refuse_the_unit_admin(personas, name: str) -> None:
    membership = _membership(personas[name])
    actor = personas["admin"]
    with pytest.raises(UserAdminError):
        user_reset_mfa(actor=actor, membership=membership)
    with pytest.raises(UserAdminError):
        user_password_link_issue(actor=actor, membership=membership)
    with pytest.raises(UserAdminError):
        user_change_role(actor=actor, membership=membership, role=Role.INTAKE)
    with pytest.raises(UserAdminError):
        user_change_role(actor=actor, membership=_membership(personas["intake"]), role=membership.role)


def test_the_superuser_may_act_through_the_django_admin_channel(personas) -> None:
    root = User.objects.create_superuser(username="root_ops", email="", password=PASSWORD, full_name="Root")
    membership = _membership(personas["head"])
    assert user_reset_mfa(actor=root, membership=membership, channel=Channel.DJANGO_ADMIN) == 1
    [event] = SecurityEvent.objects.filter(kind="MFA_RESET", subject=personas["head"])
    assert event.actor == root
    assert event.detail == {"devices": 1, "via": "django_admin"}


def test_a_channel_cannot_be_claimed_without_its_actor(personas) -> None:
    membership = _membership(personas["head"])
    with pytest.raises(ValueError):
        user_reset_mfa(actor=personas["admin"], membership=membership, channel=Channel.DJANGO_ADMIN)
    with pytest.raises(ValueError):
        user_reset_mfa(actor=personas["admin"], membership=membership, channel=Channel.CLI)
    with pytest.raises(ValueError):
        user_reset_mfa(actor=None, membership=membership)
    assert TOTPDevice.objects.filter(user=personas["head"]).exists()


def test_deactivation_needs_no_second_person(personas) -> None:
    user_deactivate(actor=personas["admin"], membership=_membership(personas["auditor"]))
    personas["auditor"].refresh_from_db()
    assert not personas["auditor"].is_active
