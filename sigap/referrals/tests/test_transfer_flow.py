"""A transfer from Kukar (64.02) to Samarinda (64.72): proposed, decided, the case closed, the package imported."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.timeline.case import case_timeline
from sigap.core.files.store import file_open
from sigap.intake.models import Complaint
from sigap.partners.models import PartnerKind
from sigap.referrals.models import CaseTransfer, Direction, Referral, TransferState
from sigap.referrals.services.transfer.send import (
    Receiver,
    TransferRefused,
    transfer_carry_out,
    transfer_propose,
    transfer_send_back,
)
from sigap.referrals.tests.transfer_steps import SAMARINDA, carried_out, case_with_victim
from sigap.work.models import WorkItem

pytestmark = pytest.mark.django_db
PASSWORD_ON_PAGE = re.compile(r'<p class="fs-4 font-monospace mb-2 user-select-all">([a-z0-9-]+)</p>')


def _package(transfer: CaseTransfer) -> bytes:
    return b"".join(file_open(transfer.xlsx_storage_name, transfer.xlsx_file_key))


def test_the_case_manager_proposes_and_the_head_sends_it_back(personas: Any) -> None:
    case = case_with_victim(personas)
    transfer = transfer_propose(
        actor=personas["case_manager"], case=case, receiver=Receiver(unit=personas.samarinda), reason="Pindah."
    )
    assert transfer.state == TransferState.PROPOSED
    item = WorkItem.objects.get(kind="case_transfer_approval", object_id=str(transfer.pk))
    assert item.responsible_id == personas["head"].pk
    with pytest.raises(TransferRefused):
        transfer_carry_out(actor=personas["case_manager"], case=case, transfer=transfer)
    with pytest.raises(TransferRefused):
        transfer_propose(actor=personas["case_manager"], case=case, receiver=Receiver(name="UPTD PPA X"), reason="x")
    with pytest.raises(TransferRefused):
        transfer_send_back(actor=personas["head"], transfer=transfer, note="  ")
    transfer_send_back(actor=personas["head"], transfer=transfer, note="Tunggu konfirmasi alamat baru.")
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert transfer.state == TransferState.SENT_BACK and case.state != CaseState.TERMINASI
    lines = [entry.text for entry in case_timeline(case)]
    assert any("proposed; waiting for the head's decision" in text for text in lines), lines
    assert any("was sent back" in text for text in lines), lines


def test_the_head_approves_a_proposal_from_its_page_and_reads_the_password_once(personas: Any) -> None:
    case = case_with_victim(personas)
    transfer = transfer_propose(
        actor=personas["case_manager"], case=case, receiver=Receiver(unit=personas.samarinda), reason="Pindah."
    )
    head = personas.client("head")
    response = head.post(reverse("referrals:transfer_approve", kwargs={"transfer_id": transfer.pk}))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert PASSWORD_ON_PAGE.search(response.content.decode())
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert transfer.state == TransferState.DONE
    assert case.state == CaseState.TERMINASI and case.closure_reason == "PINDAH_WILAYAH"
    assert WorkItem.objects.get(kind="case_transfer_approval", object_id=str(transfer.pk)).state == "DONE"
    page = head.get(reverse("referrals:transfer_detail", kwargs={"transfer_id": transfer.pk}))
    assert page.status_code == 200 and not PASSWORD_ON_PAGE.search(page.content.decode())


def test_posting_a_carried_out_transfer_again_says_it_was_done_and_shows_no_password(personas: Any) -> None:
    """The browser's reload of the password page posts again: not the misleading 'only an open case'."""
    case = case_with_victim(personas)
    transfer = transfer_propose(
        actor=personas["case_manager"], case=case, receiver=Receiver(unit=personas.samarinda), reason="Pindah."
    )
    head = personas.client("head")
    url = reverse("referrals:transfer_approve", kwargs={"transfer_id": transfer.pk})
    assert head.post(url).status_code == 200
    again = head.post(url, follow=True)
    text = again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("referrals:transfer_detail", kwargs={"transfer_id": transfer.pk})
    assert "already carried out" in text and "Only an open case can be transferred" not in text
    assert not PASSWORD_ON_PAGE.search(text)
    assert CaseTransfer.objects.filter(case=case).count() == 1


def test_the_head_transfers_at_once_the_case_is_closed_with_the_reason_and_a_second_post_shows_what_happened(
    personas: Any,
) -> None:
    case = case_with_victim(personas)
    head = personas.client("head")
    response = head.post(
        reverse("referrals:transfer_start", kwargs={"case_id": case.pk}),
        {"receiving_name": "UPTD PPA Kabupaten Berau", "receiving_region_code": "64.03", "reason": "Pindah ke Berau."},
    )
    assert response.status_code == 200
    transfer = CaseTransfer.objects.get(case=case)
    case.refresh_from_db()
    assert transfer.state == TransferState.DONE and transfer.receiving_unit is None
    assert case.state == CaseState.TERMINASI and case.closure_reason == "PINDAH_WILAYAH"
    assert AuditEvent.objects.filter(object_type="referrals.casetransfer", object_id=str(transfer.pk)).exists()
    # The reload of the password page (the same POST again) and a later visit: no form, what happened.
    again = head.post(
        reverse("referrals:transfer_start", kwargs={"case_id": case.pk}),
        {"receiving_name": "UPTD PPA Kabupaten Berau", "reason": "Pindah ke Berau."},
        follow=True,
    )
    assert again.redirect_chain[-1][0] == reverse("referrals:transfer_detail", kwargs={"transfer_id": transfer.pk})
    assert "already carried out" in again.content.decode() and not PASSWORD_ON_PAGE.search(again.content.decode())
    assert CaseTransfer.objects.filter(case=case).count() == 1
    # The case's own timeline says what happened, before the closure it led to (walk #14, 6).
    lines = [entry.text for entry in case_timeline(case)]
    done = [i for i, text in enumerate(lines) if "Transferred to UPTD PPA Kabupaten Berau" in text]
    assert done, lines
    # The closed case's page leads to the transfer (walk #14, 5): its link opens what happened, with the package.
    page = head.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert 'id="closure-transfer-link"' in page
    opened = head.get(reverse("referrals:transfer_start", kwargs={"case_id": case.pk}), follow=True)
    assert opened.redirect_chain[-1][0] == reverse("referrals:transfer_detail", kwargs={"transfer_id": transfer.pk})
    # A closed case cannot be transferred again.
    with pytest.raises(TransferRefused):
        transfer_carry_out(actor=personas["head"], case=case, receiver=Receiver(name="X"), reason="again")


def test_the_download_is_audited_and_for_the_head_only(personas: Any) -> None:
    transfer, _password, _case = carried_out(personas)
    url = reverse("referrals:transfer_download", kwargs={"transfer_id": transfer.pk, "kind": "xlsx"})
    response = personas.client("head").get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == _package(transfer)
    assert AuditEvent.objects.filter(object_id=str(transfer.pk), action="DOWNLOAD").count() == 1
    assert personas.client("case_manager").get(url).status_code == 403
    assert personas.client("other_head").get(url).status_code == 404
    bad = reverse("referrals:transfer_download", kwargs={"transfer_id": transfer.pk, "kind": "docx"})
    assert personas.client("head").get(bad).status_code == 404


def test_samarinda_imports_the_package_of_kukar(personas: Any) -> None:
    transfer, password, case = carried_out(personas)
    client = personas.client("other_head")
    url = reverse("referrals:package_import")
    upload = SimpleUploadedFile("pelimpahan.xlsx", _package(transfer))
    refused = client.post(url, {"package": upload, "password": "abcde-abcde-abcde-abcde-abcde"})
    assert refused.status_code == 200 and b"The password is not right for this package." in refused.content
    assert b"choose the package file again" in refused.content  # the file input is emptied by the browser
    assert not Complaint.objects.filter(unit=personas.samarinda).exists()

    upload = SimpleUploadedFile("pelimpahan.xlsx", _package(transfer))
    response = client.post(url, {"package": upload, "password": password})
    assert response.status_code == 302
    referral = Referral.objects.get(unit=personas.samarinda)
    complaint = referral.complaint
    assert referral.direction == Direction.IN and referral.referrer_reference == case.number
    assert referral.partner.name == personas.kukar.name and referral.partner.kind == PartnerKind.UPTD_PPA
    assert complaint is not None and complaint.unit_id == personas.samarinda.pk
    assert complaint.channel == "PELIMPAHAN" and complaint.reporter_name == personas.kukar.name
    assert case.number in complaint.account and complaint.response_due_at is not None
    assert WorkItem.objects.filter(kind="complaint_response", object_id=str(complaint.pk), state="OPEN").exists()
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"package-summary" in page.content and case.number.encode() in page.content
    document = client.get(reverse("referrals:incoming_document", kwargs={"referral_id": referral.pk}))
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"PK")
    # Kukar's staff never see Samarinda's complaint or referral.
    assert personas.client("head").get(response["Location"]).status_code == 404
    # The same package twice: refused.
    upload = SimpleUploadedFile("pelimpahan.xlsx", _package(transfer))
    again = client.post(url, {"package": upload, "password": password})
    assert again.status_code == 200 and b"already been imported" in again.content
    assert Referral.objects.filter(unit=personas.samarinda).count() == 1


def test_the_sending_unit_cannot_import_its_own_package(personas: Any) -> None:
    transfer, password, _case = carried_out(personas)
    upload = SimpleUploadedFile("pelimpahan.xlsx", _package(transfer))
    response = personas.client("intake").post(
        reverse("referrals:package_import"), {"package": upload, "password": password}
    )
    assert response.status_code == 200 and b"made by this unit" in response.content


def test_a_file_that_is_no_package_gets_a_message(personas: Any) -> None:
    upload = SimpleUploadedFile("notes.xlsx", b"just some text")
    response = personas.client("intake").post(reverse("referrals:package_import"), {"package": upload, "password": "x"})
    assert response.status_code == 200 and b"not a Sigap transfer package" in response.content


def test_the_case_page_offers_the_transfer_to_who_may_manage_it(personas: Any) -> None:
    case = case_with_victim(personas)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert b'id="transfer-link"' in personas.client("head").get(url).content
    assert b'id="transfer-link"' in personas.client("case_manager").get(url).content
    assert b'id="transfer-link"' not in personas.client("expert").get(url).content


def test_an_open_case_with_a_closure_request_waits_for_that_decision(personas: Any) -> None:
    from sigap.cases.services.closure import case_request_closure

    case = case_with_victim(personas)
    case_request_closure(actor=personas["case_manager"], case=case, reason="TIDAK_DAPAT_DIHUBUNGI", summary="x")
    with pytest.raises(TransferRefused):
        transfer_carry_out(
            actor=personas["head"], case=Case.objects.get(pk=case.pk), receiver=Receiver(name=SAMARINDA), reason="x"
        )
