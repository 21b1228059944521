"""Data classification of the partners app (DATA-01); see sigap.core.classification."""

from __future__ import annotations

from sigap.core.classification import Entry, Level

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    # An organisation and its office: public bodies, nothing about a person.
    "Partner": {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "name": Level.INTERNAL,
        "kind": Level.INTERNAL,
        "services": Level.INTERNAL,
        "address": Level.INTERNAL,
        "phone": Level.INTERNAL,
        "email": Level.INTERNAL,
        "is_active": Level.INTERNAL,
        "created_at": Level.INTERNAL,
        "created_by": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
    "PartnerContact": {
        "id": Level.INTERNAL,
        "partner": Level.INTERNAL,
        "name": Level.PERSONAL,
        "position": Level.INTERNAL,  # a job title, like a membership's role
        "phone": Level.PERSONAL,
        "email": Level.PERSONAL,
        "is_active": Level.INTERNAL,
        "created_at": Level.INTERNAL,
    },
    "Agreement": {
        "id": Level.INTERNAL,
        "partner": Level.INTERNAL,
        "kind": Level.INTERNAL,
        "number": Level.INTERNAL,
        "title": Level.INTERNAL,
        "valid_from": Level.INTERNAL,
        "valid_until": Level.INTERNAL,
        "original_name": Level.PERSONAL,  # a file name may name a signatory
        "content_type": Level.INTERNAL,
        "size": Level.INTERNAL,
        "sha256": Level.INTERNAL,
        "storage_name": Level.INTERNAL,
        "file_key": Level.SPECIFIC,  # a key: encrypted under the key ring
        "recorded_at": Level.INTERNAL,
        "recorded_by": Level.INTERNAL,
    },
    # Which organisation a portal user works for: ids and moments only.
    "PartnerUser": {
        "id": Level.INTERNAL,
        "user": Level.INTERNAL,
        "partner": Level.INTERNAL,
        "linked_at": Level.INTERNAL,
        "linked_by": Level.INTERNAL,
    },
}
