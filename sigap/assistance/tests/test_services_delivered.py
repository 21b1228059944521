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


def test_mediation_sessions_and_police_reports_count_with_their_simfoni_codes(personas: Any) -> None:
    from sigap.assistance.models.legal import LegalTrack
    from sigap.assistance.selectors.delivered import unit_services_delivered
    from sigap.assistance.services.mediation import MediationOpenData, mediation_open, mediation_session_add
    from sigap.assistance.tests.legal_steps import legal_case, start

    lc = legal_case(personas, sexual=False)
    manager = personas["case_manager"]
    mediation = mediation_open(
        actor=manager, case=lc.case, data=MediationOpenData("CUSTODY", "Assessed.", manager, mediator_trained=True)
    )
    today = timezone.localdate(timezone.now(), WITA)
    year = Period.year(today.year, WITA)
    track = start(personas, lc)
    assert unit_services_delivered(personas.kukar, year) == {}  # opened, not yet held nor reported
    mediation_session_add(actor=manager, mediation=mediation, held_at=timezone.now(), present="Both parties")
    LegalTrack.objects.filter(pk=track.pk).update(police_report_date=today)
    planned = session_plan(actor=manager, case=lc.case, data=plan_data(kind=SessionKind.LEGAL_CONSULTATION))
    assert planned.status == "PLANNED"  # planned, never held: not counted
    assert unit_services_delivered(personas.kukar, year) == {"MEDIASI": 1, "PENEGAKAN_HUKUM": 1}
    assert unit_services_delivered(personas.samarinda, year) == {}
    assert unit_services_delivered(personas.kukar, Period.year(today.year - 1, WITA)) == {}
    recap = unit_recap(unit=personas.kukar, period=year)
    table = next(t for t in recap.tables if t.key == "service_delivered")
    assert {row.code: row.count for row in table.rows if row.count} == {"MEDIASI": 1, "PENEGAKAN_HUKUM": 1}


def test_a_shelter_admission_counts_once_in_the_period_of_its_admission(personas: Any) -> None:
    """A victim admitted with her child is one PENAMPUNGAN_SEMENTARA, in the period she was admitted (not the
    discharge's), never in another unit's recap; the SIMFONI code is a local extension of §C.10."""
    from sigap.assistance.models.shelter import ShelterStay
    from sigap.assistance.selectors.delivered import SHELTER_SERVICE, unit_services_delivered
    from sigap.assistance.services.shelter import shelter_discharge
    from sigap.assistance.tests.shelter_steps import admit, placed_case, shelter
    from sigap.core.reference.lists_handling import SERVICE_TYPE

    assert SHELTER_SERVICE in {c.code for c in SERVICE_TYPE.codes}
    beds = shelter(personas)
    pc = placed_case(personas)
    stay = admit(personas, pc, beds.family[0], child_bed=beds.family[1])
    assert ShelterStay.objects.filter(case=pc.case).count() == 2  # the victim's stay and her son's
    today = timezone.localdate(timezone.now(), WITA)
    year, last_year = Period.year(today.year, WITA), Period.year(today.year - 1, WITA)
    assert unit_services_delivered(personas.kukar, year) == {SHELTER_SERVICE: 1}
    assert unit_services_delivered(personas.samarinda, year) == {}
    recap = unit_recap(unit=personas.kukar, period=year)
    table = next(t for t in recap.tables if t.key == "service_delivered")
    assert {row.code: row.count for row in table.rows if row.count} == {SHELTER_SERVICE: 1}
    other = unit_recap(unit=personas.samarinda, period=year)
    assert not [r for t in other.tables if t.key == "service_delivered" for r in t.rows if r.count]
    # Admitted last year, discharged this year: it counts last year only.
    ShelterStay.objects.filter(case=pc.case).update(admitted_at=dt.datetime(today.year - 1, 12, 31, 23, tzinfo=WITA))
    shelter_discharge(actor=personas["case_manager"], stay=stay, onward="SAFE_HOUSE")
    assert unit_services_delivered(personas.kukar, year) == {}
    assert unit_services_delivered(personas.kukar, last_year) == {SHELTER_SERVICE: 1}
    table = next(t for t in unit_recap(unit=personas.kukar, period=last_year).tables if t.key == "service_delivered")
    assert {row.code: row.count for row in table.rows if row.count} == {SHELTER_SERVICE: 1}


def test_the_recaps_police_reports_read_their_index(personas: Any) -> None:
    # Found by the benchmark's EXPLAIN (bench/measure.py): the period's police reports scanned every track.
    from django.db import connection

    from sigap.assistance.selectors.delivered import police_reports_made

    if connection.vendor != "sqlite":
        pytest.skip("the plan of a near-empty table on PostgreSQL is a sequential scan whatever the indexes")
    year = Period.year(timezone.localdate(timezone.now(), WITA).year, WITA)
    plan = police_reports_made([personas.kukar.pk], year).explain()
    assert "legal_track_report_idx" in plan, plan


def test_a_weeks_hearings_read_their_index(personas: Any) -> None:
    # Found by the benchmark's EXPLAIN of the unit calendar: a week's hearings scanned every hearing of every unit.
    from django.db import connection

    from sigap.assistance.models import Hearing
    from sigap.assistance.selectors.calendar import WEEK, window

    if connection.vendor != "sqlite":
        pytest.skip("the plan of a near-empty table on PostgreSQL is a sequential scan whatever the indexes")
    win = window(timezone.localdate(timezone.now(), WITA), WEEK, WITA)
    plan = Hearing.objects.filter(starts_at__gte=win.start, starts_at__lt=win.end).explain()
    assert "hearing_starts_idx" in plan, plan
