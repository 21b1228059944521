"""Fixtures of the case tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case


@pytest.fixture
def new_case(personas: Any) -> Callable[..., Case]:
    def build(**kwargs: Any) -> Case:
        return make_case(personas, **kwargs)

    return build


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Any:
    """Refusal messages and pages are asserted in English (the msgids), whatever the Indonesian .po says.

    The language middleware falls back to ``LANGUAGE_CODE`` for a client without the language cookie.
    """
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
