"""Test support: empty the audit tables before a transactional test's flush.

Transactional tests end with a flush that runs ``DELETE FROM`` on SQLite, which the append-only
triggers refuse. The root conftest calls ``audit_rows_purge`` first. Never call it outside tests.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from sigap.audit.triggers import triggers_drop, triggers_install


def audit_rows_purge(using: str = DEFAULT_DB_ALIAS) -> None:
    if not settings.TESTING:
        raise RuntimeError("audit_rows_purge is for tests only")
    connection = connections[using]
    triggers_drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
            cursor.execute("DELETE FROM audit_auditchainhead")
    finally:
        triggers_install(connection)
