"""Validation and normalisation of the values behind blind indexes: NIK, phone numbers, names.

A blind index matches only byte-equal input, so every spelling a clerk may type must normalise to one
form first. These functions are also what forms should use to validate input (IN-01).
"""

from __future__ import annotations

import calendar
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kemendagri province codes (incl. the 2022 Papua provinces 93-96) that appear as the first two digits.
PROVINCE_CODES = frozenset(
    [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53]
    + [61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96]
)

_NON_DIGIT = re.compile(r"\D")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")


def validate_nik(value: str) -> str:
    """Return the 16-digit NIK in ``value`` (spaces and dots removed) or raise ``ValidationError``.

    Structure: province (2) · regency (2) · district (2) · birth date DDMMYY, day + 40 for women (6) ·
    serial (4). Checks: 16 digits, a known province code, regency and district not ``00``, a real day of
    the month (29 February allowed: the two-digit year cannot tell a leap year), serial not ``0000``.
    """
    digits = re.sub(r"[\s.]", "", value or "")
    if not re.fullmatch(r"\d{16}", digits):
        raise ValidationError(_("A NIK has exactly 16 digits."), code="nik_length")
    if int(digits[0:2]) not in PROVINCE_CODES:
        raise ValidationError(_("This NIK does not start with a valid province code."), code="nik_province")
    if digits[2:4] == "00" or digits[4:6] == "00":
        raise ValidationError(_("This NIK has an invalid regency or district code."), code="nik_region")
    day, month = int(digits[6:8]), int(digits[8:10])
    if day > 40:
        day -= 40
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise ValidationError(_("This NIK does not contain a valid birth date."), code="nik_date")
    if digits[12:] == "0000":
        raise ValidationError(_("This NIK has an invalid serial number."), code="nik_serial")
    return digits


def normalise_nik(value: str) -> str:
    """Digits only: what the NIK blind index hashes (validation is :func:`validate_nik`'s job)."""
    return _NON_DIGIT.sub("", value or "")


# Indonesian numbering (⚠ chosen, see docs/decisions.md): mobile numbers 08xx have 10-13 digits, landlines with
# their area code 9-11 (0541 123456); without the leading 0 that is 8-13 digits.
PHONE_NATIONAL_MIN = 8
PHONE_NATIONAL_MAX = 13


def normalise_phone(value: str) -> str:
    """Return ``value`` as ``+62…`` (or ``+<country>…`` for a foreign number); raise ``ValidationError``.

    Accepts 0812-3456-7890, 62812…, +62 812 3456 7890, (0541) 123456, 812…; separators (spaces, dashes,
    dots, brackets, slashes) are dropped. An Indonesian national number has 8-13 digits and does not
    start with 0; a foreign number (+ and a code other than 62) keeps its digits, 8-15 in all.
    """
    text = _PHONE_SEPARATORS.sub("", (value or "").strip())
    if text.startswith("00"):  # international call prefix
        text = "+" + text[2:]
    if text.startswith("+") and not text.startswith("+62"):
        digits = text[1:]
        if not digits.isdigit() or not 8 <= len(digits) <= 15:
            raise ValidationError(_("Enter a valid phone number."), code="phone_invalid")
        return "+" + digits
    if text.startswith("+62"):
        national = text[3:]
    elif text.startswith("62"):
        national = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    else:
        national = text
    national = national.lstrip("0") if text.startswith(("+62", "62")) else national
    if national.isdigit() and not national.startswith("0"):
        # Say which way it is wrong: a digit forgotten is the usual mistake on a phone keyboard.
        if len(national) < PHONE_NATIONAL_MIN:
            raise ValidationError(
                _(
                    "This phone number is too short: with its area or mobile code it has at least 9 digits, "
                    "e.g. 0812 3456 7890 or 0541 123456."
                ),
                code="phone_too_short",
            )
        if len(national) > PHONE_NATIONAL_MAX:
            raise ValidationError(
                _("This phone number is too long: it has at most 14 digits, e.g. 0812 3456 7890."),
                code="phone_too_long",
            )
        return "+62" + national
    raise ValidationError(_("Enter a valid phone number, e.g. 0812 3456 7890."), code="phone_invalid")


def validate_phone(value: str) -> None:
    """The one validator of every phone field (persons, complaints, /lapor/, users): see :func:`normalise_phone`."""
    if value:
        normalise_phone(value)


def normalise_phone_or_none(value: str | None) -> str | None:
    """:func:`normalise_phone`, or None when ``value`` is empty or not a phone number."""
    if not value:
        return None
    try:
        return normalise_phone(value)
    except ValidationError:
        return None


# Titles, honorifics, kinship forms of address, religious titles and academic degrees, written without
# dots: they say nothing about who the person is and are typed inconsistently.
_HONORIFIC_WORDS = """
    bapak bpk pak ibu bu sdr sdri sdra saudara saudari tuan tn nyonya ny nona nn an anak
    hj h haji hajjah ust ustadz ustadzah kh
    dr drs dra ir prof spd spdi sh se ssos skom skm skep st sag amd amk mpd mh mm msi mkes mhum
    alm almh almarhum almarhumah bin binti
"""
HONORIFICS = frozenset(_HONORIFIC_WORDS.split())
# Old (pre-1972) spellings still found in names: Soekarno = Sukarno, Djoko = Joko, Tjipto = Cipto.
_OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"))
_WORD_SPLIT = re.compile(r"[\s,;/]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def name_tokens(value: str) -> list[str]:
    """The normalised tokens of a personal name, sorted and without duplicates.

    Lower case, accents removed, honorifics and degrees dropped (``H.``, ``Hj.``, ``S.Pd.``, ``Bpk``),
    punctuation removed, old spellings modernised, single letters (initials) dropped. Examples:
    ``"Ibu Hj. Siti Nurhaliza, S.Pd."`` → ``["nurhaliza", "siti"]``; ``"SOEKARNO"`` → ``["sukarno"]``.
    """
    folded = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode("ascii").lower()
    tokens: set[str] = set()
    for word in _WORD_SPLIT.split(folded):
        # Degrees are written with inner dots ("s.pd."): test the word without them before splitting.
        if not word or _NON_ALNUM.sub("", word) in HONORIFICS:
            continue
        for part in _NON_ALNUM.split(word):
            if len(part) < 2 or part in HONORIFICS:
                continue
            for old, new in _OLD_SPELLINGS:
                part = part.replace(old, new)
            tokens.add(part)
    return sorted(tokens)
