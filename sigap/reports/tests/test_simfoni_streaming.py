"""The SIMFONI export over a long range streams: constant queries (not one per row), chunked output."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.regions.models import District, Province, Regency, Village
from sigap.reports.tests.factories import at, bulk_victims, report_year

URL = reverse("reports:simfoni_export")
ROWS = 2_100


@pytest.fixture
def village() -> Village:
    province = Province.objects.create(code="64", name="Kalimantan Timur")
    regency = Regency.objects.create(code="64.02", province=province, name="Kutai Kartanegara")
    district = District.objects.create(code="64.02.06", regency=regency, name="Tenggarong")
    return Village.objects.create(
        code="64.02.06.2001", district=district, regency=regency, province=province, name="Desa Sintetis"
    )


# The export's own queries, its EXPORT event and the shell's; measured, the same for 3 rows and for 2,103
# (not one per row). PostgreSQL adds eight statements: the count and the streamed rows are each read in a
# savepoint with SET LOCAL jit = off and cursor_tuple_fraction = 1 (SAVEPOINT, two SETs, RELEASE), the rows
# through a server-side cursor (its DECLARE is counted, its fetches are not).
EXPORT_QUERIES = {"sqlite": 9, "postgresql": 17}


def _download(client: Any, query: dict[str, str]) -> tuple[Any, list[bytes]]:
    response = client.get(URL, {**query, "download": "1"})
    return response, list(response.streaming_content)


def test_a_long_range_is_streamed_with_a_constant_number_of_queries(
    personas: Any, village: Village, django_assert_num_queries: Any
) -> None:
    y = report_year()
    head, client = personas["head"], personas.client("data_officer")
    all_years = {"from_month": f"{y - 3}-01", "to_month": f"{y}-12"}
    bulk_victims(personas.kukar, head, count=3, opened=at(y - 2, 2, 2))
    _download(client, all_years)  # warm the session and the unit's audit chain head
    with django_assert_num_queries(EXPORT_QUERIES[connection.vendor]):
        small, _small_chunks = _download(client, all_years)
    bulk_victims(personas.kukar, head, count=ROWS, opened=at(y, 6, 6))
    with django_assert_num_queries(EXPORT_QUERIES[connection.vendor]):
        large, chunks = _download(client, all_years)

    assert small.streaming and large.streaming
    lines = b"".join(chunks).decode("utf-8").splitlines()
    assert len(lines) == 1 + ROWS + 3
    # Produced piece by piece (500 lines a chunk), never as one string.
    assert len(chunks) >= ROWS // 500
    assert max(len(chunk) for chunk in chunks) < 200_000
    assert all("Tenggarong" in line for line in lines[1:])


def test_the_export_and_the_recap_read_the_district_from_the_village_code(db: Any) -> None:
    """No join to ``regions_village`` per row: at 1M that join turned into a scan of every village for
    every row of a large export (docs/performance.md, finding 11)."""
    from sigap.cases.models.people import CasePerson, PersonRole
    from sigap.reports.recap import _victim_groups
    from sigap.reports.simfoni import export_rows

    victims = CasePerson.objects.filter(role=PersonRole.VICTIM)
    assert "regions_village" not in str(export_rows(victims).query)
    with CaptureQueriesContext(connection) as captured:
        list(_victim_groups(victims))
    assert captured.captured_queries
    assert all("regions_village" not in query["sql"] for query in captured.captured_queries)
