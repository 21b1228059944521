"""Issue #21 B: a person whose name is not known yet is kept, not silently dropped.

"A 7-year-old whose name the neighbour does not know", "my husband, 34": both complaint forms keep
every person row with any descriptor filled, stored with an empty name and shown as "name not known
yet" wherever the complaint's people are listed.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.intake.models import Complaint
from sigap.intake.selectors import masked_victims

pytestmark = pytest.mark.usefixtures("reference")

NOT_KNOWN = "name not known yet"


def _english(client: Any) -> Any:
    client.cookies["sigap_language"] = "en"
    return client


def test_the_public_form_keeps_an_unnamed_seven_year_old(personas: Any) -> None:
    response = _english(personas.client("anonymous")).post(
        reverse("lapor:report"),
        {
            "unit": str(personas.kukar.pk),
            "reporter_type": "PIHAK_LAIN",
            "account": "The child next door is beaten.",
            "victim_name": "",
            "victim_age": "7",
            "victim_sex": "",
            "website": "",
            "submit_token": secrets.token_urlsafe(24),
        },
    )
    assert response.status_code in (200, 303)
    assert Complaint.objects.get().people == [{"name": "", "role": "KORBAN", "age": 7, "sex": ""}]


def test_the_public_form_keeps_a_person_known_only_by_sex(personas: Any) -> None:
    _english(personas.client("anonymous")).post(
        reverse("lapor:report"),
        {
            "unit": str(personas.kukar.pk),
            "reporter_type": "KORBAN",
            "account": "It happened to a girl.",
            "victim_sex": "P",
            "website": "",
            "submit_token": secrets.token_urlsafe(24),
        },
    )
    assert Complaint.objects.get().people == [{"name": "", "role": "KORBAN", "age": None, "sex": "P"}]


def _staff_data(**people: str) -> dict[str, str]:
    return {
        "channel": "WHATSAPP",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reporter_type": "KORBAN",
        "account": "My husband hits me.",
        "risk_level": "SEDANG",
        # What a browser sends for untouched rows: the preselected roles.
        "person_1_role": "KORBAN",
        "person_2_role": "LAINNYA",
        "person_3_role": "LAINNYA",
        "person_4_role": "LAINNYA",
        **people,
    }


def test_the_staff_form_keeps_my_husband_34_and_drops_untouched_rows(personas: Any) -> None:
    client = _english(personas.client("intake"))
    response = client.post(
        reverse("intake:complaint_create"),
        _staff_data(
            person_1_name="Wati Pelapor",
            person_1_sex="P",
            person_2_age="34",
            person_2_sex="L",
            person_2_role="TERLAPOR",
            person_3_role="KORBAN",  # "her little brother too": a changed role is information too
        ),
    )
    assert response.status_code == 302
    assert Complaint.objects.get().people == [
        {"name": "Wati Pelapor", "role": "KORBAN", "age": None, "sex": "P"},
        {"name": "", "role": "TERLAPOR", "age": 34, "sex": "L"},
        {"name": "", "role": "KORBAN", "age": None, "sex": ""},
    ]


def test_the_detail_page_and_the_queue_say_name_not_known_yet(personas: Any) -> None:
    client = _english(personas.client("intake"))
    client.post(reverse("intake:complaint_create"), _staff_data(person_1_age="7"))
    complaint = Complaint.objects.get()
    html = client.get(reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk})).content.decode()
    assert NOT_KNOWN in html and "Nobody named." not in html
    queue = client.get(reverse("intake:complaint_list")).content.decode()
    assert NOT_KNOWN in queue
    assert NOT_KNOWN in str(masked_victims(complaint))


def test_the_triage_page_lists_the_people_with_unnamed_ones(personas: Any) -> None:
    client = _english(personas.client("intake"))
    client.post(reverse("intake:complaint_create"), _staff_data(person_1_age="7", person_1_sex="P"))
    complaint = Complaint.objects.get()
    html = client.get(reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk})).content.decode()
    assert 'id="complaint-people"' in html and NOT_KNOWN in html
