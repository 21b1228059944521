"""Documents of an outreach visit and of a shelter stay (issue #12, "Attachments"): uploaded on their pages,
read by the HEAD and the case team (a stay's), or as the visit is, through its case (a visit's); 404 for
another unit; every download audited on the case."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.assistance.models import Attachment
from sigap.assistance.models.attachment import FieldGroup, OwnerKind
from sigap.assistance.tests.outreach_steps import case_visit, complaint_in_outreach
from sigap.assistance.tests.shelter_steps import admit, placed_case, shelter
from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.factories import make_case
from sigap.core.tests import files_samples as samples

pytestmark = pytest.mark.django_db

READERS = ("head", "case_manager", "expert", "intake", "data_officer", "other_head", "other_case_manager")


def _post(client: Any, url: str, name: str, **fields: str) -> Any:
    values = {"document_kind": "OTHER", "field_group": "GENERAL", **fields}
    return client.post(url, {**values, "file": SimpleUploadedFile(name, samples.PDF, content_type="application/pdf")})


def _download(personas: Any, who: str, attachment: Attachment) -> int:
    url = reverse("assistance:attachment_download", kwargs={"attachment_id": attachment.pk})
    return int(personas.client(who).get(url).status_code)


def _downloads(personas: Any, attachment: Attachment) -> dict[str, int]:
    return {who: _download(personas, who, attachment) for who in READERS}


# The HEAD and the case team (the case manager and the expert of ``make_case``); the roles that never open a
# case's documents are refused (403), another unit's staff find nothing (404).
EXPECTED = {
    "head": 200,
    "case_manager": 200,
    "expert": 200,
    "intake": 403,
    "data_officer": 403,
    "other_head": 404,
    "other_case_manager": 404,
}


def test_a_stays_documents_are_read_by_the_head_and_the_case_team_and_downloads_are_audited(personas: Any) -> None:
    beds = shelter(personas)
    pc = placed_case(personas)
    stay = admit(personas, pc, beds.family[0], child_bed=beds.family[1])
    url = reverse("assistance:stay_attachments", kwargs={"stay_id": stay.pk})
    response = _post(personas.client("case_manager"), url, "surat penempatan.pdf", document_kind="SIGNED_FORM")
    back = reverse("assistance:case_shelter", kwargs={"case_id": pc.case.pk})
    assert response.status_code == 302 and response["Location"] == back
    letter = Attachment.objects.get(owner_kind=OwnerKind.SHELTER_STAY, owner_id=str(stay.pk))
    assert (letter.case_id, letter.field_group) == (pc.case.pk, FieldGroup.GENERAL)
    assert _downloads(personas, letter) == EXPECTED
    # Listed on the stay's page, linked from the case's shelter page; the case's page lists it with its record.
    assert "surat penempatan.pdf" in personas.client("expert").get(url).content.decode()
    assert url in personas.client("expert").get(back).content.decode()
    case_page = reverse("assistance:case_attachments", kwargs={"case_id": pc.case.pk})
    assert url in personas.client("head").get(case_page).content.decode()
    # Every download by a reader is an audit event on the case (three readers above), never a refused one.
    events = AuditEvent.objects.filter(action="DOWNLOAD", object_id=str(pc.case.pk))
    assert [e.new_values for e in events] == [{"attachment": str(letter.pk), "kind": "SIGNED_FORM"}] * 3
    # The child's stay leads to the admission's documents, where they are kept.
    child = stay.companions.get()
    child_url = reverse("assistance:stay_attachments", kwargs={"stay_id": child.pk})
    assert personas.client("head").get(child_url)["Location"] == url
    assert personas.client("other_head").get(url).status_code == 404


def test_a_stay_of_another_case_is_not_an_owner(personas: Any) -> None:
    from sigap.assistance.tests.attachment_steps import upload

    beds = shelter(personas)
    stay = admit(personas, placed_case(personas), beds.women[0])
    elsewhere = make_case(personas)
    with pytest.raises(TransitionRefused):
        upload(personas, "head", elsewhere, owner_kind=OwnerKind.SHELTER_STAY, owner_id=stay.pk)
    assert not Attachment.objects.exists()


def test_a_case_visits_documents_are_read_as_the_visit(personas: Any) -> None:
    case = make_case(personas)
    visit = case_visit(personas, case)
    url = reverse("assistance:visit_attachments", kwargs={"visit_id": visit.pk})
    detail = reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk})
    assert url in personas.client("case_manager").get(detail).content.decode()
    response = _post(personas.client("expert"), url, "foto rumah.pdf", document_kind="PHOTO")
    assert response.status_code == 302 and response["Location"] == detail
    photo = Attachment.objects.get(owner_kind=OwnerKind.OUTREACH, owner_id=str(visit.pk))
    assert photo.case_id == case.pk
    assert _downloads(personas, photo) == EXPECTED
    assert "foto rumah.pdf" in personas.client("head").get(url).content.decode()
    events = AuditEvent.objects.filter(action="DOWNLOAD", object_id=str(case.pk))
    assert [e.new_values for e in events] == [{"attachment": str(photo.pk), "kind": "PHOTO"}] * 3


def test_a_complaints_visit_takes_documents_once_it_is_a_case_only(personas: Any) -> None:
    _complaint, visit = complaint_in_outreach(personas)
    url = reverse("assistance:visit_attachments", kwargs={"visit_id": visit.pk})
    detail = reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk})
    response = personas.client("head").get(url, follow=True)
    assert response.redirect_chain[-1][0] == detail
    assert "once its complaint becomes a case" in response.content.decode()
    assert url not in response.content.decode()
    response = _post(personas.client("head"), url, "foto.pdf")
    assert response.status_code == 302 and not Attachment.objects.exists()
    assert personas.client("other_head").get(url).status_code == 404


def test_the_new_words_are_in_indonesian(personas: Any, settings: Any) -> None:
    case = make_case(personas)
    visit = case_visit(personas, case)
    client = personas.client("case_manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    url = reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk})
    assert "Dokumen kunjungan ini" in client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    page = client.get(reverse("assistance:visit_attachments", kwargs={"visit_id": visit.pk}), HTTP_ACCEPT_LANGUAGE="id")
    assert "Kunjungan penjangkauan" in page.content.decode()
