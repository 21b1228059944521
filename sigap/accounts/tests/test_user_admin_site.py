"""The Django admin as the second person of the two-person rule (review finding 3): the superuser's
role changes, MFA resets and password links go through the services (event, sessions, e-mail)."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, login_verified
from sigap.accounts.models import Membership, Role, SecurityEvent, User


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def root_client(personas, client):  # type: ignore[no-untyped-def]
    root = User.objects.create_superuser(
        username="root_ops", email="root@example.test", password=PASSWORD, full_name="System Admin"
    )
    login_verified(client, root)
    return client


CHANGELIST = reverse("admin:accounts_user_changelist")


def _change_form_data(client, user: User, membership: Membership, *, role: str, is_active: bool) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """The user's admin change form as the browser would post it, with one membership row set."""
    page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, getattr(user, name, "")) for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.pop("last_login", None)
    data.update(
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(user.pk),
            "memberships-0-unit": str(membership.unit_id),
            "memberships-0-role": role,
        }
    )
    if is_active:  # an unchecked box is simply absent from the post
        data["memberships-0-is_active"] = "on"
    return data


def _action(client, action: str, *users: User):  # type: ignore[no-untyped-def]
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(u.pk) for u in users]}
    return client.post(CHANGELIST, data, follow=True)


def test_the_superuser_resets_the_heads_mfa(
    personas, root_client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    head = personas["head"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(root_client, "reset_mfa", head)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=head).exists()
    [event] = SecurityEvent.objects.filter(subject=head, kind="MFA_RESET")
    assert event.detail["via"] == "django_admin"
    assert event.actor.username == "root_ops"
    [message] = mailoutbox
    assert message.to == [head.email]


def test_the_admin_never_shows_a_link(personas, root_client, mailoutbox, django_capture_on_commit_callbacks) -> None:
    head = personas["head"]
    expert = personas["expert"]
    expert.email = ""
    expert.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(root_client, "issue_password_link", head, expert)
    body = response.content.decode()
    assert "/kata-sandi/" not in body
    assert "manage.py user_recover" in body
    [message] = mailoutbox
    assert message.to == [head.email] and "/kata-sandi/" in message.body
    expert.refresh_from_db()
    assert expert.has_usable_password()


def test_a_role_changed_in_the_inline_is_recorded_and_notified(
    personas, root_client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    expert = personas["expert"]
    url = reverse("admin:accounts_user_change", args=[expert.pk])
    membership = Membership.objects.get(user=expert)
    data = _change_form_data(root_client, expert, membership, role="HEAD", is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = root_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    membership.refresh_from_db()
    assert membership.role == Role.HEAD
    [event] = SecurityEvent.objects.filter(subject=expert, kind="ROLE_CHANGED")
    assert event.detail == {"from": "EXPERT", "to": "HEAD", "via": "django_admin"}
    expert.refresh_from_db()
    assert expert.session_generation == 1
    assert [m.to for m in mailoutbox] == [[expert.email]]


def test_switching_off_the_auditor_in_the_admin_hands_their_reviews_on(personas, root_client) -> None:
    # Membership changes made in the admin reach the apps that keep work per role (break-glass reviews).
    from conftest import make_user
    from sigap.cases.kinds import BREAK_GLASS_REVIEW
    from sigap.cases.services.team import break_glass_open
    from sigap.cases.tests.factories import make_case
    from sigap.work.models import WorkItem

    auditor = personas["auditor"]
    case = make_case(personas, restricted=True, experts=())
    break_glass_open(actor=personas["head"], case=case, reason="The police need the file for an arrest today.")
    successor = make_user("second_auditor", personas.kukar, Role.AUDITOR)
    assert WorkItem.objects.get(kind=BREAK_GLASS_REVIEW).responsible == auditor

    url = reverse("admin:accounts_user_change", args=[auditor.pk])
    membership = Membership.objects.get(user=auditor)
    data = _change_form_data(root_client, auditor, membership, role="AUDITOR", is_active=False)
    response = root_client.post(url, data)
    assert response.status_code == 302
    assert WorkItem.objects.get(kind=BREAK_GLASS_REVIEW, state="OPEN").responsible == successor
