"""Synthetic identities that can never be mistaken for a real person.

- Names are built from an invented syllable list (``GIVEN_*``/``FAMILY_*``), not from a list of real people.
- Every NIK carries the birth date 29 February of a year that is a leap year in neither century
  (``..0229..`` with YY ≢ 0 mod 4, e.g. ``290201``): no real person has that date, yet the NIK passes the
  product's structural check (``validate_nik`` allows 29 February because YY cannot tell a leap year),
  so the NIK search can be benchmarked through the real form.
- Phone numbers use the toll-free prefix 0800, which is never a personal mobile number.
- Addresses name the street "Jalan Sintetis", and every generated text says "sintetis".
"""

from __future__ import annotations

import random

# Invented syllables: combinations sound Indonesian-like but come from no register of real names.
GIVEN_HEADS = [
    "Ara",
    "Bela",
    "Cita",
    "Dara",
    "Eka",
    "Fira",
    "Gala",
    "Hana",
    "Ina",
    "Jaya",
    "Kira",
    "Lara",
    "Mela",
    "Nara",
    "Ola",
    "Pura",
    "Rana",
    "Sela",
    "Tara",
    "Ula",
    "Vira",
    "Wira",
    "Yara",
    "Zara",
    "Bima",
    "Dito",
]
GIVEN_TAILS = ["wati", "sari", "ndra", "mira", "nita", "ruli", "sena", "tami", "yuna", "lesi", "mosa", "parwi"]
FAMILY_HEADS = [
    "Sinta",
    "Kumal",
    "Ardi",
    "Boro",
    "Cendi",
    "Dimar",
    "Elan",
    "Furan",
    "Gesta",
    "Hirma",
    "Indar",
    "Jolan",
    "Kelar",
    "Lumar",
    "Morin",
    "Nusar",
    "Orba",
    "Pelan",
    "Rusta",
    "Semar",
]
FAMILY_TAILS = ["wijo", "rapta", "sunto", "gendi", "lakso", "mardo", "nirwo", "pranto", "setyo", "tirto"]

GIVEN_NAMES = [h + t for h in GIVEN_HEADS for t in GIVEN_TAILS]  # 312
FAMILY_NAMES = [h + t for h in FAMILY_HEADS for t in FAMILY_TAILS]  # 200

# Two-digit years that are not leap years in 19YY nor 20YY: 29 February never existed in them.
NON_LEAP_YY = [yy for yy in range(1, 100) if yy % 4 != 0]
SYNTHETIC_NIK_DATE_MONTH = "02"
SYNTHETIC_NIK_DAY = 29


def synthetic_name(rng: random.Random) -> str:
    """Given name + family name from the invented lists (sometimes a second given name)."""
    parts = [rng.choice(GIVEN_NAMES)]
    if rng.random() < 0.3:
        parts.append(rng.choice(GIVEN_NAMES))
    parts.append(rng.choice(FAMILY_NAMES))
    return " ".join(parts)


def synthetic_nik(*, region6: str, female: bool, person_index: int) -> str:
    """A 16-digit NIK unique per ``(region6, sex, person_index)`` with the impossible date 29-02-YY.

    ``region6`` is province + regency + district (6 digits, none of the pairs ``00``).
    """
    serial = 1 + person_index % 9999
    yy = NON_LEAP_YY[(person_index // 9999) % len(NON_LEAP_YY)]
    day = SYNTHETIC_NIK_DAY + (40 if female else 0)
    return f"{region6}{day:02d}{SYNTHETIC_NIK_DATE_MONTH}{yy:02d}{serial:04d}"


def is_synthetic_nik(nik: str) -> bool:
    """True when the NIK's date part is the generator's impossible 29 February."""
    if len(nik) != 16 or not nik.isdigit():
        return False
    day, month, yy = int(nik[6:8]), nik[8:10], int(nik[10:12])
    return day in (SYNTHETIC_NIK_DAY, SYNTHETIC_NIK_DAY + 40) and month == SYNTHETIC_NIK_DATE_MONTH and yy % 4 != 0


def synthetic_phone(person_index: int) -> str:
    """A toll-free (0800) number: never a person's mobile."""
    return f"0800{person_index % 10_000_000:07d}"


def synthetic_address(rng: random.Random) -> str:
    return f"Jalan Sintetis No. {rng.randint(1, 300)}, RT {rng.randint(1, 40):02d}"
