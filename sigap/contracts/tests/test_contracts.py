"""Contracts and their periods (issue #13): one active contract per expert, periods of three months opened in
turn (mid-year start, fiscal-year boundary), the decisions extend / extend with conditions / end (with the
hand-back of open cases), the last period's proposal for next year, decisions superseded only with a reason,
and the evaluation work item 14 days before a period ends (frozen clock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sigap.audit.models import AuditEvent
from sigap.cases.tests.factories import make_case, victim_data
from sigap.contracts.kinds import CASE_REASSIGN, PERIOD_EVALUATION
from sigap.contracts.models import Contract, ContractPeriod, ContractState, PeriodDecision, PeriodState
from sigap.contracts.periods import period_dates
from sigap.contracts.services.contract import contract_activate, contract_create
from sigap.contracts.services.evaluation import decision_supersede, period_decide
from sigap.contracts.services.schedule import evaluations_open
from sigap.contracts.tests.factories import contract, expert_profile, terms
from sigap.work.models import WorkItem
from sigap.work.scheduler import work_items_tick

pytestmark = pytest.mark.django_db

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 1, 4, 9, 0, tzinfo=WITA)
GOOD = {"quality": 4, "timeliness": 5, "attitude": 5, "documentation": 3}


def _periods(c: Contract) -> list[tuple[int, dt.date, dt.date, str]]:
    return [(p.number, p.start, p.end, p.state) for p in ContractPeriod.objects.filter(contract=c).order_by("number")]


def test_periods_of_three_months_mid_year_start_and_month_ends() -> None:
    # A contract starting on 15 February keeps its day; the last period is clipped to the contract's end.
    found = [(p.start, p.end, p.is_last) for p in period_dates(dt.date(2027, 2, 15), dt.date(2027, 12, 31))]
    assert found == [
        (dt.date(2027, 2, 15), dt.date(2027, 5, 14), False),
        (dt.date(2027, 5, 15), dt.date(2027, 8, 14), False),
        (dt.date(2027, 8, 15), dt.date(2027, 11, 14), False),
        (dt.date(2027, 11, 15), dt.date(2027, 12, 31), True),
    ]
    # A day the month lacks falls back to its last day (31 January → 30 April).
    assert [p.end for p in period_dates(dt.date(2027, 1, 31), dt.date(2027, 12, 31))][:2] == [
        dt.date(2027, 4, 29),
        dt.date(2027, 7, 30),
    ]
    # A contract starting in November has one short period, ending with the fiscal year.
    assert [(p.start, p.end, p.is_last) for p in period_dates(dt.date(2027, 11, 1), dt.date(2027, 12, 31))] == [
        (dt.date(2027, 11, 1), dt.date(2027, 12, 31), True)
    ]


@time_machine.travel(NOW, tick=False)
def test_only_the_first_period_is_open_at_start_and_one_active_contract_per_expert(personas: Any) -> None:
    c = contract(personas, start=dt.date(2027, 4, 1))
    assert c.state == ContractState.ACTIVE
    assert _periods(c) == [(1, dt.date(2027, 4, 1), dt.date(2027, 6, 30), PeriodState.OPEN)]
    assert AuditEvent.objects.filter(object_type="contracts.contract", object_id=str(c.pk), action="CREATE").exists()
    with pytest.raises(ValidationError, match="already has an active contract"):
        contract(personas, number="second")
    assert Contract.objects.filter(expert=c.expert).count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_contract_cannot_cross_its_fiscal_year(personas: Any) -> None:
    with pytest.raises(ValidationError, match="within its fiscal year"):
        contract(personas, start=dt.date(2027, 7, 1), end=dt.date(2028, 6, 30))
    assert not Contract.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_only_the_head_records_a_contract(personas: Any) -> None:
    with pytest.raises(ValidationError):
        contract_create(actor=personas["admin"], expert=expert_profile(personas), data=terms())
    with pytest.raises(ValidationError):
        contract_create(actor=personas["other_head"], expert=expert_profile(personas), data=terms())


def test_the_evaluation_work_item_opens_14_days_before_the_period_ends(personas: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        c = contract(personas)
    period = c.periods.get()
    # Period 1 ends on 31 March: 15 days before, nothing; 14 days before (17 March), the HEAD's item.
    work_items_tick(now=dt.datetime(2027, 3, 16, 9, 0, tzinfo=WITA))
    assert not WorkItem.objects.filter(kind=PERIOD_EVALUATION).exists()
    work_items_tick(now=dt.datetime(2027, 3, 17, 9, 0, tzinfo=WITA))
    item = WorkItem.objects.get(kind=PERIOD_EVALUATION)
    assert (item.responsible, item.state, item.title_key) == (personas["head"], "OPEN", f"K{c.pk}-P1")
    assert item.due_at == dt.datetime(2027, 4, 1, 0, 0, tzinfo=WITA)
    assert "three months" in item.kind_label  # the rule is named
    period.refresh_from_db()
    assert period.state == PeriodState.UNDER_EVALUATION
    assert evaluations_open(now=dt.datetime(2027, 3, 17, 10, 0, tzinfo=WITA)) == 0  # idempotent
    # Reminded 3 days before, missed and escalated when the period ends undecided.
    work_items_tick(now=dt.datetime(2027, 3, 29, 9, 0, tzinfo=WITA))
    item.refresh_from_db()
    assert item.reminded_at is not None
    work_items_tick(now=dt.datetime(2027, 4, 1, 0, 1, tzinfo=WITA))
    item.refresh_from_db()
    assert item.state == "MISSED"


@time_machine.travel(NOW, tick=False)
def test_extend_opens_the_next_period_and_closes_the_work_item(personas: Any) -> None:
    c = contract(personas)
    period = c.periods.get()
    evaluations_open(now=dt.datetime(2027, 3, 20, 9, 0, tzinfo=WITA))
    period_decide(actor=personas["head"], period=period, decision="EXTEND", ratings=GOOD)
    assert _periods(c) == [
        (1, dt.date(2027, 1, 1), dt.date(2027, 3, 31), PeriodState.EXTENDED),
        (2, dt.date(2027, 4, 1), dt.date(2027, 6, 30), PeriodState.OPEN),
    ]
    assert WorkItem.objects.get(kind=PERIOD_EVALUATION).state == "DONE"
    with pytest.raises(ValidationError, match="already decided"):
        period_decide(actor=personas["head"], period=period, decision="END", ratings=GOOD, reason="x")


@time_machine.travel(NOW, tick=False)
def test_extend_with_conditions_needs_them_and_records_them(personas: Any) -> None:
    c = contract(personas)
    period = c.periods.get()
    with pytest.raises(ValidationError, match="conditions"):
        period_decide(actor=personas["head"], period=period, decision="EXTEND_WITH_CONDITIONS", ratings=GOOD)
    with pytest.raises(ValidationError, match="Rate"):
        period_decide(actor=personas["head"], period=period, decision="EXTEND", ratings={**GOOD, "quality": 6})
    decision = period_decide(
        actor=personas["head"],
        period=period,
        decision="EXTEND_WITH_CONDITIONS",
        ratings=GOOD,
        conditions="Laporan psikologis paling lambat 7 hari setelah sesi.",
    )
    assert PeriodDecision.objects.get(pk=decision.pk).conditions.startswith("Laporan psikologis")
    assert _periods(c)[0][3] == PeriodState.EXTENDED_WITH_CONDITIONS
    assert _periods(c)[1][3] == PeriodState.OPEN
    event = AuditEvent.objects.get(object_type="contracts.perioddecision", object_id=str(decision.pk))
    assert "Laporan" not in str(event.new_values)  # the conditions are about a person: never in the trail


@time_machine.travel(NOW, tick=False)
def test_end_closes_the_contract_and_hands_the_open_cases_back(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())  # the expert persona is on its team
    c = contract(personas)
    period = c.periods.get()
    with pytest.raises(ValidationError, match="why the contract ends"):
        period_decide(actor=personas["head"], period=period, decision="END", ratings=GOOD)
    period_decide(actor=personas["head"], period=period, decision="END", ratings=GOOD, reason="Kinerja kurang.")
    c.refresh_from_db()
    # Walk #13, finding 5: still active (the expert works) until the period's end, then ended by the hourly step.
    assert c.state == ContractState.ACTIVE and c.ending
    assert c.ended_at == dt.datetime(2027, 4, 1, 0, 0, tzinfo=WITA)
    assert c.state_text == "Active, ends on 31 Mar 2027 (not extended)"
    from sigap.contracts.services.schedule import evaluations_open

    evaluations_open(now=c.ended_at - dt.timedelta(minutes=1))
    c.refresh_from_db()
    assert c.state == ContractState.ACTIVE
    evaluations_open(now=c.ended_at)
    c.refresh_from_db()
    assert c.state == ContractState.ENDED and not c.ending
    assert _periods(c) == [(1, dt.date(2027, 1, 1), dt.date(2027, 3, 31), PeriodState.ENDED)]
    items = WorkItem.objects.filter(kind=CASE_REASSIGN)
    team_cases = set(case.team.filter(user=personas["expert"], is_active=True).values_list("case_id", flat=True))
    assert {item.object_id for item in items} == {str(pk) for pk in team_cases} == {str(case.pk)}
    assert {(item.responsible_id, item.title_key) for item in items} == {(personas["head"].pk, case.number)}
    # Once the HEAD has taken the expert off the case's team, the next hourly step closes the item.
    from sigap.cases.services.team import case_team_end
    from sigap.contracts.services.schedule import handbacks_close

    assert handbacks_close() == 0
    member = case.team.get(user=personas["expert"], is_active=True)
    case_team_end(actor=personas["head"], case=case, member_id=member.pk)
    assert handbacks_close() == 1
    assert WorkItem.objects.get(kind=CASE_REASSIGN).state == "DONE"
    # An ended contract cannot be extended again by superseding.
    with pytest.raises(ValidationError, match="new contract"):
        decision_supersede(
            actor=personas["head"], period=period, decision="EXTEND", ratings=GOOD, supersede_reason="Salah."
        )


@time_machine.travel(NOW, tick=False)
def test_a_decision_is_superseded_with_a_reason_never_changed(personas: Any) -> None:
    c = contract(personas)
    period = c.periods.get()
    first = period_decide(actor=personas["head"], period=period, decision="EXTEND", ratings=GOOD)
    with pytest.raises(ValidationError, match="why the earlier decision"):
        decision_supersede(
            actor=personas["head"], period=period, decision="END", ratings=GOOD, reason="x", supersede_reason=""
        )
    second = decision_supersede(
        actor=personas["head"],
        period=period,
        decision="END",
        ratings=GOOD,
        reason="Pelanggaran kode etik.",
        supersede_reason="Temuan setelah keputusan.",
    )
    first.refresh_from_db()
    assert first.decision == "EXTEND"  # the old row stays as it was
    assert second.supersedes == first
    c.refresh_from_db()
    assert c.ending and c.ended_at == dt.datetime(2027, 4, 1, 0, 0, tzinfo=WITA)
    # The period opened by the first decision is ended with the contract.
    assert [state for *_dates, state in _periods(c)] == [PeriodState.ENDED, PeriodState.ENDED]


def test_the_last_period_extend_proposes_next_year_and_the_draft_takes_over_across_the_year(personas: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        c = contract(personas, start=dt.date(2027, 11, 1))
        period = c.periods.get()
        assert period.is_last and period.end == dt.date(2027, 12, 31)
        period_decide(actor=personas["head"], period=period, decision="EXTEND", ratings=GOOD)
    draft = Contract.objects.get(state=ContractState.DRAFT)
    assert (draft.fiscal_year, draft.previous, draft.post) == (2028, c, c.post)
    assert not ContractPeriod.objects.filter(contract=draft).exists()
    # On 2 January 2028 the HEAD completes and activates it: this year's contract ends, the new one's first
    # period starts on 1 January (the boundary).
    with time_machine.travel(dt.datetime(2028, 1, 2, 9, 0, tzinfo=WITA), tick=False):
        contract_activate(
            actor=personas["head"],
            contract=draft,
            data=terms(number="001/SPK/2028", fiscal_year=2028, start=dt.date(2028, 1, 1), end=dt.date(2028, 12, 31)),
        )
    c.refresh_from_db()
    draft.refresh_from_db()
    assert (c.state, draft.state) == (ContractState.ENDED, ContractState.ACTIVE)
    assert _periods(draft) == [(1, dt.date(2028, 1, 1), dt.date(2028, 3, 31), PeriodState.OPEN)]


@time_machine.travel(NOW, tick=False)
def test_the_units_scale_bounds_the_ratings(personas: Any) -> None:
    from sigap.contracts.forms import DecisionForm
    from sigap.contracts.models import EvaluationScale

    EvaluationScale.objects.create(unit=personas.kukar, lowest=1, highest=4)
    period = contract(personas).periods.get()
    with pytest.raises(ValidationError, match="from 1 to 4"):
        period_decide(actor=personas["head"], period=period, decision="EXTEND", ratings={**GOOD, "timeliness": 5})
    form = DecisionForm(unit=personas.kukar)
    assert [value for value, _label in form.fields["rating_quality"].choices] == ["", 1, 2, 3, 4]
