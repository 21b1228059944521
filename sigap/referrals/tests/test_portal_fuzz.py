"""Hypothesis: no input to a partner-portal form (decline, service given, document) nor to the unit
administrator's partner-user link gives a 500; a refused input changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.core.tests.files_samples import PDF
from sigap.referrals.models import Referral, ReferralDocument
from sigap.referrals.tests.steps import sent

pytestmark = pytest.mark.django_db

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "0", "-1", "\x00", "<b>", "x" * 2100, "terima", "DONE"]),
)
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _ok(response: Any, data: Any) -> None:
    assert response.status_code in (200, 302, 404), (data, response.status_code)


def test_no_decline_or_service_input_gives_a_500(personas: Any) -> None:
    referral = sent(personas)
    client = personas.client("partner")

    @FUZZ
    @given(st.sampled_from(["tolak", "layanan"]), TEXT, TEXT)
    def run(step: str, reason: str, outcome: str) -> None:
        data = {"tolak-reason": reason, "layanan-outcome": outcome}
        url = reverse("portal:step", kwargs={"referral_id": referral.pk, "step": step})
        before = Referral.objects.get(pk=referral.pk).status
        response = client.post(url, data)
        _ok(response, data)
        # Only a real reason declines; a blank or too long one leaves the referral as it was.
        if step == "tolak" and (not reason.replace("\x00", "").strip() or len(reason) > 2000):
            assert Referral.objects.get(pk=referral.pk).status == before

    run()


def test_no_document_input_gives_a_500(personas: Any) -> None:
    referral = sent(personas)
    client = personas.client("partner")
    url = reverse("portal:document_add", kwargs={"referral_id": referral.pk})
    files = st.sampled_from([None, b"", b"plain text", PDF, b"\x89PNG\r\n\x1a\n broken", b"MZ\x90\x00"])

    @FUZZ
    @given(TEXT, files, st.text(max_size=30))
    def run(title: str, content: bytes | None, name: str) -> None:
        before = ReferralDocument.objects.count()
        data: dict[str, Any] = {"title": title}
        if content is not None:
            data["file"] = SimpleUploadedFile(name or "f", content)
        response = client.post(url, data)
        _ok(response, title)
        if response.status_code != 302:
            assert ReferralDocument.objects.count() == before

    run()


def test_no_partner_user_link_input_gives_a_500(personas: Any) -> None:
    client = personas.client("admin")
    url = reverse("partners:partner_user_edit", kwargs={"user_id": personas["partner"].pk})

    @FUZZ
    @given(st.one_of(TEXT, st.integers(min_value=-5, max_value=10**20).map(str)))
    def run(value: str) -> None:
        _ok(client.post(url, {"partner": value}), value)

    run()
