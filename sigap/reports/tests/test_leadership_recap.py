"""The leadership recap: aggregates of the overseen units only, small cells suppressed on the page and
in the CSV, never a case number, fixed query count, CSV audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import login_verified, make_user
from sigap.accounts.models import Role, Unit
from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.models.incident import Incident
from sigap.reports.leadership import leadership_recap
from sigap.reports.periods import Period
from sigap.reports.selectors import units_overseen_by
from sigap.reports.tests.factories import CANARIES, WITA, RecapData, at, bulk_victims

URL = reverse("reports:leadership_recap")


@pytest.fixture
def province(personas: Any, recap_data: RecapData) -> dict[str, Any]:
    """Kukar: the hand-made year plus 20 adult KDRT victims; Samarinda: 10 cases, 5 of them closed after
    10, 20, 30, 40 and 50 days, 6 KDRT; the province's leader oversees both (and Makassar is elsewhere)."""
    y = recap_data.year
    kaltim = Unit.objects.create(
        name="UPTD PPA Provinsi Kalimantan Timur", region_code="64", case_number_prefix="PPA-KALTIM", level="PROVINCE"
    )
    makassar = Unit.objects.create(name="UPTD PPA Kota Makassar", region_code="73.71", case_number_prefix="PPA-MKS")
    bulk_victims(personas.kukar, personas["head"], count=20, opened=at(y, 5, 5))
    bulk_victims(personas.samarinda, personas["other_head"], count=10, opened=at(y, 4, 1))
    bulk_victims(makassar, personas["other_head"], count=7, opened=at(y, 4, 1))
    samarinda_cases = list(Case.objects.filter(unit=personas.samarinda, number__startswith="BULK").order_by("number"))
    for days, case in zip((10, 20, 30, 40, 50), samarinda_cases, strict=False):
        Case.objects.filter(pk=case.pk).update(
            state=CaseState.TERMINASI, closure_reason="TUJUAN_TERCAPAI", closed_at=case.opened_at + dt.timedelta(days)
        )
    # Four of the open ones are not KDRT: with case E that makes 5 non-KDRT cases of 11.
    Incident.objects.filter(case__in=samarinda_cases[5:9]).update(is_kdrt=False)
    leader = make_user("lead_kaltim", kaltim, Role.LEADERSHIP)
    return {"leader": leader, "unit": kaltim, "year": y}


def _line(recap: Any, prefix_name: str) -> Any:
    return next(line for line in recap.lines if line.name == prefix_name)


def test_figures_per_unit_with_small_cells_suppressed(personas: Any, province: dict[str, Any]) -> None:
    units = units_overseen_by(province["leader"])
    recap = leadership_recap(units=units, period=Period.year(province["year"], WITA))
    assert [line.name for line in recap.lines] == [
        "UPTD PPA Provinsi Kalimantan Timur",
        "UPTD PPA Kabupaten Kutai Kartanegara",
        "UPTD PPA Kota Samarinda",
    ]
    kukar = _line(recap, personas.kukar.name)
    # 24 cases (A, C, D, G + 20); 23 open and 1 closed (both hidden: the 24 would give the 1 back);
    # 22 KDRT, so 2 without: the share is hidden.
    assert [str(c) for c in (kukar.cases, kukar.open, kukar.closed, kukar.kdrt_share)] == ["24", "—", "—", "—"]
    # 24 female and 1 male victims; 1 child (C1), 22 adults, 2 without an incident.
    assert [str(c) for c in (kukar.female, kukar.male, kukar.children, kukar.adults)] == ["—", "—", "—", "—"]
    assert str(kukar.median_days) == "—" and kukar.median_days.hidden
    samarinda = _line(recap, personas.samarinda.name)
    # Case E (no incident) plus 10 bulk cases: 11 cases, 6 open, 5 closed after 10…50 days (median 30).
    assert [str(c) for c in (samarinda.cases, samarinda.open, samarinda.closed)] == ["11", "6", "5"]
    assert str(samarinda.median_days) == "30.0"
    assert str(samarinda.kdrt_share) == "54.5 %"  # 6 of 11
    assert [str(c) for c in (samarinda.female, samarinda.male, samarinda.children, samarinda.adults)] == [
        "11",
        "0",
        "0",
        "10",
    ]
    province_line = _line(recap, "UPTD PPA Provinsi Kalimantan Timur")
    assert str(province_line.cases) == "0" and str(province_line.kdrt_share) == "—"
    # Across the overseen units (Makassar's 7 are not among them): physical 1 + 20 + 10, psychological 2, sexual 1.
    assert [(f.label, str(f.victims)) for f in recap.forms] == [
        ("Physical", "31"),
        ("Psychological", "<5"),
        ("Sexual", "<5"),
    ]


def test_the_page_and_the_csv_show_the_same_suppressed_figures(personas: Any, province: dict[str, Any]) -> None:
    client = Client()
    login_verified(client, province["leader"])
    query = {"year": province["year"]}
    page = client.get(URL, query)
    assert page.status_code == 200
    content = page.content.decode()
    assert "&lt;5" in content and "Counts from 1 to 4 are shown as &lt;5" in content
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    response = client.get(URL, {**query, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    # The last two: victims who reached independence, the median days to it (no follow-up recorded here).
    assert f"{personas.kukar.name};64.02;24;—;—;—;—;—;—;—;—;0;—" in text.splitlines()
    assert f"{personas.samarinda.name};64.72;11;6;5;54.5 %;30.0;11;0;0;10;0;—" in text.splitlines()
    # Never a case, a person or a case number.
    for case in Case.objects.all():
        assert case.number not in text and case.number not in content
    for canary in CANARIES:
        assert canary not in text and canary not in content
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("-seq").first()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1
    assert event is not None and event.object_type == "reports.leadership_recap" and event.unit == province["unit"]
    assert event.new_values == {"from": f"{province['year']}-01", "to": f"{province['year']}-12", "rows": 3}


def test_whole_years_only_a_month_in_the_query_is_ignored(personas: Any, province: dict[str, Any]) -> None:
    """A year minus its months would give a suppressed month back, so leaders get whole years."""
    client = Client()
    login_verified(client, province["leader"])
    whole = client.get(URL, {"year": province["year"]})
    asked_month = client.get(URL, {"year": province["year"], "month": 4})
    assert "month" not in whole.context["form"].fields
    assert asked_month.context["recap"].period == whole.context["recap"].period
    assert asked_month.context["recap"].period.label() == whole.context["recap"].period.label()
    assert [str(line.cases) for line in asked_month.context["recap"].lines] == [
        str(line.cases) for line in whole.context["recap"].lines
    ]
    assert 'name="month"' not in asked_month.content.decode()


def test_a_regency_leader_sees_only_their_unit(personas: Any, province: dict[str, Any]) -> None:
    response = personas.client("leadership").get(URL, {"year": province["year"]})
    assert [line.name for line in response.context["recap"].lines] == [personas.kukar.name]


# The period's cases into a temporary table, the four readers of it, and the shell's; measured, the same
# for a regency leader's one unit and for a national leader's every unit. PostgreSQL adds six statements:
# the reads run in a savepoint with SET LOCAL jit = off and cursor_tuple_fraction = 1 (SAVEPOINT, two SETs,
# RELEASE), and the temporary table is made in a nested savepoint (SAVEPOINT, RELEASE), analysed (ANALYZE)
# and dropped on commit, where SQLite drops it with a DROP TABLE of its own. One more: the victims who reached
# independence (sigap.reports.outcomes, by the day of the first "independent" record, not the period's cases).
LEADERSHIP_QUERIES = {"sqlite": 10, "postgresql": 16}


def test_the_query_count_does_not_grow_with_units_or_cases(
    personas: Any, recap_data: RecapData, django_assert_num_queries: Any
) -> None:
    client = personas.client("leadership")
    query = {"year": recap_data.year}
    client.get(URL, query)
    with django_assert_num_queries(LEADERSHIP_QUERIES[connection.vendor]):
        client.get(URL, query)
    national = Unit.objects.create(
        name="Sintetis Nasional", region_code="00", case_number_prefix="NAS", level="NATIONAL"
    )
    for n in range(5):
        unit = Unit.objects.create(name=f"Unit {n}", region_code=f"65.{n + 1:02d}", case_number_prefix=f"U-{n}")
        bulk_victims(unit, personas["head"], count=6, opened=at(recap_data.year, 3, 3))
    leader = make_user("lead_national", national, Role.LEADERSHIP)
    big = Client()
    login_verified(big, leader)
    big.get(URL, query)
    with django_assert_num_queries(LEADERSHIP_QUERIES[connection.vendor]) as large:
        response = big.get(URL, query)
    assert len(response.context["recap"].lines) == Unit.objects.count()
    sqls = [q["sql"] for q in large.captured_queries]
    # The period's cases go into a temporary table once; the cases, victims, medians and forms queries
    # read it (none of them runs the period filter again).
    assert len([sql for sql in sqls if sql.startswith("CREATE TEMPORARY TABLE")]) == 1
    readers = [sql for sql in sqls if sql.startswith("SELECT") and "report_cases_" in sql]
    assert len(readers) == 4
    assert not any("intake_complaint" in sql for sql in readers)
