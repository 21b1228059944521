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


# NIKs of one regency and sex: 99 districts x 75 years x 9,999 serials, numbered by the person's index.
NIK_SERIALS = 9999
NIKS_PER_DISTRICT = NIK_SERIALS * len(NON_LEAP_YY)
NIK_CAPACITY = 99 * NIKS_PER_DISTRICT


def synthetic_nik(*, regency4: str, female: bool, person_index: int) -> str:
    """A 16-digit NIK with the impossible date 29-02-YY, distinct for every ``person_index`` of a regency.

    The index is written in the free digits, district first: district ``01 + index // 749,925``, then the
    year, then the serial. So two persons of one unit (one regency, unique indexes) never share a NIK, at
    any preset (the unique NIK per unit of the product, issue #21), and no draw can collide. The district
    is not the person's village: a NIK keeps the district where it was issued. ``regency4`` is province +
    regency (4 digits, no ``00``); ``person_index`` below :data:`NIK_CAPACITY` (74 million).
    """
    if not 0 <= person_index < NIK_CAPACITY:
        raise ValueError(f"person_index {person_index} outside 0..{NIK_CAPACITY - 1}")
    district, rest = divmod(person_index, NIKS_PER_DISTRICT)
    year, serial = divmod(rest, NIK_SERIALS)
    day = SYNTHETIC_NIK_DAY + (40 if female else 0)
    yy = NON_LEAP_YY[year]
    return f"{regency4}{district + 1:02d}{day:02d}{SYNTHETIC_NIK_DATE_MONTH}{yy:02d}{serial + 1:04d}"


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
