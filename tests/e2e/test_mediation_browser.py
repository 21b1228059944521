"""In the browser: a mediation attempt on a sexual-violence case is refused with its legal reason (UU TPKS
Pasal 23), in Indonesian, on the case's mediation page and on the form's address, which shows no form (#12).

Screenshots: ``test-artifacts/mediation-NN-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sigap.assistance.models.mediation import Mediation
from tests.e2e.test_case_journey import Journey, _seed, journey_of

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "mediation")


def test_mediation_on_a_sexual_violence_case_is_refused_with_the_reason(journey: Journey) -> None:
    from playwright.sync_api import expect

    from sigap.cases.tests.factories import incident, make_case, victim_data

    users = _seed()
    staff = {"head": users["head"], "manager": users["manager"]}
    case = make_case(staff, manager="manager", experts=(), victim=victim_data())
    incident(staff, case, types=["SEKSUAL"])

    page = journey.login(users["manager"])
    page.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    page.click("#case-mediation-link")
    expect(page.locator("#mediation-refusal")).to_contain_text("Pasal 23")
    journey.shot(page, "refused-on-the-list")

    # Typed straight to the form's address: the page names the rule and offers no form (D57).
    page.goto(reverse("assistance:mediation_open", kwargs={"case_id": case.pk}))
    expect(page.locator(".alert-warning")).to_contain_text("Pasal 23")
    expect(page.locator("#mediation-open-form")).to_have_count(0)
    journey.shot(page, "refused-on-the-form")
    assert not Mediation.objects.exists()
    assert page.js_errors == []
