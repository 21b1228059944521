"""No index that nothing reads through (PostgreSQL): every insert of the 40 rows a case writes pays for
each index of its table, so an index must earn its place (docs/performance.md, "Redundant indexes").

A plain btree index is redundant when another index of the same table starts with the same columns
(the longer one serves the same lookups), or when it is the ``varchar_pattern_ops`` twin Django adds
for an indexed character column that nothing searches with ``LIKE``.
"""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's catalogue"),
]

# Tables of Django and third-party apps (their indexes are theirs; the user's permission tables come from
# Django's PermissionsMixin), and the regions' code lists (loaded once, never written).
OTHER_TABLES = (
    "auth_",
    "axes_",
    "django_",
    "regions_",
    "otp_",
    "accounts_user_groups",
    "accounts_user_user_permissions",
)
# FKs to the villages' character primary key: Django always pairs them with a LIKE index. Kept: the
# plain one serves the (rare) lookups by village; the pair costs ~3 MB per 100k persons.
ALLOWED = {
    "cases_person_village_id_38ba6393_like",
    "cases_incident_village_id_1b1e1b60_like",
}

REDUNDANT = """
WITH idx AS (
  SELECT i.indexrelid, i.indrelid, c.relname AS tbl, ic.relname AS name, i.indisunique, i.indisprimary,
         i.indkey::text AS cols, i.indpred IS NOT NULL AS partial, i.indexprs IS NOT NULL AS expr,
         am.amname, i.indclass::text AS opclasses
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema()
)
SELECT DISTINCT a.tbl, a.name
FROM idx a JOIN idx b ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid
WHERE NOT a.indisunique AND NOT a.indisprimary AND NOT a.partial AND NOT a.expr
  AND NOT b.partial AND NOT b.expr AND a.amname = 'btree' AND b.amname = 'btree'
  AND ((a.cols = b.cols AND a.name > b.name) OR b.cols LIKE a.cols || ' %')
"""


def test_no_index_repeats_the_leading_columns_of_another() -> None:
    with connection.cursor() as cursor:
        cursor.execute(REDUNDANT)
        found = sorted(
            f"{table}.{name}"
            for table, name in cursor.fetchall()
            if not table.startswith(OTHER_TABLES) and name not in ALLOWED
        )
    assert found == []


def test_the_blind_indexes_are_still_indexed() -> None:
    """The lookups the redundant indexes were dropped for still have theirs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname IN ('person_nik_idx', 'person_phone_idx', 'complaint_tracking_idx', "
            "'person_token_unit_idx', 'person_token_unit_year_idx', 'audit_event_unit_time')"
        )
        assert len(cursor.fetchall()) == 6
