"""DATA-02: nothing a person said is stored in plaintext; the registry classifies every field."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from sigap.core.classification import problems
from sigap.intake.models import Complaint
from sigap.intake.services.complaint import complaint_triage
from sigap.intake.services.decision import complaint_decide
from sigap.intake.services.public import complaint_submit_public
from sigap.intake.tests.factories import ACCOUNT_CANARY, CONTACT_CANARY, REPORTER_CANARY, VICTIM_CANARY, make_complaint

pytestmark = pytest.mark.usefixtures("reference")

NOTE_CANARY = "CANARY-NOTE transfer to the aunt"
RISK_CANARY = "CANARY-RISK he has a machete"


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Complaint._meta.db_table}")  # noqa: S608 - table name from the model
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM intake_complaintstatechange")
        rows += cursor.fetchall()
        cursor.execute("SELECT changed_fields, old_values, new_values, reason FROM audit_auditevent")
        rows += cursor.fetchall()
        cursor.execute("SELECT title_key FROM work_workitem")
        rows += cursor.fetchall()
    return repr(rows)


def test_no_plaintext_in_the_raw_database(personas: Any) -> None:
    complaint = make_complaint(personas)
    complaint = complaint_triage(
        actor=personas["intake"],
        complaint=complaint,
        category="KTA",
        risk_level="TINGGI",
        risk_criteria=["SENJATA"],
        risk_note=RISK_CANARY,
        jurisdiction="WILAYAH_LAIN",
        transfer_to=NOTE_CANARY,
    )
    complaint_decide(actor=personas["intake"], complaint=complaint, decision="RUJUK_KELUAR", note=NOTE_CANARY)
    _web, code = complaint_submit_public(
        unit=personas.kukar, reporter_type="KORBAN", account=ACCOUNT_CANARY, reporter_name=REPORTER_CANARY
    )
    raw = _raw_rows()
    for canary in (ACCOUNT_CANARY, VICTIM_CANARY, REPORTER_CANARY, CONTACT_CANARY, NOTE_CANARY, RISK_CANARY, code):
        assert canary not in raw, canary
    assert "Canary" not in raw and "CANARY" not in raw
    # The ORM still reads everything back.
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.account == ACCOUNT_CANARY and stored.people[0]["name"] == VICTIM_CANARY


def test_every_field_is_classified() -> None:
    assert [p for p in problems() if p.startswith("intake.")] == []
