"""The "Services" dropdown of the main menu (fresh-eyes walk of #12, finding 10): the HEAD's outreach, unit
calendar, shelters and rooms sit in it; a user with only one of them sees that one on the bar itself."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    return html.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]


def test_the_heads_services_are_one_dropdown_after_my_week(personas: Any) -> None:
    menu = _menu(personas.client("head").get("/").content.decode())
    group = menu.split('data-nav-group="services"', 1)[1].split("</li>", 1)[0]
    for key in ("outreach", "calendar_unit", "shelters", "rooms"):
        assert 'class="dropdown-item" href=' in group and f'data-nav="{key}"' in group, key
    assert menu.index('data-nav="calendar"') < menu.index('data-nav-group="services"')
    assert 'data-nav="calendar"' not in group


def test_the_group_marks_the_current_page_and_a_single_service_stands_alone(personas: Any) -> None:
    menu = _menu(personas.client("head").get("/pendampingan/ruang/").content.decode())
    assert 'dropdown-toggle active"' in menu and 'data-nav="rooms" aria-current="page"' in menu
    intake = _menu(personas.client("intake").get("/").content.decode())
    assert 'data-nav-group="services"' not in intake and 'class="nav-link" href="/pendampingan/penjangkauan/"' in intake
