"""In the browser: the HEAD runs a period's evaluation of an expert's contract and extends it with conditions
(issue #13). The expert's sessions are recorded through the product's services (the set-up); the evaluation,
from the menu to the decision, is done through the pages, in Indonesian.

Screenshots: ``test-artifacts/contract-NN-*.png``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.contracts.models import ContractPeriod, PeriodDecision, PeriodState
from tests.e2e.steps import expect_success, expert_user, submit
from tests.e2e.test_case_journey import Journey, _seed, journey_of

pytestmark = pytest.mark.browser

CONDITIONS = "Laporan psikologis diunggah paling lambat 7 hari setelah sesi."


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "contract")


def _setup() -> tuple[dict[str, Any], Any]:
    """The unit's HEAD, a licensed clinical psychologist with two sessions held this week, and her contract
    (its first period around today, within the fiscal year)."""
    from sigap.assistance.tests.factories import held_session
    from sigap.cases.tests.factories import make_case, victim_data
    from sigap.contracts.services.contract import contract_create
    from sigap.contracts.tests.factories import terms
    from sigap.experts.tests.factories import licensed_clinical

    users = _seed()
    unit = users["head"].membership.unit
    staff = {"head": users["head"], "manager": users["manager"]}
    staff["psikolog"] = expert_user(unit, "rina.e2e", "Rina Psikolog")
    profile = licensed_clinical(staff, staff["psikolog"])
    case = make_case(staff, manager="manager", experts=("psikolog",), victim=victim_data())
    for _ in range(2):
        held_session(staff["head"], case, experts=[staff["psikolog"]])
    today = timezone.localdate()
    start = max(dt.date(today.year, 1, 1), today - dt.timedelta(days=10))
    contract = contract_create(
        actor=staff["head"],
        expert=profile,
        data=terms(
            number=f"027/SPK/UPTD-PPA/{today.year}",
            fiscal_year=today.year,
            start=start,
            end=dt.date(today.year, 12, 31),
            fee_basis="PER_SESSION",
            unit_price=Decimal(350_000),
        ),
    )
    return staff, contract


def test_the_head_evaluates_a_period_and_extends_with_conditions(journey: Journey) -> None:
    from playwright.sync_api import expect

    staff, contract = _setup()
    period = contract.periods.get(number=1)
    page = journey.login(staff["head"])
    page.click("nav [data-nav-group=experts]")  # the "Tenaga ahli" menu group
    page.click("nav a[data-nav=contracts]")
    expect(page.locator("#contracts")).to_contain_text("Rina Psikolog")
    journey.shot(page, "contracts")
    page.click(f"#contracts a[href='{reverse('contracts:contract_detail', args=[contract.pk])}']")
    page.click(f"#periods a[href='{reverse('contracts:period_evaluation', args=[period.pk])}']")
    # The evidence: two sessions held, each linked; the billing statement of a per-session contract.
    expect(page.locator("#figure-held")).to_contain_text("2")
    assert page.locator("#figure-held a").count() == 2
    expect(page.locator("#figure-amount")).to_contain_text("700.000")
    journey.shot(page, "evidence")

    for criterion, score in (("quality", "4"), ("timeliness", "5"), ("attitude", "5"), ("documentation", "3")):
        page.select_option(f"#id_rating_{criterion}", score)
    page.check("input[name=decision][value=EXTEND_WITH_CONDITIONS]")
    # Without the conditions: a clear message, and the ratings chosen stay.
    submit(page, "#decision-form")
    expect(page.locator("#decision-form")).to_contain_text("Tulis syarat perpanjangan")
    expect(page.locator("#id_rating_timeliness")).to_have_value("5")
    journey.shot(page, "conditions-missing")
    page.fill("#id_conditions", CONDITIONS)
    submit(page, "#decision-form")
    expect_success(page)
    expect(page.locator("#period-state")).to_contain_text("Diperpanjang dengan syarat")
    # The form to supersede the decision stays folded: a decision is replaced on purpose, with a reason.
    expect(page.locator("#decision-form")).to_be_hidden()
    journey.shot(page, "extended-with-conditions")

    period.refresh_from_db()
    assert period.state == PeriodState.EXTENDED_WITH_CONDITIONS
    assert PeriodDecision.objects.get(period=period).conditions == CONDITIONS
    if period.is_last:  # late in the year: the extension proposes next year's contract
        assert contract.expert.contracts.filter(fiscal_year=contract.fiscal_year + 1, state="DRAFT").exists()
    else:
        following = ContractPeriod.objects.get(contract=contract, number=2)
        page.goto(reverse("contracts:period_evaluation", args=[following.pk]))
        expect(page.locator("#previous-conditions")).to_contain_text(CONDITIONS)
        journey.shot(page, "next-period-shows-the-conditions")
    assert page.js_errors == []
