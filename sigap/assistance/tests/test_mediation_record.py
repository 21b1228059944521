"""The berita acara of a mediation (issue #12): a PDF with the unit's letterhead, the parties by role, the
date, the outcome and the points of the agreement; kept as a document of the mediation, downloaded through
the audited view; refused before the outcome; 404 for another unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.models import Attachment
from sigap.assistance.models.attachment import DocumentKind, FieldGroup, OwnerKind
from sigap.assistance.services.mediation import (
    MediationOpenData,
    mediation_follow_up_add,
    mediation_open,
    mediation_outcome,
    mediation_record_make,
    mediation_session_add,
)
from sigap.assistance.tests.legal_steps import legal_case
from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.test_case_summary import _text
from sigap.cases.timeline.case import case_timeline
from sigap.core.files.store import file_open

pytestmark = pytest.mark.django_db

OUTCOME = "Kedua pihak sepakat tentang hak asuh anak."
PROMISE = "Nafkah anak Rp 1.500.000 tiap bulan"


def _mediation(personas: Any, *, agreed: bool = True) -> Any:
    lc = legal_case(personas, sexual=False)  # a victim and a perpetrator; no sexual violence
    manager = personas["case_manager"]
    data = MediationOpenData("MAINTENANCE", "Free decision assessed.", manager, mediator_trained=True)
    mediation = mediation_open(actor=manager, case=lc.case, data=data)
    mediation_session_add(actor=manager, mediation=mediation, held_at=timezone.now(), present="Korban, pelaku")
    if agreed:
        mediation = mediation_outcome(actor=manager, mediation=mediation, status="AGREEMENT", note=OUTCOME)
        due = timezone.localdate() + dt.timedelta(days=30)
        mediation_follow_up_add(actor=manager, mediation=mediation, promise=PROMISE, due=due)
    return mediation


def _pdf_text(attachment: Attachment) -> str:
    content = b"".join(file_open(attachment.storage_name, attachment.file_key))
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    return _text(content).replace("\\(", "(").replace("\\)", ")")


def test_the_berita_acara_states_the_letterhead_parties_outcome_and_agreement(personas: Any) -> None:
    unit = personas.kukar
    unit.letterhead_lines = ""
    unit.address = "Jl. Wolter Monginsidi No. 1, Tenggarong"
    unit.save(update_fields=["letterhead_lines", "address"])
    mediation = _mediation(personas)
    record = mediation_record_make(actor=personas["case_manager"], mediation=mediation)
    assert (record.owner_kind, record.owner_id, record.document_kind, record.field_group) == (
        OwnerKind.MEDIATION,
        str(mediation.pk),
        DocumentKind.BERITA_ACARA,
        FieldGroup.GENERAL,
    )
    text = _pdf_text(record)
    for expected in (
        unit.name,
        "Jl. Wolter Monginsidi No. 1, Tenggarong",
        "OFFICIAL RECORD OF MEDIATION",
        mediation.case.number,
        "Child or wife maintenance",
        "Victim: ",
        "Perpetrator: Pelaku Fiktif",
        "Korban, pelaku",
        "Agreement reached",
        OUTCOME,
        PROMISE,
    ):
        assert expected in text, expected
    # The case file's details stay out of it: no NIK, no assessment of the victim's free decision.
    assert "Free decision assessed." not in text


def test_the_unit_letterhead_lines_are_used_when_it_has_them(personas: Any) -> None:
    unit = personas.kukar
    unit.letterhead_lines = "PEMERINTAH KABUPATEN KUTAI KARTANEGARA\nUPTD PPA KUKAR"
    unit.save(update_fields=["letterhead_lines"])
    record = mediation_record_make(actor=personas["head"], mediation=_mediation(personas))
    text = _pdf_text(record)
    assert "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" in text and "UPTD PPA KUKAR" in text


def test_it_is_refused_before_the_outcome(personas: Any) -> None:
    mediation = _mediation(personas, agreed=False)
    with pytest.raises(TransitionRefused, match="outcome"):
        mediation_record_make(actor=personas["case_manager"], mediation=mediation)
    assert not Attachment.objects.exists()


def test_the_page_makes_it_keeps_it_and_downloads_it_audited(personas: Any) -> None:
    mediation = _mediation(personas)
    url = reverse("assistance:mediation_record", kwargs={"mediation_id": mediation.pk})
    client = personas.client("case_manager")
    response = client.post(url)
    record = Attachment.objects.get(owner_kind=OwnerKind.MEDIATION)
    download = reverse("assistance:attachment_download", kwargs={"attachment_id": record.pk})
    assert response.status_code == 302 and response["Location"] == download
    got = client.get(download)
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment;")
    assert OUTCOME in _text(b"".join(got.streaming_content))
    assert AuditEvent.objects.filter(action="DOWNLOAD", object_id=str(mediation.case_id)).count() == 1
    detail = client.get(reverse("assistance:mediation_detail", kwargs={"mediation_id": mediation.pk}))
    assert record.original_name in detail.content.decode()  # listed, downloadable later
    assert personas.client("other_head").post(url).status_code == 404
    assert Attachment.objects.count() == 1
    texts = [entry.text for entry in case_timeline(mediation.case)]
    assert "Attachment added to a record (Mediation): Official record (berita acara)." in texts
    assert "Attachment downloaded: Official record (berita acara)." in texts
