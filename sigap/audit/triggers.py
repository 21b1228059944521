"""Append-only triggers on the audit table, for SQLite and PostgreSQL.

Migration 0002 installs them (with its own frozen copy of this SQL). They are installed again,
idempotently, after every ``migrate``: on SQLite a later migration that rebuilds the table would
otherwise drop them silently. ``verify_audit`` reports when they are missing.

TRUNCATE is not covered by a trigger (the test runner empties tables with it on PostgreSQL); in
production the application's database role must not hold TRUNCATE, UPDATE or DELETE on the audit
table (LOG-03, see the operations guide).
"""

from __future__ import annotations

from typing import Any

TABLE = "audit_auditevent"
TRIGGER_NAMES = ("audit_event_no_update", "audit_event_no_delete")

SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END;",
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused'); END;",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name};" for name in TRIGGER_NAMES]

# No "%" in this SQL: the schema editor passes parameters, so psycopg would read it as a placeholder.
POSTGRES_INSTALL = [
    "CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION USING MESSAGE = 'audit_auditevent is append-only: ' || TG_OP || ' refused', "
    "ERRCODE = 'insufficient_privilege'; END; $$;",
    f"CREATE OR REPLACE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();",
    f"CREATE OR REPLACE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();",
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {name} ON {TABLE};" for name in TRIGGER_NAMES]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_DROP
    raise NotImplementedError(f"append-only triggers are not written for {vendor}")


def _table_exists(connection: Any) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def triggers_install(connection: Any) -> None:
    """(Re)create the triggers; does nothing before the table exists."""
    if not _table_exists(connection):
        return
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def triggers_drop(connection: Any) -> None:
    """Remove the triggers. Only for tests and for a documented, audited repair."""
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)


def triggers_present(connection: Any) -> bool:
    """True when both triggers exist (and, on PostgreSQL, are enabled)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
                [TABLE],
            )
        else:
            return False
        names = {row[0] for row in cursor.fetchall()}
    return set(TRIGGER_NAMES) <= names
