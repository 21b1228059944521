"""How the generator writes a batch fast without leaving the product's code for anything that matters.

- **Audit events** are built as COPY rows, not ``AuditEvent`` instances: at ~40 events per case, a model
  instance (~12 µs) plus the generic ``json.dumps`` of the payload (~10 µs) plus Django's per-field
  preparation (~25 µs) was the largest cost of a case. The hash is the product's (``sigap.audit.chain``):
  the canonical JSON is assembled from the same ``json`` encoder, key by key in sorted order, and the
  nested values are dumped once and reused for the JSON columns. A self-check at import compares it with
  ``payload_hash(event_payload(...))`` and refuses to run if they ever differ (``verify_audit`` too).
- **Other rows** are COPied with each *personal* value still going through its model field
  (``pre_save`` + ``get_db_prep_save``: encryption, blind indexes, ``auto_now``); plain columns (ids,
  codes, numbers, dates) are read straight from the instance, which is what Django's preparation
  returns for them anyway. SQLite keeps ``bulk_create`` (not the scale target).
- **Ids** of auto-increment rows that other rows or audit events name (a case person, a plan item) are
  drawn from the table's sequence while the batch is planned (PostgreSQL), or counted on from the
  largest id (SQLite, one writer).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from operator import attrgetter
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models.base import ModelState
from django.db.models.fields import AutoFieldMixin

from sigap.audit.chain import GENESIS_HASH, event_payload, payload_hash
from sigap.audit.models import AuditEvent
from sigap.core.crypto.fields import BlindIndexField

M = TypeVar("M", bound=models.Model)

# --- audit events -------------------------------------------------------------------------------------

_quote: Any = json.encoder.encode_basestring  # what dumps uses for a str


def _refuse(value: Any) -> Any:
    raise TypeError(f"audit values must be JSON values, not {type(value).__name__}")


# The C encoder json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
# builds for every call, built once (no circular-reference markers: audit values are small trees).
_c_encoder: Any = json.encoder.c_make_encoder  # type: ignore[attr-defined]
_encode: Any = (
    _c_encoder(None, _refuse, _quote, None, ":", ",", True, False, False)
    if _c_encoder is not None
    else json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).iterencode
)


def _dumps(value: dict[str, Any] | list[Any]) -> str:
    """Canonical JSON of a dict or list, exactly as ``sigap.audit.chain.payload_hash`` dumps it."""
    return "".join(_encode(value, 0))


# The AuditEvent columns of a COPY row, in this order (``id`` is the table's sequence).
EVENT_COLUMNS = (
    "chain",
    "seq",
    "created_at",
    "actor_id",
    "actor_role",
    "unit_id",
    "action",
    "object_type",
    "object_id",
    "changed_fields",
    "old_values",
    "new_values",
    "request_id",
    "ip_address",
    "user_agent",
    "reason",
    "prev_hash",
    "hash",
)
_JSON_POSITIONS = (9, 10, 11)
_PAYLOAD_KEYS = sorted(
    event_payload(
        chain="",
        seq=0,
        created_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        actor_id=None,
        actor_role="",
        unit_id=None,
        action="",
        object_type="",
        object_id="",
        changed_fields=[],
        old_values={},
        new_values={},
        request_id="",
        ip_address="",
        user_agent="",
        reason="",
        prev_hash="",
    )
)
# The payload's keys in the order json.dumps(sort_keys=True) writes them; event_row fills them in this order.
_ORDER = (
    "action",
    "actor",
    "actor_role",
    "chain",
    "changed_fields",
    "created_at",
    "ip",
    "new",
    "object_id",
    "object_type",
    "old",
    "prev_hash",
    "reason",
    "request_id",
    "seq",
    "unit",
    "user_agent",
    "v",
)
if tuple(_PAYLOAD_KEYS) != _ORDER:
    raise RuntimeError("sigap.audit.chain.event_payload changed its keys: update bench.writer")
# '{"action":%s,"actor":%s,…}'
_TEMPLATE = "{" + ",".join(f"{_quote(key)}:%s" for key in _ORDER) + "}"
_EMPTY = _quote("")
_changed_cache: dict[tuple[str, ...], str] = {}
_quoted: dict[str, str] = {}  # chains, roles, actions, object types, case ids: few distinct values


def _q(text: str) -> str:
    quoted = _quoted.get(text)
    if quoted is None:
        if len(_quoted) > 100_000:
            _quoted.clear()
        quoted = _quoted[text] = _quote(text)
    return quoted


def event_row(
    *,
    chain: str,
    seq: int,
    created_at: dt.datetime,
    actor_id: int | None,
    actor_role: str,
    unit_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    changed: list[str],
    old: dict[str, Any],
    new: dict[str, Any],
    reason: str,
    prev_hash: str,
) -> tuple[Any, ...]:
    """The COPY row of one audit event (``EVENT_COLUMNS``); its hash is the row's last value.

    Request id, IP address and user agent are empty: no request made these events.
    """
    key = tuple(changed)
    changed_json = _changed_cache.get(key)
    if changed_json is None:
        changed_json = _changed_cache[key] = _dumps(list(changed))
    old_json = _dumps(old) if old else "{}"
    new_json = _dumps(new) if new else "{}"
    canonical = _TEMPLATE % (
        _q(action),
        "null" if actor_id is None else int(actor_id),
        _q(actor_role),
        _q(chain),
        changed_json,
        '"' + created_at.astimezone(dt.UTC).isoformat(timespec="microseconds") + '"',
        _EMPTY,
        new_json,
        _q(object_id),
        _q(object_type),
        old_json,
        '"' + prev_hash + '"',  # hex digits: nothing to escape
        _q(reason),
        _EMPTY,
        int(seq),
        "null" if unit_id is None else int(unit_id),
        _EMPTY,
        1,
    )
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return (
        chain,
        seq,
        created_at,
        actor_id,
        actor_role,
        unit_id,
        action,
        object_type,
        object_id,
        changed_json,
        old_json,
        new_json,
        "",
        "",
        "",
        reason,
        prev_hash,
        digest,
    )


def _self_check() -> None:
    """Refuse to run if this hash ever differs from the product's (e.g. ``event_payload`` changed)."""
    sample = {
        "chain": "unit-7",
        "seq": 42,
        "created_at": dt.datetime(2024, 2, 29, 23, 59, 1, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        "actor_id": 3,
        "actor_role": "CASE_MANAGER",
        "unit_id": 7,
        "action": "UPDATE",
        "object_type": "cases.case",
        "object_id": "0b7c1f9e-0000-4000-8000-000000000001",
        "reason": 'kutip "ini" \\ dan ünïcödé\n',
        "prev_hash": GENESIS_HASH,
    }
    changed, old, new = ["state", "plan"], {"state": "A"}, {"plan": {"item": 5, "z": None, "a": [True, 1.5]}}
    row = event_row(changed=changed, old=old, new=new, **sample)  # type: ignore[arg-type]
    expected = payload_hash(
        event_payload(
            changed_fields=changed,
            old_values=old,
            new_values=new,
            request_id="",
            ip_address="",
            user_agent="",
            **sample,  # type: ignore[arg-type]
        )
    )
    if row[-1] != expected or {f.attname for f in AuditEvent._meta.concrete_fields} != {"id", *EVENT_COLUMNS}:
        raise RuntimeError("bench.writer.event_row no longer matches sigap.audit.chain: update it")


_self_check()


def events_write(rows: list[tuple[Any, ...]], *, using: str = "default") -> None:
    """Insert audit event rows (COPY on PostgreSQL, ``bulk_create`` elsewhere)."""
    if not rows:
        return
    connection = connections[using]
    if connection.vendor == "postgresql":
        _copy(connection, AuditEvent._meta.db_table, EVENT_COLUMNS, rows)
        return
    objs = []
    for row in rows:
        values = dict(zip(EVENT_COLUMNS, row, strict=True))
        for position in _JSON_POSITIONS:
            name = EVENT_COLUMNS[position]
            values[name] = json.loads(values[name])
        objs.append(AuditEvent(**values))
    AuditEvent.objects.using(using).bulk_create(objs, batch_size=2000)


# --- other rows -----------------------------------------------------------------------------------

# Fields whose value Django passes to the database as it is on the instance (after the instance was
# built with the right Python types): read them directly. Anything else goes through the field.
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.UUIDField,
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.BooleanField,
    models.DateField,
    models.DateTimeField,
    models.ForeignKey,
)


def _is_auto(f: models.Field[Any, Any]) -> bool:
    return bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))


def _is_plain(f: models.Field[Any, Any]) -> bool:
    if type(f) not in _PLAIN or isinstance(f, BlindIndexField) or getattr(f, "encrypted", False):
        return False
    return not _is_auto(f)


class _Columns:
    """The COPY columns of one model: plain ones first, then JSON, then those prepared by their field."""

    def __init__(self, model: type[models.Model], with_pk: bool) -> None:
        fields = [
            f for f in model._meta.concrete_fields if with_pk or not (f.primary_key and isinstance(f, AutoFieldMixin))
        ]
        self.plain = [f for f in fields if _is_plain(f)]
        self.json = [f for f in fields if type(f) is models.JSONField]
        # auto_now(_add) times: the synthetic time when the generator set one, else the field's "now".
        self.auto = [f for f in fields if _is_auto(f) and type(f) in _PLAIN]
        self.prepared = [f for f in fields if f not in self.plain and f not in self.json and f not in self.auto]
        self.names = [f.column for f in (*self.plain, *self.json, *self.auto, *self.prepared)]
        attnames = [f.attname for f in self.plain]
        getter = attrgetter(*attnames)
        self.get_plain = (lambda obj: (getter(obj),)) if len(attnames) == 1 else getter
        self.json_attnames = [f.attname for f in self.json]


_COLUMNS: dict[tuple[type[models.Model], bool], _Columns] = {}


def rows_copy(model: type[models.Model], objs: list[Any], *, with_pk: bool, using: str = "default") -> None:
    """COPY model instances into PostgreSQL; personal values go through their field (encryption)."""
    connection = connections[using]
    key = (model, with_pk)
    columns = _COLUMNS.get(key)
    if columns is None:
        columns = _COLUMNS[key] = _Columns(model, with_pk)
    get_plain, json_attnames, auto, prepared = columns.get_plain, columns.json_attnames, columns.auto, columns.prepared
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(n) for n in columns.names)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for obj in objs:
                row = list(get_plain(obj))
                for name in json_attnames:
                    row.append(json.dumps(getattr(obj, name), ensure_ascii=False))
                for f in auto:
                    value = getattr(obj, f.attname)
                    row.append(value if value is not None else f.pre_save(obj, True))
                for f in prepared:
                    row.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
                write(row)


def rows_insert(model: type[models.Model], objs: list[Any], *, with_pk: bool, using: str = "default") -> None:
    """``bulk_create`` for SQLite, except that a time the generator set on an ``auto_now`` field is kept.

    Every other field is prepared as ``bulk_create`` does it (``pre_save``, then ``get_db_prep_save``).
    """
    connection = connections[using]
    fields = [
        f for f in model._meta.concrete_fields if with_pk or not (f.primary_key and isinstance(f, AutoFieldMixin))
    ]
    for obj in objs:
        for f in fields:
            if not (_is_auto(f) and getattr(obj, f.attname) is not None):
                setattr(obj, f.attname, f.pre_save(obj, True))
    size = max(1, connection.ops.bulk_batch_size(fields, objs) or len(objs))
    for start in range(0, len(objs), size):
        # raw: the values were prepared above; the compiler still encrypts through get_db_prep_save.
        model._base_manager.using(using)._insert(  # type: ignore[attr-defined]
            objs[start : start + size], fields=fields, raw=True
        )


def _copy(connection: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        sql = f"COPY {quote(table)} ({', '.join(quote(n) for n in columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)


# --- instances --------------------------------------------------------------------------------------


class _Blueprint:
    """What ``Model.__init__`` would set on a new instance of one model, worked out once."""

    def __init__(self, model: type[models.Model]) -> None:
        self.static: dict[str, Any] = {}
        self.dynamic: list[tuple[str, Any]] = []
        self.related: dict[str, str] = {}  # foreign key name → attname
        names: set[str] = set()
        for f in model._meta.concrete_fields:
            names.update((f.name, f.attname))
            if f.is_relation:
                self.related[f.name] = f.attname
            if f.has_default() and callable(f.default):
                self.dynamic.append((f.attname, f.default))
            else:
                self.static[f.attname] = f.get_default()
        self.names = frozenset(names)


_BLUEPRINTS: dict[type[models.Model], _Blueprint] = {}


def new(model: type[M], **values: Any) -> M:
    """``model(**values)`` without ``Model.__init__``'s generic work (~3× faster; no init signals).

    Same result for what the generator builds: every concrete field gets the value given (a related
    object by name, or its id by attname) or its default, and related objects are cached on the
    instance as the foreign-key descriptor does.
    """
    blueprint = _BLUEPRINTS.get(model)
    if blueprint is None:
        blueprint = _BLUEPRINTS[model] = _Blueprint(model)
    obj = model.__new__(model)
    state = obj._state = ModelState()
    data = obj.__dict__
    data.update(blueprint.static)
    for attname, default in blueprint.dynamic:
        data[attname] = default()
    related = blueprint.related
    for name, value in values.items():
        fk = related.get(name)
        if fk is not None:
            data[fk] = None if value is None else value.pk
            if value is not None:
                state.fields_cache[name] = value
        elif name in blueprint.names:
            data[name] = value
        else:
            raise TypeError(f"{model.__name__}() got an unexpected keyword argument {name!r}")
    return obj


# --- ids --------------------------------------------------------------------------------------------


class IdAllocator:
    """Ids for auto-increment rows of one batch, known before the rows are written.

    PostgreSQL: drawn from the table's own sequence in growing blocks (unused ones are gaps, as after
    any rollback). SQLite: counted on from the largest id (the generator is the only writer there).
    """

    def __init__(self, using: str = "default") -> None:
        self.using = using
        self.pools: dict[type[models.Model], Iterator[int]] = {}
        self.block: dict[type[models.Model], int] = {}

    def next(self, model: type[models.Model]) -> int:
        pool = self.pools.get(model)
        if pool is not None:
            value = next(pool, None)
            if value is not None:
                return value
        pool = self.pools[model] = self._fetch(model)
        return next(pool)

    def _fetch(self, model: type[models.Model]) -> Iterator[int]:
        connection = connections[self.using]
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                size = self.block[model] = min(16384, self.block.get(model, 128) * 2)
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, size]
                )
                return iter([row[0] for row in cursor.fetchall()])
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (model table)
            start = (cursor.fetchone()[0] or 0) + 1
            return iter(range(start, 2**31))
