"""Hypothesis: no input to a mediation or health form gives a 500 (every bad value gets a message)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import strategies as st

from sigap.assistance.services.mediation import MediationOpenData, mediation_open
from sigap.assistance.tests.access_rules_mediation import _get
from sigap.assistance.tests.test_forms_fuzz import WHEN, _url
from sigap.cases.tests.casework_fuzz import TEXT, fuzz_post

pytestmark = pytest.mark.django_db

DAY = st.one_of(TEXT, st.sampled_from(["2026-01-04", "04/01/2026", "2099-01-01", "2026-02-30", ""]))
SPECIAL = {
    "matter": st.one_of(TEXT, st.sampled_from(["MAINTENANCE", "CUSTODY"])),
    "status": st.one_of(TEXT, st.sampled_from(["AGREEMENT", "NO_AGREEMENT", "STOPPED", "OPEN"])),
    "mediator_trained": st.sampled_from(["", "on", "x"]),
    "held_at": WHEN,
    "due": DAY,
    "referred_on": DAY,
    "requested_on": DAY,
    "done_on": DAY,
    "report_on": DAY,
}


def test_no_input_to_the_mediation_and_health_forms_gives_a_500(personas: Any) -> None:
    built = _get(personas)
    case, mediation, referral = built["case"], built["mediation"], built["referral"]
    clients = [personas.client("case_manager"), personas.client("head")]
    cm = personas["case_manager"]
    # A second, open mediation: its session and outcome forms reach the services, not the "already decided" refusal.
    still_open = mediation_open(
        actor=cm, case=case, data=MediationOpenData("CUSTODY", "Free.", cm, mediator_trained=True)
    )
    open_fields = ["matter", "free_decision_note", "mediator", "mediator_trained"]
    fuzz_post(_url("mediation_open", case_id=case.pk), open_fields, clients, SPECIAL)
    for target in (still_open, mediation):
        fuzz_post(_url("mediation_session", mediation_id=target.pk), ["held_at", "present", "notes"], clients, SPECIAL)
        fuzz_post(_url("mediation_outcome", mediation_id=target.pk), ["status", "note"], clients, SPECIAL)
    fuzz_post(_url("follow_up_add", mediation_id=mediation.pk), ["promise", "due"], clients, SPECIAL)
    fuzz_post(_url("health_list", case_id=case.pk), ["facility", "referred_on"], clients, SPECIAL)
    fuzz_post(_url("visum_update", referral_id=referral.pk), ["requested_on", "done_on", "report_on"], clients, SPECIAL)
