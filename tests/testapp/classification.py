"""Data classification of the test-only models."""

from __future__ import annotations

from sigap.core.classification import Entry, Level

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "SecretPerson": {
        "id": Level.INTERNAL,
        "label": Level.INTERNAL,
        "name": Level.PERSONAL,
        "nik": Level.PERSONAL,
        "nik_index": Level.PERSONAL,
        "phone": Level.PERSONAL,
        "phone_index": Level.PERSONAL,
        "birth_date": Level.PERSONAL,
        "address": Level.PERSONAL,
        "details": Level.SPECIFIC,
        "created_at": Level.INTERNAL,
    },
    "SecretPersonNameToken": {
        "id": Level.INTERNAL,
        "owner": Level.INTERNAL,
        "token": Level.PERSONAL,
        "token_year": Level.PERSONAL,
    },
    "SecretNote": {
        "id": Level.INTERNAL,
        "person": Level.INTERNAL,
        "body": Level.SPECIFIC,
        "summary": Level.SPECIFIC,
    },
}
