"""sigap.core.files: the allow-list by magic bytes, photos without EXIF/GPS, the size limit while reading,
the sealed format, and what lands in the storage (FILE-01, DATA-10)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sigap.core.crypto.aead import DecryptionError
from sigap.core.files.kinds import FileRefused, detect_kind
from sigap.core.files.sealed import CHUNK, seal, unseal
from sigap.core.files.store import attachment_storage, download_name, file_accept, file_delete, file_open
from sigap.core.files.upload import BoundedUploadHandler
from sigap.core.tests import files_samples as samples


def _kind(data: bytes) -> str:
    return detect_kind(io.BytesIO(data)).name


def _refusal(data: bytes) -> str:
    with pytest.raises(FileRefused) as refused:
        file_accept(SimpleUploadedFile("x.pdf", data))
    return str(refused.value.code)


def _stored_plain(stored: Any) -> bytes:
    return b"".join(file_open(stored.storage_name, stored.key))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.PDF, "pdf"),
        (samples.jpeg_with_gps(), "jpeg"),
        (samples.png_with_text(), "png"),
        (samples.docx(), "docx"),
        (samples.xlsx(), "xlsx"),
    ],
)
def test_allowed_kinds_are_recognised_by_their_bytes(data: bytes, kind: str) -> None:
    assert _kind(data) == kind


@pytest.mark.parametrize(
    "data",
    [
        samples.HTML,  # a page renamed .pdf or .jpg
        samples.SVG,  # scripts in an "image"
        b"MZ\x90\x00" + b"\x00" * 60,  # a Windows program
        b"GIF89a" + b"\x00" * 20,  # an image type not on the list
        samples.docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),  # a Word file with macros
        samples.docx(extra={"word/activeX/activeX1.xml": b"<ax/>"}),
        samples.docx(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
        samples.ooxml(samples.WORD_MACRO_MAIN, "word/document.xml"),  # a .docm renamed .docx
        samples.ooxml(  # the main part named is not in the package
            samples.WORD_MAIN,
            "word/document.xml",
            content_types=samples.content_types_xml(samples.WORD_MAIN, "word/missing.xml"),
        ),
        samples.ooxml(
            samples.WORD_MAIN,
            "word/document.xml",
            content_types='<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>',
        ),
        b"PK\x03\x04" + b"\x00" * 40,  # a broken zip
    ],
    ids=["html", "svg", "exe", "gif", "macro", "activex", "ole", "docm", "no-main-part", "doctype", "bad-zip"],
)
def test_everything_else_is_refused_whatever_its_name(data: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        detect_kind(io.BytesIO(data))
    assert refused.value.code == "type"


def test_renamed_html_and_svg_are_refused_on_upload(db: None) -> None:
    for name, data in (("foto.jpg", samples.HTML), ("laporan.pdf", samples.HTML), ("gambar.png", samples.SVG)):
        with pytest.raises(FileRefused) as refused:
            file_accept(SimpleUploadedFile(name, data, content_type="image/jpeg"))
        assert refused.value.code == "type"


def test_gps_and_exif_are_stripped_from_photos() -> None:
    original = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(samples.GPS_IFD), "the sample must carry GPS"
    stored = file_accept(SimpleUploadedFile("luka.jpg", original))
    cleaned = _stored_plain(stored)
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG" and image.size == (40, 30)
    assert dict(image.getexif()) == {}
    assert b"CanaryCam" not in cleaned
    assert stored.size == len(cleaned)


def test_png_text_chunks_are_stripped() -> None:
    cleaned = _stored_plain(file_accept(SimpleUploadedFile("a.png", samples.png_with_text())))
    assert b"Shelter Canary" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).text == {}


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    assert _refusal(samples.png_bomb()) == "image"


def test_a_truncated_photo_is_refused() -> None:
    assert _refusal(samples.jpeg_with_gps()[:200]) == "image"


def test_empty_is_refused() -> None:
    assert _refusal(b"") == "empty"


class _CountingUpload:
    """An upload that counts what was read from it and says nothing of its size."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.read_bytes = 0

    def chunks(self, chunk_size: int) -> Any:
        while self.remaining > 0:
            part = min(chunk_size, self.remaining)
            self.remaining -= part
            self.read_bytes += part
            yield b"%PDF-" + b"\x00" * (part - 5)


def test_oversized_is_refused_without_reading_it_all(settings: Any) -> None:
    settings.SIGAP_ATTACHMENT_MAX_BYTES = 100_000
    upload = _CountingUpload(1024 * 1024 * 1024)  # 1 GB
    with pytest.raises(FileRefused) as refused:
        file_accept(upload)
    assert refused.value.code == "too_large"
    assert upload.read_bytes < 200_000, "reading must stop just after the limit"
    assert "0.0953674 MB" in refused.value.messages[0]


def test_the_upload_handler_keeps_nothing_past_the_limit(settings: Any) -> None:
    settings.SIGAP_ATTACHMENT_MAX_BYTES = 1000
    handler = BoundedUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", None)
    for start in range(0, 10_000, 500):
        handler.receive_data_chunk(b"x" * 500, start)
        assert handler.file is None or handler.file.tell() <= 1000
    upload = handler.file_complete(10_000)
    assert getattr(upload, "sigap_too_large", False)
    assert upload.read() == b""
    small = BoundedUploadHandler()
    small.new_file("file", "small.pdf", "application/pdf", None)
    small.receive_data_chunk(samples.PDF, 0)
    kept = small.file_complete(len(samples.PDF))
    assert not getattr(kept, "sigap_too_large", False) and kept.read() == samples.PDF


def test_stored_bytes_are_not_the_plaintext(db: None) -> None:
    data = samples.PDF + b"Canarysecret " * 20_000  # several chunks
    stored = file_accept(SimpleUploadedFile("visum Siti.pdf", data))
    raw = attachment_storage().open(stored.storage_name, "rb").read()
    assert b"Canarysecret" not in raw and b"%PDF" not in raw
    assert "visum" not in stored.storage_name and "Siti" not in stored.storage_name
    assert _stored_plain(stored) == data
    assert stored.sha256 == __import__("hashlib").sha256(data).hexdigest()
    file_delete(stored.storage_name)
    assert not attachment_storage().exists(stored.storage_name)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_sealed_round_trip_at_chunk_boundaries(size: int) -> None:
    key = b"k" * 32
    data = bytes(range(256)) * (size // 256) + b"z" * (size % 256)
    sealed = io.BytesIO()
    seal(io.BytesIO(data), sealed, key)
    assert b"".join(unseal(io.BytesIO(sealed.getvalue()), key)) == data


def test_tampered_truncated_or_wrong_key_does_not_decrypt() -> None:
    key = b"k" * 32
    sealed = io.BytesIO()
    seal(io.BytesIO(b"a" * (2 * CHUNK + 10)), sealed, key)
    blob = sealed.getvalue()
    flipped = bytearray(blob)
    flipped[100] ^= 1
    one_chunk = 15 + CHUNK + 16
    for bad, bad_key in ((bytes(flipped), key), (blob[: 15 + 2 * (CHUNK + 16)], key), (blob, b"x" * 32)):
        with pytest.raises(DecryptionError):
            b"".join(unseal(io.BytesIO(bad), bad_key))
    # Cut right after the first chunk: that chunk was not sealed as the last one.
    with pytest.raises(DecryptionError):
        b"".join(unseal(io.BytesIO(blob[:one_chunk]), key))


def test_download_names_are_safe_and_keep_the_stored_type() -> None:
    assert download_name("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert download_name('visum "Siti";\r\n.pdf', "application/pdf") == "visum Siti.pdf"
    assert download_name("foto.jpeg", "image/jpeg") == "foto.jpeg"
    assert download_name("", "image/png") == "lampiran.png"
    assert download_name("laporan.html", "application/pdf") == "laporan.html.pdf"
