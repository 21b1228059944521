"""Hypothesis: no input to the shelter forms gives a 500 (every bad value gets a message)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from sigap.assistance.tests.shelter_steps import admit, placed_case, shelter
from sigap.cases.tests.casework_fuzz import TEXT, fuzz_post

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: Any) -> Any:
    return lambda: reverse(f"assistance:{name}", kwargs=kwargs)


def test_no_input_to_the_admission_form_gives_a_500(personas: Any) -> None:
    beds, pc = shelter(personas), placed_case(personas)
    ids = [str(b.pk) for b in (*beds.women, *beds.family)]
    special = {
        "victim": st.one_of(TEXT, st.sampled_from([str(pc.victim.pk), str(pc.child.pk), "0"])),
        "bed": st.one_of(TEXT, st.sampled_from(ids)),
        f"child_{pc.child.pk}": st.one_of(TEXT, st.sampled_from(["", *ids])),
        "criteria": st.one_of(TEXT, st.lists(st.sampled_from(["LIFE_THREATENED", "WITNESS", "NOPE"]), max_size=3)),
        "planned_until": st.one_of(TEXT, st.sampled_from(["2026-12-10", "31/12/2099", "2026-02-30"])),
    }
    fields = ["victim", "bed", f"child_{pc.child.pk}", "criteria", "criteria_reason", "planned_until"]
    clients = [personas.client("case_manager"), personas.client("head")]
    fuzz_post(_url("shelter_admit", case_id=pc.case.pk), fields, clients, special)


def test_no_input_to_the_discharge_and_management_forms_gives_a_500(personas: Any) -> None:
    beds, pc = shelter(personas), placed_case(personas)
    stay = admit(personas, pc, beds.women[0])
    onward = {"onward": st.one_of(TEXT, st.sampled_from(["OTHER", "FAMILY"]))}
    fuzz_post(_url("shelter_discharge", stay_id=stay.pk), ["onward", "note"], [personas.client("case_manager")], onward)
    head = personas.client("head")
    room = {"takes": st.one_of(TEXT, st.sampled_from(["F", "ANY"])), "min_age": TEXT, "max_age": TEXT}
    fuzz_post(
        _url("shelter_room_add", shelter_id=beds.shelter.pk), ["name", "takes", "min_age", "max_age"], [head], room
    )
    room_url = _url("shelter_room_edit", room_id=beds.women[1].room_id)
    fuzz_post(room_url, ["name", "takes", "min_age", "max_age", "active"], [head], room)
    owner = {"owner": st.one_of(TEXT, st.sampled_from(["OWN", "PARTNER"]))}
    fields = ["name", "owner", "active", "address", "phone"]
    fuzz_post(_url("shelter_edit", shelter_id=beds.shelter.pk), fields, [head, personas.client("admin")], owner)
