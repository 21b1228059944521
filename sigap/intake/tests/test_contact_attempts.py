"""Contact attempts (#21): recorded on the complaint page, listed with it, audited; "cannot be reached" needs
them as evidence (3 unanswered attempts on 2 different days), else the decision is refused with what is missing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.intake.models import ComplaintState
from sigap.intake.tests.factories import make_in_state, triaged

pytestmark = pytest.mark.usefixtures("reference")


def _url(name: str, complaint: Any) -> str:
    return reverse(f"intake:{name}", kwargs={"complaint_id": complaint.pk})


def _identified(personas: Any) -> Any:
    complaint = make_in_state(personas, "IDENTIFIKASI")
    return triaged(personas, complaint)


def _attempt(client: Any, complaint: Any, at: Any, kind: str = "TIDAK_DIANGKAT", note: str = "") -> Any:
    local = timezone.localtime(at, complaint.unit.zone)
    return client.post(
        _url("complaint_contact_attempt", complaint),
        {"kind": kind, "attempted_at": local.strftime("%Y-%m-%dT%H:%M"), "note": note},
    )


def _close_unreachable(client: Any, complaint: Any) -> Any:
    return client.post(
        _url("complaint_decide", complaint), {"decision": "TUTUP", "close_reason": "TIDAK_DAPAT_DIHUBUNGI"}
    )


def _state(complaint: Any) -> str:
    complaint.refresh_from_db()
    return complaint.state


def test_cannot_be_reached_is_refused_without_evidence(personas: Any) -> None:
    complaint = _identified(personas)
    response = _close_unreachable(personas.client("intake"), complaint)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "3" in errors and "2" in errors  # names what is missing: attempts and days
    assert _state(complaint) == ComplaintState.IDENTIFIKASI


def test_cannot_be_reached_needs_three_unanswered_attempts_on_two_days(personas: Any) -> None:
    complaint = _identified(personas)
    client = personas.client("intake")
    now = timezone.now()
    complaint.received_at = now - timedelta(days=3)  # recorded from the paper log of three days ago
    complaint.save(update_fields=["received_at"])
    # Yesterday morning in the unit's zone: three calls within one hour are one day only.
    yesterday = (timezone.localtime(now, complaint.unit.zone) - timedelta(days=1)).replace(hour=10, minute=0)
    for minutes in (0, 30, 60):
        assert _attempt(client, complaint, yesterday + timedelta(minutes=minutes)).status_code == 302
    assert _state(complaint) == ComplaintState.IDENTIFIKASI
    refused = _close_unreachable(client, complaint)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    # A reached attempt is no evidence of being unreachable.
    assert _attempt(client, complaint, yesterday - timedelta(days=1), kind="TERHUBUNG").status_code == 302
    assert _close_unreachable(client, complaint).status_code == 200
    assert (
        _attempt(client, complaint, yesterday - timedelta(days=1, hours=-1), kind="PESAN_TERKIRIM").status_code == 302
    )
    assert _close_unreachable(client, complaint).status_code == 302
    assert _state(complaint) == ComplaintState.DITUTUP_TANPA_KASUS


def test_attempts_are_listed_with_the_complaint_and_audited(personas: Any) -> None:
    complaint = _identified(personas)
    client = personas.client("intake")
    assert _attempt(client, complaint, timezone.now(), note="Aunt answered: call after 5 pm.").status_code == 302
    page = client.get(_url("complaint_detail", complaint)).content.decode()
    assert 'id="contact-attempts"' in page and "Aunt answered" in page
    [event] = [e for e in AuditEvent.objects.filter(action="UPDATE") if "contact_attempts" in e.changed_fields]
    assert event.new_values["contact_attempts"]["kind"] == "TIDAK_DIANGKAT"
    assert "Aunt" not in str(event.new_values)


def test_a_bad_attempt_keeps_what_was_typed(personas: Any) -> None:
    complaint = _identified(personas)
    client = personas.client("intake")
    future = timezone.now() + timedelta(days=2)
    response = _attempt(client, complaint, future, note="Typed note stays.")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert "Typed note stays." in response.content.decode()
    missing = client.post(_url("complaint_contact_attempt", complaint), {"kind": "", "attempted_at": ""})
    assert missing.status_code == 200 and set(missing.context["form"].errors) == {"kind", "attempted_at"}
