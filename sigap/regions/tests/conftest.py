from __future__ import annotations

import pytest

from sigap.regions.services import RegionsLoadResult, regions_load


@pytest.fixture
def kaltim(db: None) -> RegionsLoadResult:
    """Kalimantan Timur only (province 64: Kukar 64.02, Samarinda 64.72), from the shipped files."""
    return regions_load(province="64")
