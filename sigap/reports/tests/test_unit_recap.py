"""The unit recap: exact counts on the hand-made year, scope, fixed query count, CSV audited as EXPORT."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from sigap.audit.models import AuditAction, AuditEvent
from sigap.reports.periods import Period
from sigap.reports.recap import unit_recap
from sigap.reports.tests.factories import CANARIES, WITA, RecapData, at, bulk_victims

URL = reverse("reports:unit_recap")


def _table(recap: Any, key: str) -> dict[str, int]:
    table = next(t for t in recap.tables if t.key == key)
    return {row.code: row.count for row in table.rows if row.count}


def test_it_counts_the_hand_made_year_exactly(personas: Any, recap_data: RecapData) -> None:
    recap = unit_recap(unit=personas.kukar, period=Period.year(recap_data.year, WITA))
    summary = recap.summary
    # A, C (complaint in Y, opened in Y+1), D, G; not B (complaint in Y-1), E (Samarinda), F (Y-1).
    assert (summary.cases, summary.victims, summary.kdrt_cases, summary.closed_cases) == (4, 5, 2, 1)
    assert summary.kdrt_share == 50.0
    assert _table(recap, "district") == {"64.02.01": 1, "64.02.02": 2, "64.72.01": 1, "": 1}
    assert _table(recap, "sex") == {"P": 4, "L": 1}
    assert _table(recap, "age_group") == {"25_44": 1, "6_12": 1, "18_24": 1, "": 2}
    assert _table(recap, "education") == {"SLTA": 1, "SD": 1, "SLTP": 1, "PERGURUAN_TINGGI": 1, "": 1}
    # Several forms per victim: 4 forms for 3 victims with an incident.
    assert _table(recap, "violence_type") == {"FISIK": 1, "PSIKIS": 2, "SEKSUAL": 1}
    assert _table(recap, "place") == {"RUMAH_TANGGA": 2, "SEKOLAH": 1}
    assert _table(recap, "relationship") == {"SUAMI_ISTRI": 2, "GURU": 1}
    # A case counts once per service (C has KESEHATAN in two plan versions); cancelled items are left out.
    assert _table(recap, "service") == {"KESEHATAN": 2, "BANTUAN_HUKUM": 1}
    assert _table(recap, "category") == {"KTP": 3, "KTA": 1}
    assert _table(recap, "state") == {"TERMINASI": 1, "KASUS_DIBUKA": 2, "INTERVENSI": 1}
    assert _table(recap, "closure_reason") == {"TUJUAN_TERCAPAI": 1}


def test_a_month_and_the_previous_year(personas: Any, recap_data: RecapData) -> None:
    y = recap_data.year
    march = unit_recap(unit=personas.kukar, period=Period.year(y, WITA, month=3)).summary
    assert (march.cases, march.victims) == (1, 1)  # A
    december = unit_recap(unit=personas.kukar, period=Period.year(y, WITA, month=12)).summary
    assert december.cases == 1  # C, by its complaint's date
    previous = unit_recap(unit=personas.kukar, period=Period.year(y - 1, WITA)).summary
    assert previous.cases == 2  # B (complaint received on 30 December) and F


def test_the_page_shows_the_figures_of_the_users_own_unit(personas: Any, recap_data: RecapData) -> None:
    year = recap_data.year
    response = personas.client("data_officer").get(URL, {"year": year})
    assert response.status_code == 200
    assert response.context["recap"].summary.cases == 4
    content = response.content.decode()
    assert "counts of forms may add up to more than the number of victims" in content
    for canary in CANARIES:
        assert canary not in content
    # Samarinda's head sees Samarinda's case E only.
    other = personas.client("other_head").get(URL, {"year": year})
    assert other.context["recap"].summary.cases == 1
    assert other.context["recap"].unit == personas.samarinda


def test_it_defaults_to_this_year(personas: Any) -> None:
    response = personas.client("head").get(URL)
    assert response.status_code == 200
    recap = response.context["recap"]
    assert recap.period.is_whole_year and recap.period.first[0] == at(2000, 1, 1).now(WITA).year


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1999"},
        {"year": "9999"},
        {"year": "2025", "month": "13"},
        {"month": "x"},
        {"year": ""},
    ],
)
def test_bad_input_gives_a_message_not_a_500(personas: Any, query: dict[str, str]) -> None:
    response = personas.client("head").get(URL, query)
    assert response.status_code == 200
    assert response.context["recap"] is None
    assert response.context["form"].errors


# 10 report queries (cases, victims, incidents, forms, services planned, and the services delivered: sessions,
# mediation sessions, police reports, shelter admissions, complaints received), 2 of empowerment and partners
# (victims who reached independence, partner response times: sigap.reports.outcomes) plus the shell's (session,
# user with membership and MFA device, nav, bell); measured, the same for 4 cases and for 44.
# PostgreSQL runs the report's reads in a savepoint with SET LOCAL jit = off and cursor_tuple_fraction = 1
# (SAVEPOINT, two SETs, RELEASE): four statements more than SQLite.
RECAP_QUERIES = {"sqlite": 14, "postgresql": 18}


def test_the_query_count_does_not_grow_with_the_cases(
    personas: Any, recap_data: RecapData, django_assert_num_queries: Any
) -> None:
    client = personas.client("head")
    query = {"year": recap_data.year}
    client.get(URL, query)  # warm the session and caches
    with django_assert_num_queries(RECAP_QUERIES[connection.vendor]):
        client.get(URL, query)
    bulk_victims(personas.kukar, personas["head"], count=40, opened=at(recap_data.year, 5, 5))
    with django_assert_num_queries(RECAP_QUERIES[connection.vendor]):
        response = client.get(URL, query)
    assert response.context["recap"].summary.cases == 44


def test_the_query_count_is_pinned(personas: Any, recap_data: RecapData, django_assert_num_queries: Any) -> None:
    client = personas.client("head")
    client.get(URL, {"year": recap_data.year})
    with django_assert_num_queries(RECAP_QUERIES[connection.vendor]) as captured:
        client.get(URL, {"year": recap_data.year})
    report = [q for q in captured.captured_queries if "cases_" in q["sql"] and "work_" not in q["sql"]]
    assert len(report) == 6, [q["sql"][:120] for q in report]  # the five of the case file, independence
    outcomes = [q for q in captured.captured_queries if "empowerment_outcomerecord" in q["sql"]]
    responses = [q for q in captured.captured_queries if "referrals_referral" in q["sql"]]
    assert len(outcomes) == 1 and len(responses) == 1
    sessions = [q for q in captured.captured_queries if "assistance_accompanimentsession" in q["sql"]]
    assert len(sessions) == 1, [q["sql"][:120] for q in sessions]


def test_the_csv_has_the_same_tables_and_is_audited(personas: Any, recap_data: RecapData) -> None:
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    response = personas.client("data_officer").get(URL, {"year": recap_data.year, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert "Cases;4" in lines and "Victims;5" in lines and "Cases with KDRT;2" in lines
    assert "Psychological;2" in lines and "Tenggarong;1" in lines
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("-seq").first()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1
    assert event is not None and event.object_type == "reports.unit_recap"
    assert event.unit == personas.kukar and event.actor == personas["data_officer"]
    assert event.new_values["from"] == f"{recap_data.year}-01" and event.new_values["rows"] == len(lines)
    for canary in CANARIES:
        assert canary not in text


def test_numbers_and_month_names_follow_the_indonesian_format(personas: Any, recap_data: RecapData) -> None:
    bulk_victims(personas.kukar, personas["head"], count=1000, opened=at(recap_data.year, 4, 4), consent=False)
    client = personas.client("head")
    with translation.override("id"):
        client.cookies["sigap_language"] = "id"
        content = client.get(URL, {"year": recap_data.year, "month": "4"}).content.decode()
    assert "1.000" in content and "April" in content
    assert "1.004" not in content  # only April's cases


def test_complaint_handling_counts_the_complaints_received_in_the_period(personas: Any) -> None:
    """Walk finding 14: "Pengaduan 0" although complaints were handled and a visit was made."""
    import datetime as dt

    from sigap.intake.tests.factories import make_complaint, make_in_state

    year = dt.datetime.now(tz=WITA).year
    period = Period.year(year, WITA)
    before = _table(unit_recap(unit=personas.kukar, period=period), "service_delivered").get("PENGADUAN", 0)
    make_in_state(personas, "PENJANGKAUAN")  # its outreach visit is part of handling it, not a second count
    make_complaint(personas)
    make_complaint(personas, received_at=dt.datetime(year - 1, 12, 31, 12, tzinfo=WITA))  # the previous year
    after = _table(unit_recap(unit=personas.kukar, period=period), "service_delivered")
    assert after.get("PENGADUAN", 0) - before == 2
    other = unit_recap(unit=personas.samarinda, period=period)
    assert "PENGADUAN" not in _table(other, "service_delivered")
    with translation.override("id"):
        page = personas.client("head").get(URL, {"year": year}).content.decode()
    assert "complaints received in the period" in page or "pengaduan yang diterima dalam periode" in page
