"""Services of user administration: happy paths, guards, and the security event of each write."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_user
from sigap.accounts.models import Membership, Role, SecurityEvent, User
from sigap.accounts.services.users import (
    UserAdminError,
    user_change_role,
    user_create,
    user_deactivate,
    user_password_link_issue,
    user_password_set,
    user_reactivate,
    user_reset_mfa,
)


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user, is_active=True)


def _events(kind: str, subject: User) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind, subject=subject))


@pytest.fixture
def target(personas) -> User:
    return make_user("target_user", personas.kukar, Role.INTAKE)


def test_it_creates_a_user_of_the_unit_without_a_usable_password(personas) -> None:
    user = user_create(
        actor=personas["admin"],
        unit=personas.kukar,
        username="  siti.rahma ",
        full_name="Siti Rahma",
        email="siti@example.test",
        phone="+62 812 0000 0000",
        role=Role.CASE_MANAGER,
    )
    assert user.username == "siti.rahma"
    assert not user.has_usable_password()
    assert user.is_active
    membership = _membership(user)
    assert (membership.unit, membership.role) == (personas.kukar, Role.CASE_MANAGER)
    [event] = _events("USER_CREATED", user)
    assert event.actor == personas["admin"]
    assert event.unit == personas.kukar
    assert event.detail == {"role": "CASE_MANAGER"}


@pytest.mark.parametrize("username", ["ADMIN", "demo", "Head"])
def test_it_refuses_reserved_or_taken_usernames(personas, username: str) -> None:
    with pytest.raises(UserAdminError):
        user_create(
            actor=personas["admin"],
            unit=personas.kukar,
            username=username,
            full_name="X",
            email="",
            phone="",
            role="INTAKE",
        )
    assert not SecurityEvent.objects.filter(kind="USER_CREATED").exists()


def test_it_refuses_a_role_outside_the_choices(personas) -> None:
    with pytest.raises(UserAdminError):
        user_create(
            actor=personas["admin"], unit=personas.kukar, username="x1", full_name="X", email="", phone="", role="ROOT"
        )
    with pytest.raises(UserAdminError):
        user_change_role(actor=personas["admin"], membership=_membership(personas["head"]), role="ROOT")


def test_it_changes_the_role_and_ends_sessions(personas, target: User) -> None:
    changed = user_change_role(actor=personas["admin"], membership=_membership(target), role=Role.EXPERT)
    assert changed is True
    target.refresh_from_db()
    assert _membership(target).role == Role.EXPERT
    assert target.session_generation == 1
    [event] = _events("ROLE_CHANGED", target)
    assert event.detail == {"from": "INTAKE", "to": "EXPERT"}
    assert event.actor == personas["admin"]


def test_it_does_nothing_when_the_role_is_unchanged(personas, target: User) -> None:
    assert user_change_role(actor=personas["admin"], membership=_membership(target), role=Role.INTAKE) is False
    target.refresh_from_db()
    assert target.session_generation == 0
    assert _events("ROLE_CHANGED", target) == []


def test_the_admin_cannot_change_their_own_role(personas) -> None:
    admin = personas["admin"]
    with pytest.raises(UserAdminError, match="own role"):
        user_change_role(actor=admin, membership=_membership(admin), role=Role.INTAKE)
    assert _membership(admin).role == Role.UNIT_ADMIN


def test_it_deactivates_and_reactivates(personas, target: User) -> None:
    user_deactivate(actor=personas["admin"], membership=_membership(target))
    target.refresh_from_db()
    assert not target.is_active
    assert target.session_generation == 1
    assert len(_events("USER_DEACTIVATED", target)) == 1
    with pytest.raises(UserAdminError, match="already deactivated"):
        user_deactivate(actor=personas["admin"], membership=_membership(target))

    user_reactivate(actor=personas["admin"], membership=_membership(target))
    target.refresh_from_db()
    assert target.is_active
    assert len(_events("USER_REACTIVATED", target)) == 1
    with pytest.raises(UserAdminError, match="already active"):
        user_reactivate(actor=personas["admin"], membership=_membership(target))


def test_the_admin_cannot_deactivate_themself(personas) -> None:
    admin = personas["admin"]
    with pytest.raises(UserAdminError, match="own account"):
        user_deactivate(actor=admin, membership=_membership(admin))
    admin.refresh_from_db()
    assert admin.is_active
    assert _events("USER_DEACTIVATED", admin) == []


def test_it_resets_mfa_by_deleting_every_device(personas, target: User) -> None:
    TOTPDevice.objects.create(user=target, name="unconfirmed", confirmed=False)
    removed = user_reset_mfa(actor=personas["admin"], membership=_membership(target))
    assert removed == 2
    assert list(devices_for_user(target, confirmed=None)) == []
    target.refresh_from_db()
    assert target.session_generation == 1
    [event] = _events("MFA_RESET", target)
    assert event.detail == {"devices": 2}
    # Other users keep theirs.
    assert TOTPDevice.objects.filter(user=personas["head"]).exists()


def test_the_admin_cannot_reset_their_own_mfa(personas) -> None:
    admin = personas["admin"]
    with pytest.raises(UserAdminError):
        user_reset_mfa(actor=admin, membership=_membership(admin))
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_it_issues_a_password_link_that_kills_the_old_password(personas, target: User) -> None:
    link = user_password_link_issue(actor=personas["admin"], membership=_membership(target))
    target.refresh_from_db()
    assert not target.has_usable_password()
    assert target.session_generation == 1
    assert link.emailed is True
    assert "/akun/pengguna/kata-sandi/" in link.url
    token = link.url.rstrip("/").rsplit("/", 1)[1]
    assert default_token_generator.check_token(target, token)
    [event] = _events("PASSWORD_LINK_SENT", target)
    assert event.detail == {"emailed": True}


def test_a_new_link_cancels_the_earlier_one(personas, target: User) -> None:
    first = user_password_link_issue(actor=personas["admin"], membership=_membership(target))
    user_password_link_issue(actor=personas["admin"], membership=_membership(target))
    target.refresh_from_db()
    first_token = first.url.rstrip("/").rsplit("/", 1)[1]
    assert not default_token_generator.check_token(target, first_token)


def test_the_link_email_holds_the_name_and_link_only(
    personas, target: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        link = user_password_link_issue(actor=personas["admin"], membership=_membership(target))
    [mail] = mailoutbox
    assert mail.to == [target.email]
    assert link.url in mail.body
    assert target.full_name in mail.body
    assert personas.kukar.name not in mail.body
    assert target.username not in mail.body


def test_no_email_without_an_address(personas, target: User, mailoutbox, django_capture_on_commit_callbacks) -> None:
    target.email = ""
    target.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        link = user_password_link_issue(actor=personas["admin"], membership=_membership(target))
    assert link.emailed is False
    assert mailoutbox == []


def test_a_link_is_refused_for_a_deactivated_user_and_for_oneself(personas) -> None:
    with pytest.raises(UserAdminError, match="Reactivate"):
        user_password_link_issue(actor=personas["admin"], membership=_membership(personas["inactive"]))
    with pytest.raises(UserAdminError):
        user_password_link_issue(actor=personas["admin"], membership=_membership(personas["admin"]))


def test_setting_the_password_records_it(personas, target: User) -> None:
    user_password_set(user=target, password="sungai-mahakam-mengalir-jauh-9")
    target.refresh_from_db()
    assert target.check_password("sungai-mahakam-mengalir-jauh-9")
    assert target.password_set_at is not None
    [event] = _events("PASSWORD_SET", target)
    assert event.actor == target
    assert event.detail == {}
