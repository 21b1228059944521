"""Fixtures of the complaint tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sigap.intake.tests.factories import ensure_reference


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Refusal messages are asserted in English (the msgids), whatever the Indonesian .po says."""
    with translation.override("en"):
        yield


@pytest.fixture
def reference(db: None) -> None:
    ensure_reference()
