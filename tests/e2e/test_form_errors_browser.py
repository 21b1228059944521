"""In the browser: a refused form opens on its error summary, a click on an error reaches its field, and the
risk criteria sit in one column on a phone and two on a desktop with the high-risk mark in words (#21).

Screenshots: ``test-artifacts/forms-NN-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sigap.intake.models import Complaint
from tests.e2e.test_case_journey import Journey, _seed, _submit

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    for old in artifacts.glob("forms-*.png"):
        old.unlink()
    trip = Journey(browser, live_server, artifacts, prefix="forms")
    try:
        yield trip
    finally:
        trip.close()


def _focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def test_a_refused_form_opens_on_its_errors_and_each_error_leads_to_its_field(journey: Journey) -> None:
    from playwright.sync_api import expect

    users = _seed()

    # The public page: sent empty, it answers with the summary, focused, and nothing is recorded.
    public = journey.context_page()
    public.goto(reverse("lapor:report"))
    # The browser's own check would stop this first; the server's answer is the one under test. An answer
    # with errors replaces the page's content in place (public-forms.js), without a navigation.
    public.evaluate("document.getElementById('public-report-form').noValidate = true")
    public.click("#public-report-form button[type=submit]")
    expect(public.locator("#form-error")).to_be_visible()
    expect(public.locator("#form-error h2")).to_have_text("Ada masalah")
    assert _focused_id(public) == "form-error"
    public.click("#form-error a[href='#id_account']")
    assert _focused_id(public) == "id_account"
    journey.shot(public, "lapor-errors")
    assert not Complaint.objects.exists()

    # The identification page: the summary is focused on load; the criteria's link reaches the first box.
    public.fill("#id_account", "Contoh laporan untuk uji formulir (data fiktif).")
    public.check("input[name=reporter_type][value=KORBAN]")
    _submit(public, "#public-report-form")
    complaint = Complaint.objects.get()
    intake = journey.login(users["intake"])
    intake.goto(reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk}))
    marks = intake.locator("#id_risk_criteria label .choice-mark")
    expect(marks.first).to_contain_text("risiko tinggi")
    assert intake.evaluate("getComputedStyle(document.querySelector('#id_risk_criteria ul')).columnCount") == "2"
    intake.click("#triage-form button[type=submit]")
    expect(intake.locator("#error-summary")).to_be_visible()
    assert _focused_id(intake) == "error-summary"
    intake.click("#error-summary a[href='#id_risk_criteria']")
    assert _focused_id(intake) == "id_risk_criteria_0"
    journey.shot(intake, "triage-errors")

    # On a phone the same criteria are one column, still marked in words.
    intake.set_viewport_size({"width": 360, "height": 800})
    assert intake.evaluate("getComputedStyle(document.querySelector('#id_risk_criteria ul')).columnCount") == "1"
    journey.shot(intake, "triage-phone")
    assert intake.js_errors == [] and public.js_errors == []
