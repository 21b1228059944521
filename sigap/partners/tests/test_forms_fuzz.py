"""Hypothesis: no input to a partner-directory form gives a 500 (only 200, 302, 403 or 404)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.cases.tests.casework_fuzz import fuzz_post
from sigap.partners.models import Partner


def test_no_partner_form_input_gives_a_500(personas: Any) -> None:
    partner = Partner.objects.filter(unit=personas.kukar).first()
    clients = [personas.client("head"), personas.client("case_manager")]
    fuzz_post(
        lambda: reverse("partners:partner_add"),
        ["name", "kind", "services", "address", "phone", "email", "is_active"],
        clients,
    )
    fuzz_post(
        lambda: reverse("partners:partner_edit", kwargs={"partner_id": partner.pk}),
        ["name", "kind", "services"],
        clients,
    )
    fuzz_post(
        lambda: reverse("partners:contact_add", kwargs={"partner_id": partner.pk}),
        ["name", "position", "phone", "email"],
        clients,
    )
    fuzz_post(
        lambda: reverse("partners:agreement_add", kwargs={"partner_id": partner.pk}),
        ["kind", "number", "title", "valid_from", "valid_until"],
        clients,
    )
