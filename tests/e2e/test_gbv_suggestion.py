"""The incident form's GBVIMS dropdown follows the suggestion until the user picks a type by hand (walk of #12:
ticking "physical" then "sexual" with sexual abuse of a child left "physical assault" chosen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.test_case_journey import Journey, _seed
from tests.e2e.test_mobile_width import _case

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    trip = Journey(browser, live_server, artifacts, prefix="gbv")
    try:
        yield trip
    finally:
        trip.close()


def test_the_dropdown_follows_the_suggestion_until_chosen_by_hand(journey: Journey) -> None:
    users = _seed()
    case = _case(users)
    page = journey.login(users["head"])
    page.goto(reverse("cases:incident_create", kwargs={"case_id": case.pk}))
    gbv = page.locator("#incident-form [name=gbv_type]")
    page.check("#incident-form [name=violence_types][value=FISIK]")
    expect(gbv).to_have_value("PHYSICAL_ASSAULT")
    page.check("#incident-form [name=violence_types][value=SEKSUAL]")
    page.check("#incident-form [name=tpks_forms][value=KS_TERHADAP_ANAK]")
    expect(gbv).to_have_value("SEXUAL_ASSAULT")
    # Chosen by hand: the script no longer changes it (the server checks it on saving).
    page.select_option("#incident-form [name=gbv_type]", "RAPE")
    page.uncheck("#incident-form [name=tpks_forms][value=KS_TERHADAP_ANAK]")
    expect(gbv).to_have_value("RAPE")
