"""Hypothesis: no input to any complaint form, staff or public, gives a 500 (every bad value gets a message)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.core.models import RateLimitCounter
from sigap.intake.tests.factories import make_complaint, make_in_state

pytestmark = pytest.mark.usefixtures("reference")

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "0", "-1", "9" * 30, "AMPK", "KTA", "TINGGI", "RENDAH", "TELEPON", "KORBAN", "ANONIM", "on", "\x00", "<b>"]
    ),
)
SPECIAL = {
    "received_at": st.one_of(TEXT, st.sampled_from(["2026-01-01T10:00", "2999-01-01T10:00", "2026-13-40T99:99"])),
    "risk_criteria": st.lists(st.sampled_from(["SENJATA", "TIDAK_ADA_BAHAYA", "ANCAMAN", "X"]), max_size=3),
    "decision": st.sampled_from(["BUKA_KASUS", "DARURAT", "PENJANGKAUAN", "RUJUK_KELUAR", "TUTUP", "", "x"]),
    "close_reason": st.sampled_from(["", "LAINNYA", "DUPLIKAT", "TIDAK_DAPAT_DIHUBUNGI", "x"]),
    "kind": st.sampled_from(["TIDAK_DIANGKAT", "PESAN_TERKIRIM", "DIKUNJUNGI", "TERHUBUNG", "", "x"]),
    "attempted_at": st.one_of(
        TEXT, st.sampled_from(["2026-01-01T10:00", "2999-01-01T10:00", "1900-01-01T00:00", "2026-13-40T99:99"])
    ),
    "category_subtype": st.sampled_from(["", "AMPK_NAPZA", "KTA", "x"]),
    "jurisdiction": st.sampled_from(["UNIT_INI", "WILAYAH_LAIN", "", "x"]),
    "contact_calls": st.sampled_from(["", "TELEPON_BOLEH", "PESAN_SAJA", "TIDAK_LANGSUNG", "x"]),
    "same_p0": st.one_of(TEXT, st.just("new"), st.uuids().map(str)),
}
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

STAFF_FORMS: dict[str, tuple[str, list[str]]] = {
    "record": (
        "intake:complaint_create",
        [
            "channel",
            "received_at",
            "reporter_type",
            "reporter_name",
            "reporter_phone",
            "reporter_relationship",
            "contact_consent",
            "contact_instructions",
            "contact_calls",
            "person_1_name",
            "person_1_age",
            "person_1_sex",
            "person_1_role",
            "account",
            "risk_level",
        ],
    ),
    "triage": (
        "intake:complaint_triage",
        ["category", "category_subtype", "risk_level", "risk_criteria", "risk_note", "jurisdiction", "transfer_to"],
    ),
    "decide": ("intake:complaint_decide", ["decision", "close_reason", "note", "same_p0", "same_reporter"]),
    "assign": ("intake:complaint_assign", ["handler"]),
    "contact": ("intake:complaint_contact_attempt", ["kind", "attempted_at", "note"]),
    "settings": ("intake:intake_settings", ["high_risk_minutes", "medium_risk_hours", "low_risk_working_days"]),
}
PUBLIC_FORMS: dict[str, tuple[str, list[str]]] = {
    "report": (
        "lapor:report",
        [
            "unit",
            "reporter_type",
            "in_danger",
            "account",
            "victim_name",
            "victim_age",
            "victim_sex",
            "reporter_name",
            "reporter_relationship",
            "contact_consent",
            "reporter_phone",
            "contact_instructions",
            "contact_calls",
            "website",
        ],
    ),
    "status": ("lapor:status", ["code"]),
}


@pytest.fixture
def setup(personas: Any) -> dict[str, Any]:
    from sigap.cases.tests.factories import make_case, victim_data
    from sigap.intake.tests.factories import VICTIM_CANARY, triaged

    # A known person of the unit with the complaint victim's name: the decision page asks "new or same?".
    make_case(personas, victim=victim_data(name=VICTIM_CANARY, estimated_age=15, phone=""))
    return {
        "queued": make_complaint(personas),
        "identification": make_in_state(personas, "IDENTIFIKASI"),
        "triaged": triaged(personas, make_in_state(personas, "IDENTIFIKASI")),
        "head": personas.client("head"),
        "intake": personas.client("intake"),
    }


@pytest.mark.parametrize("form", sorted(STAFF_FORMS))
def test_no_staff_form_input_gives_a_500(form: str, setup: dict[str, Any]) -> None:
    url_name, fields = STAFF_FORMS[form]

    @FUZZ
    @given(st.fixed_dictionaries({name: SPECIAL.get(name, TEXT) for name in fields}))
    def run(data: dict[str, Any]) -> None:
        if form in ("record", "settings"):
            urls = [reverse(url_name)]
        else:
            keys = ("queued", "identification", "triaged")
            urls = [reverse(url_name, kwargs={"complaint_id": setup[key].pk}) for key in keys]
        for url in urls:
            for client in (setup["head"], setup["intake"]):
                response = client.post(url, data)
                assert response.status_code in (200, 302, 403, 404), (form, data, response.status_code)

    run()


@pytest.mark.parametrize("form", sorted(PUBLIC_FORMS))
def test_no_public_form_input_gives_a_500(form: str, personas: Any) -> None:
    url_name, fields = PUBLIC_FORMS[form]
    special = {**SPECIAL, "unit": st.sampled_from([str(personas.kukar.pk), "", "x", "999999"])}

    @FUZZ
    @given(st.fixed_dictionaries({name: special.get(name, TEXT) for name in fields}))
    def run(data: dict[str, Any]) -> None:
        RateLimitCounter.objects.all().delete()  # the rate limit is tested elsewhere
        response = Client().post(reverse(url_name), data)
        assert response.status_code in (200, 303, 429), (form, data, response.status_code)

    run()
