"""Accept an upload into the ``attachments`` storage, and read it back: the one pipeline of every app.

``file_accept`` reads the upload in chunks and stops as soon as it passes
``SIGAP_ATTACHMENT_MAX_BYTES`` (a 1 GB upload is never read whole), recognises its kind
(:mod:`.kinds`), re-encodes photos (:mod:`.images`), hashes what will be stored, encrypts it under a
fresh file key (:mod:`.sealed`) and saves it through Django's storage API under a random name that holds
neither the original name nor the record it belongs to. The caller keeps the returned key in an
encrypted field (so the key ring wraps it) and the storage name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.aead import DecryptionError
from sigap.core.files.images import image_clean
from sigap.core.files.kinds import ALLOWED, FileKind, FileRefused, detect_kind
from sigap.core.files.sealed import seal, unseal

STORAGE_ALIAS = "attachments"
READ_CHUNK = 64 * 1024
KEY_BYTES = 32


@dataclass(frozen=True)
class StoredFile:
    """What the owner of a stored file records: where it is, its key, and facts about its plaintext."""

    storage_name: str
    key: str
    kind: FileKind
    size: int
    sha256: str


def attachment_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def new_file_key() -> str:
    """A fresh random 256-bit file key, as URL-safe base64 text (what the encrypted field holds)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _key_bytes(key: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise DecryptionError("attachment: the file key is not valid base64.") from None
    if len(raw) != KEY_BYTES:
        raise DecryptionError("attachment: the file key has the wrong length.")
    return raw


def max_bytes() -> int:
    return int(settings.SIGAP_ATTACHMENT_MAX_BYTES)


def too_large() -> FileRefused:
    limit_mb = max_bytes() / (1024 * 1024)
    return FileRefused(
        _("The file is too large: at most %(limit)s MB.") % {"limit": f"{limit_mb:g}"},
        code="too_large",
    )


def empty() -> FileRefused:
    return FileRefused(_("The file is empty."), code="empty")


def read_bounded(upload: Any) -> IO[bytes]:
    """Copy ``upload`` into a temporary file, refusing it as soon as it passes the size limit."""
    limit = max_bytes()
    if getattr(upload, "sigap_too_large", False):  # the upload handler already stopped keeping it
        raise too_large()
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise too_large()
    chunks = upload.chunks(READ_CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(READ_CHUNK), b"")
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            spool.close()
            raise too_large()
        spool.write(chunk)
    if total == 0:
        spool.close()
        raise empty()
    spool.seek(0)
    return spool


def _random_name() -> str:
    # Two levels of fan-out keep directories small on a file system; the name says nothing about the record.
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token[2:4]}/{token}"


def file_check(upload: Any) -> FileKind:
    """Would :func:`file_accept` take ``upload``? Its kind, or :class:`FileRefused` with the reason; nothing stored.

    For a form that reports every refused file at once, before anything is stored (the public application
    form, walk #13 finding 4); :func:`file_accept` checks again when it stores.
    """
    plain = read_bounded(upload)
    try:
        kind = detect_kind(plain)
        if kind.is_image:
            image_clean(plain, kind).close()
    finally:
        plain.close()
    return kind


def file_accept(upload: Any) -> StoredFile:
    """Check, clean, encrypt and store ``upload``; :class:`FileRefused` says why it was not accepted."""
    plain = read_bounded(upload)
    try:
        kind = detect_kind(plain)
        if kind.is_image:
            cleaned = image_clean(plain, kind)
            plain.close()
            plain = cleaned
        return file_store(plain, kind)
    finally:
        plain.close()


def file_store(plain: IO[bytes], kind: FileKind) -> StoredFile:
    """Encrypt and store ``plain`` as it is, without looking inside: for an upload that :func:`file_accept`
    checked, or a file the server made itself (an encrypted transfer package, which no check would recognise)."""
    digest = hashlib.sha256()
    size = 0
    plain.seek(0)
    for chunk in iter(lambda: plain.read(READ_CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    plain.seek(0)
    key = new_file_key()
    with tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE) as sealed:
        seal(plain, sealed, _key_bytes(key))
        sealed.seek(0)
        name = attachment_storage().save(_random_name(), File(sealed))
    return StoredFile(storage_name=name, key=key, kind=kind, size=size, sha256=digest.hexdigest())


def file_open(storage_name: str, key: str) -> Iterator[bytes]:
    """The decrypted content of a stored file, chunk by chunk.

    The first chunk is decrypted before this returns, so a missing file (``FileNotFoundError``/``OSError``)
    or one that does not authenticate (``DecryptionError``) is known before a response starts; a later
    chunk that fails to authenticate stops the stream (the reader gets a cut-off download, never
    unauthenticated bytes).
    """
    handle = attachment_storage().open(storage_name, "rb")
    try:
        chunks = unseal(handle, _key_bytes(key))
        first = next(chunks)
    except BaseException:
        handle.close()
        raise

    def stream() -> Iterator[bytes]:
        try:
            yield first
            yield from chunks
        finally:
            handle.close()

    return stream()


# Characters no download name keeps: path separators, quotes, and what a header or a shell treats specially.
_UNSAFE_IN_NAME = set("\\/\"';:*?<>|%")


def download_name(original: str, content_type: str) -> str:
    """A safe name for ``Content-Disposition``: the original's last part, cleaned, with the extension of
    the type actually stored (a ``report.html`` stored as a PDF is offered as ``report.html.pdf``)."""
    base = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in _UNSAFE_IN_NAME).strip(" .")[:150]
    extension = next((kind.extension for kind in ALLOWED if kind.content_type == content_type), "")
    stem = base or "lampiran"
    if (
        extension
        and not stem.lower().endswith(extension)
        and not (extension == ".jpg" and stem.lower().endswith(".jpeg"))
    ):
        stem += extension
    return stem


def file_delete(storage_name: str) -> None:
    """Remove a stored file (a failed save cleans up after itself); a missing file is not an error."""
    storage = attachment_storage()
    if storage.exists(storage_name):
        storage.delete(storage_name)


def download_response(
    stream: Iterator[bytes], *, content_type: str, size: int | None, original_name: str
) -> StreamingHttpResponse:
    """The streamed download of a stored file: a safe name, its length, never sniffed, never cached."""
    response = StreamingHttpResponse(stream, content_type=content_type)
    if size is not None:
        response["Content-Length"] = str(size)
    name = download_name(original_name, content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
