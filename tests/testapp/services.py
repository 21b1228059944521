"""The service pattern for personal models: save, then rebuild the name tokens, in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from sigap.core.crypto.tokens import name_tokens_sync
from tests.testapp.models import SecretPerson, SecretPersonNameToken


@transaction.atomic
def secret_person_create(
    *,
    name: str,
    nik: str | None = None,
    phone: str | None = None,
    birth_date: datetime.date | None = None,
    address: str = "",
    details: dict[str, Any] | None = None,
    label: str = "",
) -> SecretPerson:
    person = SecretPerson(
        name=name,
        nik=nik,
        phone=phone,
        birth_date=birth_date,
        address=address,
        details=details or {},
        label=label,
    )
    person.full_clean()
    person.save()
    name_tokens_sync(SecretPersonNameToken, person)
    return person


@transaction.atomic
def secret_person_rename(*, person: SecretPerson, name: str) -> SecretPerson:
    person.name = name
    person.full_clean()
    person.save(update_fields=["name"])
    name_tokens_sync(SecretPersonNameToken, person)
    return person
