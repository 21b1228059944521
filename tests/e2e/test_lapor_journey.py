"""Journey on a phone: a neighbour reports an unnamed 7-year-old on /lapor/, reloads the answer, leaves
with the quick exit, presses Back; then Shift pressed three times leaves too (issue #21 A and B).

Nothing leaves the machine: the neutral exit site and the page "before" are answered by the browser
context's routes, and any other outside request fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from sigap.intake.models import Complaint
from sigap.intake.tests.factories import ensure_reference
from tests.e2e.steps import BEFORE, EXIT, phone_page

pytestmark = pytest.mark.browser

ACCOUNT = "Contoh: anak tetangga umur 7 tahun sering dipukul dan menangis tiap malam (data fiktif untuk uji)."


@pytest.fixture
def phone(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A phone-sized page; the exit site and a news site are answered locally, every other host refused."""
    ensure_reference()
    page, outside, problems = phone_page(browser, live_server.url)
    try:
        yield page
    finally:
        page.context.close()
    assert problems == [] and outside == []


def test_a_neighbour_reports_an_unnamed_child_reloads_and_leaves(
    phone: Any, live_server: Any, personas: Any, artifacts: Any
) -> None:
    from playwright.sync_api import expect

    phone.goto(BEFORE)
    phone.goto(reverse("lapor:report"))
    entries = phone.evaluate("history.length")
    # At the top: tap-to-call numbers, the exit button and the language switch.
    for selector in ("a[href='tel:112']", "a[href='tel:129']", "#quick-exit", "#language-switch"):
        expect(phone.locator(selector)).to_be_visible()
        assert phone.locator(selector).bounding_box()["y"] < 200, selector
    phone.screenshot(path=str(artifacts / "lapor-00-top-phone.png"))  # the first screen, as a phone shows it
    phone.select_option("#id_unit", str(personas.kukar.pk))
    phone.fill("#id_account", ACCOUNT)
    phone.check("input[name=reporter_type][value=PIHAK_LAIN]")
    phone.fill("#id_victim_age", "7")  # the neighbour does not know the child's name
    phone.screenshot(path=str(artifacts / "lapor-01-form-phone.png"), full_page=True)
    phone.click("#public-report-form button[type=submit]")

    expect(phone.locator("#tracking-code")).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    code = phone.locator("#tracking-code").inner_text().replace("-", "")
    assert phone.url == live_server.url + reverse("lapor:thanks") and code not in phone.url
    complaint = Complaint.objects.get()
    assert complaint.tracking_code == code
    assert complaint.people == [{"name": "", "role": "KORBAN", "age": 7, "sex": ""}]
    phone.screenshot(path=str(artifacts / "lapor-02-thanks-phone.png"), full_page=True)

    # Reload: nothing is sent again, and the code is not shown again.
    phone.reload()
    expect(phone.locator("#code-shown-once")).to_be_visible()
    assert phone.locator("#tracking-code").count() == 0
    assert Complaint.objects.count() == 1
    # The whole reporting flow took one history entry: sending and reloading added none.
    assert phone.evaluate("history.length") == entries
    phone.screenshot(path=str(artifacts / "lapor-03-thanks-reloaded-phone.png"), full_page=True)

    # Quick exit, then Back: the page before the reporting flow, not the reporting page.
    phone.click("#quick-exit")
    phone.wait_for_url(EXIT)
    expect(phone.locator("#neutral")).to_have_text("Cuaca")
    phone.go_back()
    phone.wait_for_url(BEFORE)
    expect(phone.locator("#news")).to_have_text("Berita")
    assert phone.locator("#public-report-form").count() == 0 and phone.locator("#tracking-code").count() == 0

    # Shift three times leaves too (GOV.UK "Exit this page"), even while typing in a field.
    phone.goto(reverse("lapor:report"))
    phone.fill("#id_account", "sesuatu yang pribadi")
    phone.focus("#id_account")
    for _ in range(3):
        phone.keyboard.press("Shift")
    phone.wait_for_url(EXIT)
    phone.go_back()
    assert "/lapor/" not in phone.url
    assert Complaint.objects.count() == 1


def test_the_language_switch_and_an_error_stay_on_the_public_page(
    phone: Any, live_server: Any, personas: Any, artifacts: Any
) -> None:
    from playwright.sync_api import expect

    phone.goto(reverse("lapor:report"))
    phone.click("#language-switch button[value=en]")
    expect(phone.locator("h1")).to_have_text("Report violence against women or children")
    assert phone.url == live_server.url + reverse("lapor:report")
    # An error (age 300) keeps what was typed, and adds no history entry.
    phone.select_option("#id_unit", str(personas.kukar.pk))
    phone.fill("#id_account", ACCOUNT)
    phone.fill("#id_victim_age", "300")
    # The browser's own check would stop this first; the server's check is the one under test.
    phone.evaluate("document.getElementById('public-report-form').noValidate = true")
    phone.click("#public-report-form button[type=submit]")
    expect(phone.locator("#form-error")).to_be_visible()
    expect(phone.locator("#id_account")).to_have_value(ACCOUNT)
    phone.screenshot(path=str(artifacts / "lapor-04-error-english-phone.png"), full_page=True)
    assert not Complaint.objects.exists()
    phone.goto("/lapor/no-such-page/")
    expect(phone.locator("a[href='tel:129']")).to_be_visible()
    expect(phone.locator("#quick-exit")).to_be_visible()
    phone.screenshot(path=str(artifacts / "lapor-05-not-found-phone.png"), full_page=True)
