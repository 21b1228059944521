"""A referral received from another agency becomes a complaint (with its clock) and an inbound referral."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.core.reference.selectors import codes
from sigap.intake.models import Complaint, Decision
from sigap.intake.services.decision import complaint_decide
from sigap.intake.tests.factories import ensure_reference, triaged
from sigap.partners.models import Partner, PartnerKind
from sigap.referrals.models import Direction, Referral, Status
from sigap.referrals.services.incoming import IncomingData, IncomingRefused, incoming_referral_record
from sigap.work.models import WorkItem

pytestmark = pytest.mark.django_db


def _post(**overrides: Any) -> dict[str, Any]:
    data = {
        "partner_name": "Polres Kutai Kartanegara",
        "partner_kind": PartnerKind.POLICE,
        "reference": "B/123/XII/2026/Reskrim",
        "letter_date": timezone.localdate().isoformat(),
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "needs_summary": "Mohon pendampingan psikologis bagi korban.",
        "urgency": "URGENT",
        "risk_level": "SEDANG",
        "person_1_name": "Korban R",
        "person_1_age": "16",
        "person_1_sex": "P",
        "person_1_role": "KORBAN",
    }
    data.update(overrides)
    return data


def _data(**overrides: Any) -> IncomingData:
    values: dict[str, Any] = {
        "reference": "B/1/2026",
        "letter_date": timezone.localdate(),
        "received_at": timezone.now(),
        "needs_summary": "Mohon pendampingan.",
        "risk_level": "RENDAH",
        "partner_name": "RSUD A.M. Parikesit",
        "partner_kind": PartnerKind.HEALTH,
    }
    values.update(overrides)
    return IncomingData(**values)


def test_the_intake_officer_records_a_referral_in_from_a_new_partner(personas: Any) -> None:
    ensure_reference()
    first_service = next(iter(codes("service_type"))).code
    response = personas.client("intake").post(reverse("referrals:incoming_create"), _post(services=[first_service]))
    assert response.status_code == 302, response.content.decode()[:3000]
    referral = Referral.objects.get(unit=personas.kukar)
    complaint = referral.complaint
    assert complaint is not None
    assert referral.direction == Direction.IN and referral.status == Status.ACCEPTED
    assert referral.referrer_reference == "B/123/XII/2026/Reskrim" and referral.referrer_date == timezone.localdate()
    assert referral.services == [first_service] and referral.urgency == "URGENT"
    assert referral.partner.name == "Polres Kutai Kartanegara" and referral.partner.kind == PartnerKind.POLICE
    assert complaint.channel == "RUJUKAN_LEMBAGA" and complaint.reporter_type == "PIHAK_LAIN"
    assert complaint.people[0]["name"] == "Korban R"
    # The complaint clocks apply as for any complaint.
    assert WorkItem.objects.filter(kind="complaint_response", object_id=str(complaint.pk), state="OPEN").exists()
    assert AuditEvent.objects.filter(
        object_type="referrals.referral", object_id=str(referral.pk), action="CREATE"
    ).exists()
    assert AuditEvent.objects.filter(object_type="partners.partner", action="CREATE").exists()
    page = personas.client("intake").get(response["Location"])
    assert page.status_code == 200 and b"B/123/XII/2026/Reskrim" in page.content
    assert AuditEvent.objects.filter(object_id=str(referral.pk), action="VIEW").exists()


def test_a_partner_typed_twice_is_one_partner(personas: Any) -> None:
    ensure_reference()
    seeded = Partner.objects.filter(unit=personas.kukar).count()  # a new unit starts with the usual partners
    incoming_referral_record(actor=personas["intake"], data=_data())
    incoming_referral_record(
        actor=personas["head"], data=_data(reference="B/2/2026", partner_name="rsud  A.M. PARIKESIT")
    )
    assert Partner.objects.filter(unit=personas.kukar).count() == seeded + 1
    assert Partner.objects.filter(unit=personas.kukar, name__iexact="RSUD A.M. Parikesit").count() == 1
    assert Referral.objects.filter(unit=personas.kukar, direction=Direction.IN).count() == 2


def test_a_partner_of_another_unit_or_a_letter_from_tomorrow_is_refused(personas: Any) -> None:
    ensure_reference()
    theirs = Partner.objects.create(
        unit=personas.samarinda, name="Polresta Samarinda", kind="POLICE", created_at=timezone.now()
    )
    with pytest.raises(IncomingRefused):
        incoming_referral_record(actor=personas["intake"], data=_data(partner=theirs))
    with pytest.raises(IncomingRefused):
        incoming_referral_record(
            actor=personas["intake"], data=_data(letter_date=timezone.localdate() + dt.timedelta(days=2))
        )
    with pytest.raises(IncomingRefused):
        incoming_referral_record(actor=personas["case_manager"], data=_data())
    assert not Complaint.objects.exists()


def test_the_form_keeps_what_was_typed_and_lists_the_errors(personas: Any) -> None:
    ensure_reference()
    response = personas.client("intake").post(
        reverse("referrals:incoming_create"), _post(partner_name="", reference="", needs_summary="Tetap di sini")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the referring partner, or type its name." in body and "Tetap di sini" in body
    assert not Referral.objects.exists()


def test_the_case_opened_from_the_complaint_is_linked_to_the_referral(personas: Any) -> None:
    ensure_reference()
    referral = incoming_referral_record(actor=personas["intake"], data=_data())
    complaint = triaged(personas, referral.complaint)
    complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    referral.refresh_from_db()
    complaint.refresh_from_db()
    assert referral.case_id is not None and referral.case_id == complaint.case_id
