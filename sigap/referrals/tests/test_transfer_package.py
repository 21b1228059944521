"""The transfer package: opened only with its password (msoffcrypto, pypdf), refused when wrong or altered."""

from __future__ import annotations

import io
import json
from typing import Any

import msoffcrypto
import olefile
import pytest
from django.utils import translation
from pypdf import PdfReader

from sigap.cases.tests.factories import VICTIM_NAME
from sigap.core.choices import ContactCalls, RiskLevel
from sigap.core.files.store import file_open
from sigap.referrals.tests.transfer_steps import carried_out, case_with_victim, sharing_consent
from sigap.referrals.transfer import package
from sigap.referrals.transfer.package import PackageRefused, read_package, workbook_plain
from sigap.referrals.transfer.schema import SchemaError, validate
from sigap.referrals.transfer.summary import summary_lines

pytestmark = pytest.mark.django_db


def _files(transfer: Any) -> tuple[bytes, bytes]:
    xlsx = b"".join(file_open(transfer.xlsx_storage_name, transfer.xlsx_file_key))
    pdf = b"".join(file_open(transfer.pdf_storage_name, transfer.pdf_file_key))
    return xlsx, pdf


def test_it_opens_the_xlsx_only_with_its_password(personas: Any) -> None:
    transfer, password, case = carried_out(personas)
    xlsx, _pdf = _files(transfer)
    office = msoffcrypto.OfficeFile(io.BytesIO(xlsx))
    assert office.is_encrypted()
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        office.load_key(password="not-the-password", verify_password=True)
    office = msoffcrypto.OfficeFile(io.BytesIO(xlsx))
    office.load_key(password=password, verify_password=True)
    out = io.BytesIO()
    office.decrypt(out, verify_integrity=True)
    payload = package.payload_of_workbook(out.getvalue())
    assert payload["sender"]["case_number"] == case.number
    assert payload["receiver"]["unit"] == personas.samarinda.name


def test_it_encrypts_the_pdf_with_aes_256(personas: Any) -> None:
    transfer, password, case = carried_out(personas)
    _xlsx, pdf = _files(transfer)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    assert reader._encryption is not None and reader._encryption.V == 5  # AES-256 (PDF 2.0 / ISO 32000-2)
    assert not reader.decrypt("wrong password")
    assert reader.decrypt(password)
    text = "".join(page.extract_text() for page in reader.pages)
    assert case.number in text


def test_the_password_is_stored_nowhere(personas: Any) -> None:
    transfer, password, _case = carried_out(personas)
    row = type(transfer).objects.filter(pk=transfer.pk).values().get()
    assert all(password not in str(value) for value in row.values())


def test_it_leaves_names_out_without_a_sharing_consent(personas: Any) -> None:
    transfer, password, _case = carried_out(personas)
    xlsx, _pdf = _files(transfer)
    payload, _plain = read_package(io.BytesIO(xlsx), password)
    assert not payload["identity_shared"] and not transfer.identity_shared
    assert VICTIM_NAME not in json.dumps(payload)
    assert payload["persons"][0]["name"] == "Victim 1"


def test_it_names_the_victim_when_her_consent_names_the_receiving_unit(personas: Any) -> None:
    case = case_with_victim(personas)
    sharing_consent(personas, case)
    transfer, password, _case = carried_out(personas, case)
    xlsx, _pdf = _files(transfer)
    payload, _plain = read_package(io.BytesIO(xlsx), password)
    assert payload["identity_shared"] and transfer.identity_shared
    assert payload["persons"][0]["name"] == VICTIM_NAME


def test_a_wrong_password_is_refused_with_a_message(personas: Any) -> None:
    transfer, _password, _case = carried_out(personas)
    xlsx, _pdf = _files(transfer)
    with pytest.raises(PackageRefused) as refused:
        read_package(io.BytesIO(xlsx), "abcde-fghjk-mnpqr-stuvw-xyz23")
    assert refused.value.code == "password"


@pytest.mark.parametrize("where", [20, 3000, -1])
def test_a_file_altered_inside_its_encrypted_content_is_refused(personas: Any, tmp_path: Any, where: int) -> None:
    """One byte changed in the encrypted package (the HMAC of agile encryption covers it), the password right."""
    transfer, password, _case = carried_out(personas)
    xlsx, _pdf = _files(transfer)
    path = tmp_path / "package.xlsx"
    path.write_bytes(xlsx)
    ole = olefile.OleFileIO(str(path), write_mode=True)
    stream = bytearray(ole.openstream("EncryptedPackage").read())
    stream[where] ^= 0x01
    ole.write_stream("EncryptedPackage", bytes(stream))
    ole.close()
    with pytest.raises(PackageRefused) as refused:
        read_package(io.BytesIO(path.read_bytes()), password)
    assert refused.value.code == "format"


def test_a_cut_off_file_is_refused(personas: Any) -> None:
    transfer, password, _case = carried_out(personas)
    xlsx, _pdf = _files(transfer)
    with pytest.raises(PackageRefused):
        read_package(io.BytesIO(xlsx[: len(xlsx) // 2]), password)


def test_a_workbook_with_other_data_is_refused_even_with_the_right_password(personas: Any) -> None:
    transfer, password, _case = carried_out(personas)
    xlsx, _pdf = _files(transfer)
    payload, _plain = read_package(io.BytesIO(xlsx), password)
    payload["extra"] = "not in the schema"
    forged = package.encrypt_workbook(workbook_plain(payload), password)
    with pytest.raises(PackageRefused) as refused:
        read_package(io.BytesIO(forged), password)
    assert refused.value.code == "format"


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 not a zip", b"%PDF-1.7 a pdf", b"\xd0\xcf\x11\xe0" + b"\0" * 600]
)
def test_anything_else_is_refused_never_a_crash(content: bytes) -> None:
    with pytest.raises(PackageRefused):
        read_package(io.BytesIO(content), "whatever")


def test_an_unencrypted_package_is_refused(personas: Any) -> None:
    transfer, password, _case = carried_out(personas)
    xlsx, _pdf = _files(transfer)
    _payload, plain = read_package(io.BytesIO(xlsx), password)
    with pytest.raises(PackageRefused):
        read_package(io.BytesIO(plain), password)


def test_the_schema_is_strict() -> None:
    with pytest.raises(SchemaError):
        validate({"format": "sigap-pelimpahan", "version": 2})
    with pytest.raises(SchemaError):
        validate({"format": "other"})
    with pytest.raises(SchemaError):
        validate([])


def test_passwords_are_fresh_and_readable() -> None:
    first, second = package.new_password(), package.new_password()
    assert first != second and len(first) == 29 and first.count("-") == 4
    assert set(first.replace("-", "")) <= set(package.KEY_ALPHABET)


def test_the_summary_names_the_risk_level_and_the_calls_rule_by_their_labels_not_their_codes(personas: Any) -> None:
    case = case_with_victim(personas)
    case.risk_level, case.contact_calls = RiskLevel.SEDANG, ContactCalls.CALLS_ALLOWED
    case.save(update_fields=["risk_level", "contact_calls"])
    sharing_consent(personas, case)
    transfer, password, _case = carried_out(personas, case)
    xlsx, pdf = _files(transfer)
    payload, _plain = read_package(io.BytesIO(xlsx), password)
    assert (payload["case"]["risk_level"], payload["contact"]["calls"]) == ("SEDANG", "TELEPON_BOLEH")
    with translation.override("id"):
        lines = dict(summary_lines(payload))
    assert lines["Tingkat risiko"] == "Sedang"
    assert lines["Kontak aman"].startswith("Boleh ditelepon")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.decrypt(password)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "SEDANG" not in text and "TELEPON_BOLEH" not in text
