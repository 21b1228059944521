"""Creating a user: admin only, unit set server-side, no password field, the link shown once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from sigap.accounts.forms.users import UserCreateForm
from sigap.accounts.models import Membership, SecurityEvent, User


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


URL = reverse("accounts:user_create")


def _data(**overrides: str) -> dict[str, str]:
    data = {"username": "dewi.k", "full_name": "Dewi Kartika", "email": "dewi@example.test", "phone": "0812 3456 789"}
    data["role"] = "CASE_MANAGER"
    data.update(overrides)
    return data


def test_the_form_has_no_password_and_no_unit_field(personas) -> None:
    response = personas.client("admin").get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="password"' not in body
    assert 'name="unit"' not in body
    assert set(response.context["form"].fields) == {"username", "full_name", "email", "phone", "role"}


def test_it_is_forbidden_to_the_head_and_asks_anonymous_to_log_in(personas) -> None:
    assert personas.client("head").post(URL, _data()).status_code == 403
    response = personas.client("anonymous").post(URL, _data())
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not User.objects.filter(username="dewi.k").exists()


def test_it_creates_the_user_in_the_admins_unit_and_emails_the_link_only(
    personas, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = personas.client("admin")
    # A smuggled unit or password is ignored: only the explicit fields are read.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(unit=str(personas.samarinda.pk), password="chosen-by-admin-123"))
    user = User.objects.get(username="dewi.k")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_detail", kwargs={"pk": user.pk})
    assert Membership.objects.get(user=user).unit == personas.kukar
    assert not user.has_usable_password()
    assert set(SecurityEvent.objects.filter(subject=user).values_list("kind", flat=True)) == {
        "USER_CREATED",
        "PASSWORD_LINK_SENT",
    }
    [mail] = mailoutbox
    url = next(line for line in mail.body.splitlines() if "/kata-sandi/" in line).strip()
    detail = client.get(response["Location"])
    # Review finding 3: the admin never sees a link that was e-mailed (they could choose the password).
    assert detail.context["link"] is None
    assert url not in detail.content.decode()
    assert "e-mailed to them" in " ".join(str(m) for m in detail.context["messages"])


def test_without_an_email_the_link_is_shown_once_to_hand_over(personas, mailoutbox) -> None:
    client = personas.client("admin")
    response = client.post(URL, _data(email=""))
    detail = client.get(response["Location"])
    link = detail.context["link"]
    assert "/kata-sandi/" in link["url"]
    assert link["url"] in detail.content.decode()
    assert mailoutbox == []
    # Shown once: a reload no longer carries it.
    again = client.get(response["Location"])
    assert again.context["link"] is None
    assert link["url"] not in again.content.decode()


@pytest.mark.parametrize("role", ["HEAD", "UNIT_ADMIN", "AUDITOR"])
def test_a_privileged_role_cannot_be_given_at_creation(personas, role: str) -> None:
    # Review finding 3: creating a HEAD and copying its link was a takeover path.
    response = personas.client("admin").post(URL, _data(role=role))
    assert response.status_code == 200
    assert "Only the system administrator" in " ".join(response.context["form"].errors["role"])
    assert not User.objects.filter(username="dewi.k").exists()


def test_the_role_list_offers_only_the_roles_the_admin_may_give(personas) -> None:
    body = personas.client("admin").get(URL).content.decode()
    assert 'value="CASE_MANAGER"' in body
    for role in ("HEAD", "UNIT_ADMIN", "AUDITOR"):
        assert f'value="{role}"' not in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "head", "already taken"),
        ("username", "HEAD", "already taken"),
        ("username", "admin", "reserved"),
        ("username", "with space", "Enter a valid username"),
        ("email", "not-an-email", "valid email"),
        ("phone", "call me", "valid phone number"),
        ("role", "SUPERUSER", "valid choice"),
        ("full_name", "", "required"),
    ],
)
def test_bad_input_gets_a_clear_message(personas, field: str, value: str, message: str) -> None:
    response = personas.client("admin").post(URL, _data(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])


@pytest.mark.django_db
@settings(max_examples=50, deadline=None)
@given(form=from_form(UserCreateForm))
def test_the_form_never_raises(form: UserCreateForm) -> None:
    form.is_valid()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.fixed_dictionaries(
        {},
        optional={name: st.text(max_size=300) for name in ("username", "full_name", "email", "phone", "role", "unit")},
    )
)
def test_no_posted_input_gives_a_500(personas, data: dict[str, str]) -> None:
    response = personas.client("admin").post(URL, data)
    assert response.status_code in {200, 302}
