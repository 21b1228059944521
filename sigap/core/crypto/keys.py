"""The key ring of personal data and the blind-index key, read from settings.

Format (docs/security/keys.md):

- ``SIGAP_DATA_KEYS``: ``"<kid>:<key>,<kid>:<key>,…"``, **newest first**. ``kid`` is 1–32 characters of
  ``[A-Za-z0-9_-]`` (``scripts/make_env.py`` writes ``k`` + 6 hex digits); ``key`` is 32 random bytes in
  URL-safe base64 (padding optional; standard base64 is accepted too). New values are encrypted under the
  first key; every key of the ring can decrypt.
- ``SIGAP_INDEX_KEY``: 32 bytes in URL-safe base64, used only to derive the blind-index keys (HKDF).
- ``SIGAP_INDEX_KEY_PREVIOUS`` (optional): the index key being retired, set only during an index-key
  rotation so that lookups still match rows not yet rebuilt by ``rotate_keys``.

Outside production an empty value falls back to fixed, published development keys (like the development
``SECRET_KEY``); the system checks of ``sigap.core.checks`` refuse them, and any missing key, in production.
Nothing here ever puts key material into an exception message or a log line.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
KID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

# Published on purpose: these only make tests and a .env-less development checkout work.
# sigap.E006 refuses them in production.
DEVELOPMENT_DATA_KEYS = "kdev0:" + base64.urlsafe_b64encode(b"sigap-development-data-key-0000!").decode()
DEVELOPMENT_INDEX_KEY = base64.urlsafe_b64encode(b"sigap-development-index-key-000!").decode()


class KeyConfigurationError(ImproperlyConfigured):
    """A key setting is missing or malformed. The message names the setting, never the key."""


@dataclass(frozen=True)
class KeyRing:
    """Data keys by id (``order`` newest first), the index key and the index key being retired."""

    data_keys: dict[str, bytes]
    order: tuple[str, ...]
    index_key: bytes
    previous_index_key: bytes | None = None
    development: bool = field(default=False)

    @property
    def current_kid(self) -> str:
        return self.order[0]

    @property
    def current_key(self) -> bytes:
        return self.data_keys[self.order[0]]


def decode_key(raw: str, *, setting: str) -> bytes:
    """Decode one base64 key of 32 bytes; the error names ``setting`` only."""
    text = raw.strip()
    if not text:
        raise KeyConfigurationError(f"{setting}: a key is empty.")
    text = text.replace("+", "-").replace("/", "_")
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise KeyConfigurationError(f"{setting}: a key is not valid base64.") from None
    if len(decoded) != KEY_BYTES:
        raise KeyConfigurationError(f"{setting}: a key must decode to {KEY_BYTES} bytes, not {len(decoded)}.")
    return decoded


def parse_data_keys(raw: str, *, setting: str = "SIGAP_DATA_KEYS") -> tuple[dict[str, bytes], tuple[str, ...]]:
    """Parse ``"kid:key,kid:key"`` (newest first) into keys by id and their order."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        kid, sep, encoded = part.partition(":")
        kid = kid.strip()
        if not sep:
            raise KeyConfigurationError(f"{setting}: each entry must read <key id>:<base64 key>.")
        if not KID_RE.match(kid):
            raise KeyConfigurationError(f"{setting}: a key id must be 1-32 letters, digits, '-' or '_'.")
        if kid in keys:
            raise KeyConfigurationError(f"{setting}: key id {kid} appears twice.")
        keys[kid] = decode_key(encoded, setting=setting)
        order.append(kid)
    if not order:
        raise KeyConfigurationError(f"{setting} is empty: at least one data key is needed.")
    return keys, tuple(order)


@functools.lru_cache(maxsize=8)
def _build(data_raw: str, index_raw: str, previous_raw: str, production: bool) -> KeyRing:
    development = False
    if not data_raw.strip() and not production:
        data_raw, development = DEVELOPMENT_DATA_KEYS, True
    if not index_raw.strip() and not production:
        index_raw, development = DEVELOPMENT_INDEX_KEY, True
    if not index_raw.strip():
        raise KeyConfigurationError("SIGAP_INDEX_KEY is empty: the blind-index key is required.")
    keys, order = parse_data_keys(data_raw)
    index_key = decode_key(index_raw, setting="SIGAP_INDEX_KEY")
    previous = decode_key(previous_raw, setting="SIGAP_INDEX_KEY_PREVIOUS") if previous_raw.strip() else None
    return KeyRing(keys, order, index_key, previous, development)


def get_keyring() -> KeyRing:
    """The key ring of the current settings (cached per settings value, so override_settings works)."""
    return _build(
        str(getattr(settings, "SIGAP_DATA_KEYS", "") or ""),
        str(getattr(settings, "SIGAP_INDEX_KEY", "") or ""),
        str(getattr(settings, "SIGAP_INDEX_KEY_PREVIOUS", "") or ""),
        getattr(settings, "SIGAP_ENV", "") == "production",
    )
