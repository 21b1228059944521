"""The case's audit trail in words (walk of #21, shot 77): no bare hex code, no "incident" for a step."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.services import audit_record
from sigap.cases.tests.factories import make_case


@pytest.mark.parametrize(
    ("language", "step", "code"),
    [("id", "tindakan: ditulis", "Kode permintaan"), ("en", "action: written", "Request code")],
)
def test_a_written_section_and_the_request_code_are_labelled(
    personas: Any, language: str, step: str, code: str
) -> None:
    case = make_case(personas)
    with transaction.atomic():
        audit_record(
            actor=personas["case_manager"],
            unit=case.unit,
            action=AuditAction.UPDATE,
            obj=case,
            changed_fields=["assessment"],
            new={"assessment": {"assessment": "1", "area": "SOCIAL", "event": "written"}},
        )
    client = personas.client("head")
    client.cookies["sigap_language"] = language
    client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))  # a VIEW with its request code
    viewed = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(case.pk)).exclude(request_id="").first()
    assert viewed is not None
    url = reverse("audit:object_history", kwargs={"object_type": "cases.case", "object_id": case.pk})
    page = client.get(url).content.decode()
    assert step in page and "kejadian: ditulis" not in page
    assert f'{code}: <code title="{viewed.request_id}">{viewed.request_id[:8]}</code>' in page
