"""Attachments of a case: the page, the download, the field groups, the removal, the audit trail."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from sigap.assistance.models import Attachment
from sigap.assistance.selectors.attachment import attachments_of
from sigap.assistance.services.attachment import attachment_remove
from sigap.assistance.tests.attachment_steps import only, post_upload, upload
from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.factories import make_case
from sigap.cases.timeline.case import case_timeline
from sigap.core.files.store import attachment_storage
from sigap.core.tests import files_samples as samples
from sigap.experts.models import ExpertProfile, Profession

pytestmark = pytest.mark.django_db


def _download(client: Any, attachment: Attachment) -> Any:
    return client.get(reverse("assistance:attachment_download", kwargs={"attachment_id": attachment.pk}))


def test_upload_through_the_page_then_download(personas: Any) -> None:
    case = make_case(personas)
    manager = personas.client("case_manager")
    response = post_upload(manager, case, samples.PDF, name="visum Siti Ärni.pdf")
    assert response.status_code == 302
    attachment = only(case)
    assert (attachment.document_kind, attachment.content_type, attachment.size) == (
        "EVIDENCE",
        "application/pdf",
        len(samples.PDF),
    )
    page = manager.get(reverse("assistance:case_attachments", kwargs={"case_id": case.pk}))
    assert "visum Siti Ärni.pdf" in page.content.decode()
    got = _download(personas.client("expert"), attachment)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == samples.PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == ("attachment; filename*=utf-8''visum%20Siti%20%C3%84rni.pdf")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in got["Cache-Control"]


def test_every_download_is_audited(personas: Any) -> None:
    case = make_case(personas)
    attachment = upload(personas, "case_manager", case)
    client = personas.client("head")
    for _ in range(2):
        b"".join(_download(client, attachment).streaming_content)
    events = AuditEvent.objects.filter(action="DOWNLOAD", object_type="cases.case", object_id=str(case.pk))
    assert events.count() == 2
    assert events.first().new_values == {"attachment": str(attachment.pk), "kind": "EVIDENCE"}
    assert "visum" not in str(list(AuditEvent.objects.values()))


def test_an_outsider_gets_404(personas: Any) -> None:
    case = make_case(personas)
    attachment = upload(personas, "case_manager", case)
    other = make_case(personas, manager="case_manager", experts=())  # the expert is not on this one
    foreign = upload(personas, "case_manager", other)
    for who in ("other_head", "other_case_manager"):
        assert _download(personas.client(who), attachment).status_code == 404
    assert _download(personas.client("expert"), foreign).status_code == 404
    page = reverse("assistance:case_attachments", kwargs={"case_id": other.pk})
    assert personas.client("expert").get(page).status_code == 404
    assert (
        personas.client("expert")
        .get(reverse("assistance:attachment_download", kwargs={"attachment_id": "x"}))
        .status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="DOWNLOAD").exists()


def test_field_groups_decide_who_reads(personas: Any) -> None:
    """Clinical: the uploader and the HEAD; legal: also the case manager and the team's legal counsellor."""
    case = make_case(personas)
    clinical = upload(personas, "expert", case, group="CLINICAL", kind="PSYCHOLOGICAL_REPORT")
    legal = upload(personas, "head", case, group="LEGAL", kind="LEGAL_OPINION")
    general = upload(personas, "head", case)

    def readable(who: str) -> set[Any]:
        return {a.pk for a in attachments_of(personas[who], case)}

    assert readable("head") == {clinical.pk, legal.pk, general.pk}
    assert readable("expert") == {clinical.pk, general.pk}  # a psychologist, not a legal counsellor
    assert readable("case_manager") == {legal.pk, general.pk}
    assert _download(personas.client("case_manager"), clinical).status_code == 404
    assert _download(personas.client("expert"), legal).status_code == 404
    ExpertProfile.objects.create(
        user=personas["expert"], unit=personas.kukar, profession=Profession.LEGAL_COUNSELLOR, sex="L"
    )
    assert readable("expert") == {clinical.pk, legal.pk, general.pk}
    assert _download(personas.client("expert"), legal).status_code == 200


def test_removal_needs_a_reason_and_stays_visible(personas: Any) -> None:
    case = make_case(personas)
    attachment = upload(personas, "expert", case)
    with pytest.raises(TransitionRefused):
        attachment_remove(actor=personas["expert"], attachment=attachment, reason="  ")
    url = reverse("assistance:attachment_remove", kwargs={"attachment_id": attachment.pk})
    expert = personas.client("expert")
    assert expert.get(url).status_code == 200
    assert expert.post(url, {"reason": "Salah kasus"}).status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_by == personas["expert"] and attachment.removed_reason == "Salah kasus"
    assert _download(expert, attachment).status_code == 404
    assert expert.get(url).status_code == 404
    page = personas.client("head").get(reverse("assistance:case_attachments", kwargs={"case_id": case.pk}))
    assert "Salah kasus" in page.content.decode()  # the HEAD sees the reason
    expert_page = expert.get(reverse("assistance:case_attachments", kwargs={"case_id": case.pk})).content.decode()
    assert "visum.pdf" in expert_page and "Salah kasus" not in expert_page
    assert attachment_storage().exists(attachment.storage_name), "a removal is soft"


def test_who_may_remove(personas: Any) -> None:
    case = make_case(personas)
    by_manager = upload(personas, "case_manager", case)
    url = reverse("assistance:attachment_remove", kwargs={"attachment_id": by_manager.pk})
    assert personas.client("expert").get(url).status_code == 403  # not hers
    assert personas.client("head").get(url).status_code == 200


def test_timeline_entries(personas: Any) -> None:
    case = make_case(personas)
    attachment = upload(personas, "case_manager", case, kind="BERITA_ACARA")
    b"".join(_download(personas.client("head"), attachment).streaming_content)
    attachment_remove(actor=personas["head"], attachment=attachment, reason="Duplikat")
    texts = [entry.text for entry in case_timeline(case)]
    assert "Attachment added: Official record (berita acara)." in texts
    assert "Attachment downloaded: Official record (berita acara)." in texts
    assert any(t.startswith("Attachment removed: Official record (berita acara)") for t in texts)
    assert "Case changed." not in texts


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (samples.HTML, "This type of file is not accepted."),
        (samples.SVG, "This type of file is not accepted."),
        (b"", "The file is empty."),
    ],
)
def test_wrong_files_are_refused_on_the_page_keeping_the_choices(personas: Any, data: bytes, message: str) -> None:
    case = make_case(personas)
    response = post_upload(
        personas.client("expert"), case, data, name="foto.jpg", document_kind="PHOTO", field_group="CLINICAL"
    )
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert 'value="PHOTO" selected' in body and 'value="CLINICAL" selected' in body
    assert not Attachment.objects.exists()


def test_too_large_is_refused_on_the_page(personas: Any, settings: Any) -> None:
    settings.SIGAP_ATTACHMENT_MAX_BYTES = 1024
    case = make_case(personas)
    response = post_upload(
        personas.client("case_manager"), case, samples.PDF + b"0" * 5000, document_kind="SIGNED_FORM"
    )
    body = response.content.decode()
    assert "The file is too large: at most 0.0009765" in body
    assert 'value="SIGNED_FORM" selected' in body
    assert not Attachment.objects.exists()


def test_the_case_manager_sees_a_gps_free_photo(personas: Any) -> None:
    case = make_case(personas)
    post_upload(personas.client("expert"), case, samples.jpeg_with_gps(), name="luka.jpg", document_kind="PHOTO")
    content = b"".join(_download(personas.client("case_manager"), only(case)).streaming_content)
    assert dict(Image.open(io.BytesIO(content)).getexif()) == {}


def test_list_page_query_count_is_pinned(personas: Any) -> None:
    case = make_case(personas)
    for i in range(3):
        upload(personas, "case_manager", case, name=f"f{i}.pdf")
    client = personas.client("case_manager")
    url = reverse("assistance:case_attachments", kwargs={"case_id": case.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        upload(personas, "head", case, name=f"g{i}.pdf")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) == PINNED_LIST_QUERIES, [q["sql"] for q in many.captured_queries]


PINNED_LIST_QUERIES = (
    8  # session + user/membership/MFA in one (request chain, D35) + case, reader, audit, list, page shell
)


def test_rotate_keys_rewraps_the_file_key_without_rewriting_the_file(personas: Any) -> None:
    from django.core.management import call_command
    from django.test import override_settings

    from sigap.core.crypto.keys import DEVELOPMENT_DATA_KEYS as DEV
    from sigap.core.tests.test_rotate_keys import kids_in, new_key

    # The personas and the case stay on the development key; only the attachment is rotated here.
    old, new = new_key(), new_key()
    case = make_case(personas)
    with override_settings(SIGAP_DATA_KEYS=f"old:{old},{DEV}"):
        attachment = upload(personas, "case_manager", case, data=samples.PDF + b"x" * 100_000)
    raw = attachment_storage().open(attachment.storage_name, "rb").read()
    with override_settings(SIGAP_DATA_KEYS=f"new:{new},old:{old},{DEV}"):
        call_command("rotate_keys", "--no-progress", "--model", "assistance.Attachment", stdout=io.StringIO())
    assert kids_in("assistance_attachment", "file_key") == {"new"}
    assert kids_in("assistance_attachment", "original_name") == {"new"}
    assert attachment_storage().open(attachment.storage_name, "rb").read() == raw
    with override_settings(SIGAP_DATA_KEYS=f"new:{new},{DEV}"):
        got = _download(personas.client("head"), attachment)
        assert b"".join(got.streaming_content) == samples.PDF + b"x" * 100_000


def test_the_case_page_links_to_the_attachments_page(personas: Any) -> None:
    case = make_case(personas)
    page = personas.client("case_manager").get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert reverse("assistance:case_attachments", kwargs={"case_id": case.pk}) in page.content.decode()


def test_a_missing_stored_file_is_a_message_not_a_500(personas: Any) -> None:
    case = make_case(personas)
    attachment = upload(personas, "case_manager", case)
    attachment_storage().delete(attachment.storage_name)
    response = _download(personas.client("case_manager"), attachment)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="DOWNLOAD").exists()


def test_refusals_speak_indonesian(personas: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"
    case = make_case(personas)
    client = personas.client("case_manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    body = post_upload(client, case, samples.SVG, name="peta.pdf").content.decode()
    assert "Jenis berkas ini tidak diterima." in body and "Tambah lampiran" in body
