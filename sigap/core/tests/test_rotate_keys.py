"""manage.py rotate_keys: re-encryption under the newest data key, index rebuild, resumability."""

from __future__ import annotations

import base64
import datetime
import secrets
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from sigap.core.crypto.blind import IndexKind, blind_lookup
from sigap.core.crypto.tokens import name_token_owner_ids
from tests.testapp.models import SecretNote, SecretPerson, SecretPersonNameToken
from tests.testapp.services import secret_person_create

NIK = "6402015507900001"


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_keys", "--no-progress", *args, stdout=out)
    return out.getvalue()


def kids_in(table: str, column: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
        return {row[0].split(":")[1] for row in cursor.fetchall()}


def make_people(count: int) -> list[SecretPerson]:
    people = []
    for i in range(count):
        person = secret_person_create(
            name=f"Siti Nurhaliza{'' if i == 0 else f' Anak{i}'}",
            nik=NIK if i == 0 else f"64020112128{i:05d}",
            phone=f"0812 3456 {i:04d}",
            birth_date=datetime.date(1990, 7, 15),
            address=f"Jl. Mawar {i}",
            details={"i": i},
        )
        SecretNote.objects.create(person=person, body=f"catatan {i}", summary="ringkas")
        people.append(person)
    return people


def assert_all_readable_and_findable(people: list[SecretPerson]) -> None:
    for person in SecretPerson.objects.order_by("pk"):
        assert person.name.startswith("Siti") and person.details["i"] >= 0 and person.birth_date is not None
    assert [n.body for n in SecretNote.objects.order_by("pk")] == [f"catatan {i}" for i in range(len(people))]
    assert SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, NIK)).get() == people[0]
    assert (
        SecretPerson.objects.filter(blind_lookup("phone_index", IndexKind.PHONE, "+6281234560003")).get() == people[3]
    )
    assert name_token_owner_ids(SecretPersonNameToken, name="Siti Nurhaliza", birth_year=1990)[0] == people[0].pk


@pytest.mark.django_db
def test_it_moves_every_value_to_the_new_data_key_so_the_old_one_can_go() -> None:
    old, new, index = new_key(), new_key(), new_key()
    with override_settings(SIGAP_DATA_KEYS=f"old:{old}", SIGAP_INDEX_KEY=index):
        people = make_people(7)
    with override_settings(SIGAP_DATA_KEYS=f"new:{new},old:{old}", SIGAP_INDEX_KEY=index):
        with pytest.raises(CommandError, match="not yet on the newest keys"):
            rotate("--check")
        output = rotate("--batch-size", "3")
        assert "testapp.SecretPerson: 7 rows; re-encrypt done: 7 (values on older keys: old: " in output
        rotate("--check")  # nothing left: no error
    assert kids_in("testapp_secretperson", "name") == {"new"}
    assert kids_in("testapp_secretperson", "details") == {"new"}
    assert kids_in("testapp_secretnote", "summary") == {"new"}
    with override_settings(SIGAP_DATA_KEYS=f"new:{new}", SIGAP_INDEX_KEY=index):
        assert_all_readable_and_findable(people)


@pytest.mark.django_db
def test_it_rebuilds_blind_indexes_under_a_new_index_key() -> None:
    data, old_index, new_index = new_key(), new_key(), new_key()
    with override_settings(SIGAP_DATA_KEYS=f"k1:{data}", SIGAP_INDEX_KEY=old_index):
        people = make_people(5)
    rotating = {"SIGAP_DATA_KEYS": f"k1:{data}", "SIGAP_INDEX_KEY": new_index, "SIGAP_INDEX_KEY_PREVIOUS": old_index}
    with override_settings(**rotating):
        # Before the rebuild, lookups still match through the previous key.
        assert_all_readable_and_findable(people)
        output = rotate()
        assert "blind indexes done: 5" in output and "name tokens done: 5" in output
        assert "re-encrypt done: 0" in output
    with override_settings(SIGAP_DATA_KEYS=f"k1:{data}", SIGAP_INDEX_KEY=new_index):
        assert_all_readable_and_findable(people)
        rotate("--check")


@pytest.mark.django_db
def test_a_rerun_skips_finished_rows() -> None:
    old, new, index = new_key(), new_key(), new_key()
    with override_settings(SIGAP_DATA_KEYS=f"old:{old}", SIGAP_INDEX_KEY=index):
        make_people(4)
    with override_settings(SIGAP_DATA_KEYS=f"new:{new},old:{old}", SIGAP_INDEX_KEY=index):
        # Rows written after the switch are already on the new key.
        make_people(2)
        # An interrupted run: only one model done.
        rotate("--model", "testapp.SecretNote")
        with pytest.raises(CommandError):
            rotate("--check")
        output = rotate()
        assert "testapp.SecretNote: 6 rows; re-encrypt done: 0" in output
        assert "testapp.SecretPerson: 6 rows; re-encrypt done: 4 " in output
        again = rotate()
        assert "re-encrypt done: 0" in again and "re-encrypt done: 4" not in again


@pytest.mark.django_db
def test_it_stops_on_a_row_it_cannot_decrypt_without_leaking() -> None:
    index = new_key()
    with override_settings(SIGAP_DATA_KEYS=f"lost:{new_key()}", SIGAP_INDEX_KEY=index):
        person = secret_person_create(name="Dewi Rahasia")
    with (
        override_settings(SIGAP_DATA_KEYS=f"new:{new_key()}", SIGAP_INDEX_KEY=index),
        pytest.raises(CommandError) as exc,
    ):
        rotate()
    message = str(exc.value)
    assert f"pk={person.pk}" in message and "lost" in message and "Rahasia" not in message


@pytest.mark.django_db
def test_it_refuses_a_bad_model_name_and_batch_size() -> None:
    with pytest.raises(CommandError):
        rotate("--model", "accounts.Unit")
    with pytest.raises(CommandError):
        rotate("--batch-size", "0")


@pytest.mark.django_db
def test_check_finds_and_rotate_repairs_a_stale_blind_index() -> None:
    person = secret_person_create(name="Siti", nik=NIK)
    # update() bypasses the index: exactly what services must not do, and what --check must catch.
    SecretPerson.objects.filter(pk=person.pk).update(nik="6472031212850123")
    with pytest.raises(CommandError):
        rotate("--check")
    assert "blind indexes done: 1" in rotate()
    assert SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, "6472031212850123")).get() == person
