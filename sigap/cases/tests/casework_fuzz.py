"""Hypothesis helper of the casework tests: no input to a casework form gives a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "9" * 30,
            "2024-02-30",
            "2999-01-01",
            "1850-01-01",
            "FISIK",
            "PERKOSAAN",
            "MEDIASI",
            "SERVICES",
            "SHARING",
            "HEAD_OVERRIDE",
            "VERBAL",
            "approve",
            "return",
            "CANCELLED",
            "\x00",
            "<b>",
        ]
    ),
)
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def fuzz_post(
    url_for: Callable[[], str], fields: list[str], clients: list[Client], special: dict[str, Any] | None = None
) -> None:
    """POST random values of ``fields`` as each client; only 200/302/403/404 are acceptable."""
    strategies = {name: (special or {}).get(name, st.one_of(TEXT, st.lists(TEXT, max_size=3))) for name in fields}

    @FUZZ
    @given(st.fixed_dictionaries(strategies))
    def run(data: dict[str, Any]) -> None:
        url = url_for()
        for client in clients:
            response = client.post(url, data)
            assert response.status_code in (200, 302, 403, 404), (url, data, response.status_code)

    run()


def url(name: str, **kwargs: Any) -> Callable[[], str]:
    return lambda: reverse(f"cases:{name}", kwargs=kwargs)
