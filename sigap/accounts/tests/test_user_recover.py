"""``manage.py user_recover``: the system superuser's path for privileged accounts (review finding 3)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Membership, Role, SecurityEvent


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"
    settings.SIGAP_BASE_URL = "https://sigap.example.go.id"


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("user_recover", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_resets_the_heads_mfa_and_prints_a_link(personas, mailoutbox, django_capture_on_commit_callbacks) -> None:
    head = personas["head"]
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = _run("head", "--reset-mfa", "--password-link")
    assert not TOTPDevice.objects.filter(user=head).exists()
    head.refresh_from_db()
    assert not head.has_usable_password()
    url = out.strip().splitlines()[-2]
    assert url.startswith("https://sigap.example.go.id/akun/pengguna/kata-sandi/")
    assert default_token_generator.check_token(head, url.rstrip("/").rsplit("/", 1)[1])
    events = SecurityEvent.objects.filter(subject=head).order_by("created_at", "pk")
    assert [(e.kind, e.actor_id, e.detail.get("via")) for e in events] == [
        ("MFA_RESET", None, "cli"),
        ("PASSWORD_LINK_SENT", None, "cli"),
    ]
    assert events[0].unit == personas.kukar
    # The HEAD is told: the MFA notice and the link itself.
    assert len(mailoutbox) == 2 and all(m.to == [head.email] for m in mailoutbox)


def test_it_grants_and_takes_away_a_privileged_role(personas) -> None:
    expert = personas["expert"]
    _out, err = _run("expert", "--role", "HEAD")
    assert Membership.objects.get(user=expert, is_active=True).role == Role.HEAD
    assert "Warning" in err
    _run("expert", "--role", "EXPERT")
    assert Membership.objects.get(user=expert, is_active=True).role == Role.EXPERT
    details = list(SecurityEvent.objects.filter(subject=expert, kind="ROLE_CHANGED").values_list("detail", flat=True))
    assert {"from": "EXPERT", "to": "HEAD", "via": "cli"} in details
    assert {"from": "HEAD", "to": "EXPERT", "via": "cli"} in details


def test_granting_with_fresh_credentials_gives_no_warning(personas) -> None:
    _out, err = _run("expert", "--role", "AUDITOR", "--reset-mfa", "--password-link")
    assert err == ""


def test_the_steps_are_all_or_nothing(personas) -> None:
    # The link is refused for a deactivated user: the role change before it is rolled back.
    with pytest.raises(CommandError, match="Reactivate"):
        _run("inactive", "--role", "HEAD", "--password-link")
    assert Membership.objects.get(user=personas["inactive"], is_active=True).role == Role.CASE_MANAGER
    assert not SecurityEvent.objects.filter(subject=personas["inactive"], kind="ROLE_CHANGED").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["head"], "Nothing to do"),
        (["nobody", "--reset-mfa"], "No user"),
    ],
)
def test_bad_input_gets_a_clear_error(personas, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_an_unknown_role_is_refused(personas) -> None:
    with pytest.raises(CommandError):
        _run("head", "--role", "ROOT")
    assert Membership.objects.get(user=personas["head"], is_active=True).role == Role.HEAD


def test_a_user_without_membership_is_refused(personas) -> None:
    Membership.objects.filter(user=personas["expert"]).update(is_active=False)
    with pytest.raises(CommandError, match="no active membership"):
        _run("expert", "--reset-mfa")


def test_the_detail_page_names_the_system_administrator(personas) -> None:
    _run("expert", "--reset-mfa")
    url = reverse("accounts:user_detail", kwargs={"pk": personas["expert"].pk})
    body = personas.client("admin").get(url).content.decode()
    assert "System administrator (on the server)" in body
