"""Reads of reference data kept by the process: the districts of a region (the case list's filter)."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.regions.models import District
from sigap.regions.services import RegionsLoadResult, regions_load


@pytest.fixture
def kaltim(db: None) -> RegionsLoadResult:
    return regions_load(province="64")


def test_districts_of_a_regency_and_a_province_are_read_once_per_process(
    kaltim: RegionsLoadResult, django_assert_num_queries: Any
) -> None:
    from sigap.regions.selectors import districts_of

    kukar = districts_of("64.02")
    assert ("64.02.06", "Tenggarong") in kukar
    assert [name for _code, name in kukar] == sorted(name for _code, name in kukar)
    province = districts_of("64")
    assert set(kukar) < set(province)
    with django_assert_num_queries(0):
        assert districts_of("64.02") == kukar


def test_districts_are_read_again_after_their_time(kaltim: RegionsLoadResult, monkeypatch: pytest.MonkeyPatch) -> None:
    from sigap.regions import selectors as region_selectors

    region_selectors.districts_of("64.02")
    monkeypatch.setattr(region_selectors, "DISTRICTS_TTL_SECONDS", 0)
    District.objects.filter(code="64.02.06").update(name="Tenggarong Baru")
    assert ("64.02.06", "Tenggarong Baru") in region_selectors.districts_of("64.02")
