"""A refused note keeps its text (#21 "nothing typed is lost"): it comes back on its own page, the error at its field,
never as a message above an emptied form."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sigap.cases.models.people import CaseNote
from sigap.cases.tests.factories import make_case


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("x" * 20001, "Ensure this value has at most 20000 characters"),
        ("   ", "This field is required."),
    ],
)
def test_a_refused_note_comes_back_with_its_text_and_the_error_at_the_top(personas: Any, body: str, error: str) -> None:
    case = make_case(personas)
    client = personas.client("case_manager")
    url = reverse("cases:case_note_create", kwargs={"case_id": case.pk})
    response = client.post(url, {"body": body, "confidentiality": "TEAM"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page and error in page
    assert 'href="#id_body"' in page
    if body.strip():
        assert body in page  # the text as typed
    assert not CaseNote.objects.exists()


def test_the_note_page_saves_and_returns_to_the_case(personas: Any) -> None:
    case = make_case(personas)
    client = personas.client("case_manager")
    url = reverse("cases:case_note_create", kwargs={"case_id": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Kunjungan rumah.", "confidentiality": "TEAM"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:case_detail", kwargs={"case_id": case.pk}
    )
    assert CaseNote.objects.get().body == "Kunjungan rumah."
