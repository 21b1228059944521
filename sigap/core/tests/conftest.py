"""Fixtures of the core tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_counted_csp_reports() -> None:
    """The repeat counters of CSP reports live in the process-wide cache: each test starts without them."""
    cache.clear()
