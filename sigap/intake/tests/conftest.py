"""Fixtures of the complaint tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.utils import translation

from sigap.intake.tests.factories import ensure_reference


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Refusal messages are asserted in English (the msgids), whatever the Indonesian .po says."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_rate_limits() -> Any:
    """The public pages count attempts per IP in the cache: every test starts from zero."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def reference(db: None) -> None:
    ensure_reference()
