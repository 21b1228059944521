"""Ending a credential through the page (POST only): ended with a reason, never deleted."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.experts.models import CredentialKind
from sigap.experts.tests.factories import credential, profile


def test_the_admin_ends_a_credential_once(personas: Any) -> None:
    strpk = credential(personas, profile(personas, personas["expert"]), CredentialKind.STRPK)
    url = reverse("experts:credential_end", kwargs={"user_id": personas["expert"].pk, "credential_id": strpk.pk})
    client = personas.client("admin")
    assert client.get(url).status_code == 405
    bad = client.post(url, {"reason": "BORED"}, follow=True)
    assert "Choose why the credential ends." in bad.content.decode()
    strpk.refresh_from_db()
    assert strpk.ended_at is None
    assert client.post(url, {"reason": "REVOKED"}).status_code == 302
    strpk.refresh_from_db()
    assert strpk.ended_at is not None and strpk.end_reason == "REVOKED" and strpk.ended_by == personas["admin"]
    again = client.post(url, {"reason": "OTHER"}, follow=True)
    assert "This credential has already been ended." in again.content.decode()
    strpk.refresh_from_db()
    assert strpk.end_reason == "REVOKED"


def test_unknown_credential_ids_are_404(personas: Any) -> None:
    profile(personas, personas["expert"])
    client = personas.client("head")
    for credential_id in (999, 2**63):
        url = reverse(
            "experts:credential_end", kwargs={"user_id": personas["expert"].pk, "credential_id": credential_id}
        )
        assert client.post(url, {"reason": "REVOKED"}).status_code == 404
