"""Encrypted fields: round trip, storage format, fail-closed decryption, refused lookups, speed."""

from __future__ import annotations

import base64
import datetime
import secrets
import time

import pytest
from django.core.exceptions import FieldError
from django.db import connection, models
from django.test import override_settings
from django.test.utils import isolate_apps

from sigap.core.crypto.aead import DecryptionError, MissingKeyError, decrypt_text, encrypt_text
from sigap.core.crypto.fields import EncryptedCharField
from sigap.core.crypto.keys import KeyConfigurationError, get_keyring, parse_data_keys
from tests.testapp.models import SecretNote, SecretPerson
from tests.testapp.services import secret_person_create


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def raw(table: str, column: str, pk: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (test-only names)
        return cursor.fetchone()[0]  # type: ignore[no-any-return]


def write_raw(table: str, column: str, pk: int, value: str | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def flip(token: str) -> str:
    """Flip one bit of the sealed bytes of a stored value."""
    version, kid, body = token.split(":", 2)
    blob = bytearray(base64.urlsafe_b64decode(body))
    blob[20] ^= 0x01
    return f"{version}:{kid}:{base64.urlsafe_b64encode(bytes(blob)).decode()}"


# Key ring parsing ------------------------------------------------------------------------------------


def test_it_parses_the_key_ring_newest_first() -> None:
    k1, k0 = new_key(), new_key()
    keys, order = parse_data_keys(f"k1:{k1}, k0:{k0.rstrip('=')}")
    assert order == ("k1", "k0")
    assert keys["k0"] == base64.urlsafe_b64decode(k0)


def test_it_accepts_what_make_env_writes() -> None:
    kid = "k" + secrets.token_hex(3)
    keys, order = parse_data_keys(f"{kid}:{new_key()}")
    assert order == (kid,) and len(keys[kid]) == 32


@pytest.mark.parametrize(
    "value",
    ["", "nocolon", "bad id!:" + "A" * 43, "k1:" + base64.urlsafe_b64encode(b"short").decode(), "k1:***", "k1:"],
)
def test_it_refuses_malformed_key_rings_without_echoing_keys(value: str) -> None:
    with pytest.raises(KeyConfigurationError) as exc:
        parse_data_keys(value)
    secret_part = value.partition(":")[2]
    assert not secret_part or secret_part not in str(exc.value)


def test_it_refuses_a_duplicate_key_id() -> None:
    with pytest.raises(KeyConfigurationError, match="twice"):
        parse_data_keys(f"k1:{new_key()},k1:{new_key()}")


def test_it_falls_back_to_development_keys_outside_production_only() -> None:
    with override_settings(SIGAP_DATA_KEYS="", SIGAP_INDEX_KEY=""):
        assert get_keyring().development
    production = override_settings(SIGAP_DATA_KEYS="", SIGAP_INDEX_KEY="", SIGAP_ENV="production")
    with production, pytest.raises(KeyConfigurationError):
        get_keyring()


# Round trip and storage --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_round_trips_every_field_kind() -> None:
    person = secret_person_create(
        name="Siti Nurhaliza",
        nik="6402015507900001",
        phone="0812-3456-7890",
        birth_date=datetime.date(1990, 7, 15),
        address="Jl. Mawar No. 3, Tenggarong",
        details={"children": 2, "notes": ["ürgent", "kebutuhan"], "since": datetime.date(2024, 1, 2)},
    )
    fresh = SecretPerson.objects.get(pk=person.pk)
    assert fresh.name == "Siti Nurhaliza"
    assert fresh.nik == "6402015507900001"
    assert fresh.phone == "0812-3456-7890"
    assert fresh.birth_date == datetime.date(1990, 7, 15)
    assert fresh.address == "Jl. Mawar No. 3, Tenggarong"
    assert fresh.details == {"children": 2, "notes": ["ürgent", "kebutuhan"], "since": "2024-01-02"}
    assert SecretPerson.objects.values_list("name", flat=True).get(pk=person.pk) == "Siti Nurhaliza"


@pytest.mark.django_db
def test_it_stores_versioned_ciphertext_with_the_key_id() -> None:
    person = secret_person_create(name="Rahmawati")
    stored = raw("testapp_secretperson", "name", person.pk)
    assert stored is not None
    version, kid, body = stored.split(":", 2)
    assert (version, kid) == ("v1", get_keyring().current_kid)
    assert "Rahmawati" not in stored
    # A fresh nonce per value: the same plaintext never gives the same ciphertext.
    other = secret_person_create(name="Rahmawati")
    assert raw("testapp_secretperson", "name", other.pk) != stored


@pytest.mark.django_db
def test_it_keeps_none_as_null_and_encrypts_the_empty_string() -> None:
    person = secret_person_create(name="Ani", nik=None, address="")
    assert raw("testapp_secretperson", "nik", person.pk) is None
    stored_address = raw("testapp_secretperson", "address", person.pk)
    assert stored_address and stored_address.startswith("v1:")
    fresh = SecretPerson.objects.get(pk=person.pk)
    assert fresh.nik is None and fresh.address == ""


@pytest.mark.django_db
def test_it_encrypts_values_written_by_update_and_bulk_update() -> None:
    person = secret_person_create(name="Ani", address="lama")
    SecretPerson.objects.filter(pk=person.pk).update(address="alamat baru")
    assert raw("testapp_secretperson", "address", person.pk).startswith("v1:")  # type: ignore[union-attr]
    person.refresh_from_db()
    person.address = "alamat ketiga"
    SecretPerson.objects.bulk_update([person], ["address"])
    assert "ketiga" not in raw("testapp_secretperson", "address", person.pk)  # type: ignore[operator]
    assert SecretPerson.objects.get(pk=person.pk).address == "alamat ketiga"


# Fail closed -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_raises_on_a_flipped_byte_without_leaking() -> None:
    person = secret_person_create(name="Dewi Lestari")
    stored = raw("testapp_secretperson", "name", person.pk)
    assert stored is not None
    tampered = flip(stored)
    write_raw("testapp_secretperson", "name", person.pk, tampered)
    with pytest.raises(DecryptionError) as exc:
        SecretPerson.objects.get(pk=person.pk)
    message = str(exc.value)
    assert "testapp_secretperson.name" in message
    assert "Dewi" not in message and tampered.split(":")[2][:16] not in message


@pytest.mark.django_db
def test_it_raises_when_a_ciphertext_is_moved_to_another_column() -> None:
    person = secret_person_create(name="Dewi", address="Jl. Kenanga 1")
    note = SecretNote.objects.create(person=person, body="Catatan pendampingan")
    address = raw("testapp_secretperson", "address", person.pk)
    # Same table, other column.
    write_raw("testapp_secretperson", "name", person.pk, address)
    with pytest.raises(DecryptionError):
        SecretPerson.objects.get(pk=person.pk)
    # Other table, column of the same type.
    write_raw("testapp_secretnote", "body", note.pk, address)
    with pytest.raises(DecryptionError):
        SecretNote.objects.get(pk=note.pk)


@pytest.mark.django_db
def test_it_raises_on_an_unknown_key_id() -> None:
    person = secret_person_create(name="Dewi")
    with override_settings(SIGAP_DATA_KEYS=f"other:{new_key()}"), pytest.raises(MissingKeyError) as exc:
        SecretPerson.objects.get(pk=person.pk)
    assert "not in SIGAP_DATA_KEYS" in str(exc.value)


@pytest.mark.django_db
def test_it_raises_when_the_key_id_is_relabelled() -> None:
    k_new, k_old = new_key(), new_key()
    with override_settings(SIGAP_DATA_KEYS=f"new:{k_new},old:{k_old}"):
        person = secret_person_create(name="Dewi")
        stored = raw("testapp_secretperson", "name", person.pk)
        write_raw("testapp_secretperson", "name", person.pk, stored.replace(":new:", ":old:"))  # type: ignore[union-attr]
        with pytest.raises(DecryptionError):
            SecretPerson.objects.get(pk=person.pk)


@pytest.mark.parametrize("stored", ["plain text", "v2:k:abc", "v1::abc", "v1:kdev0:not-base64!!", "v1:kdev0:AAAA"])
def test_it_raises_on_values_that_are_not_ciphertexts(stored: str) -> None:
    with pytest.raises(DecryptionError):
        decrypt_text(stored, identity="t.c")


@pytest.mark.django_db
def test_a_pinned_column_identity_survives_a_rename() -> None:
    person = secret_person_create(name="Dewi")
    value = encrypt_text("ringkasan lama", identity="testapp_secretnote.old_summary")
    note = SecretNote.objects.create(person=person, body="isi")
    write_raw("testapp_secretnote", "summary", note.pk, value)
    assert SecretNote.objects.get(pk=note.pk).summary == "ringkasan lama"


# Lookups ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lookup", ["name", "name__icontains", "name__startswith", "name__in", "birth_date__year"])
def test_it_refuses_to_search_ciphertext(lookup: str) -> None:
    value: object = ["x"] if lookup.endswith("__in") else (1990 if lookup.endswith("year") else "Siti")
    with pytest.raises(FieldError, match="blind index"):
        list(SecretPerson.objects.filter(**{lookup: value}))


@pytest.mark.django_db
def test_it_allows_null_lookups() -> None:
    secret_person_create(name="Ani", nik=None)
    secret_person_create(name="Budi", nik="6402011201900002")
    assert SecretPerson.objects.filter(nik=None).count() == 1
    assert SecretPerson.objects.filter(nik__isnull=False).count() == 1


@isolate_apps("tests.testapp")
def test_it_refuses_a_unique_or_indexed_encrypted_field() -> None:
    class Bad(models.Model):
        nik = EncryptedCharField(max_length=16, unique=True)

        class Meta:
            app_label = "testapp"

        def __str__(self) -> str:
            return "bad"

    errors = Bad._meta.get_field("nik").check()
    assert [e.id for e in errors] == ["sigap.E020"]


# Speed ---------------------------------------------------------------------------------------------------------


def test_it_encrypts_and_decrypts_10000_values_each_under_a_second() -> None:
    ring = get_keyring()
    values = [f"6402{i:012d}" for i in range(10_000)]
    start = time.perf_counter()
    tokens = [encrypt_text(v, identity="testapp_secretperson.nik", keyring=ring) for v in values]
    encrypt_seconds = time.perf_counter() - start
    start = time.perf_counter()
    plain = [decrypt_text(t, identity="testapp_secretperson.nik", keyring=ring) for t in tokens]
    decrypt_seconds = time.perf_counter() - start
    print(f"\n10,000 values: encrypt {encrypt_seconds * 1000:.0f} ms, decrypt {decrypt_seconds * 1000:.0f} ms")
    assert plain == values
    assert encrypt_seconds < 1.0 and decrypt_seconds < 1.0
