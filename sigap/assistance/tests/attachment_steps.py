"""Steps shared by the attachment tests: upload through the page, or through the service."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.assistance.models import Attachment
from sigap.assistance.services.attachment import attachment_upload
from sigap.core.tests import files_samples as samples


def upload(personas: Any, who: str, case: Any, *, group: str = "GENERAL", kind: str = "EVIDENCE", **extra: Any) -> Any:
    data = extra.pop("data", samples.PDF)
    name = extra.pop("name", "visum.pdf")
    return attachment_upload(
        actor=personas[who],
        case=case,
        upload=SimpleUploadedFile(name, data),
        original_name=name,
        document_kind=kind,
        field_group=group,
        **extra,
    )


def post_upload(client: Any, case: Any, data: bytes, name: str = "visum.pdf", **fields: str) -> Any:
    values = {"document_kind": "EVIDENCE", "field_group": "GENERAL", **fields}
    url = reverse("assistance:case_attachments", kwargs={"case_id": case.pk})
    return client.post(url, {**values, "file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def only(case: Any) -> Attachment:
    return Attachment.objects.get(case=case)
