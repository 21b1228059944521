"""AUTH-10: the user is e-mailed when their second factor is reset, their role changes or their
account is switched off or on. The mail holds their own name, what changed and Sigap's address only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import transaction

from conftest import make_user
from sigap.accounts.models import Membership, Role, User
from sigap.accounts.services.users import (
    Channel,
    user_change_role,
    user_deactivate,
    user_reactivate,
    user_reset_mfa,
)


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"
    settings.SIGAP_BASE_URL = "https://sigap.example.go.id/"


@pytest.fixture
def target(personas) -> User:
    return make_user("target_user", personas.kukar, Role.INTAKE, full_name="Rina Wulandari")


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user, is_active=True)


def _only_sigap_links(body: str) -> None:
    for url in re.findall(r"https?://\S+", body):
        assert url.startswith("https://sigap.example.go.id/"), url


def _check(message: mail.EmailMessage, personas, target: User, words: str) -> None:
    assert message.to == [target.email]
    assert "Rina Wulandari" in message.body
    assert words in message.body
    assert "https://sigap.example.go.id/akun/" in message.body
    # No unit, no colleague, no username: only the user's own name.
    for leak in (personas.kukar.name, personas["admin"].full_name, target.username):
        assert leak not in message.body
        assert leak not in message.subject
    _only_sigap_links(message.body)


def test_an_mfa_reset_is_notified(personas, target, mailoutbox, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user_reset_mfa(actor=personas["admin"], membership=_membership(target))
    [message] = mailoutbox
    assert "two-factor login was reset" in message.subject
    _check(message, personas, target, "two-factor login in Sigap was reset")


def test_a_role_change_is_notified(personas, target, mailoutbox, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user_change_role(actor=personas["admin"], membership=_membership(target), role=Role.EXPERT)
    [message] = mailoutbox
    _check(message, personas, target, "changed to: Expert")


def test_an_unchanged_role_mails_nothing(personas, target, mailoutbox, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user_change_role(actor=personas["admin"], membership=_membership(target), role=Role.INTAKE)
    assert mailoutbox == []


def test_deactivation_and_reactivation_are_notified(
    personas, target, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user_deactivate(actor=personas["admin"], membership=_membership(target))
    with django_capture_on_commit_callbacks(execute=True):
        user_reactivate(actor=personas["admin"], membership=_membership(target))
    first, second = mailoutbox
    _check(first, personas, target, "was deactivated")
    _check(second, personas, target, "was reactivated")


def test_a_cli_change_is_notified_too(personas, target, mailoutbox, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user_change_role(actor=None, membership=_membership(target), role=Role.HEAD, channel=Channel.CLI)
    [message] = mailoutbox
    _check(message, personas, target, "changed to: Head of unit")


def test_no_mail_without_an_address(personas, target, mailoutbox, django_capture_on_commit_callbacks) -> None:
    target.email = ""
    target.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        user_deactivate(actor=personas["admin"], membership=_membership(personas["expert"]))
        user_reset_mfa(actor=personas["admin"], membership=_membership(target))
    assert [m.to for m in mailoutbox] == [[personas["expert"].email]]


def test_no_mail_when_the_change_is_rolled_back(
    personas, target, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        user_deactivate(actor=personas["admin"], membership=_membership(target))
        raise RuntimeError("a later step failed")
    assert mailoutbox == []


def test_a_mail_failure_does_not_break_the_change(
    personas, target, monkeypatch, django_capture_on_commit_callbacks, caplog
) -> None:
    def broken(*args, **kwargs):
        raise OSError(f"cannot reach smtp for {target.email}")

    monkeypatch.setattr("sigap.accounts.notices.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        user_deactivate(actor=personas["admin"], membership=_membership(target))
    target.refresh_from_db()
    assert not target.is_active
    assert target.email not in caplog.text


def test_without_a_base_url_the_mail_has_no_link(
    personas, target, settings, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    settings.SIGAP_BASE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        user_reset_mfa(actor=personas["admin"], membership=_membership(target))
    [message] = mailoutbox
    assert "http" not in message.body
