"""Fixtures of the report tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sigap.reports.tests.factories import RecapData, recap_year


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Any:
    """Pages and files are asserted in English (the msgids); one test checks the Indonesian format."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def recap_data(personas: Any) -> RecapData:
    return recap_year(personas)
