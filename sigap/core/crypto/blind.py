"""Blind indexes: HMAC-SHA256 of a normalised value, for exact lookups on encrypted columns (DATA-03).

Each purpose (:class:`IndexKind`) gets its own HMAC key, derived from ``SIGAP_INDEX_KEY`` with HKDF-SHA256
(``info = "sigap blind index v1 <kind>"``), so equal inputs in different purposes never match and the
index key itself is never used directly. The index is 64 hex characters; without the key it reveals
nothing but equality.

While an index key is being rotated (``SIGAP_INDEX_KEY_PREVIOUS`` set), :func:`blind_index_candidates`
returns the hashes under both keys, so a lookup finds rows whether or not ``rotate_keys`` has rebuilt
them yet. Writes always use the current key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.keys import KeyRing, get_keyring
from sigap.core.crypto.normalise import name_tokens, normalise_nik, normalise_phone_or_none


class IndexKind(models.TextChoices):
    """The purposes of blind indexes; each has its own derived key and normaliser."""

    NIK = "nik", _("NIK")
    PHONE = "phone", _("Phone")
    NAME = "name", _("Name token")
    NAME_YEAR = "name_year", _("Name token and birth year")
    EXACT = "exact", _("Exact text (case and spaces folded)")


@functools.lru_cache(maxsize=32)
def _purpose_key(index_key: bytes, kind: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"sigap blind index v1 {kind}".encode()).derive(
        index_key
    )


def normalise_for_index(kind: str, value: str | None) -> str | None:
    """The canonical text hashed for ``kind``, or None when there is nothing to index."""
    if value is None:
        return None
    text: str | None
    if kind == IndexKind.NIK:
        text = normalise_nik(value)
    elif kind == IndexKind.PHONE:
        text = normalise_phone_or_none(value)
    elif kind in (IndexKind.NAME, IndexKind.NAME_YEAR):
        text = value  # already one normalised token (see tokens.py)
    elif kind == IndexKind.EXACT:
        text = " ".join(value.split()).casefold()
    else:
        raise ValueError(f"unknown blind-index kind {kind!r}")
    return text or None


def _digest(key: bytes, kind: str, text: str) -> str:
    return hmac.new(_purpose_key(key, kind), text.encode("utf-8"), hashlib.sha256).hexdigest()


def blind_index(kind: str, value: str | None, *, keyring: KeyRing | None = None) -> str | None:
    """The blind index of ``value`` under the current index key (None for an empty value)."""
    text = normalise_for_index(kind, value)
    if text is None:
        return None
    return _digest((keyring or get_keyring()).index_key, kind, text)


def blind_index_candidates(kind: str, value: str | None, *, keyring: KeyRing | None = None) -> list[str]:
    """Every hash a stored row of ``value`` may carry: current key, plus the previous one while rotating."""
    text = normalise_for_index(kind, value)
    if text is None:
        return []
    ring = keyring or get_keyring()
    found = [_digest(ring.index_key, kind, text)]
    if ring.previous_index_key is not None:
        found.append(_digest(ring.previous_index_key, kind, text))
    return found


def blind_lookup(field_name: str, kind: str, value: str | None) -> Q:
    """A ``Q`` for an exact lookup on a blind-index column; matches nothing for an empty value.

    ``Person.objects.filter(blind_lookup("nik_index", IndexKind.NIK, "6402…"))``
    """
    candidates = blind_index_candidates(kind, value)
    if not candidates:
        return Q(pk__in=[])
    return Q(**{f"{field_name}__in": candidates})


def token_hash(token: str, birth_year: int | None = None, *, keyring: KeyRing | None = None) -> str:
    """The hash of one already-normalised name token (kind NAME), or of token + birth year (NAME_YEAR)."""
    ring = keyring or get_keyring()
    if birth_year is None:
        return _digest(ring.index_key, IndexKind.NAME, token)
    return _digest(ring.index_key, IndexKind.NAME_YEAR, f"{token}|{birth_year:04d}")


def name_token_hashes(name: str, birth_year: int | None = None, *, keyring: KeyRing | None = None) -> set[str]:
    """Hashes of the normalised tokens of ``name`` (with ``birth_year`` when given)."""
    return {token_hash(token, birth_year, keyring=keyring) for token in name_tokens(name)}
