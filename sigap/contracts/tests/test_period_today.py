"""Walk #13, findings 5 and 6: what "now" means on the contract pages.

- "This period" on the workload is the period containing today, not a future one an early extension opened;
- a period not started yet reads "Upcoming", never "Running" ("Berjalan");
- a contract decided "end" reads "Active, ends on …" until its last day, and the workload still lists it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from sigap.assistance.tests.factories import held_session, session_case
from sigap.contracts.models import PeriodState
from sigap.contracts.services.evaluation import period_decide
from sigap.contracts.tests.factories import contract

pytestmark = pytest.mark.django_db

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 3, 20, 10, 0, tzinfo=WITA)  # period 1 (1 Jan – 31 Mar) still runs
GOOD = {"quality": 4, "timeliness": 5, "attitude": 5, "documentation": 3}


@time_machine.travel(NOW, tick=False)
def test_an_early_extension_leaves_this_period_on_today_and_the_next_one_upcoming(personas: Any) -> None:
    built = session_case(personas)
    c = contract(personas)
    held_session(personas["head"], built.case, experts=[built.psychologist])
    first = c.periods.get()
    period_decide(actor=personas["head"], period=first, decision="EXTEND", ratings=GOOD)
    assert c.periods.get(number=2).state == PeriodState.OPEN

    head = personas.client("head")
    row = next(r for r in head.get(reverse("contracts:workload")).context["rows"] if r.user == built.psychologist)
    assert row.period is not None and row.period.number == 1
    assert row.sessions_period == 1 and row.hours_period > 0

    detail = head.get(reverse("contracts:contract_detail", kwargs={"contract_id": c.pk}))
    states = [(period.number, text) for period, text in detail.context["periods"]]
    assert states == [(1, "Extended"), (2, "Upcoming")]
    with translation.override("id"):
        second = c.periods.get(number=2)
        assert second.state_text_on(NOW.date()) != "Berjalan"
        assert second.state_text_on(second.start) == "Berjalan"  # once it has started


@time_machine.travel(NOW, tick=False)
def test_a_contract_decided_to_end_stays_active_until_its_last_day(personas: Any) -> None:
    built = session_case(personas)
    c = contract(personas)
    period_decide(actor=personas["head"], period=c.periods.get(), decision="END", ratings=GOOD, reason="Pindah kota.")
    head = personas.client("head")
    listing = head.get(reverse("contracts:contract_list")).content.decode()
    assert "Active, ends on 31 Mar 2027 (not extended)" in listing
    row = next(r for r in head.get(reverse("contracts:workload")).context["rows"] if r.user == built.psychologist)
    assert row.contract == c and row.period is not None
    assert row.period_state == "Not extended: the contract ends on 31 Mar 2027"


@time_machine.travel(NOW, tick=False)
def test_superseding_an_end_offers_only_end_and_session_links_carry_their_date(personas: Any) -> None:
    """Walk #13, findings 14 and 15."""
    built = session_case(personas)
    c = contract(personas)
    held_session(personas["head"], built.case, experts=[built.psychologist])
    period = c.periods.get()
    period_decide(actor=personas["head"], period=period, decision="END", ratings=GOOD, reason="Pindah kota.")
    page = personas.client("head").get(reverse("contracts:period_evaluation", kwargs={"period_id": period.pk}))
    assert [value for value, _label in page.context["form"].fields["decision"].choices] == ["END"]
    held = next(row for row in page.context["evidence_rows"] if row["code"] == "held")
    assert held["links"] and all(link.text.endswith("Mar 2027") for link in held["links"])
