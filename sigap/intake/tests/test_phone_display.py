"""One display form of a phone number (walk of #21): the case page and the complaint page read the same."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sigap.cases.tests.factories import make_case, victim_data
from sigap.core.templatetags.sigap_phone import phone
from sigap.intake.tests.factories import make_complaint

SHOWN = "0812-3456-7890"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", SHOWN),
        ("0812 3456 7890", SHOWN),
        ("0812-5555-0199", "0812-5555-0199"),
        ("+62541123456", "0541123456"),
        ("+4915112345678", "+4915112345678"),
        ("0812••••7890", "0812••••7890"),  # a masked value is not a number: shown as it is
        ("", ""),
    ],
)
def test_the_filter(stored: str, shown: str) -> None:
    assert phone(stored) == shown


@pytest.mark.django_db
def test_the_case_page_and_the_complaint_page_show_the_same_number(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(phone="0812 3456 7890"))
    case_page = personas.client("case_manager").get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    complaint = make_complaint(personas)
    complaint_page = personas.client("intake").get(
        reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk})
    )
    for page in (case_page.content.decode(), complaint_page.content.decode()):
        assert SHOWN in page and ">+6281234567890<" not in page
