"""The unit admin corrects a user's name, e-mail and phone (#21): audited by field name, never for a
privileged member, never for another unit's user; a phone too short says so; nothing typed is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.accounts.models import SecurityEvent


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _url(user: Any) -> str:
    return reverse("accounts:user_edit", kwargs={"pk": user.pk})


def test_the_admin_corrects_name_email_and_phone(personas: Any) -> None:
    client, expert = personas.client("admin"), personas["expert"]
    page = client.get(_url(expert))
    assert page.status_code == 200 and page.context["form"].initial["full_name"] == expert.full_name
    detail = client.get(reverse("accounts:user_detail", kwargs={"pk": expert.pk})).content.decode()
    assert 'id="user-edit-link"' in detail
    data = {"full_name": "Dewi Lestari Corrected", "email": "dewi.new@example.org", "phone": "0812 3456 7890"}
    assert client.post(_url(expert), data).status_code == 302
    expert.refresh_from_db()
    assert (expert.full_name, expert.email, expert.phone) == (data["full_name"], data["email"], data["phone"])
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.USER_UPDATED, subject=expert).get()
    assert sorted(event.detail["fields"]) == ["email", "full_name", "phone"]
    # Staff names and contacts are personal: field names only in the trail.
    assert "Corrected" not in str(event.detail) and "dewi.new" not in str(event.detail)


def test_a_phone_too_short_says_so_and_keeps_what_was_typed(personas: Any) -> None:
    client, expert = personas.client("admin"), personas["expert"]
    response = client.post(_url(expert), {"full_name": "Kept Name Typed", "email": "", "phone": "0812 34"})
    assert response.status_code == 200
    assert "too short" in " ".join(response.context["form"].errors["phone"])
    assert "Kept Name Typed" in response.content.decode()
    expert.refresh_from_db()
    assert expert.full_name != "Kept Name Typed"


def test_a_privileged_member_is_left_to_the_system_administrator(personas: Any) -> None:
    client, head = personas.client("admin"), personas["head"]
    before = (head.full_name, head.email)
    response = client.post(_url(head), {"full_name": "Taken Over", "email": "attacker@example.org", "phone": ""})
    assert response.status_code == 302
    head.refresh_from_db()
    assert (head.full_name, head.email) == before
    detail = client.get(reverse("accounts:user_detail", kwargs={"pk": head.pk})).content.decode()
    assert 'id="user-edit-link"' not in detail


FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXT = st.one_of(st.text(max_size=60), st.sampled_from(["", " ", "\x00", "a@b", "0812", "+62 812 3456 7890", "<b>"]))


def test_no_input_gives_a_500(personas: Any) -> None:
    client, expert = personas.client("admin"), personas["expert"]

    @FUZZ
    @given(st.fixed_dictionaries({"full_name": TEXT, "email": TEXT, "phone": TEXT}))
    def run(data: dict[str, str]) -> None:
        assert client.post(_url(expert), data).status_code in (200, 302)

    run()
