"""The picker's search endpoint: scope to the unit's regency, all of Indonesia, bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

URL = reverse("regions:village_search")


def _codes(html: str) -> list[str]:
    return re.findall(r'data-code="([\d.]+)"', html)


def test_it_limits_the_search_to_the_units_regency(personas: Any, kaltim: Any) -> None:
    response = personas.client("intake").post(URL, {"field": "village", "village_q": "sumber sari"})
    assert response.status_code == 200
    codes = _codes(response.content.decode())
    assert codes and all(code.startswith("64.02.") for code in codes)
    assert len(codes) == 3
    assert "Kabupaten Kutai Kartanegara" in response.content.decode()


def test_it_searches_all_of_indonesia_on_request(personas: Any, kaltim: Any) -> None:
    response = personas.client("intake").post(URL, {"field": "village", "village_q": "Sumber", "village_all": "1"})
    codes = _codes(response.content.decode())
    assert any(not code.startswith("64.02.") for code in codes)


def test_another_unit_searches_its_own_regency(personas: Any, kaltim: Any) -> None:
    response = personas.client("other_case_manager").post(URL, {"q": "loa"})
    codes = _codes(response.content.decode())
    assert codes == ["64.72.06.1001", "64.72.06.1002"]


def test_it_shows_village_district_regency_and_option_roles(personas: Any, kaltim: Any) -> None:
    html = personas.client("case_manager").post(URL, {"field": "home", "home_q": "loa ipuh"}).content.decode()
    assert 'data-label="Loa Ipuh, Tenggarong, Kabupaten Kutai Kartanegara"' in html
    assert 'role="option" id="home-option-1"' in html
    # Names that start with the text come first.
    assert _codes(html)[:2] == ["64.02.06.1002", "64.02.06.1013"]


def test_it_is_case_insensitive_and_searches_by_district_and_code(personas: Any, kaltim: Any) -> None:
    client = personas.client("head")
    assert "64.02.06.1002" in _codes(client.post(URL, {"q": "LOA IPUH"}).content.decode())
    assert _codes(client.post(URL, {"q": "kampung baru, tenggarong"}).content.decode()) == ["64.02.06.1008"]
    assert _codes(client.post(URL, {"q": "64.02.06.100"}).content.decode())[0] == "64.02.06.1001"


def test_it_asks_for_two_letters(personas: Any, kaltim: Any) -> None:
    response = personas.client("head").post(URL, {"q": "l"})
    assert response.status_code == 200
    assert _codes(response.content.decode()) == []
    assert "Type at least 2 letters" in response.content.decode()


def test_it_says_when_nothing_is_found(personas: Any, kaltim: Any) -> None:
    html = personas.client("head").post(URL, {"q": "zzzzz"}).content.decode()
    assert "No village found" in html


def test_it_caps_the_list(personas: Any, kaltim: Any) -> None:
    html = personas.client("head").post(URL, {"q": "an", "all": "1"}).content.decode()
    assert len(_codes(html)) == 20
    assert "Only the first 20 matches" in html


def test_it_refuses_get_so_that_search_text_stays_out_of_urls(personas: Any, kaltim: Any) -> None:
    assert personas.client("head").get(URL, {"q": "loa"}).status_code == 405


def test_outsiders_go_to_the_login_page(personas: Any) -> None:
    response = personas.client("anonymous").post(URL, {"q": "loa"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_user_without_a_unit_is_refused(personas: Any, kaltim: Any) -> None:
    user = personas["intake"]
    client = personas.client("intake")
    user.memberships.update(is_active=False)
    assert client.post(URL, {"q": "loa"}).status_code in {302, 403}


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(max_size=300),
    field=st.text(max_size=90),
    search_all=st.sampled_from(["", "1", "on", "x", "\x00"]),
)
def test_no_search_text_gives_a_server_error(personas: Any, kaltim: Any, q: str, field: str, search_all: str) -> None:
    client = personas.client("intake")
    response = client.post(URL, {"field": field, "q": q, f"{field}_q": q, "all": search_all})
    assert response.status_code == 200


def test_a_province_unit_searches_its_province(personas: Any, kaltim: Any) -> None:
    from django.test import Client

    from conftest import login_verified, make_unit, make_user

    province_unit = make_unit(name="UPTD PPA Provinsi Kalimantan Timur", region_code="64", prefix="PPA-KALTIM")
    province_unit.level = "PROVINCE"
    province_unit.save(update_fields=["level"])
    client = Client()
    login_verified(client, make_user("province_head", province_unit, "HEAD"))
    html = client.post(URL, {"q": "sumber sari"}).content.decode()
    codes = _codes(html)
    assert {code[:5] for code in codes} >= {"64.02", "64.07", "64.09"}
    assert all(code.startswith("64.") for code in codes)
    assert "Kalimantan Timur" in html
