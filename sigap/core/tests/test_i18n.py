"""Indonesian by default, English on request, through the language switch in the footer.

Our own message ids get their Indonesian text from locale/id at the end of the issue; these tests use
the ``lang`` attribute, Content-Language and strings Django translates itself ("Username").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

SWITCH = "/i18n/setlang/"


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_the_home_page_is_indonesian_by_default(personas: Any) -> None:
    response = personas.client("head").get("/")
    html = response.content.decode()
    assert _lang(html) == "id"
    assert response["Content-Language"] == "id"
    assert "Nama Pengguna" in html  # Django's own Indonesian for "Username"


def test_an_english_browser_still_gets_indonesian(personas: Any) -> None:
    response = personas.client("head").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _lang(response.content.decode()) == "id"


def test_switching_to_english_and_back_keeps_the_page(personas: Any) -> None:
    client = personas.client("head")
    response = client.post(SWITCH, {"language": "en", "next": "/?tab=2"})
    assert response.status_code == 302
    assert response["Location"] == "/?tab=2"
    assert client.cookies["sigap_language"].value == "en"
    html = client.get("/").content.decode()
    assert _lang(html) == "en"
    assert "Username" in html and "Nama Pengguna" not in html

    response = client.post(SWITCH, {"language": "id", "next": "/"})
    assert response["Location"] == "/"
    assert _lang(client.get("/").content.decode()) == "id"


@pytest.mark.django_db
def test_the_switch_works_before_login_too() -> None:
    client = Client()
    client.post(SWITCH, {"language": "en", "next": "/akun/masuk/"})
    response = client.get("/akun/masuk/")
    assert _lang(response.content.decode()) == "en"


@pytest.mark.django_db
def test_the_switch_never_sends_the_user_to_another_site() -> None:
    response = Client().post(SWITCH, {"language": "en", "next": "https://evil.example/phish"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing() -> None:
    client = Client()
    client.post(SWITCH, {"language": "xx", "next": "/"})
    client.cookies["sigap_language"] = "xx"  # even a forged cookie falls back to Indonesian
    assert _lang(client.get("/akun/masuk/").content.decode()) == "id"


def test_the_switch_on_each_page_points_back_to_that_page(personas: Any) -> None:
    html = personas.client("admin").get("/?page=1").content.decode()
    form = html.split('id="language-switch"', 1)[1].split("</form>", 1)[0]
    assert 'name="next" type="hidden" value="/?page=1"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<label for="language-select"' in form
    assert '<option value="id" lang="id" selected>Bahasa Indonesia</option>' in form
    assert '<option value="en" lang="en">English</option>' in form


def test_english_dates_are_day_first_with_a_24_hour_clock(personas: Any) -> None:
    client = personas.client("head")
    user = personas["head"]
    user.last_login = dt.datetime(2026, 8, 5, 13, 30, tzinfo=dt.UTC)  # 21:30 WITA
    user.save(update_fields=["last_login"])
    client.post(SWITCH, {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    shown = re.search(r'id="home-signed-in"><time [^>]*>([^<]+)<', html)
    assert shown is not None
    assert shown.group(1).startswith("5 Aug")
    assert "21:30" in shown.group(1) and "WITA" in shown.group(1)
