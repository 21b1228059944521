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


def _setup(start: dt.date | None = None, end: dt.date | None = None) -> tuple[dict[str, Any], Any]:
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
    start = start or max(dt.date(today.year, 1, 1), today - dt.timedelta(days=10))
    contract = contract_create(
        actor=staff["head"],
        expert=profile,
        data=terms(
            number=f"027/SPK/UPTD-PPA/{today.year}",
            fiscal_year=today.year,
            start=start,
            end=end or dt.date(today.year, 12, 31),
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
    period.refresh_from_db()
    assert period.state == PeriodState.EXTENDED_WITH_CONDITIONS
    assert PeriodDecision.objects.get(period=period).conditions == CONDITIONS
    if period.is_last:
        _complete_next_years_proposal(journey, page, contract, period)
        return
    expect(page.locator("#period-state")).to_contain_text("Diperpanjang dengan syarat")
    # The form to supersede the decision stays folded: a decision is replaced on purpose, with a reason.
    expect(page.locator("#decision-form")).to_be_hidden()
    journey.shot(page, "extended-with-conditions")
    following = ContractPeriod.objects.get(contract=contract, number=2)
    page.goto(reverse("contracts:period_evaluation", args=[following.pk]))
    expect(page.locator("#previous-conditions")).to_contain_text(CONDITIONS)
    journey.shot(page, "next-period-shows-the-conditions")
    assert page.js_errors == []


def test_the_last_periods_extension_proposes_next_years_contract_and_the_head_activates_it(journey: Journey) -> None:
    """A contract shorter than three months has one period, its last (any day of the year)."""
    from playwright.sync_api import expect

    today = timezone.localdate()
    start = max(dt.date(today.year, 1, 1), today - dt.timedelta(days=10))
    staff, contract = _setup(start=start, end=min(dt.date(today.year, 12, 31), start + dt.timedelta(days=60)))
    period = contract.periods.get()
    assert period.is_last
    page = journey.login(staff["head"])
    page.goto(reverse("contracts:period_evaluation", args=[period.pk]))
    expect(page.locator("#decision-form")).to_contain_text("periode terakhir")
    for criterion in ("quality", "timeliness", "attitude", "documentation"):
        page.select_option(f"#id_rating_{criterion}", "4")
    page.check("input[name=decision][value=EXTEND]")
    submit(page, "#decision-form")
    expect_success(page)
    _complete_next_years_proposal(journey, page, contract, period)


def _complete_next_years_proposal(journey: Journey, page: Any, contract: Any, period: Any) -> None:
    """Late in the year the period is the contract's last: "extend" proposes next year's contract (a draft).
    The HEAD lands on it, completes it (the dates are the whole next year, filled in) and activates it."""
    from playwright.sync_api import expect

    from sigap.contracts.models import Contract, ContractState

    draft = Contract.objects.get(expert=contract.expert, fiscal_year=contract.fiscal_year + 1)
    assert draft.state == ContractState.DRAFT and draft.previous_id == contract.pk
    expect(page.locator("h1")).to_contain_text("(draf)")
    expect(page.locator(".alert-success")).to_contain_text("Kontrak tahun depan diusulkan sebagai draf")
    journey.shot(page, "next-year-proposed")
    page.click("#contract-activate-link")
    next_year = contract.fiscal_year + 1
    expect(page.locator("[name=fiscal_year]")).to_have_value(str(next_year))
    expect(page.locator("[name=start]")).to_have_value(f"{next_year}-01-01")
    expect(page.locator("[name=end]")).to_have_value(f"{next_year}-12-31")
    expect(page.locator("[name=unit_price]")).to_have_value("350000")  # the terms the unit knows are kept
    page.fill("[name=number]", f"028/SPK/UPTD-PPA/{next_year}")
    page.fill("[name=amount]", "42000000")
    journey.shot(page, "next-year-complete")
    submit(page, "#contract-form")
    expect_success(page)
    draft.refresh_from_db()
    assert draft.state == ContractState.ACTIVE or draft.start > timezone.localdate()
    assert draft.periods.filter(number=1).exists()
    journey.shot(page, "next-year-active")
    # The last period's evaluation links to the contract it proposed.
    page.goto(reverse("contracts:period_evaluation", args=[period.pk]))
    expect(page.locator("#next-year-proposal")).to_contain_text(f"Kontrak tahun anggaran {next_year}")
    assert page.js_errors == []
