"""Uploaded files: checked, cleaned, encrypted and stored (FILE-01, DATA-10); no model, no other sigap app.

- :mod:`.kinds`: the allow-list, recognised by magic bytes (never by the name or the browser's type):
  PDF, JPEG, PNG, and DOCX/XLSX after a look inside the zip (no macros, no ActiveX, no OLE objects).
- :mod:`.images`: JPEG and PNG are re-encoded by Pillow, which drops EXIF (GPS) and text chunks;
  a pixel cap refuses decompression bombs before any pixel is decoded.
- :mod:`.sealed`: the encrypted file format (AES-256-GCM in 64 KiB chunks, each authenticated, the last
  one marked so that a truncated file does not decrypt) and its streamed decryption.
- :mod:`.store`: the pipeline an app calls: :func:`~.store.file_accept` (bounded read, check, clean,
  encrypt, save under a random name in the ``attachments`` storage) and :func:`~.store.file_open`.
- :mod:`.upload`: the upload handler that stops keeping an upload once it passes the size limit.

Each file has its own random key; the key is kept by the owning model in an encrypted field, so it is
wrapped by the key ring of ``SIGAP_DATA_KEYS`` and ``rotate_keys`` re-wraps it without rewriting files
(docs/decisions.md, "Attachments").
"""

from sigap.core.files.kinds import FileKind, FileRefused
from sigap.core.files.store import StoredFile, file_accept, file_delete, file_open, new_file_key

__all__ = ["FileKind", "FileRefused", "StoredFile", "file_accept", "file_delete", "file_open", "new_file_key"]
