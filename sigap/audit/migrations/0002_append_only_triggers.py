"""Append-only triggers on audit_auditevent (LOG-03): UPDATE and DELETE are refused by the database.

The SQL is frozen here on purpose; sigap/audit/triggers.py holds the runtime copy that reinstalls
the triggers after every migrate.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END;",
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused'); END;",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]
POSTGRES_FORWARD = [
    "CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION USING MESSAGE = 'audit_auditevent is append-only: ' || TG_OP || ' refused', "
    "ERRCODE = 'insufficient_privilege'; END; $$;",
    "CREATE OR REPLACE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();",
    "CREATE OR REPLACE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_event_refuse_change();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"Sigap supports SQLite and PostgreSQL, not {vendor}: the audit trail needs triggers.")
        for sql in statements_by_vendor[vendor]:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
