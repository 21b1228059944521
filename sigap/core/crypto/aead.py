"""AES-256-GCM encryption of one value, bound to its key id and its column.

Stored form (plain ASCII text, so the column is ``text`` on SQLite and PostgreSQL alike)::

    v1:<kid>:<urlsafe base64 of nonce(12) || ciphertext || tag(16)>

The associated data is ``sigap:v1:<kid>:<identity>`` where ``identity`` is ``<db_table>.<column>``: a
ciphertext copied into another column, or relabelled with another key id, does not authenticate.
Each value gets a fresh random 96-bit nonce (at 2**32 values per key the collision risk stays below
2**-32; rotate long before that).

Fail closed: anything that does not authenticate raises :class:`DecryptionError`. Its message names the
column and the key id, never the ciphertext or a guess of the plaintext.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sigap.core.crypto.keys import KeyRing, get_keyring

VERSION = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted (tampered, moved, truncated or not a ciphertext at all)."""


class MissingKeyError(DecryptionError):
    """A stored value names a key id that is not in SIGAP_DATA_KEYS."""


@functools.lru_cache(maxsize=32)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


def _aad(kid: str, identity: str) -> bytes:
    return f"sigap:{VERSION}:{kid}:{identity}".encode()


def encrypt_text(plaintext: str, *, identity: str, keyring: KeyRing | None = None) -> str:
    """Encrypt ``plaintext`` for the column ``identity`` under the newest data key."""
    ring = keyring or get_keyring()
    kid = ring.current_kid
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(ring.current_key).encrypt(nonce, plaintext.encode("utf-8"), _aad(kid, identity))
    return f"{VERSION}:{kid}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(token: str, *, identity: str) -> str:
    """The key id a stored value claims (not authenticated until it is decrypted)."""
    return _split(token, identity=identity)[1]


def _split(token: str, *, identity: str) -> tuple[str, str, str]:
    parts = token.split(":", 2) if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != VERSION or not parts[1]:
        raise DecryptionError(f"{identity}: the stored value is not a Sigap ciphertext.")
    return parts[0], parts[1], parts[2]


def decrypt_text_with_kid(token: str, *, identity: str, keyring: KeyRing | None = None) -> tuple[str, str]:
    """Decrypt a stored value of column ``identity``; return ``(key id, plaintext)``."""
    ring = keyring or get_keyring()
    _, kid, body = _split(token, identity=identity)
    key = ring.data_keys.get(kid)
    if key is None:
        raise MissingKeyError(f"{identity}: key id {kid!r} is not in SIGAP_DATA_KEYS; the value cannot be read.")
    try:
        blob = base64.urlsafe_b64decode(body.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise DecryptionError(f"{identity}: the stored value is not valid base64.") from None
    if len(blob) < NONCE_BYTES + 16:
        raise DecryptionError(f"{identity}: the stored value is truncated.")
    try:
        plain = _cipher(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(kid, identity))
    except InvalidTag:
        # "from None": the chained exception adds nothing and keeps tracebacks short.
        raise DecryptionError(
            f"{identity}: the stored value does not authenticate under key id {kid!r} "
            "(tampered, copied from another column, or a wrong key)."
        ) from None
    try:
        return kid, plain.decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionError(f"{identity}: the decrypted value is not UTF-8 text.") from None


def decrypt_text(token: str, *, identity: str, keyring: KeyRing | None = None) -> str:
    """Decrypt a stored value of column ``identity`` (raises :class:`DecryptionError`)."""
    return decrypt_text_with_kid(token, identity=identity, keyring=keyring)[1]
