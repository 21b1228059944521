"""Data classification of the regions app: Kemendagri area lists, published open data (ODbL)."""

from __future__ import annotations

from sigap.core.classification import Entry, Level

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "Province": {"code": Level.PUBLIC, "name": Level.PUBLIC},
    "Regency": {"code": Level.PUBLIC, "province": Level.PUBLIC, "name": Level.PUBLIC},
    "District": {"code": Level.PUBLIC, "regency": Level.PUBLIC, "name": Level.PUBLIC},
    "Village": {
        "code": Level.PUBLIC,
        "district": Level.PUBLIC,
        "regency": Level.PUBLIC,
        "province": Level.PUBLIC,
        "name": Level.PUBLIC,
    },
}
