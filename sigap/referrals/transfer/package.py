"""The two files of a transfer package and their encryption; reading a package back (the receiving unit).

- The **XLSX** (``sigap.core.xlsx``) has a readable sheet (the summary, line by line) and a ``data`` sheet
  with the package's data as JSON (cell A1 the format, A2 its SHA-256, then the JSON in pieces a cell can
  hold). It is encrypted with msoffcrypto-tool (ECMA-376 agile encryption, AES-256 with an HMAC over
  the content): it opens in Excel and LibreOffice with the password.
- The **PDF** (fpdf2) prints the same summary, encrypted with AES-256 (the password opens it).

Both are encrypted with one generated password (:func:`new_password`), shown once to the HEAD and never
stored (decision D78). :func:`read_package` refuses a wrong password, a damaged or altered file and
anything that is not a package of this format with one clear message (:class:`PackageRefused`).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import secrets
import zipfile
from typing import IO, Any
from xml.etree import ElementTree  # noqa: S405 - parsed only after any DOCTYPE/ENTITY was refused

import msoffcrypto
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from fpdf.enums import EncryptionMethod, XPos, YPos
from msoffcrypto.exceptions import InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile

from sigap.core.pdf import FooterPDF, latin1, pdf_heading, pdf_line
from sigap.core.xlsx import xlsx_workbook
from sigap.referrals.transfer.schema import FORMAT, VERSION, SchemaError, validate
from sigap.referrals.transfer.summary import summary_lines

logger = logging.getLogger("sigap.referrals")

KEY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from paper
KEY_GROUPS = 5
KEY_GROUP_LENGTH = 5  # 25 characters of 31: over 120 bits
DATA_SHEET = "data"
DATA_PART = "xl/worksheets/sheet2.xml"
CELL_CHUNK = 30_000
MIN_DATA_CHARS = 4096  # a cell holds at most 32 767 characters
MAX_PACKAGE_BYTES = 20 * 1024 * 1024
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class PackageRefused(ValidationError):
    """A package that cannot be imported; the message says why, in the user's language."""


def new_password() -> str:
    """A fresh random password in groups (``abcde-fghjk-…``), from an alphabet that is easy to read aloud."""
    groups = ("".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_GROUP_LENGTH)) for _ in range(KEY_GROUPS))
    return "-".join(groups)


def _data_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def workbook_plain(payload: dict[str, Any]) -> bytes:
    """The unencrypted workbook (kept only in memory, and sealed at rest by the receiving unit).

    Stored uncompressed, its JSON padded with spaces (JSON ignores them) to ``MIN_DATA_CHARS``: msoffcrypto
    6.1.0 writes a package under 4 096 bytes into the OLE mini stream, where its integrity check then fails.
    """
    text = _data_json(payload).ljust(MIN_DATA_CHARS)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    chunks = [text[i : i + CELL_CHUNK] for i in range(0, len(text), CELL_CHUNK)] or [""]
    readable = [[heading, line] for heading, line in summary_lines(payload)]
    data_rows = [[f"{FORMAT}/{VERSION}"], [digest], *([chunk] for chunk in chunks)]
    return xlsx_workbook([(_("Summary")[:31], readable), (DATA_SHEET, data_rows)], compress=False)


def encrypt_workbook(plain: bytes, password: str) -> bytes:
    source = OOXMLFile(io.BytesIO(plain))
    out = io.BytesIO()
    source.encrypt(password, out)
    return out.getvalue()


def package_pdf(payload: dict[str, Any], password: str) -> bytes:
    """The readable summary as a PDF that opens only with ``password`` (AES-256)."""
    sender = payload["sender"]
    pdf = FooterPDF(format="A4")
    pdf.footer_text = _("Confidential transfer package of case %(number)s") % {"number": sender["case_number"]}
    pdf.set_title(latin1(sender["case_number"]))
    # The owner password (to change permissions) is random and thrown away: nobody needs it.
    pdf.set_encryption(
        owner_password=secrets.token_urlsafe(32),
        user_password=password,
        encryption_method=EncryptionMethod.AES_256,
    )
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, latin1(sender["unit"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for heading, line in summary_lines(payload):
        if heading and not line:
            pdf_heading(pdf, heading)
        else:
            pdf_line(pdf, f"{heading}: {line}" if heading else line)
    return bytes(pdf.output())


# --- reading a package back -------------------------------------------------------------------------


def _refused_not_package() -> PackageRefused:
    return PackageRefused(
        _(
            "This file is not a Sigap transfer package, or it was changed or damaged. Ask the sending unit for it again."
        ),
        code="format",
    )


def _decrypt(encrypted: IO[bytes], password: str) -> bytes:
    """Check the password first (its own message), then decrypt with the integrity check: a content
    altered after encryption fails the HMAC (msoffcrypto says "InvalidKeyError" for that too)."""
    try:
        office = msoffcrypto.OfficeFile(encrypted)
        encrypted_file = office.is_encrypted()
    except Exception:  # noqa: BLE001 - any fault of a foreign file is a refusal, never a 500
        logger.info("transfer package not readable", exc_info=True)
        raise _refused_not_package() from None
    if not encrypted_file:
        raise _refused_not_package()
    try:
        office.load_key(password=password, verify_password=True)
    except InvalidKeyError:
        raise PackageRefused(_("The password is not right for this package."), code="password") from None
    except Exception:  # noqa: BLE001
        logger.info("transfer package key not loaded", exc_info=True)
        raise _refused_not_package() from None
    out = io.BytesIO()
    try:
        office.decrypt(out, verify_integrity=True)
    except Exception:  # noqa: BLE001 - integrity failure, a cut-off stream, a foreign format
        logger.info("transfer package not decrypted", exc_info=True)
        raise _refused_not_package() from None
    return out.getvalue()


def _column_a(part: bytes) -> list[str]:
    if b"<!DOCTYPE" in part.upper() or b"<!ENTITY" in part.upper():
        raise _refused_not_package()
    root = ElementTree.fromstring(part)  # noqa: S314 - DOCTYPE/ENTITY refused above: no XXE, no entity bombs
    values = []
    for row in root.iter(f"{_MAIN}row"):
        cell = row.find(f"{_MAIN}c")
        text = cell.find(f"{_MAIN}is/{_MAIN}t") if cell is not None else None
        values.append(text.text or "" if text is not None else "")
    return values


def _payload_from(plain: bytes) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            if len(archive.infolist()) > MAX_ENTRIES:
                raise _refused_not_package()
            info = archive.getinfo(DATA_PART)
            if info.file_size > MAX_PART_BYTES:
                raise _refused_not_package()
            cells = _column_a(archive.read(info))
    except PackageRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, OSError):
        raise _refused_not_package() from None
    if len(cells) < 3 or cells[0] != f"{FORMAT}/{VERSION}":
        raise _refused_not_package()
    text = "".join(cells[2:])
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != cells[1]:
        raise _refused_not_package()
    try:
        return validate(json.loads(text))
    except (ValueError, SchemaError) as error:  # JSONDecodeError is a ValueError
        logger.info("transfer package refused by the schema", extra={"problem": str(error)[:200]})
        raise _refused_not_package() from None


def read_package(encrypted: IO[bytes], password: str) -> tuple[dict[str, Any], bytes]:
    """The validated data and the decrypted workbook of an uploaded package, or :class:`PackageRefused`."""
    encrypted.seek(0)
    plain = _decrypt(encrypted, password)
    return _payload_from(plain), plain


def payload_of_workbook(plain: bytes) -> dict[str, Any]:
    """The data of a decrypted workbook this unit has kept (read again for the page that shows it)."""
    return _payload_from(plain)
