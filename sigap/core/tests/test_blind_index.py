"""Blind indexes: NIK, phone and name normalisation, keyed hashes per purpose, exact lookups."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sigap.core.crypto.blind import IndexKind, blind_index, blind_lookup, token_hash
from sigap.core.crypto.normalise import name_tokens, normalise_phone, validate_nik
from sigap.core.crypto.tokens import name_token_owner_ids
from tests.testapp.models import SecretPerson, SecretPersonNameToken
from tests.testapp.services import secret_person_create, secret_person_rename

NIK_WOMAN = "6402015507900001"  # Kukar (64.02), district 01, born 15-07-(19)90, woman (+40)
NIK_MAN = "6472031212850123"  # Samarinda, born 12-12-(19)85


# NIK ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [NIK_WOMAN, NIK_MAN, "6402 0155 0790 0001", "6402.01.550790.0001", "9401012902000001"]
)
def test_it_accepts_plausible_niks(value: str) -> None:
    assert len(validate_nik(value)) == 16


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("640201550790000", "nik_length"),
        ("64020155079000012", "nik_length"),
        ("64020155079O0001", "nik_length"),
        ("0002015507900001", "nik_province"),
        ("9902015507900001", "nik_province"),
        ("6400015507900001", "nik_region"),
        ("6402003212850001", "nik_region"),
        ("6402013212850001", "nik_date"),  # day 32
        ("6402017212850001", "nik_date"),  # day 72 (32 for a woman)
        ("6402013002850001", "nik_date"),  # 30 February
        ("6402011213850001", "nik_date"),  # month 13
        ("6402011212850000", "nik_serial"),
    ],
)
def test_it_refuses_implausible_niks(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_nik(value)
    assert exc.value.code == code


# Phone --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["081234567890", "0812-3456-7890", "62812 3456 7890", "+62 812-3456-7890", "+62 (0)812 3456 7890", "812.3456.7890"],
)
def test_it_normalises_mobile_numbers(value: str) -> None:
    assert normalise_phone(value) == "+6281234567890"


def test_it_normalises_landlines_and_foreign_numbers() -> None:
    assert normalise_phone("(0541) 661234") == "+62541661234"
    assert normalise_phone("+60 12-345 6789") == "+60123456789"
    assert normalise_phone("0060 12 345 6789") == "+60123456789"


@pytest.mark.parametrize("value", ["", "0812", "abc", "+62 0", "081234567890123456", "+1 23"])
def test_it_refuses_invalid_phone_numbers(value: str) -> None:
    with pytest.raises(ValidationError):
        normalise_phone(value)


# Names ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tokens"),
    [
        ("Ibu Hj. Siti Nurhaliza, S.Pd.", ["nurhaliza", "siti"]),
        ("siti   NURHALIZA", ["nurhaliza", "siti"]),
        ("Bpk. H. Ahmad Dahlan bin Abdullah", ["abdullah", "ahmad", "dahlan"]),
        ("Sdri. Dewi-Lestari", ["dewi", "lestari"]),
        ("An. M. Rizki", ["rizki"]),
        ("Nn. Ayu Ting Ting", ["ayu", "ting"]),
        ("SOEKARNO", ["sukarno"]),
        ("Djoko Tjahjono", ["cahjono", "joko"]),
        ("Dr. Ir. Ratna Sari Dewi, M.Pd.", ["dewi", "ratna", "sari"]),
        ("Renée Ñuñez", ["nunez", "renee"]),
        ("Ibu", []),
    ],
)
def test_it_normalises_name_tokens(value: str, tokens: list[str]) -> None:
    assert name_tokens(value) == tokens


# Keyed hashes ------------------------------------------------------------------------------------------------------


def test_it_derives_a_separate_key_per_purpose() -> None:
    value = "6281234567890"
    hashes = {
        blind_index(IndexKind.NIK, value),
        blind_index(IndexKind.PHONE, value),
        blind_index(IndexKind.EXACT, value),
    }
    assert len(hashes) == 3
    assert token_hash("siti") != token_hash("siti", 1990)


def test_the_index_is_a_keyed_hash_not_the_value() -> None:
    index = blind_index(IndexKind.NIK, NIK_WOMAN)
    assert index is not None and len(index) == 64 and NIK_WOMAN not in index
    import hashlib

    assert index != hashlib.sha256(NIK_WOMAN.encode()).hexdigest()


def test_empty_values_have_no_index() -> None:
    assert blind_index(IndexKind.NIK, None) is None
    assert blind_index(IndexKind.NIK, " ") is None
    assert blind_index(IndexKind.PHONE, "not a phone") is None


# Lookups ------------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_finds_a_person_by_nik_in_any_spelling() -> None:
    person = secret_person_create(name="Siti", nik=NIK_WOMAN)
    secret_person_create(name="Budi", nik=NIK_MAN)
    for typed in (NIK_WOMAN, "6402 0155 0790 0001", "6402.01.550790.0001"):
        assert list(SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, typed))) == [person]
    assert not SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, "6402015507900002")).exists()
    assert not SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, "")).exists()


@pytest.mark.django_db
def test_it_finds_a_person_by_phone_in_any_format() -> None:
    person = secret_person_create(name="Siti", phone="0812-3456-7890")
    secret_person_create(name="Budi", phone="0813 1111 2222")
    for typed in ("081234567890", "+62 812 3456 7890", "62812-3456-7890", "812 3456 7890"):
        assert list(SecretPerson.objects.filter(blind_lookup("phone_index", IndexKind.PHONE, typed))) == [person]


@pytest.mark.django_db
def test_the_stored_index_column_is_the_hash() -> None:
    person = secret_person_create(name="Siti", nik=NIK_WOMAN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik_index FROM testapp_secretperson WHERE id = %s", [person.pk])
        (stored,) = cursor.fetchone()
    assert stored == blind_index(IndexKind.NIK, NIK_WOMAN)


@pytest.mark.django_db
def test_it_recomputes_the_index_on_save_and_refuses_a_partial_update() -> None:
    person = secret_person_create(name="Siti", nik=NIK_WOMAN)
    person.nik = NIK_MAN
    person.save()
    assert SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, NIK_MAN)).get() == person
    person.nik = NIK_WOMAN
    with pytest.raises(ValueError, match="nik_index"):
        person.save(update_fields=["nik"])
    person.save(update_fields=["nik", "nik_index"])
    assert SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, NIK_WOMAN)).get() == person


@pytest.mark.django_db
def test_it_finds_a_known_person_by_name_tokens_and_birth_year() -> None:
    siti = secret_person_create(name="Ibu Siti Nurhaliza", birth_date=datetime.date(1990, 7, 15))
    other_siti = secret_person_create(name="Siti Nurhaliza", birth_date=datetime.date(1985, 1, 1))
    secret_person_create(name="Siti Aminah", birth_date=datetime.date(1990, 3, 3))
    no_year = secret_person_create(name="Nurhaliza Siti")

    assert name_token_owner_ids(SecretPersonNameToken, name="nurhaliza, SITI", birth_year=1990) == [siti.pk]
    assert name_token_owner_ids(SecretPersonNameToken, name="Sdri. Siti Nurhaliza", birth_year=1985) == [other_siti.pk]
    assert set(name_token_owner_ids(SecretPersonNameToken, name="Siti Nurhaliza")) == {
        siti.pk,
        other_siti.pk,
        no_year.pk,
    }
    # Two of three tokens are enough when asked.
    partial = name_token_owner_ids(SecretPersonNameToken, name="Siti Nurhaliza Putri", birth_year=1990, min_tokens=2)
    assert partial == [siti.pk]
    assert name_token_owner_ids(SecretPersonNameToken, name="Ibu", birth_year=1990) == []


@pytest.mark.django_db
def test_it_rebuilds_name_tokens_on_rename() -> None:
    person = secret_person_create(name="Siti Nurhaliza", birth_date=datetime.date(1990, 7, 15))
    secret_person_rename(person=person, name="Siti Rahmawati")
    assert name_token_owner_ids(SecretPersonNameToken, name="Siti Nurhaliza") == []
    assert name_token_owner_ids(SecretPersonNameToken, name="Rahmawati Siti", birth_year=1990) == [person.pk]
    assert SecretPersonNameToken.objects.filter(owner=person).count() == 2
