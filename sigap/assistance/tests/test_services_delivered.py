"""``services_delivered``: held sessions of the unit in the period, per SIMFONI service; in the unit recap."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from sigap.assistance.models.session import AccompanimentSession, SessionKind
from sigap.assistance.selectors.session import services_delivered
from sigap.assistance.services.session import session_cancel, session_plan
from sigap.assistance.tests.factories import held_session, plan_data, session_case
from sigap.reports.periods import Period
from sigap.reports.recap import unit_recap

pytestmark = pytest.mark.django_db

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def test_it_counts_held_sessions_of_the_unit_in_the_period_by_service(personas: Any) -> None:
    sc = session_case(personas)
    manager = personas["case_manager"]
    held_session(manager, sc.case, kind=SessionKind.COUNSELLING)
    held_session(manager, sc.case, kind=SessionKind.PSYCHOTHERAPY)
    held_session(manager, sc.case, kind=SessionKind.AT_POLICE)
    held_session(manager, sc.case, kind=SessionKind.OTHER)  # no service of its own, no plan item: not counted
    session_plan(actor=manager, case=sc.case, data=plan_data(kind=SessionKind.LEGAL_OPINION))  # planned only
    cancelled = session_plan(actor=manager, case=sc.case, data=plan_data(kind=SessionKind.HOME_VISIT))
    session_cancel(actor=manager, session=cancelled, note="Not needed.")
    today = timezone.localdate(timezone.now(), WITA)
    year = Period.year(today.year, WITA)
    expected = {"PSIKOLOGIS": 2, "PENEGAKAN_HUKUM": 1}
    assert services_delivered(personas.kukar, year) == expected
    assert services_delivered(personas.samarinda, year) == {}
    assert services_delivered(personas.kukar, Period.year(today.year - 1, WITA)) == {}
    # A session held last year counts there, not this year.
    AccompanimentSession.objects.filter(kind=SessionKind.AT_POLICE).update(
        actual_start=dt.datetime(today.year - 1, 6, 1, 10, tzinfo=WITA),
        actual_end=dt.datetime(today.year - 1, 6, 1, 11, tzinfo=WITA),
    )
    assert services_delivered(personas.kukar, Period.year(today.year - 1, WITA)) == {"PENEGAKAN_HUKUM": 1}
    recap = unit_recap(unit=personas.kukar, period=year)
    table = next(t for t in recap.tables if t.key == "service_delivered")
    assert {row.code: row.count for row in table.rows if row.count} == {"PSIKOLOGIS": 2}
