"""Hypothesis: no input to any expert form gives a 500 (every bad value gets a message)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.experts.models import CredentialEndReason, CredentialKind, Profession
from sigap.experts.tests.factories import credential, profile

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "9" * 30, "on", "P", "L", "\x00", "<b>", "2026-02-31", "0001-01-01", "9999-12-31"]),
)
SPECIAL = {
    "profession": st.one_of(TEXT, st.sampled_from(Profession.values)),
    "sex": st.one_of(TEXT, st.sampled_from(["P", "L"])),
    "kind": st.one_of(TEXT, st.sampled_from(CredentialKind.values)),
    "reason": st.one_of(TEXT, st.sampled_from(CredentialEndReason.values)),
    "valid_from": st.one_of(TEXT, st.dates().map(str)),
    "valid_until": st.one_of(TEXT, st.dates().map(str)),
}
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

FORMS: dict[str, tuple[str, list[str]]] = {
    "edit": ("experts:expert_edit", ["profession", "sex", "available", "notes"]),
    "credential": ("experts:credential_add", ["kind", "number", "issuer", "valid_from", "valid_until"]),
    "end": ("experts:credential_end", ["reason"]),
    "list": ("experts:expert_list", ["page"]),
}


@pytest.fixture
def setup(personas: Any) -> dict[str, Any]:
    strpk = credential(personas, profile(personas, personas["expert"]), CredentialKind.STRPK)
    return {"credential": strpk, "head": personas.client("head"), "admin": personas.client("admin")}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_form_input_gives_a_500(form: str, setup: dict[str, Any], personas: Any) -> None:
    url_name, fields = FORMS[form]
    kwargs: dict[str, Any] = {}
    if form != "list":
        kwargs["user_id"] = personas["expert"].pk
    if form == "end":
        kwargs["credential_id"] = setup["credential"].pk
    url = reverse(url_name, kwargs=kwargs)

    @FUZZ
    @given(st.fixed_dictionaries({name: SPECIAL.get(name, TEXT) for name in fields}))
    def run(data: dict[str, str]) -> None:
        for client in (setup["head"], setup["admin"]):
            response = client.get(url, data) if form == "list" else client.post(url, data)
            assert response.status_code in (200, 302), (form, data, response.status_code)

    run()
