"""The printable summary: a PDF, audited as PRINT, children's names replaced unless the role needs them."""

from __future__ import annotations

import re
import zlib
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.cases.models.people import PersonRole
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import make_case, victim_data


def _text(pdf: bytes) -> str:
    """The text drawn in the PDF (page streams are deflated).

    Each stream is cut by its ``/Length``, not by searching for "endstream": compressed bytes may contain
    that word by chance (which made a test fail now and then, depending on the random ids printed)."""
    chunks = []
    for match in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", pdf):
        stream = pdf[match.end() : match.end() + int(match.group(1))]
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            chunks.append(stream.decode("latin-1", "replace"))
    return "\n".join(chunks)


def test_it_prints_a_pdf_and_records_print(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    response = personas.client("head").get(reverse("cases:case_summary", kwargs={"case_id": case.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _text(response.content)
    assert case.number in text and "KUTAI KARTANEGARA" in text  # letterhead
    assert "Canary" in text  # an adult's name is printed
    assert "6402014507100001" not in text  # never the NIK
    assert AuditEvent.objects.filter(action="PRINT", object_id=str(case.pk)).count() == 1


def test_childrens_names_only_for_roles_that_need_them(personas: Any) -> None:
    case = make_case(personas)
    person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Putri Kecil", estimated_age=9, nik="", phone=""),
        role=PersonRole.VICTIM,
    )
    url = reverse("cases:case_summary", kwargs={"case_id": case.pk})
    as_expert = _text(personas.client("expert").get(url).content)
    # decisions.md D24: the treating expert prints her client's first name and age, never the full name.
    assert "Kecil" not in as_expert and "Putri · ± 9 yrs · K1" in as_expert
    as_manager = _text(personas.client("case_manager").get(url).content)
    assert "Putri Kecil" in as_manager
    event = AuditEvent.objects.filter(action="PRINT").order_by("seq").first()
    assert event is not None and event.new_values == {"child_names": False}


def test_it_prints_the_safe_contact_rule_and_clean_person_lines(personas: Any) -> None:
    """Walk of #21: the rule was missing, an empty detail list printed "()", an estimated year looked exact."""
    case = make_case(personas, victim=victim_data(estimated_age=8, nik="", phone=""))
    Case.objects.filter(pk=case.pk).update(contact_calls="PESAN_SAJA", contact_rule="Only via aunt Rina")
    person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Ibu Rahmawati", sex="", nik="", phone=""),
        role=PersonRole.REPORTER,
    )
    url = reverse("cases:case_summary", kwargs={"case_id": case.pk})
    with translation.override("en"):
        text = _text(personas.client("case_manager").get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    assert "Only via aunt Rina" in text
    assert "Ibu Rahmawati ()" not in text and "Ibu Rahmawati" in text
    year = timezone.localdate().year - 8
    assert f"± {year}".encode("latin-1").decode("latin-1") in text
