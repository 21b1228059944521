"""LOG-03: the database itself refuses UPDATE and DELETE on audit rows (SQLite and PostgreSQL).

Run this module on both databases: plain ``pytest`` (SQLite) and with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_dev_audit``.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from sigap.audit.models import AuditAppendOnlyError, AuditEvent
from sigap.audit.triggers import triggers_present


def test_triggers_are_installed(db: None) -> None:
    assert connection.vendor in {"sqlite", "postgresql"}
    assert triggers_present(connection)


def test_database_refuses_update(record) -> None:  # type: ignore[no-untyped-def]
    event = record()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["99", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).object_id == "17"


def test_database_refuses_delete(record) -> None:  # type: ignore[no-untyped-def]
    event = record()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_orm_refuses_changes_before_the_database_is_asked(record) -> None:  # type: ignore[no-untyped-def]
    event = record()
    event.object_id = "99"
    with pytest.raises(AuditAppendOnlyError):
        event.save()
    with pytest.raises(AuditAppendOnlyError):
        event.delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(object_id="99")
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_trigger_refusal_is_not_only_the_orm(record) -> None:  # type: ignore[no-untyped-def]
    """Django's base QuerySet (what raw tooling would use) still hits the trigger."""
    from django.db.models import QuerySet

    event = record()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        QuerySet(model=AuditEvent).filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        QuerySet(model=AuditEvent).filter(pk=event.pk)._raw_delete(using="default")
