"""Staff pages: the queue (masked names, overdue first, pinned query count), record, detail, triage, decide."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.intake.models import Complaint, ComplaintState
from sigap.intake.tests.factories import (
    ACCOUNT_CANARY,
    VICTIM_CANARY,
    make_complaint,
    make_in_state,
    triaged,
)

pytestmark = pytest.mark.usefixtures("reference")

# Session, user (with membership and OTP device); page count, rows, channel labels; two counts; the audit event.
QUEUE_QUERIES = 10


def english(client: Any) -> Any:
    """Pages answer in Indonesian by default; the assertions read the English msgids."""
    client.cookies["sigap_language"] = "en"
    return client


def _list(client: Any, view: str = "queue") -> Any:
    english(client)
    return client.get(reverse("intake:complaint_list"), {"view": view})


def test_the_queue_masks_names_and_puts_overdue_first(personas: Any) -> None:
    late = make_complaint(personas, risk_level="TINGGI", received_at=timezone.now() - timedelta(hours=3))
    fresh = make_complaint(personas, risk_level="RENDAH")
    taken = triaged(personas, make_complaint(personas))
    html = _list(personas.client("intake")).content.decode()
    assert VICTIM_CANARY not in html and "S. C." in html
    assert ACCOUNT_CANARY not in html
    assert html.index(late.number) < html.index(fresh.number) < html.index(taken.number)
    assert "overdue by" in html and 'id="count-overdue">1<' in html


def test_the_queue_query_count_is_fixed(personas: Any) -> None:
    client = personas.client("head")
    make_complaint(personas)
    _list(client)
    with CaptureQueriesContext(connection) as few:
        assert _list(client).status_code == 200
    for _ in range(6):
        make_complaint(personas)
    with CaptureQueriesContext(connection) as many:
        assert _list(client).status_code == 200
    assert len(few) == len(many) == QUEUE_QUERIES, [q["sql"] for q in many.captured_queries]


def test_the_tabs_follow_the_role(personas: Any) -> None:
    closed = make_in_state(personas, "DITUTUP_TANPA_KASUS")
    head_all = _list(personas.client("head"), "all").content.decode()
    assert closed.number in head_all
    intake_mine = _list(personas.client("intake"), "mine").content.decode()
    assert closed.number in intake_mine
    # An intake officer has no "all" tab: the queue is shown instead.
    intake_all = _list(personas.client("intake"), "all").content.decode()
    assert closed.number not in intake_all
    assert _list(personas.client("case_manager")).status_code == 403


def test_detail_shows_the_complaint_and_audits_the_view(personas: Any) -> None:
    complaint = make_complaint(personas)
    url = reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk})
    before = AuditEvent.objects.filter(action="VIEW", object_id=str(complaint.pk)).count()
    response = personas.client("intake").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert ACCOUNT_CANARY in html and VICTIM_CANARY in html and complaint.number in html
    assert AuditEvent.objects.filter(action="VIEW", object_id=str(complaint.pk)).count() == before + 1
    assert personas.client("other_head").get(url).status_code == 404
    assert personas.client("case_manager").get(url).status_code == 404  # only through a case of her team (#21)
    assert personas.client("anonymous").get(url).status_code == 302


def test_an_intake_officer_does_not_see_decided_complaints_of_others(personas: Any) -> None:
    from conftest import make_user

    other = make_user("intake_two", personas.kukar, "INTAKE")
    queued = make_complaint(personas)
    decided = make_in_state(personas, "DITUTUP_TANPA_KASUS")
    client = personas.client("intake")
    client.logout()
    from conftest import login_verified

    login_verified(client, other)
    assert client.get(reverse("intake:complaint_detail", kwargs={"complaint_id": queued.pk})).status_code == 200
    assert client.get(reverse("intake:complaint_detail", kwargs={"complaint_id": decided.pk})).status_code == 404
    assert (
        personas.client("head").get(reverse("intake:complaint_detail", kwargs={"complaint_id": decided.pk})).status_code
        == 200
    )


def test_record_a_complaint_through_the_page(personas: Any) -> None:
    client = personas.client("intake")
    assert client.get(reverse("intake:complaint_create")).status_code == 200
    data = {
        "channel": "WHATSAPP",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reporter_type": "PIHAK_LAIN",
        "reporter_name": "Reporter",
        "reporter_phone": "0812-1111-2222",
        "contact_consent": "on",
        "contact_instructions": "Only WhatsApp.",
        "person_1_name": "Child Name",
        "person_1_age": "7",
        "person_1_sex": "L",
        "person_1_role": "KORBAN",
        "person_2_name": "Alleged One",
        "person_2_role": "TERLAPOR",
        "account": "He was hit.",
        "risk_level": "TINGGI",
    }
    response = client.post(reverse("intake:complaint_create"), data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{complaint.pk}/")
    assert complaint.reporter_phone == "+6281211112222"
    assert [p["role"] for p in complaint.people] == ["KORBAN", "TERLAPOR"]
    assert complaint.people[0]["age"] == 7


def test_record_form_errors_are_messages(personas: Any) -> None:
    client = english(personas.client("intake"))
    response = client.post(
        reverse("intake:complaint_create"),
        {"channel": "FAX", "received_at": "tomorrow", "reporter_type": "KORBAN", "reporter_phone": "12", "account": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the options in the list." in html
    assert not Complaint.objects.exists()


def test_triage_and_decide_through_the_pages(personas: Any) -> None:
    complaint = make_complaint(personas)
    client = english(personas.client("intake"))
    triage_url = reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk})
    refused = client.post(
        triage_url,
        {"category": "KTA", "risk_level": "RENDAH", "risk_criteria": ["SENJATA"], "jurisdiction": "UNIT_INI"},
    )
    assert refused.status_code == 200 and "at least “High” risk" in refused.content.decode()
    ok = client.post(
        triage_url,
        {"category": "KTA", "risk_level": "TINGGI", "risk_criteria": ["SENJATA"], "jurisdiction": "UNIT_INI"},
    )
    assert ok.status_code == 302
    decide_url = reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk})
    assert client.get(decide_url).status_code == 200
    response = client.post(decide_url, {"decision": "DARURAT"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.DARURAT
    # Only "open a case" is offered for an emergency.
    page = client.get(decide_url).content.decode()
    assert 'value="BUKA_KASUS"' in page and 'value="TUTUP"' not in page
    client.post(decide_url, {"decision": "BUKA_KASUS"})
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.KASUS_DIBUKA and complaint.case_number
    detail = client.get(reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk})).content.decode()
    assert complaint.case_number in detail


def test_wrong_methods_are_refused(personas: Any) -> None:
    complaint = make_complaint(personas)
    client = personas.client("intake")
    assert client.get(reverse("intake:complaint_take", kwargs={"complaint_id": complaint.pk})).status_code == 405
    assert client.post(reverse("intake:complaint_list")).status_code == 405


def test_settings_page(personas: Any) -> None:
    client = personas.client("head")
    assert client.get(reverse("intake:intake_settings")).status_code == 200
    bad = client.post(
        reverse("intake:intake_settings"),
        {"high_risk_minutes": "0", "medium_risk_hours": "x", "low_risk_working_days": "99"},
    )
    assert bad.status_code == 200
    assert personas.client("intake").get(reverse("intake:intake_settings")).status_code == 403
