"""Hypothesis: no input to a referral-in or transfer form gives a 500 (every bad value gets a message)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.referrals.services.transfer.send import Receiver, transfer_propose
from sigap.referrals.tests.transfer_steps import case_with_victim

pytestmark = pytest.mark.django_db

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "9" * 30, "SEDANG", "KORBAN", "URGENT", "POLICE", "on", "\x00", "<b>", "x" * 300]),
)
DATES = st.one_of(TEXT, st.sampled_from(["2026-01-01", "2999-01-01", "1900-01-01", "2026-13-40"]))
SPECIAL: dict[str, Any] = {
    "letter_date": DATES,
    "received_at": st.one_of(TEXT, st.sampled_from(["2026-01-01T10:00", "2999-01-01T10:00", "2026-13-40T99:99"])),
    "services": st.lists(st.sampled_from(["A_PENGADUAN", "x", ""]), max_size=3),
    "partner_kind": st.sampled_from([*["POLICE", "UPTD_PPA", "OTHER"], "", "x"]),
    "risk_level": st.sampled_from(["RENDAH", "SEDANG", "TINGGI", "", "x"]),
    "contact_calls": st.sampled_from(["", "TELEPON_BOLEH", "x"]),
    "person_1_age": st.one_of(TEXT, st.sampled_from(["15", "200"])),
}
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
INCOMING = [
    "partner", "partner_name", "partner_kind", "reference", "letter_date", "received_at", "needs_summary", "services",
    "urgency", "risk_level", "contact_name", "reporter_phone", "contact_instructions", "contact_calls",
    "person_1_name", "person_1_age", "person_1_sex", "person_1_role",
]  # fmt: skip
TRANSFER = ["receiving_unit", "receiving_name", "receiving_region_code", "reason"]


def _check(response: Any, data: Any) -> None:
    assert response.status_code in (200, 302, 403, 404), (data, response.status_code)


def test_no_incoming_referral_input_gives_a_500(personas: Any) -> None:
    case_with_victim(personas)  # loads the reference lists
    clients = [personas.client("intake"), personas.client("head")]
    special = {**SPECIAL, "partner": st.sampled_from(["", "x", "999999"])}

    @FUZZ
    @given(st.fixed_dictionaries({name: special.get(name, TEXT) for name in INCOMING}))
    def run(data: dict[str, Any]) -> None:
        for client in clients:
            _check(client.post(reverse("referrals:incoming_create"), data), data)

    run()


def test_no_transfer_input_gives_a_500(personas: Any) -> None:
    case = case_with_victim(personas)
    clients = [personas.client("case_manager"), personas.client("head")]
    special = {"receiving_unit": st.sampled_from(["", "x", str(personas.samarinda.pk), str(personas.kukar.pk)])}

    @FUZZ
    @given(st.fixed_dictionaries({name: special.get(name, TEXT) for name in TRANSFER}))
    def run(data: dict[str, Any]) -> None:
        for client in clients:
            _check(client.post(reverse("referrals:transfer_start", kwargs={"case_id": case.pk}), data), data)

    run()


def test_no_send_back_input_gives_a_500(personas: Any) -> None:
    case = case_with_victim(personas)
    transfer = transfer_propose(
        actor=personas["case_manager"], case=case, receiver=Receiver(name="UPTD PPA Kota Balikpapan"), reason="x"
    )
    head = personas.client("head")

    @FUZZ
    @given(st.fixed_dictionaries({"note": TEXT}))
    def run(data: dict[str, Any]) -> None:
        _check(head.post(reverse("referrals:transfer_send_back", kwargs={"transfer_id": transfer.pk}), data), data)

    run()


def test_no_package_upload_gives_a_500(personas: Any) -> None:
    intake = personas.client("intake")

    @FUZZ
    @given(content=st.binary(max_size=300), password=TEXT, name=st.sampled_from(["p.xlsx", "p.pdf", "", "x"]))
    def run(content: bytes, password: str, name: str) -> None:
        data: dict[str, Any] = {"password": password}
        if name:
            data["package"] = SimpleUploadedFile(name, content)
        _check(intake.post(reverse("referrals:package_import"), data), (content[:20], password))

    run()
