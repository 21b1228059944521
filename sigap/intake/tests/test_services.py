"""Services of the complaints app: recording, every transition and its guards, the hand-off to a case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.intake.kinds import COMPLAINT_RESPONSE
from sigap.intake.models import Complaint, ComplaintState, ComplaintStateChange, Decision, Jurisdiction
from sigap.intake.services.complaint import ComplaintRefused, PersonEntry, complaint_record, complaint_take
from sigap.intake.services.decision import (
    complaint_assign,
    complaint_decide,
    complaint_outreach_done,
    intake_settings_update,
)
from sigap.intake.tests.factories import ACCOUNT_CANARY, make_complaint, make_in_state, triaged
from sigap.work.models import WorkItem

pytestmark = pytest.mark.usefixtures("reference")


def _clock(complaint: Complaint) -> WorkItem:
    return WorkItem.objects.get(kind=COMPLAINT_RESPONSE, object_id=str(complaint.pk))


# --- recording -------------------------------------------------------------------------------------


def test_it_records_a_complaint_with_a_ticket_number_and_a_clock(personas: Any) -> None:
    complaint = make_complaint(personas)
    year = timezone.localtime(complaint.received_at, personas.kukar.zone).year
    assert complaint.number == f"ADU/{year}/0001"
    assert complaint.state == ComplaintState.ADUAN_MASUK
    assert complaint.recorded_by == personas["intake"]
    assert complaint.handler == personas["intake"]
    item = _clock(complaint)
    assert item.state == WorkItem.State.OPEN
    assert item.responsible == personas["intake"]
    assert item.title_key == complaint.number
    assert complaint.response_due_at == item.due_at
    assert ComplaintStateChange.objects.filter(complaint=complaint, to_state="ADUAN_MASUK").count() == 1
    event = AuditEvent.objects.get(object_id=str(complaint.pk), action="CREATE")
    assert "account" in event.changed_fields
    assert "account" not in event.new_values  # personal values never reach the trail
    assert event.new_values["number"] == complaint.number


def test_it_numbers_per_unit_and_year(personas: Any) -> None:
    first = make_complaint(personas)
    second = make_complaint(personas)
    other = make_complaint(personas, actor="other_head")
    assert second.sequence == first.sequence + 1
    assert other.unit == personas.samarinda and other.sequence == 1


def test_it_keeps_no_reporter_identity_when_anonymous(personas: Any) -> None:
    complaint = make_complaint(personas, reporter_type="ANONIM")
    assert complaint.reporter_name is None and complaint.reporter_phone is None
    assert complaint.reporter_relationship is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("channel", "NOPE", "Choose the channel from the list."),
        ("reporter_type", "X", "Choose who reported."),
        ("risk_level", "HUGE", "Choose a first risk estimate."),
        ("account", "   ", "Write a short account of what happened."),
    ],
)
def test_it_refuses_bad_recordings(personas: Any, field: str, value: str, message: str) -> None:
    values: dict[str, Any] = {
        "actor": personas["intake"],
        "channel": "TELEPON",
        "received_at": timezone.now(),
        "reporter_type": "KORBAN",
        "account": "Something happened.",
        "risk_level": "RENDAH",
    }
    values[field] = value
    with pytest.raises(ComplaintRefused) as refused:
        complaint_record(**values)
    assert message in refused.value.messages
    assert not Complaint.objects.exists()


def test_it_refuses_a_future_receipt_and_bad_people(personas: Any) -> None:
    base = {"actor": personas["intake"], "channel": "TELEPON", "reporter_type": "KORBAN", "account": "x"}
    with pytest.raises(ComplaintRefused):
        complaint_record(**base, risk_level="RENDAH", received_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(ComplaintRefused):
        complaint_record(
            **base, risk_level="RENDAH", received_at=timezone.now(), people=[PersonEntry(name="A", age=300)]
        )


@pytest.mark.parametrize("persona", ["case_manager", "expert", "admin", "data_officer", "partner"])
def test_only_intake_and_head_record(personas: Any, persona: str) -> None:
    with pytest.raises(ComplaintRefused):
        make_complaint(personas, actor=persona)


# --- first response and triage -----------------------------------------------------------------


def test_taking_records_the_first_response_and_stops_the_clock(personas: Any) -> None:
    complaint = make_complaint(personas)
    complaint = complaint_take(actor=personas["intake"], complaint=complaint)
    assert complaint.state == ComplaintState.IDENTIFIKASI
    assert complaint.first_response_by == personas["intake"]
    assert _clock(complaint).state == WorkItem.State.DONE
    with pytest.raises(ComplaintRefused, match="already been taken"):
        complaint_take(actor=personas["intake"], complaint=complaint)


def test_another_unit_cannot_act(personas: Any) -> None:
    complaint = make_complaint(personas)
    with pytest.raises(ComplaintRefused):
        complaint_take(actor=personas["other_head"], complaint=complaint)


def test_triage_of_a_received_complaint_takes_it(personas: Any) -> None:
    complaint = triaged(personas, make_complaint(personas))
    assert complaint.state == ComplaintState.IDENTIFIKASI
    assert complaint.category == "KTA" and complaint.jurisdiction == Jurisdiction.THIS_UNIT
    assert complaint.risk_criteria == ["BERULANG"]
    assert _clock(complaint).state == WorkItem.State.DONE


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": "XYZ"}, "Choose a case category."),
        ({"category": "AMPK"}, "Choose the AMPK sub-type."),
        ({"category": "KTA", "category_subtype": "AMPK_NAPZA"}, "Only the AMPK category has a sub-type."),
        ({"risk_criteria": []}, "Tick the criteria that led to the risk level."),
        ({"risk_criteria": ["NOPE"]}, "Choose the risk criteria from the list."),
        ({"risk_level": "RENDAH", "risk_criteria": ["NYAWA_TERANCAM"]}, "at least “High” risk"),
        (
            {"risk_level": "TINGGI", "risk_criteria": ["NYAWA_TERANCAM", "TIDAK_ADA_BAHAYA"]},
            "cannot be ticked together",
        ),
        ({"jurisdiction": "MARS"}, "Choose the jurisdiction."),
        ({"jurisdiction": Jurisdiction.OTHER_REGION}, "Name the region or unit"),
    ],
)
def test_triage_guards(personas: Any, overrides: dict[str, Any], message: str) -> None:
    complaint = make_complaint(personas)
    with pytest.raises(ComplaintRefused) as refused:
        triaged(personas, complaint, **overrides)
    assert any(message in m for m in refused.value.messages)
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.ADUAN_MASUK  # nothing half-done


def test_triage_accepts_an_ampk_subtype(personas: Any) -> None:
    complaint = triaged(personas, make_complaint(personas), category="AMPK", category_subtype="AMPK_NAPZA")
    assert complaint.category_subtype == "AMPK_NAPZA"


def test_triage_is_refused_after_the_decision(personas: Any) -> None:
    complaint = make_in_state(personas, "DITUTUP_TANPA_KASUS")
    with pytest.raises(ComplaintRefused, match="before the decision"):
        triaged(personas, complaint)


# --- decisions ---------------------------------------------------------------------------------


def test_no_decision_before_identification(personas: Any) -> None:
    complaint = make_complaint(personas)
    with pytest.raises(ComplaintRefused, match="identification first"):
        complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OUTREACH)
    taken = complaint_take(actor=personas["intake"], complaint=complaint)
    with pytest.raises(ComplaintRefused, match="Record the identification"):
        complaint_decide(actor=personas["intake"], complaint=taken, decision=Decision.OUTREACH)


def test_emergency_needs_high_risk(personas: Any) -> None:
    complaint = triaged(personas, make_complaint(personas))
    with pytest.raises(ComplaintRefused, match="high risk level"):
        complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.EMERGENCY)
    emergency = make_in_state(personas, "DARURAT")
    assert emergency.state == ComplaintState.DARURAT
    with pytest.raises(ComplaintRefused, match="continues as a case"):
        complaint_decide(
            actor=personas["intake"], complaint=emergency, decision=Decision.CLOSE, close_reason="DUPLIKAT"
        )


def test_close_needs_a_reason_and_other_needs_a_note(personas: Any) -> None:
    complaint = triaged(personas, make_complaint(personas))
    with pytest.raises(ComplaintRefused, match="reason for closing"):
        complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.CLOSE)
    with pytest.raises(ComplaintRefused, match="Explain the reason"):
        complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.CLOSE, close_reason="LAINNYA")
    with pytest.raises(ComplaintRefused, match="only given when closing"):
        complaint_decide(
            actor=personas["intake"], complaint=complaint, decision=Decision.OUTREACH, close_reason="DUPLIKAT"
        )
    closed = complaint_decide(
        actor=personas["intake"], complaint=complaint, decision=Decision.CLOSE, close_reason="LAINNYA", note="Spam."
    )
    assert closed.state == ComplaintState.DITUTUP_TANPA_KASUS and closed.decided_by == personas["intake"]
    with pytest.raises(ComplaintRefused, match="cannot move"):
        complaint_decide(actor=personas["intake"], complaint=closed, decision=Decision.OUTREACH)


def test_refer_out(personas: Any) -> None:
    complaint = triaged(
        personas, make_complaint(personas), jurisdiction=Jurisdiction.OTHER_REGION, transfer_to="UPTD PPA Kota Bontang"
    )
    with pytest.raises(ComplaintRefused, match="another region"):
        complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    referred = complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.REFER_OUT)
    assert referred.state == ComplaintState.DIRUJUK_KELUAR


def test_outreach_goes_back_to_identification(personas: Any) -> None:
    complaint = make_in_state(personas, "PENJANGKAUAN")
    assert complaint.state == ComplaintState.PENJANGKAUAN
    back = complaint_outreach_done(actor=personas["intake"], complaint=complaint)
    assert back.state == ComplaintState.IDENTIFIKASI and back.decision == ""
    with pytest.raises(ComplaintRefused, match="Only a complaint in outreach"):
        complaint_outreach_done(actor=personas["intake"], complaint=back)


def test_open_case_hands_over_to_the_case_file(personas: Any) -> None:
    from sigap.cases.models import Case

    complaint = triaged(personas, make_complaint(personas))
    opened = complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    assert opened.state == ComplaintState.KASUS_DIBUKA
    case = Case.objects.get(pk=opened.case_id)
    assert case.number == opened.case_number
    assert case.complaint_ref == opened.number
    assert case.category == "KTA" and case.risk_level == "SEDANG"


def test_an_emergency_continues_as_a_case(personas: Any) -> None:
    emergency = make_in_state(personas, "DARURAT")
    opened = complaint_decide(actor=personas["head"], complaint=emergency, decision=Decision.OPEN_CASE)
    assert opened.state == ComplaintState.KASUS_DIBUKA and opened.case_number


def test_history_and_audit_of_each_step(personas: Any) -> None:
    complaint = make_in_state(personas, "PENJANGKAUAN")
    steps = list(ComplaintStateChange.objects.filter(complaint=complaint).values_list("to_state", flat=True))
    assert steps == ["ADUAN_MASUK", "IDENTIFIKASI", "PENJANGKAUAN"]
    events = AuditEvent.objects.filter(object_id=str(complaint.pk)).order_by("seq")
    # The fourth: the outreach visit the decision planned (sigap.intake.hooks, filled by the services app).
    assert [e.action for e in events] == ["CREATE", "UPDATE", "UPDATE", "UPDATE"]
    assert events[2].new_values["state"] == "PENJANGKAUAN"
    assert events[3].changed_fields == ["outreach"]
    assert ACCOUNT_CANARY not in str([e.new_values for e in events])


# --- assignment and settings ---------------------------------------------------------------------


def test_head_assigns_and_the_clock_follows(personas: Any) -> None:
    from conftest import make_user

    complaint = make_complaint(personas, actor="head")
    assert complaint.handler is None
    second = make_user("intake_two", personas.kukar, "INTAKE")
    complaint = complaint_assign(actor=personas["head"], complaint=complaint, handler=second)
    assert complaint.handler == second
    assert _clock(complaint).responsible == second
    with pytest.raises(ComplaintRefused, match="Only the head"):
        complaint_assign(actor=personas["intake"], complaint=complaint, handler=second)
    with pytest.raises(ComplaintRefused, match="active intake officer"):
        complaint_assign(actor=personas["head"], complaint=complaint, handler=personas["case_manager"])


def test_settings_only_by_the_head(personas: Any) -> None:
    row = intake_settings_update(
        actor=personas["head"], high_risk_minutes=30, medium_risk_hours=4, low_risk_working_days=2
    )
    assert row.unit == personas.kukar and row.high_risk_minutes == 30
    with pytest.raises(ComplaintRefused):
        intake_settings_update(
            actor=personas["intake"], high_risk_minutes=30, medium_risk_hours=4, low_risk_working_days=2
        )


def test_a_refusal_of_the_case_file_refuses_the_decision(personas: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ValidationError

    import sigap.cases.services.lifecycle

    def refuse(**kwargs: Any) -> Any:
        raise ValidationError("The case file says no.")

    monkeypatch.setattr(sigap.cases.services.lifecycle, "case_open", refuse)
    complaint = triaged(personas, make_complaint(personas))
    with pytest.raises(ComplaintRefused, match="The case file says no."):
        complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.IDENTIFIKASI and complaint.decision == ""
    assert not ComplaintStateChange.objects.filter(complaint=complaint, to_state="KASUS_DIBUKA").exists()
