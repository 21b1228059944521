"""The village picker in a real browser (Debian's chromium): type, arrow keys, Enter, tap, scope switch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.templatetags.static import static

from sigap.regions.forms import VillageField

pytestmark = pytest.mark.browser


class PickerForm(forms.Form):
    village = VillageField(label="Village")


@pytest.fixture
def page(browser: Any, live_server: Any, personas: Any, kaltim: Any) -> Iterator[Any]:
    """The suite's browser (``sigap.core.testing.browser``) as a phone, logged in as the intake officer."""
    client = personas.client("intake")
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True)  # a phone
    context.set_default_timeout(15_000)
    try:
        context.add_cookies(
            [{"name": name, "value": morsel.value, "url": live_server.url} for name, morsel in client.cookies.items()]
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(live_server.url + "/")
        # The home page of a logged-in user, with the demo form put in its main area.
        html = f'<form id="demo"><label for="id_village">Village</label>{PickerForm()["village"]}</form>'
        page.evaluate(
            """([html, src]) => new Promise((resolve) => {
                const main = document.querySelector('main');
                main.insertAdjacentHTML('afterbegin', html);
                htmx.process(main);
                const script = document.createElement('script');
                script.src = src;
                script.onload = resolve;
                document.body.appendChild(script);
            })""",
            [html, static("sigap/village-picker.js")],
        )
        yield page
        assert errors == []
    finally:
        context.close()


def test_it_picks_a_village_with_the_keyboard(page: Any) -> None:
    box = page.get_by_role("combobox", name="Village")
    box.fill("loa ipuh")
    page.locator("#id_village_listbox [data-code]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "village-option-1"
    box.press("Enter")
    assert page.locator("input[name=village]").input_value() == "64.02.06.1002"
    assert box.input_value() == "Loa Ipuh, Tenggarong, Kabupaten Kutai Kartanegara"
    assert box.get_attribute("aria-expanded") == "false"
    # Typing again clears the choice until a village is chosen again.
    box.press("Backspace")
    assert page.locator("input[name=village]").input_value() == ""


def test_it_switches_to_all_of_indonesia_and_picks_by_tap(page: Any) -> None:
    box = page.get_by_role("combobox", name="Village")
    box.fill("loa bakung")
    page.get_by_role("option", name="No village found in Kabupaten Kutai Kartanegara").wait_for()
    page.get_by_label("Search all of Indonesia").check()
    option = page.get_by_role("option", name="Loa Bakung, Sungai Kunjang, Kota Samarinda")
    option.tap()
    assert page.locator("input[name=village]").input_value() == "64.72.06.1001"
