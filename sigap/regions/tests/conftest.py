from __future__ import annotations

import pytest

from sigap.regions.services import RegionsLoadResult, regions_load


@pytest.fixture
def kaltim(db: None) -> RegionsLoadResult:
    """Kalimantan Timur only (province 64: Kukar 64.02, Samarinda 64.72), from the shipped files."""
    return regions_load(province="64")


@pytest.fixture(autouse=True)
def _english(settings: object) -> None:
    """These tests read the English texts; the Indonesian default is tested in sigap/core/tests/test_i18n.py."""
    settings.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]
