"""The user list: admin only, own unit only, search, filters, pagination, a fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from sigap.accounts.models import Role


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    # Messages are asserted in English (the msgids); the default language is Indonesian.
    settings.LANGUAGE_CODE = "en"


URL = reverse("accounts:user_list")


def test_it_lists_the_users_of_the_admins_unit_only(personas) -> None:
    response = personas.client("admin").get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "case_manager" in body
    assert "other_case_manager" not in body
    assert "other_head" not in body


def test_it_is_forbidden_to_the_head(personas) -> None:
    assert personas.client("head").get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_login(personas) -> None:
    response = personas.client("anonymous").get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_searches_name_and_username(personas) -> None:
    make_user("budi.s", personas.kukar, Role.EXPERT, full_name="Budi Santoso")
    client = personas.client("admin")
    body = client.get(URL, {"q": "santoso"}).content.decode()
    assert "budi.s" in body
    assert "case_manager" not in body
    assert "budi.s" in client.get(URL, {"q": "BUDI"}).content.decode()


def test_it_filters_by_role_and_state(personas) -> None:
    client = personas.client("admin")
    members = client.get(URL, {"role": "EXPERT"}).context["page"].object_list
    assert [m.user.username for m in members] == ["expert"]
    inactive = client.get(URL, {"active": "no"}).context["page"].object_list
    assert [m.user.username for m in inactive] == ["inactive"]
    active = client.get(URL, {"active": "yes"}).context["page"].object_list
    assert "inactive" not in [m.user.username for m in active]


def test_it_shows_mfa_enrolment(personas) -> None:
    make_user("no_mfa", personas.kukar, Role.EXPERT).totpdevice_set.all().delete()
    members = personas.client("admin").get(URL).context["page"].object_list
    enrolled = {m.user.username: m.mfa_enrolled for m in members}
    assert enrolled["no_mfa"] is False
    assert enrolled["head"] is True


@pytest.mark.parametrize(
    "params", [{"role": "ROOT"}, {"active": "maybe"}, {"q": "a\x00b"}, {"page": "-1"}, {"page": "x" * 500}]
)
def test_bad_filters_are_ignored_not_a_500(personas, params: dict[str, str]) -> None:
    response = personas.client("admin").get(URL, params)
    assert response.status_code == 200


def test_it_paginates(personas) -> None:
    for n in range(30):
        make_user(f"staff{n:02d}", personas.kukar, Role.INTAKE)
    client = personas.client("admin")
    first = client.get(URL).context["page"]
    assert len(first.object_list) == 25
    assert first.paginator.count == 42  # 30 + 12 Kukar personas (two partner users)
    second = client.get(URL, {"page": 2}).context["page"]
    assert len(second.object_list) == 17


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_query_count_is_fixed_and_does_not_grow_with_rows(personas) -> None:
    client = personas.client("admin")
    few = _queries(client)
    for n in range(20):
        make_user(f"more{n:02d}", personas.kukar, Role.INTAKE)
    many = _queries(client)
    assert few == many
    assert many == PINNED_QUERIES


# The request chain (session; user with membership and OTP device: 2, no session write within the minute,
# issue #22); COUNT and the page rows with the MFA flag as one subquery (the view).
PINNED_QUERIES = 4
