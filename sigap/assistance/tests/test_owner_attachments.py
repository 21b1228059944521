"""Documents of a session, a hearing and a mediation (issue #12): uploaded and listed on their pages, read
by the readers of the owner's field group only (a psychologist's report: her and the HEAD; a legal
opinion: the legal group), downloaded through the one audited view, 404 for another unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.assistance.models import Attachment
from sigap.assistance.models.attachment import FieldGroup, OwnerKind
from sigap.assistance.models.session import SessionKind
from sigap.assistance.rules.attachment import kept_under, most_protective
from sigap.assistance.services.legal import HearingData, hearing_add
from sigap.assistance.tests.access_rules_mediation import _get as mediation_built
from sigap.assistance.tests.attachment_steps import upload
from sigap.assistance.tests.factories import held_session, session_case
from sigap.assistance.tests.legal_steps import at_prosecution, legal_case
from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.factories import make_case
from sigap.core.tests import files_samples as samples

pytestmark = pytest.mark.django_db

PERSONAS = ("expert", "counsellor", "legal", "case_manager", "head", "other_head")


def _post(client: Any, url: str, name: str = "laporan.pdf", **fields: str) -> Any:
    values = {"document_kind": "OTHER", "field_group": "GENERAL", **fields}
    return client.post(url, {**values, "file": SimpleUploadedFile(name, samples.PDF, content_type="application/pdf")})


def _download(personas: Any, who: str, attachment: Attachment) -> int:
    url = reverse("assistance:attachment_download", kwargs={"attachment_id": attachment.pk})
    return int(personas.client(who).get(url).status_code)


def _readers(personas: Any, attachment: Attachment) -> dict[str, int]:
    return {who: _download(personas, who, attachment) for who in PERSONAS}


def test_the_field_group_rule() -> None:
    assert most_protective() == FieldGroup.GENERAL
    assert most_protective(FieldGroup.LEGAL, FieldGroup.GENERAL) == FieldGroup.LEGAL
    assert most_protective(FieldGroup.LEGAL, FieldGroup.CLINICAL) == FieldGroup.CLINICAL
    assert kept_under(chosen="GENERAL", document_kind="PSYCHOLOGICAL_REPORT") == FieldGroup.CLINICAL
    assert kept_under(chosen="GENERAL", document_kind="LEGAL_OPINION") == FieldGroup.LEGAL
    assert kept_under(chosen="CLINICAL", document_kind="LEGAL_OPINION") == FieldGroup.CLINICAL
    assert kept_under(chosen="GENERAL", document_kind="EVIDENCE", owner_floor="LEGAL") == FieldGroup.LEGAL
    assert kept_under(chosen="GENERAL", document_kind="EVIDENCE") == FieldGroup.GENERAL


def test_a_psychologists_report_on_her_session_is_read_by_her_and_the_head_only(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(sc.psychologist, sc.case, experts=[sc.psychologist])
    url = reverse("assistance:session_attachments", kwargs={"session_id": session.pk})
    # She leaves "the case team" chosen: the session's field group decides (as for her notes).
    response = _post(
        personas.client("expert"), url, name="laporan psikologis.pdf", document_kind="PSYCHOLOGICAL_REPORT"
    )
    detail = reverse("assistance:session_detail", kwargs={"session_id": session.pk})
    assert response.status_code == 302 and response["Location"] == detail
    report = Attachment.objects.get(owner_kind=OwnerKind.SESSION, owner_id=str(session.pk))
    assert (report.case_id, report.field_group) == (sc.case.pk, FieldGroup.CLINICAL)
    assert _readers(personas, report) == {
        "expert": 200,
        "counsellor": 404,
        "legal": 404,
        "case_manager": 404,  # she sees that the session was held, not the psychologist's report
        "head": 200,
        "other_head": 404,
    }
    assert "laporan psikologis.pdf" in personas.client("expert").get(detail).content.decode()
    # Any document of a psychological session is clinical, as its notes are, whatever its kind.
    drawing = upload(personas, "case_manager", sc.case, owner_kind=OwnerKind.SESSION, owner_id=session.pk)
    assert drawing.field_group == FieldGroup.CLINICAL
    assert "laporan psikologis.pdf" not in personas.client("case_manager").get(detail).content.decode()


def test_a_legal_opinion_is_read_by_the_legal_group(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(sc.legal, sc.case, kind=SessionKind.LEGAL_OPINION, experts=[sc.legal])
    url = reverse("assistance:session_attachments", kwargs={"session_id": session.pk})
    assert _post(personas.client("legal"), url, document_kind="LEGAL_OPINION").status_code == 302
    opinion = Attachment.objects.get(owner_kind=OwnerKind.SESSION)
    assert opinion.field_group == FieldGroup.LEGAL
    assert _readers(personas, opinion) == {
        "expert": 404,
        "counsellor": 404,
        "legal": 200,
        "case_manager": 200,
        "head": 200,
        "other_head": 404,
    }


def test_a_hearings_documents_are_the_teams_and_counted_on_the_legal_page(personas: Any) -> None:
    lc = legal_case(personas)
    track = at_prosecution(personas, lc)
    hearing = hearing_add(
        actor=personas["head"], track=track, data=HearingData(starts_at=dt.datetime.now(dt.UTC), court="PN Tenggarong")
    )
    url = reverse("assistance:hearing_attachments", kwargs={"hearing_id": hearing.pk})
    manager = personas.client("case_manager")
    assert _post(manager, url, name="relaas panggilan.pdf").status_code == 302
    summons = Attachment.objects.get(owner_kind=OwnerKind.HEARING, owner_id=str(hearing.pk))
    assert summons.field_group == FieldGroup.GENERAL
    for who, status in {"expert": 200, "legal": 200, "head": 200, "other_head": 404}.items():
        assert _download(personas, who, summons) == status
    assert "relaas panggilan.pdf" in manager.get(url).content.decode()
    legal_page = manager.get(reverse("assistance:legal_track", kwargs={"case_id": lc.case.pk})).content.decode()
    assert url in legal_page and "1 document" in legal_page
    assert personas.client("other_head").get(url).status_code == 404


def test_a_mediations_documents_are_listed_on_it_and_every_download_is_audited(personas: Any) -> None:
    mediation = mediation_built(personas)["mediation"]
    url = reverse("assistance:mediation_attachments", kwargs={"mediation_id": mediation.pk})
    client = personas.client("case_manager")
    response = _post(client, url, name="kesepakatan bertanda tangan.pdf", document_kind="SIGNED_FORM")
    assert response.status_code == 302
    detail = client.get(reverse("assistance:mediation_detail", kwargs={"mediation_id": mediation.pk}))
    assert "kesepakatan bertanda tangan.pdf" in detail.content.decode()
    signed = Attachment.objects.get(owner_kind=OwnerKind.MEDIATION)
    assert _download(personas, "head", signed) == 200
    assert _download(personas, "other_head", signed) == 404
    events = AuditEvent.objects.filter(action="DOWNLOAD", object_id=str(mediation.case_id))
    assert [e.new_values for e in events] == [{"attachment": str(signed.pk), "kind": "SIGNED_FORM"}]


def test_a_refused_file_keeps_the_choices_and_says_why(personas: Any) -> None:
    mediation = mediation_built(personas)["mediation"]
    url = reverse("assistance:mediation_attachments", kwargs={"mediation_id": mediation.pk})
    client = personas.client("case_manager")
    html = b"<!doctype html><script>alert(1)</script>"
    response = client.post(
        url,
        {"document_kind": "SIGNED_FORM", "field_group": "LEGAL", "file": SimpleUploadedFile("x.pdf", html)},
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'value="SIGNED_FORM" selected' in body
    assert not Attachment.objects.exists()


def test_a_record_of_another_case_is_refused(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(personas["case_manager"], sc.case, kind=SessionKind.HOME_VISIT)
    other = make_case(personas)
    with pytest.raises(TransitionRefused):
        upload(personas, "case_manager", other, owner_kind=OwnerKind.SESSION, owner_id=session.pk)
    with pytest.raises(TransitionRefused):
        upload(personas, "case_manager", sc.case, owner_kind=OwnerKind.SHELTER_STAY, owner_id=session.pk)
    assert not Attachment.objects.exists()


def test_the_case_attachments_page_lists_the_records_documents_with_a_link(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(personas["case_manager"], sc.case, kind=SessionKind.HOME_VISIT)
    document = upload(personas, "case_manager", sc.case, owner_kind=OwnerKind.SESSION, owner_id=session.pk)
    page = personas.client("counsellor").get(reverse("assistance:case_attachments", kwargs={"case_id": sc.case.pk}))
    body = page.content.decode()
    assert "visum.pdf" in body and reverse("assistance:session_detail", kwargs={"session_id": session.pk}) in body
    remove = reverse("assistance:attachment_remove", kwargs={"attachment_id": document.pk})
    response = personas.client("case_manager").post(remove, {"reason": "Wrong file."})
    assert response["Location"] == reverse("assistance:session_detail", kwargs={"session_id": session.pk})


def test_a_narrowed_reader_choice_is_said_on_the_form_and_after_the_upload(personas: Any) -> None:
    """Walk finding 2: "who may read it" was narrowed by kept_under without a word."""
    from sigap.assistance.rules.attachment import narrowed_by

    assert narrowed_by(chosen="GENERAL", document_kind="PSYCHOLOGICAL_REPORT") == "document"
    assert narrowed_by(chosen="GENERAL", document_kind="PHOTO", owner_floor="CLINICAL") == "owner"
    assert narrowed_by(chosen="CLINICAL", document_kind="PSYCHOLOGICAL_REPORT") is None
    sc = session_case(personas)
    session = held_session(sc.psychologist, sc.case, experts=[sc.psychologist])
    url = reverse("assistance:session_attachments", kwargs={"session_id": session.pk})
    client = personas.client("case_manager")
    form = client.get(url).content.decode()
    assert "A psychological report is always kept clinical" in form
    assert "Documents of this session are read as its notes are: Clinical" in form
    case_form = client.get(reverse("assistance:case_attachments", kwargs={"case_id": sc.case.pk})).content.decode()
    assert "A psychological report is always kept clinical" in case_form
    assert "Documents of this session are read" not in case_form
    # After the upload: the message names the readers and the reason; the list shows the group kept.
    done = _post(client, url, document_kind="PHOTO", name="gambar.pdf")
    page = client.get(done["Location"]).content.decode()
    assert (
        "This document can be read only by you and the head of the unit, because documents of this session are "
        "read as its notes are." in page
    )
    on_case = _post(
        client, reverse("assistance:case_attachments", kwargs={"case_id": sc.case.pk}), document_kind="LEGAL_OPINION"
    )
    listed = client.get(on_case["Location"]).content.decode()
    assert 'a document of the kind "Legal opinion" is always kept so' in listed.replace("&quot;", '"')
    assert "Legal: the case manager, the legal counsellors and the head of the unit" in listed
    # Kept as chosen: no such message.
    plain = _post(client, reverse("assistance:case_attachments", kwargs={"case_id": sc.case.pk}))
    assert "can be read only by" not in client.get(plain["Location"]).content.decode()
