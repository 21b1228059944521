"""The user detail page: admin only, own unit only (another unit's user is a 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


def _url(user) -> str:
    return reverse("accounts:user_detail", kwargs={"pk": user.pk})


def test_it_shows_the_user_and_asks_confirmation_for_each_action(personas) -> None:
    response = personas.client("admin").get(_url(personas["expert"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert personas["expert"].full_name in body
    for modal in ("confirm-role", "confirm-link", "confirm-mfa", "confirm-deactivate"):
        assert f'data-bs-target="#{modal}"' in body
        assert f'id="{modal}"' in body
    for name in ("user_change_role", "user_password_link", "user_reset_mfa", "user_deactivate"):
        assert reverse(f"accounts:{name}", kwargs={"pk": personas["expert"].pk}) in body
    assert "password" not in {f for f in response.context["role_form"].fields}


def test_a_deactivated_user_offers_reactivation_only(personas) -> None:
    body = personas.client("admin").get(_url(personas["inactive"])).content.decode()
    assert 'id="confirm-reactivate"' in body
    assert 'id="confirm-deactivate"' not in body


def test_the_admins_own_page_offers_no_action(personas) -> None:
    response = personas.client("admin").get(_url(personas["admin"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="self-note"' in body
    assert 'id="user-actions"' not in body


def test_it_is_forbidden_to_the_head(personas) -> None:
    assert personas.client("head").get(_url(personas["expert"])).status_code == 403


def test_it_sends_anonymous_visitors_to_login(personas) -> None:
    response = personas.client("anonymous").get(_url(personas["expert"]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_another_units_user_is_not_found(personas) -> None:
    client = personas.client("admin")
    assert client.get(_url(personas["other_case_manager"])).status_code == 404
    assert client.get(reverse("accounts:user_detail", kwargs={"pk": 999999})).status_code == 404


HUGE_IDS = [99999999999999999999999, 2**63, 2**64 + 1]


@pytest.mark.parametrize("pk", HUGE_IDS)
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("user_detail", "get"),
        ("user_change_role", "post"),
        ("user_deactivate", "post"),
        ("user_reset_mfa", "post"),
        ("user_password_link", "post"),
    ],
)
def test_an_id_out_of_range_is_not_found(personas, pk: int, name: str, method: str) -> None:
    # Review finding 11(c): SQLite raised OverflowError (a 500) for ids past 64 bits.
    client = personas.client("admin")
    client.raise_request_exception = False
    url = reverse(f"accounts:{name}", kwargs={"pk": pk})
    response = getattr(client, method)(url, {"role": "INTAKE"})
    assert response.status_code == 404


def test_a_password_link_with_a_huge_user_id_is_just_invalid(personas) -> None:
    uid = urlsafe_base64_encode(force_bytes(str(99999999999999999999999)))
    response = personas.client("anonymous").get(
        reverse("accounts:password_set", kwargs={"uidb64": uid, "token": "abc-def"}), follow=True
    )
    assert response.status_code == 200
    assert 'id="link-invalid"' in response.content.decode()
