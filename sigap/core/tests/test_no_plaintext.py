"""No plaintext at rest: unique canaries written through the ORM never appear in the raw database.

Reads every row of the test app's tables through the DB connection (SQLite and PostgreSQL), and on
SQLite also the bytes of the database itself (the file after a WAL checkpoint, or the serialised
in-memory database). A plaintext control column proves the scan would see a leak.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path

import pytest
from django.db import connection

from sigap.core.crypto.blind import IndexKind, blind_lookup
from tests.testapp.models import SecretNote, SecretPerson, SecretPersonNameToken
from tests.testapp.services import secret_person_create

TABLES = [m._meta.db_table for m in (SecretPerson, SecretPersonNameToken, SecretNote)]


def canary(kind: str) -> str:
    return f"CANARY{kind}{secrets.token_hex(6).upper()}"


def raw_rows_text() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (model tables)
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def sqlite_bytes() -> bytes:
    """The database as stored: the file (after a checkpoint) and its WAL, or the in-memory image."""
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():
        connection.ensure_connection()
        return bytes(connection.connection.serialize())  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = Path(name).read_bytes()
    wal = Path(name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def write_canaries() -> dict[str, str]:
    marks = {k: canary(k) for k in ("NAME", "ADDRESS", "JSON", "NOTE", "SUMMARY", "PLAIN")}
    nik = "6402015507900001"
    person = secret_person_create(
        name=f"Siti {marks['NAME']}",
        nik=nik,
        phone="0812 9999 0001",
        birth_date=datetime.date(1990, 7, 15),
        address=f"Jl. {marks['ADDRESS']}",
        details={"story": marks["JSON"]},
        label=marks["PLAIN"],
    )
    SecretNote.objects.create(person=person, body=marks["NOTE"], summary=marks["SUMMARY"])
    marks["NIK"] = nik
    marks["PHONE"] = "0812 9999 0001"
    marks["PHONE_E164"] = "+6281299990001"
    marks["TOKEN"] = marks["NAME"].lower()
    return marks


@pytest.mark.django_db(transaction=True)
def test_no_canary_in_raw_rows() -> None:
    marks = write_canaries()
    text = raw_rows_text()
    # The control: a plaintext column is seen by the scan, so a leak would be too.
    assert marks.pop("PLAIN") in text
    leaks = [kind for kind, mark in marks.items() if mark in text or mark.lower() in text.lower()]
    assert leaks == []
    # And the data is still there for the application.
    person = SecretPerson.objects.get()
    assert marks["NAME"] in person.name and person.details == {"story": marks["JSON"]}
    assert SecretPerson.objects.filter(blind_lookup("nik_index", IndexKind.NIK, marks["NIK"])).exists()


@pytest.mark.django_db(transaction=True)
def test_no_canary_in_the_sqlite_file() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite storage bytes only; the PostgreSQL run is covered by test_no_canary_in_raw_rows")
    marks = write_canaries()
    stored = sqlite_bytes()
    assert marks.pop("PLAIN").encode() in stored
    leaks = [kind for kind, mark in marks.items() if mark.encode() in stored or mark.lower().encode() in stored]
    assert leaks == []
