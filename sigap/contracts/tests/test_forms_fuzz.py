"""Hypothesis: no input to a contract form gives a 500 (every bad value gets a message, nothing is half-saved)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.contracts.models import Decision, FeeBasis, FundingSource
from sigap.contracts.tests.factories import contract, expert_profile

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "9" * 30, "1e9", "NaN", "\x00", "<b>", "2027-02-31", "0001-01-01", "9999-12-31"]),
)
SPECIAL = {
    "funding_source": st.one_of(TEXT, st.sampled_from(FundingSource.values)),
    "fee_basis": st.one_of(TEXT, st.sampled_from(FeeBasis.values)),
    "fiscal_year": st.one_of(TEXT, st.integers(-5, 99999).map(str)),
    "unit_price": st.one_of(TEXT, st.integers(-5, 10**20).map(str)),
    "amount": st.one_of(TEXT, st.integers(-5, 10**20).map(str)),
    "start": st.one_of(TEXT, st.dates().map(str)),
    "end": st.one_of(TEXT, st.dates().map(str)),
    "decision": st.one_of(TEXT, st.sampled_from(Decision.values)),
    **{
        f"rating_{c}": st.one_of(TEXT, st.integers(-2, 8).map(str))
        for c in ("quality", "timeliness", "attitude", "documentation")
    },
}
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CONTRACT_FIELDS = ["expert", "number", "post", "profession", "fiscal_year", "funding_source", "fee_basis",
                   "unit_price", "amount", "start", "end", "duties"]  # fmt: skip
DECISION_FIELDS = ["decision", "conditions", "reason", "notes", "rating_quality", "rating_timeliness",
                   "rating_attitude", "rating_documentation"]  # fmt: skip


@pytest.mark.parametrize("form", ["create", "decide"])
def test_no_form_input_gives_a_500(form: str, personas: Any) -> None:
    head = personas.client("head")
    if form == "create":
        expert_profile(personas)
        url, fields = reverse("contracts:contract_create"), CONTRACT_FIELDS
    else:
        period = contract(personas).periods.get()
        url, fields = reverse("contracts:period_evaluation", args=[period.pk]), DECISION_FIELDS

    @FUZZ
    @given(st.fixed_dictionaries({name: SPECIAL.get(name, TEXT) for name in fields}))
    def run(data: dict[str, str]) -> None:
        response = head.post(url, data)
        assert response.status_code in (200, 302), (form, data, response.status_code)

    run()
