"""Database functions the reports need on both SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, CharField


class GroupConcat(Aggregate):
    """The values of a group joined with commas: ``GROUP_CONCAT`` on SQLite, ``STRING_AGG`` on PostgreSQL.

    The order of the values is not guaranteed on SQLite; callers split and sort. Meant for codes (upper
    case ASCII with underscores), which never contain a comma. Django 5.2 has ``StringAgg`` only for
    PostgreSQL (``django.contrib.postgres``).
    """

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s((%(expressions)s)::text, ',')"
        )
