"""Recording a credential through the page; the number never reaches the trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.experts.licensing import unit_today
from sigap.experts.models import Credential
from sigap.experts.tests.factories import CANARY_NUMBER, profile


def _url(user: Any) -> str:
    return reverse("experts:credential_add", kwargs={"user_id": user.pk})


def test_the_head_records_a_credential(personas: Any) -> None:
    profile(personas, personas["expert"])
    today = unit_today(personas.kukar)
    client = personas.client("head")
    assert client.get(_url(personas["expert"])).status_code == 200
    data = {
        "kind": "STRPK",
        "number": CANARY_NUMBER,
        "issuer": "KKI",
        "valid_from": today.isoformat(),
        "valid_until": (today + dt.timedelta(days=5 * 365)).isoformat(),
    }
    response = client.post(_url(personas["expert"]), data)
    assert response.status_code == 302
    saved = Credential.objects.get()
    assert saved.number == CANARY_NUMBER and saved.valid_until is not None
    assert CANARY_NUMBER not in repr(list(AuditEvent.objects.values_list("old_values", "new_values", "reason")))
    # The advocate's oath does not expire.
    no_expiry = {**data, "kind": "BA_SUMPAH_ADVOKAT", "valid_until": ""}
    assert client.post(_url(personas["expert"]), no_expiry).status_code == 302
    assert Credential.objects.get(kind="BA_SUMPAH_ADVOKAT").valid_until is None


def test_bad_input_answers_with_a_message(personas: Any) -> None:
    profile(personas, personas["expert"])
    client = personas.client("admin")
    response = client.post(
        _url(personas["expert"]),
        {"kind": "DIPLOMA", "number": "", "issuer": "", "valid_from": "31-02-2026", "valid_until": "x"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "number", "issuer", "valid_from", "valid_until"}
    reversed_dates = {
        "kind": "STRPK",
        "number": "1",
        "issuer": "KKI",
        "valid_from": "2026-05-02",
        "valid_until": "2026-05-01",
    }
    response = client.post(_url(personas["expert"]), reversed_dates)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    too_early = {**reversed_dates, "valid_from": "1900-01-01", "valid_until": ""}
    response = client.post(_url(personas["expert"]), too_early)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Credential.objects.exists()


def test_without_a_profile_the_page_asks_for_one_first(personas: Any) -> None:
    response = personas.client("head").get(_url(personas["expert"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:expert_edit", kwargs={"user_id": personas["expert"].pk})
