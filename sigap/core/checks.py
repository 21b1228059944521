"""System checks of the encryption keys (DATA-02, DATA-04; registered in CoreConfig.ready()).

In production a missing, malformed, reused or weak key is an error, and ``CoreConfig.ready()`` refuses
to start (gunicorn does not run system checks, so the same checks are run there too). Outside
production, keys that are set must still be well formed; empty ones fall back to the development keys.

Ids: sigap.E001 data keys missing · E002 data keys malformed · E003 index key missing · E004 index key
malformed · E005 a key reused (data key = index key, or equal to SECRET_KEY) · E006 weak or published key
· E007 previous index key malformed or equal to the current one.

sigap.W001 (production, behind a proxy, no ``SIGAP_CLIENT_IP_HEADER``): every visitor has the proxy's address,
so the public rate limits and the login lockout would apply to everyone at once (sigap.core.net).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning

from sigap.core.crypto.keys import (
    DEVELOPMENT_DATA_KEYS,
    DEVELOPMENT_INDEX_KEY,
    KeyConfigurationError,
    decode_key,
    parse_data_keys,
)

_GENERATE = (
    'Generate one with: python -c "import base64,secrets;'
    'print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())" (docs/security/keys.md).'
)
# Random 32 bytes have about 28 distinct values; fewer than 16 means a pattern, not a random key.
MIN_DISTINCT_BYTES = 16


def _weak(key: bytes) -> bool:
    return len(set(key)) < MIN_DISTINCT_BYTES


def key_errors(
    *,
    data_raw: str,
    index_raw: str,
    previous_raw: str,
    secret_keys: list[str],
    production: bool,
) -> list[CheckMessage]:
    """The key problems of the given settings values (pure: tests call it directly)."""
    errors: list[CheckMessage] = []
    data_keys: dict[str, bytes] = {}
    index_key: bytes | None = None
    if not data_raw.strip():
        if production:
            errors.append(Error("SIGAP_DATA_KEYS is not set.", hint=f"Set 'k1:<key>'. {_GENERATE}", id="sigap.E001"))
    else:
        try:
            data_keys, _ = parse_data_keys(data_raw)
        except KeyConfigurationError as exc:
            errors.append(
                Error(str(exc), hint="Format: 'kid2:<base64 32 bytes>,kid1:<…>', newest first.", id="sigap.E002")
            )
    if not index_raw.strip():
        if production:
            errors.append(Error("SIGAP_INDEX_KEY is not set.", hint=_GENERATE, id="sigap.E003"))
    else:
        try:
            index_key = decode_key(index_raw, setting="SIGAP_INDEX_KEY")
        except KeyConfigurationError as exc:
            errors.append(Error(str(exc), hint=_GENERATE, id="sigap.E004"))
    secrets_text = {s.strip() for s in secret_keys if s}
    encoded_by_kid = {p.partition(":")[0].strip(): p.partition(":")[2].strip() for p in data_raw.split(",")}
    published = {*parse_data_keys(DEVELOPMENT_DATA_KEYS)[0].values(), decode_key(DEVELOPMENT_INDEX_KEY, setting="")}
    for kid, key in data_keys.items():
        encoded = encoded_by_kid.get(kid, "")
        if index_key is not None and key == index_key:
            errors.append(Error(f"Data key {kid} equals SIGAP_INDEX_KEY.", hint="Use separate keys.", id="sigap.E005"))
        if encoded in secrets_text:
            errors.append(Error(f"Data key {kid} equals SECRET_KEY.", hint="Use separate keys.", id="sigap.E005"))
        if production and (_weak(key) or key in published):
            errors.append(
                Error(f"Data key {kid} is weak or a published development key.", hint=_GENERATE, id="sigap.E006")
            )
    if index_key is not None:
        if index_raw.strip() in secrets_text:
            errors.append(Error("SIGAP_INDEX_KEY equals SECRET_KEY.", hint="Use separate keys.", id="sigap.E005"))
        if production and (_weak(index_key) or index_key in published):
            errors.append(
                Error("SIGAP_INDEX_KEY is weak or a published development key.", hint=_GENERATE, id="sigap.E006")
            )
    if previous_raw.strip():
        try:
            previous = decode_key(previous_raw, setting="SIGAP_INDEX_KEY_PREVIOUS")
        except KeyConfigurationError as exc:
            errors.append(Error(str(exc), id="sigap.E007"))
        else:
            if previous == index_key:
                errors.append(
                    Error(
                        "SIGAP_INDEX_KEY_PREVIOUS equals SIGAP_INDEX_KEY.",
                        hint="Set it to the retired key only while rotating, then remove it.",
                        id="sigap.E007",
                    )
                )
            if previous in data_keys.values():
                errors.append(Error("SIGAP_INDEX_KEY_PREVIOUS equals a data key.", id="sigap.E005"))
    return errors


def settings_key_errors() -> list[CheckMessage]:
    """:func:`key_errors` of the current settings."""
    return key_errors(
        data_raw=str(getattr(settings, "SIGAP_DATA_KEYS", "") or ""),
        index_raw=str(getattr(settings, "SIGAP_INDEX_KEY", "") or ""),
        previous_raw=str(getattr(settings, "SIGAP_INDEX_KEY_PREVIOUS", "") or ""),
        secret_keys=[settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])],
        production=getattr(settings, "SIGAP_ENV", "") == "production",
    )


@register(Tags.security)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """System check: the data keys and the blind-index key (see the module docstring)."""
    return settings_key_errors()


def proxy_warnings(*, production: bool, behind_proxy: bool, client_ip_header: str) -> list[CheckMessage]:
    """sigap.W001: behind our reverse proxy, the header holding the client's address must be named."""
    if not (production and behind_proxy) or client_ip_header:
        return []
    return [
        CheckWarning(
            "SIGAP_BEHIND_PROXY is on but SIGAP_CLIENT_IP_HEADER is not set: every visitor has the proxy's "
            "address, so one visitor can use up the public reporting limit and lock logins for everyone.",
            hint="Make the proxy set X-Real-IP ($remote_addr) and set SIGAP_CLIENT_IP_HEADER=X-Real-IP "
            "(docs/operations.md), or SIGAP_BEHIND_PROXY=false when Sigap faces the clients directly.",
            id="sigap.W001",
        )
    ]


@register(Tags.security)
def check_client_ip_header(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """System check: the client address behind a proxy (see the module docstring)."""
    return proxy_warnings(
        production=getattr(settings, "SIGAP_ENV", "") == "production",
        behind_proxy=bool(getattr(settings, "SIGAP_BEHIND_PROXY", False)),
        client_ip_header=str(getattr(settings, "SIGAP_CLIENT_IP_HEADER", "") or ""),
    )
