"""The home page: who I am, my unit, and what my role can do."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login_verified
from sigap.accounts.models import Membership, User
from sigap.core.home import CAPABILITIES, capabilities_for


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """These tests read the English texts; the Indonesian default is tested in test_i18n."""
    settings.LANGUAGE_CODE = "en"


HOME = "/"


def _capabilities(html: str) -> str:
    return html.split('id="home-capabilities"', 1)[1].split("</ul>", 1)[0]


def test_it_shows_who_i_am_and_my_unit(personas: Any) -> None:
    response = personas.client("head").get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="home-username">head<' in html
    assert "UPTD PPA Kabupaten Kutai Kartanegara" in html
    assert "64.02" in html  # the area served (its name once the regions are loaded)
    assert "WITA" in html and "Asia/Makassar" in html
    assert response.context["membership"].role == "HEAD"


def test_a_partner_user_starts_on_the_partner_portal(personas: Any) -> None:
    """A partner user's whole world is the portal (D85): the home page sends them there."""
    response = personas.client("partner").get(HOME)
    assert response.status_code == 302 and response["Location"] == reverse("portal:referral_list")


@pytest.mark.parametrize(
    "persona", ["admin", "head", "intake", "case_manager", "expert", "data_officer", "leadership", "auditor"]
)
def test_it_lists_what_each_role_can_do(personas: Any, persona: str) -> None:
    response = personas.client(persona).get(HOME)
    assert response.status_code == 200
    role = personas[persona].membership.role
    listed = _capabilities(response.content.decode())
    expected = CAPABILITIES[role]
    assert expected, f"no capabilities written for {role}"
    for capability in expected:
        assert str(capability.text).replace("'", "&#x27;") in listed
    # Nothing of another role: the HEAD's "all cases" is not promised to an intake officer.
    others = {str(c.text) for r, caps in CAPABILITIES.items() if r != role for c in caps} - {
        str(c.text) for c in expected
    }
    assert not [text for text in others if text.replace("'", "&#x27;") in listed]


def test_the_unit_admin_is_told_there_is_no_case_content(personas: Any) -> None:
    html = personas.client("admin").get(HOME).content.decode()
    assert "does not give access to the content of cases" in html
    # and the user list, which exists, is a link
    assert f'href="{reverse("accounts:user_list")}"' in _capabilities(html)


def test_pages_not_built_yet_are_marked_coming_later_without_fake_data(personas: Any) -> None:
    html = personas.client("leadership").get(HOME).content.decode()
    listed = _capabilities(html)
    if not capabilities_for("LEADERSHIP")[0].url:  # reports arrive with a later issue
        assert "Coming later" in listed
        assert "<a " not in listed


def test_a_capability_links_only_to_pages_the_role_may_open(personas: Any) -> None:
    # The user list exists but is UNIT_ADMIN-only: nobody else gets a link to it.
    for persona in ("head", "auditor", "intake"):
        html = personas.client(persona).get(HOME).content.decode()
        assert reverse("accounts:user_list") not in html


def test_times_are_shown_in_the_units_time_zone(personas: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"  # Indonesian date and time format: "17 Agu 2026, 10.30 WIT"
    unit = personas.kukar
    unit.time_zone = "Asia/Jayapura"
    unit.save(update_fields=["time_zone"])
    client = personas.client("head")
    user = personas["head"]
    user.last_login = dt.datetime(2026, 8, 17, 1, 30, tzinfo=dt.UTC)  # 10.30 in Jayapura (UTC+9)
    user.save(update_fields=["last_login"])
    html = client.get(HOME).content.decode()
    signed_in = re.search(r'id="home-signed-in"><time datetime="([^"]+)">([^<]+)<', html)
    assert signed_in is not None
    assert signed_in.group(1).startswith("2026-08-17T10:30:00+09:00")
    assert "17" in signed_in.group(2) and "10.30" in signed_in.group(2) and "WIT" in signed_in.group(2)
    assert "(WIT)" in html and "Asia/Jayapura" in html


def test_anonymous_is_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(HOME)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_user_without_an_active_membership_is_refused(personas: Any) -> None:
    user = User.objects.create_user(username="loner", password="x" * 20, email="l@example.test", full_name="Lone")
    client = Client()
    login_verified(client, user)
    response = client.get(HOME)
    assert response.status_code == 403
    assert Membership.objects.filter(user=user).count() == 0


def test_the_second_factor_comes_first(personas: Any) -> None:
    response = personas.client("unverified").get(HOME)
    assert response.status_code == 302
    assert "/mfa/" in response["Location"]


def test_post_is_not_allowed(personas: Any) -> None:
    assert personas.client("head").post(HOME).status_code == 405


# Session, user (with membership and OTP device), region name and the rest of the shell; measured (no session
# write within the minute, issue #22). Plus one aggregate query per panel of the HEAD's morning (#21).
HOME_QUERIES = 3 + 4


def test_the_page_has_a_fixed_number_of_queries(personas: Any, django_assert_num_queries: Any) -> None:
    client = personas.client("head")
    client.get(HOME)
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get(HOME).status_code == 200
