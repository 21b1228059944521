"""Password rules beyond Django's: refuse words of the unit's context (AUTH-02)."""

from __future__ import annotations

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
