"""The time of receipt of a complaint: within the last 5 years and not in the future (form and service).

Year 1 overflowed the unit's time zone conversion (HTTP 500); 1900 was accepted (review finding 11b).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.intake.models import Complaint
from sigap.intake.services.complaint import ComplaintRefused, complaint_record, received_at_earliest

pytestmark = pytest.mark.usefixtures("reference")

TOO_OLD = "The time of receipt cannot be more than 5 years ago."
FUTURE = "The time of receipt cannot be in the future."


def _post(personas: Any, received_at: str) -> Any:
    client = personas.client("intake")
    client.cookies["sigap_language"] = "en"
    client.raise_request_exception = False
    data = {
        "channel": "WHATSAPP",
        "received_at": received_at,
        "reporter_type": "PIHAK_LAIN",
        "account": "He was hit.",
        "risk_level": "TINGGI",
    }
    return client.post(reverse("intake:complaint_create"), data)


@pytest.mark.parametrize(
    ("received_at", "message"),
    [
        ("0001-01-01T00:00", TOO_OLD),
        ("1900-01-01T00:00", TOO_OLD),
        ("9999-12-31T23:59", FUTURE),
    ],
)
def test_the_page_refuses_an_impossible_time_with_a_message(personas: Any, received_at: str, message: str) -> None:
    response = _post(personas, received_at)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_page_accepts_a_time_a_few_years_back(personas: Any) -> None:
    recent = timezone.localtime() - timedelta(days=4 * 365)
    assert _post(personas, recent.strftime("%Y-%m-%dT%H:%M")).status_code == 302
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("age", [timedelta(days=5 * 366), timedelta(days=365 * 2000)])
def test_the_service_refuses_a_receipt_older_than_5_years(personas: Any, age: timedelta) -> None:
    with pytest.raises(ComplaintRefused) as refused:
        complaint_record(
            actor=personas["intake"],
            channel="TELEPON",
            reporter_type="KORBAN",
            account="x",
            risk_level="RENDAH",
            received_at=timezone.now() - age,
        )
    assert TOO_OLD in refused.value.messages
    assert not Complaint.objects.exists()


def test_the_earliest_time_of_29_february_is_28_february() -> None:
    now = datetime(2028, 2, 29, 10, 0, tzinfo=UTC)
    assert received_at_earliest(now) == datetime(2023, 2, 28, 10, 0, tzinfo=UTC)
