"""LOG-04, audit half of the canary test: audit rows never hold values of personal fields.

The stand-in is the User model: full_name, phone and e-mail are personal, is_active is not. Marker
values are written into the personal fields; no audit column may contain them afterwards.
"""

from __future__ import annotations

import logging

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from sigap.audit.models import AuditAction
from sigap.audit.services import audit_diff, audit_record, audit_view

CANARY = "CANARY-7f3a9c"
SAFE_FIELDS = {"is_active", "session_generation"}


def _all_audit_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent")
        return repr(cursor.fetchall())


@pytest.fixture
def changed_person(personas):  # type: ignore[no-untyped-def]
    before = type(personas["intake"]).objects.get(pk=personas["intake"].pk)
    after = type(personas["intake"]).objects.get(pk=personas["intake"].pk)
    after.full_name = f"Siti {CANARY}"
    after.phone = f"0812{CANARY}"
    after.email = f"{CANARY.lower()}@example.test"
    after.is_active = False
    return before, after


def test_diff_keeps_names_of_all_but_values_of_safe_fields_only(changed_person) -> None:  # type: ignore[no-untyped-def]
    before, after = changed_person
    diff = audit_diff(before=before, after=after, safe_fields=SAFE_FIELDS)
    assert set(diff.changed_fields) == {"full_name", "phone", "email", "is_active"}
    assert diff.old == {"is_active": True} and diff.new == {"is_active": False}


def test_the_classification_registry_decides_by_default(changed_person) -> None:  # type: ignore[no-untyped-def]
    before, after = changed_person
    diff = audit_diff(before=before, after=after)
    assert set(diff.changed_fields) == {"full_name", "phone", "email", "is_active"}
    assert diff.old == {"is_active": True} and diff.new == {"is_active": False}


def test_without_a_model_no_value_is_kept() -> None:
    diff = audit_diff(before={"name": CANARY, "status": "OPEN"}, after={"name": "x", "status": "CLOSED"})
    assert diff.changed_fields == ["name", "status"] and diff.old == {} and diff.new == {}


def test_a_failing_registry_keeps_no_value(changed_person, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(model, name):  # type: ignore[no-untyped-def]
        raise RuntimeError("registry unavailable")

    monkeypatch.setattr("sigap.core.classification.is_personal", broken)
    before, after = changed_person
    diff = audit_diff(before=before, after=after)
    assert diff.changed_fields and diff.old == {} and diff.new == {}


def test_credentials_never_keep_values_even_if_called_safe(changed_person) -> None:  # type: ignore[no-untyped-def]
    before, after = changed_person
    after.set_password("a-new-password-for-tests")
    for diff in (
        audit_diff(before=before, after=after),
        audit_diff(before=before, after=after, safe_fields={"password"}),
    ):
        assert "password" in diff.changed_fields
        assert "password" not in diff.old and "password" not in diff.new


def test_creation_and_deletion_list_fields_without_personal_values(changed_person) -> None:  # type: ignore[no-untyped-def]
    _, after = changed_person
    created = audit_diff(before=None, after=after, safe_fields=SAFE_FIELDS)
    deleted = audit_diff(before=after, after=None, safe_fields=SAFE_FIELDS)
    assert "full_name" in created.changed_fields and "id" not in created.changed_fields
    assert CANARY not in repr(created) and CANARY not in repr(deleted)
    assert created.new["is_active"] is False and deleted.old["is_active"] is False


def test_audit_rows_and_logs_never_hold_the_canary(personas, changed_person, caplog) -> None:  # type: ignore[no-untyped-def]
    before, after = changed_person
    caplog.set_level(logging.DEBUG)
    for diff, action in (
        (audit_diff(before=before, after=after, safe_fields=SAFE_FIELDS), AuditAction.UPDATE),
        (audit_diff(before=before, after=after), AuditAction.UPDATE),
        (audit_diff(before=None, after=after, safe_fields=SAFE_FIELDS), AuditAction.CREATE),
        (audit_diff(before=after, after=None, safe_fields=SAFE_FIELDS), AuditAction.DELETE),
    ):
        with transaction.atomic():
            audit_record(
                actor=personas["admin"],
                unit=personas.kukar,
                action=action,
                obj=after,
                changed_fields=diff.changed_fields,
                old=diff.old,
                new=diff.new,
            )
    request = RequestFactory().get("/")
    request.user = personas["head"]
    request.membership = personas["head"].membership
    audit_view(request, after)
    text = _all_audit_text()
    assert "full_name" in text  # the field names are there ...
    assert CANARY not in text and CANARY.lower() not in text  # ... the values are not
    assert CANARY not in caplog.text
