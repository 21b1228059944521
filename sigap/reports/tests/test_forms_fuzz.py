"""Hypothesis: no input to the report forms gives a 500 (bad years and months get a message)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXT = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "-1", "13", "2025", "2025-13", "2025-00", "2025-1", "0000-01", "9" * 30, "\x00", "<b>"]),
)
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

FORMS: dict[str, tuple[str, str, list[str]]] = {
    "unit_recap": ("reports:unit_recap", "head", ["year", "month", "format"]),
    "simfoni": ("reports:simfoni_export", "data_officer", ["from_month", "to_month", "download"]),
    "leadership": ("reports:leadership_recap", "leadership", ["year", "month", "format"]),
}


@pytest.fixture
def clients(personas: Any) -> dict[str, Any]:
    return {name: personas.client(name) for name in ("head", "data_officer", "leadership")}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_input_gives_a_500(form: str, clients: dict[str, Any]) -> None:
    url_name, persona, fields = FORMS[form]
    client = clients[persona]

    @FUZZ
    @given(st.fixed_dictionaries({}, optional={name: TEXT for name in fields}))
    def check(data: dict[str, str]) -> None:
        response = client.get(reverse(url_name), data)
        assert response.status_code == 200, (data, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)

    check()
