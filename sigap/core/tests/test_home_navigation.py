"""Navigation by role: the registry in sigap/core/navigation.py and the menu in base.html."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import path, reverse

import sigap.urls
from sigap.accounts.models import Role
from sigap.core.access import staff_view
from sigap.core.navigation import entry, nav_entries, nav_register, nav_unregister


@staff_view(Role.HEAD, Role.AUDITOR)
def _head_and_auditor_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def _unmarked_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("never")


# This module doubles as the URLConf of its tests: the project's URLs plus two test pages.
urlpatterns = [
    *sigap.urls.urlpatterns,
    path("test-nav/head-and-auditor/", _head_and_auditor_page, name="test_head_and_auditor"),
    path("test-nav/unmarked/", _unmarked_page, name="test_unmarked"),
]
THIS_URLCONF = __name__


@pytest.fixture
def extra_entries() -> Iterator[None]:
    added = [
        nav_register(entry("t_head", "Head page", "test_head_and_auditor", order=900)),
        nav_register(entry("t_auditor_only", "Auditor page", "test_head_and_auditor", roles=[Role.AUDITOR], order=901)),
        nav_register(entry("t_missing", "Not built yet", "nowhere:page_not_built", order=902)),
        nav_register(entry("t_unmarked", "Unmarked", "test_unmarked", order=903)),
    ]
    yield
    for added_entry in added:
        nav_unregister(added_entry.key)


def _menu(html: str) -> str:
    return html.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]


@pytest.mark.urls(THIS_URLCONF)
def test_an_entry_shows_only_to_roles_its_view_admits(personas: Any, extra_entries: None) -> None:
    assert "Head page" in _menu(personas.client("head").get("/").content.decode())
    assert "Head page" in _menu(personas.client("auditor").get("/").content.decode())
    assert "Head page" not in _menu(personas.client("intake").get("/").content.decode())


@pytest.mark.urls(THIS_URLCONF)
def test_an_entry_can_narrow_its_roles_further(personas: Any, extra_entries: None) -> None:
    assert "Auditor page" in _menu(personas.client("auditor").get("/").content.decode())
    assert "Auditor page" not in _menu(personas.client("head").get("/").content.decode())


@pytest.mark.urls(THIS_URLCONF)
def test_entries_of_pages_not_built_yet_or_without_a_policy_are_hidden(personas: Any, extra_entries: None) -> None:
    html = personas.client("head").get("/").content.decode()
    assert "Not built yet" not in html
    assert "Unmarked" not in html


@pytest.mark.urls(THIS_URLCONF)
def test_the_current_section_is_marked_for_screen_readers(personas: Any, extra_entries: None) -> None:
    menu = _menu(personas.client("head").get("/").content.decode())
    assert 'href="/" data-nav="home" aria-current="page"' in menu
    assert menu.count('aria-current="page"') == 1


def test_the_user_list_is_in_the_unit_admins_menu_only(personas: Any) -> None:
    assert 'data-nav="users"' in _menu(personas.client("admin").get("/").content.decode())
    for persona in ("head", "intake", "partner", "leadership"):
        assert 'data-nav="users"' not in _menu(personas.client(persona).get("/", follow=True).content.decode())


def test_no_menu_before_the_second_factor_or_when_logged_out(personas: Any) -> None:
    login_page = personas.client("anonymous").get(reverse("accounts:login")).content.decode()
    assert 'id="main-menu"' not in login_page
    mfa_page = personas.client("unverified").get(reverse("accounts:mfa_verify"), follow=True).content.decode()
    assert 'data-nav="home"' not in mfa_page


def test_registering_with_an_existing_key_replaces_the_entry() -> None:
    before = [e for e in nav_entries() if e.key == "home"][0]
    try:
        nav_register(entry("home", "Start", "core:home", order=0))
        assert [str(e.label) for e in nav_entries() if e.key == "home"] == ["Start"]
    finally:
        nav_register(before)
    assert len([e for e in nav_entries() if e.key == "home"]) == 1


def test_the_shell_has_landmarks_a_skip_link_and_a_live_region(personas: Any) -> None:
    html = personas.client("case_manager").get("/").content.decode()
    for landmark in ("<header>", "<nav ", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'href="#main"' in html
    assert 'aria-live="polite"' in html
    assert "aria-label=" in html.split("<nav", 1)[1].split(">", 1)[0]
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert '<label for="language-select"' in html


def test_an_optional_include_renders_only_when_the_template_exists() -> None:
    template = Template('{% load sigap_shell %}[{% include_if_exists "no/such/template.html" %}]')
    assert template.render(Context({})) == "[]"
    template = Template('{% load sigap_shell %}[{% include_if_exists "includes/nav.html" %}]')
    rendered = template.render(Context({"nav_items": [{"key": "k", "label": "Label", "url": "/x/", "active": False}]}))
    assert 'href="/x/"' in rendered and "Label" in rendered


def test_htmx_requests_carry_the_csrf_token_and_keep_no_history(personas: Any) -> None:
    html = personas.client("head").get("/").content.decode()
    assert re.search(r"<body [^>]*hx-headers='\{\"X-CSRFToken\": \"[A-Za-z0-9]{64}\"\}'", html)
    config = html.split('name="htmx-config" content=\'', 1)[1].split("'", 1)[0]
    assert '"historyCacheSize": 0' in config and '"allowEval": false' in config


def test_the_demo_banner_shows_when_mfa_is_off(personas: Any, settings: Any) -> None:
    settings.SIGAP_REQUIRE_MFA = False
    html = personas.client("anonymous").get(reverse("accounts:login")).content.decode()
    assert 'id="mfa-off-banner"' in html
    settings.SIGAP_REQUIRE_MFA = True
    html = personas.client("anonymous").get(reverse("accounts:login")).content.decode()
    assert 'id="mfa-off-banner"' not in html
