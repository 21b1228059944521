"""Hypothesis: no input to a session form gives a 500 (every bad value gets a message)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import strategies as st

from sigap.assistance.services.session import session_plan
from sigap.assistance.tests.factories import plan_data, session_case
from sigap.assistance.views.session import HELD_FIELDS
from sigap.cases.tests.casework_fuzz import TEXT, fuzz_post

pytestmark = pytest.mark.django_db

WHEN = st.one_of(
    TEXT, st.sampled_from(["2027-01-04T09:00", "2027-01-04T08:00", "04/01/2027 10:00", "2027-13-01T99:99"])
)
SPECIAL = {
    "kind": st.one_of(TEXT, st.sampled_from(["COUNSELLING", "AT_POLICE", "OTHER"])),
    "place": st.one_of(TEXT, st.sampled_from(["UNIT_OFFICE", "ONLINE"])),
    "outcome": st.one_of(TEXT, st.sampled_from(["HELD", "NOT_HELD", "CANCELLED"])),
    "not_held_reason": st.one_of(TEXT, st.sampled_from(["VICTIM_ABSENT", "RESCHEDULED", "OTHER"])),
    "item_status": st.one_of(TEXT, st.sampled_from(["IN_PROGRESS", "DONE", "CANCELLED"])),
    "planned_start": WHEN,
    "planned_end": WHEN,
    "actual_start": WHEN,
    "actual_end": WHEN,
}
PLAN_FIELDS = [
    "kind",
    "plan_item",
    "planned_start",
    "planned_end",
    "place",
    "place_detail",
    "room",
    "experts",
    "staff",
]
RECORD_FIELDS = ["outcome", *HELD_FIELDS, "not_held_reason", "status_note", "override_reason"]


def _url(name: str, **kwargs: Any) -> Any:
    from django.urls import reverse

    return lambda: reverse(f"assistance:{name}", kwargs=kwargs)


def test_no_input_to_the_session_forms_gives_a_500(personas: Any) -> None:
    sc = session_case(personas)
    clients = [personas.client("expert"), personas.client("head")]
    fuzz_post(_url("session_plan", case_id=sc.case.pk), [*PLAN_FIELDS, "override_reason"], clients, SPECIAL)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(hours_from_now=-2))
    fuzz_post(_url("session_record", session_id=session.pk), RECORD_FIELDS, clients, SPECIAL)
    later = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data())
    fuzz_post(
        _url("session_reschedule", session_id=later.pk), ["planned_start", "planned_end", "note"], clients, SPECIAL
    )
    fuzz_post(_url("session_cancel", session_id=later.pk), ["note"], clients, SPECIAL)
