"""The allow-list of uploaded files, recognised by their first bytes and, for Office files, their insides.

The name and the type the browser sends are never trusted: a page renamed ``photo.jpg`` is not a JPEG.
DOCX and XLSX are zip files: they pass only when ``[Content_Types].xml`` names the main part of a Word
document or an Excel workbook and nothing in the package can run (``vbaProject.bin``, ActiveX, OLE
objects, a macro-enabled content type). Anything else (HTML, SVG, executables, archives, the legacy
``.doc``) is refused.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree  # noqa: S405 - parsed only after any DOCTYPE/ENTITY was refused (no XXE, no bombs)

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class FileRefused(ValidationError):
    """An upload that is not accepted; ``code`` is one of ``empty``, ``too_large``, ``type``, ``image``."""


@dataclass(frozen=True)
class FileKind:
    """One allowed type: its short name, the content type it is served with, its file extension."""

    name: str
    content_type: str
    extension: str
    is_image: bool = False


PDF = FileKind("pdf", "application/pdf", ".pdf")
JPEG = FileKind("jpeg", "image/jpeg", ".jpg", is_image=True)
PNG = FileKind("png", "image/png", ".png", is_image=True)
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
ALLOWED = (PDF, JPEG, PNG, DOCX, XLSX)
BY_NAME = {kind.name: kind for kind in ALLOWED}

_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_ZIP_MAGIC = b"PK\x03\x04"
_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# Parts that carry code or foreign binaries: a document that has one is refused, not cleaned.
_ACTIVE_PART = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml|activex/|oleobject[^/]*\.bin$)", re.IGNORECASE)
_MAX_ZIP_ENTRIES = 5000
_MAX_CONTENT_TYPES_BYTES = 256 * 1024
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _refused() -> FileRefused:
    return FileRefused(
        _("This type of file is not accepted. Upload a PDF, a JPEG or PNG photo, or a Word or Excel file."),
        code="type",
    )


def detect_kind(file: IO[bytes]) -> FileKind:
    """The allowed kind of ``file`` (seekable, at any position) or :class:`FileRefused` (code ``type``)."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(_ZIP_MAGIC):
        return _office_kind(file)
    raise _refused()


def _office_kind(file: IO[bytes]) -> FileKind:
    try:
        with zipfile.ZipFile(file) as package:
            names = package.namelist()
            if len(names) > _MAX_ZIP_ENTRIES or any(_ACTIVE_PART.search(name) for name in names):
                raise _refused()
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                raise _refused()
            declared = package.read(info)
            kind = _main_kind(declared, set(names))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, NotImplementedError):
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression.
        raise _refused() from None
    finally:
        file.seek(0)
    return kind


def _main_kind(declared: bytes, names: set[str]) -> FileKind:
    """The kind named by ``[Content_Types].xml``; refused when ambiguous, macro-enabled or inconsistent."""
    lowered = declared.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered or b"macroenabled" in lowered:
        raise _refused()
    try:
        root = ElementTree.fromstring(declared)  # noqa: S314 - no DTD can reach here (refused above)
    except ElementTree.ParseError:
        raise _refused() from None
    found: set[FileKind] = set()
    for override in root.iter(f"{_CT_NS}Override"):
        kind = _MAIN_PARTS.get(override.get("ContentType", ""))
        part = override.get("PartName", "").lstrip("/")
        if kind is not None and part in names:
            found.add(kind)
    if len(found) != 1:
        raise _refused()
    return found.pop()
