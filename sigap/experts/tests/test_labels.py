"""English labels are the msgids; the Indonesian interface reads the domain's own words."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from sigap.experts.models import CredentialKind, Profession
from sigap.experts.needs import ProfessionNeed
from sigap.experts.tests.factories import licensed_clinical


@pytest.mark.parametrize(
    ("value", "english", "indonesian"),
    [
        (Profession.CLINICAL_PSYCHOLOGIST, "Clinical psychologist", "Psikolog klinis"),
        (Profession.PSYCHOLOGICAL_COUNSELLOR, "Psychological counsellor", "Konselor psikologi"),
        (Profession.LEGAL_COUNSELLOR, "Legal counsellor", "Konselor hukum"),
    ],
)
def test_professions(value: Profession, english: str, indonesian: str) -> None:
    with translation.override("en"):
        assert str(value.label) == english
        assert str(dict(ProfessionNeed.choices)[value.value]) == english
    with translation.override("id"):
        assert str(value.label) == indonesian
        assert str(dict(ProfessionNeed.choices)[value.value]) == indonesian


def test_every_credential_kind_reads_in_indonesian() -> None:
    for kind in CredentialKind:
        with translation.override("en"):
            english = str(kind.label)
        with translation.override("id"):
            indonesian = str(kind.label)
        assert indonesian != english, kind
    with translation.override("id"):
        assert str(CredentialKind.SERTIFIKAT_PARALEGAL.label) == "Sertifikat paralegal"


def test_the_pages_speak_indonesian_by_default(personas: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"
    licensed_clinical(personas, personas["expert"])
    client = personas.client("head")
    with translation.override("id"):
        listing = client.get(reverse("experts:expert_list")).content.decode()
        detail = client.get(reverse("experts:expert_detail", kwargs={"user_id": personas["expert"].pk})).content
    assert "Tenaga ahli unit" in listing and "Psikolog klinis" in listing and "Berlisensi" in listing
    page = detail.decode()
    assert "STRPK dan SIPPK, keduanya berlaku" in page and "Tambah kredensial" in page
