"""Hypothesis: no input to any case form gives a 500 (every bad value gets a message)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.cases.tests.factories import make_case, victim_data

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "9" * 30, "AMPK", "KTP", "VICTIM", "TINGGI", "6402014507100001", "\x00", "<b>"]),
)
SPECIAL = {
    "step": st.sampled_from(["search", "link", "create", "", "x"]),
    "action": st.one_of(TEXT, st.sampled_from(["start_assessment", "approve_closure", "revise_plan"])),
    "team_role": st.one_of(TEXT, st.sampled_from(["EXPERT", "CASE_MANAGER"])),
    "contact_calls": st.one_of(TEXT, st.sampled_from(["TELEPON_BOLEH", "PESAN_SAJA", "TIDAK_LANGSUNG"])),
}
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

FORMS: dict[str, tuple[str, list[str]]] = {
    "open": (
        "cases:case_open",
        ["category", "category_subtype", "risk_level", "complaint_ref", "case_manager", "restricted"],
    ),
    "list": ("cases:case_list", ["find-name", "find-birth_year", "find-nik", "find-phone"]),
    "closure": ("cases:case_request_closure", ["reason", "summary"]),
    "reopen": ("cases:case_reopen", ["reason", "note"]),
    "edit": ("cases:case_edit", ["category", "category_subtype", "risk_level", "restricted"]),
    "contact_rule": ("cases:case_contact_rule", ["contact_calls", "contact_rule"]),
    "team": ("cases:case_team", ["user", "team_role", "member"]),
    "person": (
        "cases:case_person_add",
        [
            "step",
            # The search and the new-person forms are prefixed; the link form is not.
            "search-role",
            "search-name",
            "search-birth_year",
            "search-nik",
            "search-phone",
            "person-role",
            "person-name",
            "person-birth_date",
            "person-estimated_age",
            "person-nik",
            "person-phone",
            "person-sex",
            "person-village",
            "person-education",
            "person-disabilities",
            "role",
            "relationship",
            "person",
        ],
    ),
    "note": ("cases:case_note_create", ["body", "confidentiality"]),
    "step": ("cases:case_transition", ["action"]),
    "break_glass": ("cases:case_break_glass", ["reason"]),
}


@pytest.fixture
def setup(personas: Any) -> dict[str, Any]:
    case = make_case(personas, victim=victim_data())
    restricted = make_case(personas, restricted=True)
    return {
        "case": case,
        "restricted": restricted,
        "head": personas.client("head"),
        "manager": personas.client("case_manager"),
    }


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_form_input_gives_a_500(form: str, setup: dict[str, Any]) -> None:
    url_name, fields = FORMS[form]

    @FUZZ
    @given(st.fixed_dictionaries({name: SPECIAL.get(name, TEXT) for name in fields}))
    def run(data: dict[str, str]) -> None:
        if url_name in ("cases:case_open", "cases:case_list"):
            url = reverse(url_name)
        else:
            target = setup["restricted"] if form == "break_glass" else setup["case"]
            url = reverse(url_name, kwargs={"case_id": target.pk})
        for client in (setup["head"], setup["manager"]):
            response = client.post(url, data)
            assert response.status_code in (200, 302, 403, 404), (form, data, response.status_code)

    run()
