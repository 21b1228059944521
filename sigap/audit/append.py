"""Appending one event to its chain in the fewest statements that keep the chain whole (issue #22).

An event's hash covers the previous event's hash, so the chain's head (``AuditChainHead``: last sequence
number and hash) is read before the event is hashed in Python, and moved with the insert. Two ways:

- **Inside a transaction** (every change: the service's own transaction; also SQLite, whose IMMEDIATE
  transactions already serialise writers): the head row is locked (``SELECT … FOR UPDATE``), then the event
  is inserted and the head moved: three statements, no ``Model.save()``.
- **A page view on PostgreSQL** (``audit_view`` outside any transaction: VIEW, PRINT, EXPORT): the head is
  read without a lock, then ONE statement moves the head only if it is still the one read, and inserts the
  event in the same statement (``WITH head AS (UPDATE … RETURNING) INSERT … SELECT … FROM head``). In
  autocommit that statement is its own transaction, committed durably like any other (no asynchronous
  commit: who saw a victim's file is a security record). A concurrent writer that moved the head first
  makes the UPDATE match no row after waiting for its lock, so nothing is inserted and the append reads the
  new head and tries again: two round trips instead of five (BEGIN, lock, insert, update, COMMIT).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from sigap.audit.chain import GENESIS_HASH
from sigap.audit.models import AuditChainHead, AuditEvent
from sigap.core import compiled

# Events built from the head: (sequence, previous hash) -> the event, hashed, not saved yet.
Build = Callable[[int, str], AuditEvent]

# A page view that keeps losing the race to other writers of its unit waits in the queue instead.
OPTIMISTIC_TRIES = 5

_EVENT = AuditEvent._meta
_HEAD = AuditChainHead._meta
_FIELDS = [field for field in _EVENT.concrete_fields if not field.primary_key]


@dataclass(frozen=True)
class _Sql:
    read_head: str
    insert_event: str
    move_head: str
    append_if_head: str


_SQL: dict[str, _Sql] = {}


def _sql(connection: BaseDatabaseWrapper) -> _Sql:
    """The four statements, built once per database from the models' own table and column names (every
    value is a parameter: nothing from a request is ever part of the text)."""
    built = _SQL.get(connection.vendor)
    if built is not None:
        return built
    q = connection.ops.quote_name
    event, head = q(_EVENT.db_table), q(_HEAD.db_table)
    columns = ", ".join(q(field.column) for field in _FIELDS)
    placeholders = ", ".join(["%s"] * len(_FIELDS))
    # Typed parameters: in ``INSERT … SELECT`` PostgreSQL cannot infer them from the target columns.
    typed = ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in _FIELDS)
    set_head = f"{q('last_seq')} = %s, {q('last_hash')} = %s, {q('updated_at')} = %s"
    built = _Sql(
        read_head=f"SELECT {q('last_seq')}, {q('last_hash')} FROM {head} WHERE {q('chain')} = %s",  # noqa: S608
        insert_event=f"INSERT INTO {event} ({columns}) VALUES ({placeholders}) RETURNING {q('id')}",  # noqa: S608
        move_head=f"UPDATE {head} SET {set_head} WHERE {q('chain')} = %s",  # noqa: S608
        append_if_head=(
            f"WITH moved AS (UPDATE {head} SET {set_head} "  # noqa: S608
            f"WHERE {q('chain')} = %s AND {q('last_seq')} = %s AND {q('last_hash')} = %s RETURNING {q('id')}) "
            f"INSERT INTO {event} ({columns}) SELECT {typed} FROM moved RETURNING {q('id')}"
        ),
    )
    _SQL[connection.vendor] = built
    return built


def _values(connection: BaseDatabaseWrapper, event: AuditEvent) -> list[Any]:
    # What Model.save() would send: each field's own preparation (JSON, datetimes, foreign key ids).
    return [field.get_db_prep_save(getattr(event, field.attname), connection) for field in _FIELDS]


def _head_values(connection: BaseDatabaseWrapper, event: AuditEvent) -> list[Any]:
    moved_at = _HEAD.get_field("updated_at").get_db_prep_save(event.created_at, connection)
    return [event.seq, event.hash, moved_at]


def _saved(event: AuditEvent, pk: int) -> AuditEvent:
    event.pk = pk
    event._state.adding = False
    event._state.db = "default"
    return event


def _ensure_head(chain: str) -> None:
    # First event of the chain: create the head; a concurrent creator wins and this one uses it.
    AuditChainHead.objects.bulk_create([AuditChainHead(chain=chain)], ignore_conflicts=True)


def _read_head(connection: BaseDatabaseWrapper, chain: str, *, lock: bool) -> tuple[int, str] | None:
    sql = _sql(connection).read_head
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [chain])
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None


def _append_locked(chain: str, build: Build) -> AuditEvent:
    connection = transaction.get_connection()
    sql = _sql(connection)
    # savepoint=False: inside a caller's transaction an audit failure must fail the whole change.
    with transaction.atomic(savepoint=False):
        head = _read_head(connection, chain, lock=True)
        if head is None:
            _ensure_head(chain)
            head = _read_head(connection, chain, lock=True)
            assert head is not None
        event = build(head[0] + 1, head[1] or GENESIS_HASH)
        with connection.cursor() as cursor:
            cursor.execute(sql.insert_event, _values(connection, event))
            pk = cursor.fetchone()[0]
            cursor.execute(sql.move_head, [*_head_values(connection, event), chain])
    return _saved(event, pk)


def _append_if_head_unchanged(chain: str, head: tuple[int, str], build: Build) -> AuditEvent | None:
    """PostgreSQL, autocommit: move the head from ``head`` and insert the event in one statement."""
    connection = transaction.get_connection()
    event = build(head[0] + 1, head[1] or GENESIS_HASH)
    params = [*_head_values(connection, event), chain, head[0], head[1], *_values(connection, event)]
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection).append_if_head, params)
        row = cursor.fetchone()
    return _saved(event, row[0]) if row is not None else None


def audit_append(chain: str, build: Build, *, head_read: tuple[int, str] | None = None) -> AuditEvent:
    """Append the event ``build`` makes from the chain's head; returns it saved. ``head_read``: the head as a
    page read it with its other queries (:func:`head_query`, D93): on PostgreSQL outside a transaction, the
    first try moves the head from it (a head moved since makes that try insert nothing, and the head is read
    again, as after any lost race)."""
    if not head_read_first():
        return _append_locked(chain, build)
    connection = transaction.get_connection()
    for number in range(OPTIMISTIC_TRIES):
        head = head_read if number == 0 and head_read is not None else _read_head(connection, chain, lock=False)
        if head is None:
            _ensure_head(chain)
            continue
        event = _append_if_head_unchanged(chain, head, build)
        if event is not None:
            return event
    return _append_locked(chain, build)


def head_read_first() -> bool:
    """Whether an append reads the head without a lock, then moves it if unchanged (PostgreSQL, autocommit)."""
    connection = transaction.get_connection()
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def head_query(chain: str) -> compiled.Query:
    """The read of ``chain``'s head (sequence and hash) as a query a page sends with its others (D93)."""
    return compiled.Query(("audit.head",), _head_rows, {"chain": "text"}, {"chain": chain})


def _head_rows(values: Any) -> Any:
    return AuditChainHead.objects.filter(chain=values["chain"]).only("last_seq", "last_hash")


def head_of(rows: list[AuditChainHead]) -> tuple[int, str] | None:
    """The head read by :func:`head_query` (None: the chain has no head yet)."""
    return (int(rows[0].last_seq), str(rows[0].last_hash)) if rows else None
