"""Hypothesis: no file and no field value sent to the attachment forms gives a 500.

Random bytes under random names, and the first bytes of the allowed kinds followed by noise, are either
stored (then downloadable as the very bytes kept) or refused with a message on the page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.assistance.models import Attachment
from sigap.cases.tests.factories import make_case
from sigap.core.tests import files_samples as samples

FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MAGIC = st.sampled_from([b"", b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"<svg", b"<html>"])
CONTENT = st.one_of(
    st.builds(lambda head, tail: head + tail, MAGIC, st.binary(max_size=2048)),
    st.sampled_from([samples.PDF, samples.jpeg_with_gps()[:-10], samples.docx()[:100], samples.png_with_text()]),
)
NAME = st.one_of(st.text(max_size=80), st.sampled_from(["", ".", "../x.pdf", "a\x00b.pdf", "é" * 300, "x.svg"]))
VALUE = st.one_of(st.text(max_size=20), st.sampled_from(["EVIDENCE", "PHOTO", "GENERAL", "CLINICAL", "LEGAL", ""]))


@pytest.mark.django_db
@FUZZ
@given(content=CONTENT, name=NAME, kind=VALUE, group=VALUE)
def test_upload_never_500(personas: Any, content: bytes, name: str, kind: str, group: str) -> None:
    case = personas.__dict__.get("_fuzz_case") or make_case(personas)
    personas.__dict__["_fuzz_case"] = case
    client = personas.client("case_manager")
    url = reverse("assistance:case_attachments", kwargs={"case_id": case.pk})
    before = Attachment.objects.count()
    # What a browser sends as a name has no path (the test client, unlike the parser, refuses one).
    safe = name.replace("\x00", "").replace("/", "_").replace("\\", "_")
    upload = SimpleUploadedFile(safe if safe.strip(".") else "f", content, content_type="text/html")
    response = client.post(url, {"document_kind": kind, "field_group": group, "file": upload})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        stored = Attachment.objects.order_by("-uploaded_at").first()
        assert stored is not None and Attachment.objects.count() == before + 1
        download = client.get(reverse("assistance:attachment_download", kwargs={"attachment_id": stored.pk}))
        assert download.status_code == 200 and download["Content-Type"] == stored.content_type
    else:
        assert Attachment.objects.count() == before


@pytest.mark.django_db
@FUZZ
@given(reason=st.text(max_size=3000))
def test_remove_never_500(personas: Any, reason: str) -> None:
    from sigap.assistance.tests.attachment_steps import upload

    case = personas.__dict__.get("_fuzz_case") or make_case(personas)
    personas.__dict__["_fuzz_case"] = case
    attachment = upload(personas, "case_manager", case)
    url = reverse("assistance:attachment_remove", kwargs={"attachment_id": attachment.pk})
    response = personas.client("case_manager").post(url, {"reason": reason})
    assert response.status_code in (200, 302)


@pytest.mark.django_db
@FUZZ
@given(content=CONTENT, kind=VALUE, group=VALUE)
def test_upload_to_a_session_never_500(personas: Any, content: bytes, kind: str, group: str) -> None:
    from sigap.assistance.services.session import session_plan
    from sigap.assistance.tests.factories import plan_data

    session = personas.__dict__.get("_fuzz_session")
    if session is None:
        session = session_plan(actor=personas["head"], case=make_case(personas), data=plan_data())
        personas.__dict__["_fuzz_session"] = session
    url = reverse("assistance:session_attachments", kwargs={"session_id": session.pk})
    before = Attachment.objects.count()
    upload = SimpleUploadedFile("dokumen.pdf", content, content_type="application/pdf")
    response = personas.client("case_manager").post(url, {"document_kind": kind, "field_group": group, "file": upload})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        stored = Attachment.objects.order_by("-uploaded_at").first()
        assert stored is not None and (stored.owner_kind, stored.owner_id) == ("SESSION", str(session.pk))
        assert Attachment.objects.count() == before + 1
    else:
        assert Attachment.objects.count() == before


@pytest.mark.django_db
@FUZZ
@given(content=CONTENT, kind=VALUE, group=VALUE, owner=st.sampled_from(["stay", "visit"]))
def test_upload_to_a_stay_or_a_visit_never_500(
    personas: Any, content: bytes, kind: str, group: str, owner: str
) -> None:
    from sigap.assistance.tests.access_rules_attachments import stay, visit

    kwargs = stay(personas) if owner == "stay" else visit(personas)
    url = reverse(f"assistance:{owner}_attachments", kwargs=kwargs)
    before = Attachment.objects.count()
    upload = SimpleUploadedFile("dokumen.pdf", content, content_type="application/pdf")
    response = personas.client("case_manager").post(url, {"document_kind": kind, "field_group": group, "file": upload})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        stored = Attachment.objects.order_by("-uploaded_at").first()
        expected = (
            ("SHELTER_STAY", str(kwargs["stay_id"])) if owner == "stay" else ("OUTREACH", str(kwargs["visit_id"]))
        )
        assert stored is not None and (stored.owner_kind, stored.owner_id) == expected
        assert Attachment.objects.count() == before + 1
    else:
        assert Attachment.objects.count() == before
