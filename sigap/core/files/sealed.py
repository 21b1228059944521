"""The encrypted file format: AES-256-GCM in chunks, so that a file is encrypted and decrypted as a stream.

Layout::

    MAGIC (8 bytes: b"SIGAPF1\\0") || prefix (7 random bytes) || chunk_0 || chunk_1 || … || chunk_n

Each chunk is ``AESGCM(key).encrypt(nonce_i, plaintext_i, MAGIC || prefix)`` of at most ``CHUNK`` bytes
of plaintext (plus its 16-byte tag); ``nonce_i = prefix || i (4 bytes, big-endian) || last (1 byte)``.
The last chunk, and only it, has ``last = 1``: a file cut at a chunk boundary, chunks reordered or
dropped, or a chunk of another file do not authenticate (the "STREAM" construction of Hoang, Reyhanitabar,
Rogaway and Vizár). Every file has its own random 256-bit key, so nonces never repeat under one key.
Decryption yields a chunk only after its tag was checked: nothing unauthenticated reaches a reader.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sigap.core.crypto.aead import DecryptionError

MAGIC = b"SIGAPF1\0"
PREFIX_BYTES = 7
CHUNK = 64 * 1024
TAG = 16
MAX_CHUNKS = 2**32 - 1


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    if index > MAX_CHUNKS:
        raise ValueError("file too large for one key")
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _read_full(source: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes: storages (S3) may return less than asked before the end."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        part = source.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def seal(source: IO[bytes], target: IO[bytes], key: bytes) -> None:
    """Encrypt ``source`` (from its current position to its end) into ``target``."""
    cipher = AESGCM(key)
    prefix = os.urandom(PREFIX_BYTES)
    header = MAGIC + prefix
    target.write(header)
    index = 0
    current = _read_full(source, CHUNK)
    while True:
        following = _read_full(source, CHUNK) if len(current) == CHUNK else b""
        last = not following
        target.write(cipher.encrypt(_nonce(prefix, index, last), current, header))
        if last:
            return
        current, index = following, index + 1


def unseal(source: IO[bytes], key: bytes) -> Iterator[bytes]:
    """The plaintext of a sealed file, chunk by chunk; raises :class:`DecryptionError` on any tampering."""
    cipher = AESGCM(key)
    header = _read_full(source, len(MAGIC) + PREFIX_BYTES)
    if len(header) != len(MAGIC) + PREFIX_BYTES or not header.startswith(MAGIC):
        raise DecryptionError("attachment: the stored file is not a Sigap sealed file.")
    prefix = header[len(MAGIC) :]
    index = 0
    current = _read_full(source, CHUNK + TAG)
    while True:
        following = _read_full(source, CHUNK + TAG) if len(current) == CHUNK + TAG else b""
        last = not following
        try:
            plain = cipher.decrypt(_nonce(prefix, index, last), current, header)
        except InvalidTag:
            raise DecryptionError(
                "attachment: the stored file does not authenticate (tampered, truncated or a wrong key)."
            ) from None
        yield plain
        if last:
            return
        current, index = following, index + 1
