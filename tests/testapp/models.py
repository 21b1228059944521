"""Test-only models: every encrypted field kind, blind indexes and a name-token table.

They stand in for the personal models of later issues (Person, case notes) and follow the pattern that
those models should copy (see sigap/core/crypto/tokens.py).
"""

from __future__ import annotations

from django.db import models

from sigap.core.crypto.blind import IndexKind
from sigap.core.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from sigap.core.crypto.tokens import NameTokenIndex


class SecretPerson(models.Model):
    """A person with every kind of encrypted field and the blind indexes a dedupe search needs."""

    label = models.CharField(max_length=50, blank=True)  # plaintext on purpose: the canary test's control
    name = EncryptedCharField(max_length=200)
    nik = EncryptedCharField(max_length=16, null=True, blank=True)
    nik_index = BlindIndexField(source="nik", kind=IndexKind.NIK)
    phone = EncryptedCharField(max_length=40, null=True, blank=True)
    phone_index = BlindIndexField(source="phone", kind=IndexKind.PHONE)
    birth_date = EncryptedDateField(null=True, blank=True)
    address = EncryptedTextField(blank=True)
    details = EncryptedJSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["nik_index"], name="secret_person_nik_idx"),
            models.Index(fields=["phone_index"], name="secret_person_phone_idx"),
        ]

    def __str__(self) -> str:
        return f"SecretPerson {self.pk}"


class SecretPersonNameToken(NameTokenIndex):
    """Keyed hashes of the name tokens of a SecretPerson (alone and with the birth year)."""

    owner = models.ForeignKey(SecretPerson, on_delete=models.CASCADE, related_name="name_tokens")

    token_owner_field = "owner"
    token_name_field = "name"
    token_birth_date_field = "birth_date"

    class Meta:
        indexes = [
            models.Index(fields=["token"], name="secret_token_idx"),
            models.Index(fields=["token_year"], name="secret_token_year_idx"),
        ]

    def __str__(self) -> str:
        return f"token of {self.owner_id}"


class SecretNote(models.Model):
    """A free-text note about a person (second table, to prove ciphertexts cannot move between columns)."""

    person = models.ForeignKey(SecretPerson, on_delete=models.CASCADE, related_name="notes")
    body = EncryptedTextField()
    # Identity pinned, as after a rename of the column: old rows must keep reading.
    summary = EncryptedTextField(blank=True, column_identity="testapp_secretnote.old_summary")

    def __str__(self) -> str:
        return f"SecretNote {self.pk}"
