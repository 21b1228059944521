"""Page queries built and compiled by the ORM once per shape, then run with each request's values (D71).

Issue #22 measured the case list's own Python: building a scoped queryset (the scope's ``Exists``, its
``Q`` trees and clones) and compiling it to SQL cost ~1 ms per query, five queries a page, more than the
rows themselves. The *shape* of those queries changes with the reader's role and the filters chosen, never
with the unit, the user, the clock or the ids of the page. So, as the unit recap's queries
(``sigap.reports.compiled``, D49), each query is built once per process and shape with **stand-in
values** in those places (ids and a time no row can have), compiled, and kept as SQL text with, for each
parameter, where its value comes from. A request puts its own values there and executes; the rows are
converted by the same converters the ORM would apply (decryption of an encrypted column included).

Safe by construction, and checked:

- a query is kept only when no stand-in is written into its SQL text or into another parameter (only
  bound as itself, or not used by that shape at all); otherwise it runs through the ORM every time
  (``None`` from :func:`prepare`);
- values are bound as parameters by the database driver, adapted as the ORM adapts them (a UUID as its hex
  on SQLite, a datetime as the backend's datetime value);
- the shape key is the caller's: it must name everything that changes the SQL (role, filters, the number
  of ids). ``sigap/cases/tests/test_compiled_scope.py`` compares the SQL and parameters of every kept
  query with a fresh ORM compile for each role and filter shape, and the rows with the ORM's, on SQLite
  and PostgreSQL (the scope stays exactly the ORM's: deny by default included).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.core.paginator import Page, Paginator
from django.db import connection, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler

# Stand-ins no row can have: negative ids, UUIDs of version 0 (uuid4 always sets version 4), a 1901 time.
_INT_BASE = -7_100_000_000
_STAND_IN_TIME = dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC)

# How a value is written into a query: "int" (a primary or foreign key), "uuid", "datetime", "text" (a keyed
# hash of the name index); a list of
# ``n`` values is given as ("uuid", n) or ("int", n).
Kind = str | tuple[str, int]
Build = Callable[[Mapping[str, Any]], QuerySet[Any]]
# The ids query of a page appends its own LIMIT and OFFSET (the ORM writes them into the SQL text).
PAGE_SUFFIX = " LIMIT %s OFFSET %s"


def _stand_in(kind: str, index: int) -> Any:
    if kind == "int":
        return _INT_BASE - index
    if kind == "uuid":
        return uuid.UUID(int=index + 1)
    if kind == "datetime":
        return _STAND_IN_TIME + dt.timedelta(seconds=index)
    if kind == "text":  # a keyed hash, never typed text: what a user types goes through the ORM
        return f"sigap-stand-in-{index}"
    raise ValueError(kind)


def _adapt(kind: str, value: Any, native_uuid: bool | None = None) -> Any:
    """``value`` as the ORM passes it to this database's driver for a column of ``kind`` (``native_uuid``: the
    connection's feature, when the caller has read it already)."""
    if kind == "uuid":
        native = connection.features.has_native_uuid_field if native_uuid is None else native_uuid
        return value if native else value.hex
    if kind == "datetime":
        return connection.ops.adapt_datetimefield_value(value)
    return value


@dataclass(frozen=True)
class Prepared:
    """A query's SQL, where each parameter's value comes from (``("slot", name, index, kind)`` or
    ``("const", value)``), its selected expressions (for their converters) and the order of its columns."""

    sql: str
    slots: tuple[tuple[Any, ...], ...]
    select: tuple[Any, ...]

    def params(self, values: Mapping[str, Any]) -> list[Any]:
        out: list[Any] = []
        native_uuid = connection.features.has_native_uuid_field  # read once, not per value
        for slot in self.slots:
            if slot[0] == "const":
                out.append(slot[1])
                continue
            _source, name, index, kind = slot
            value = values[name] if index is None else values[name][index]
            out.append(_adapt(kind, value, native_uuid))
        return out


def _stand_ins(kinds: Mapping[str, Kind]) -> tuple[dict[str, Any], dict[Any, tuple[str, int | None, str]]]:
    values: dict[str, Any] = {}
    places: dict[Any, tuple[str, int | None, str]] = {}
    counter = 0
    for name, kind in kinds.items():
        if isinstance(kind, tuple):
            base, count = kind
            items = []
            for i in range(count):
                value = _stand_in(base, counter)
                counter += 1
                items.append(value)
                places[_adapt(base, value)] = (name, i, base)
            values[name] = items
        else:
            value = _stand_in(kind, counter)
            counter += 1
            values[name] = value
            places[_adapt(kind, value)] = (name, None, kind)
    return values, places


def prepare(build: Build, kinds: Mapping[str, Kind]) -> Prepared | None:
    """Build ``build(stand_ins)`` (a ``values_list`` queryset), compile it, and map its parameters; ``None``
    when a stand-in is missing from the parameters or written into the SQL text."""
    return _compile(build, kinds)[0]


def _compile(build: Build, kinds: Mapping[str, Kind]) -> tuple[Prepared | None, SQLCompiler, QuerySet[Any]]:
    """:func:`prepare`, and the compiler that made it (its ``select`` and ``klass_info`` build model rows)."""
    stand_ins, places = _stand_ins(kinds)
    queryset = build(stand_ins)
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    slots: list[tuple[Any, ...]] = []
    for param in params:
        place = places.get(param) if isinstance(param, int | str | uuid.UUID | dt.datetime) else None
        # ``True == 1``: a boolean constant is never an id.
        if place is not None and not isinstance(param, bool):
            slots.append(("slot", *place))
        else:
            slots.append(("const", param))
    # A stand-in the query does not use (a scope value of a branch this shape lacks) is fine; one that
    # reached the SQL text or a constant in another form (inlined, converted) is not: never kept then.
    written = {
        str(value) for values in stand_ins.values() for value in (values if isinstance(values, list) else [values])
    }
    written |= {value.hex for value in places if isinstance(value, uuid.UUID)} | {str(_STAND_IN_TIME.year)}
    consts = [str(slot[1]) for slot in slots if slot[0] == "const"]
    if any(text in part for text in written for part in (sql, *consts)):
        return None, compiler, queryset
    # Django 5.2 selects the columns in the order ``values_list`` names them (``Query.selected``).
    columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
    return Prepared(sql=sql, slots=tuple(slots), select=tuple(columns)), compiler, queryset


_prepared: dict[tuple[Any, ...], Prepared | None] = {}
_lock = threading.Lock()
# A shape key names codes chosen in a form (bounded sets) and counts of ids: a generous cap, then the
# oldest shapes are forgotten (never a wrong answer, only a compile again).
MAX_SHAPES = 2000


def prepared(key: tuple[Any, ...], build: Build, kinds: Mapping[str, Kind]) -> Prepared | None:
    """The kept compile of ``key`` on this database (made on first use)."""
    return _kept(_prepared, (connection.vendor, connection.alias, *key), lambda: prepare(build, kinds))


def _kept(cache: dict[tuple[Any, ...], Any], full: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """``cache[full]``, made on first use; the oldest shapes forgotten past ``MAX_SHAPES``."""
    if full in cache:
        return cache[full]
    kept = make()
    with _lock:  # a threaded server: evict and insert without another thread changing the dict meanwhile
        if len(cache) >= MAX_SHAPES:
            cache.pop(next(iter(cache)))
        cache[full] = kept
    return kept


def rows(
    key: tuple[Any, ...],
    build: Build,
    kinds: Mapping[str, Kind],
    values: Mapping[str, Any],
    *,
    page: tuple[int, int] | None = None,
) -> list[tuple[Any, ...]]:
    """The rows of ``build(values)`` (a ``values_list`` queryset, without slicing), as tuples in its
    ``values_list`` order, its SQL compiled once per ``key`` (see the module docstring). ``page``:
    ``(limit, offset)`` appended to the SQL."""
    kept = prepared(key, build, kinds)
    if kept is None:
        queryset = build(values)
        if page is not None:
            queryset = queryset[page[1] : page[1] + page[0]]
        return [row if isinstance(row, tuple) else (row,) for row in queryset]
    sql, params = kept.sql, kept.params(values)
    if page is not None:
        sql, params = sql + PAGE_SUFFIX, [*params, page[0], page[1]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return [tuple(row) for row in _converted(fetched, kept.sql, kept.select)]


def _converted(fetched: list[tuple[Any, ...]], sql: str, select: tuple[Any, ...]) -> list[list[Any]]:
    """The rows with each column converted as the ORM converts it (decryption of an encrypted column included)."""
    # The converters of a kept query, found once per query and connection: the same SQL selects the same
    # columns (each thread has its own connection, so a converter bound to one is never shared).
    wrapper = connections[connection.alias]
    cache = wrapper.__dict__.setdefault("sigap_converters", {})
    converters = cache.get(sql)
    if converters is None:
        converters = cache[sql] = [
            (pos, converters)
            for pos, expression in enumerate(select)
            if (converters := connection.ops.get_db_converters(expression) + expression.get_db_converters(connection))
        ]
    out = []
    for raw in fetched:
        row = list(raw)
        for pos, functions in converters:
            value = row[pos]
            for convert in functions:
                value = convert(value, select[pos], connection)
            row[pos] = value
        out.append(row)
    return out


@dataclass(frozen=True)
class PreparedObjects:
    """A model query kept compiled, with what turns its rows into instances: the model's own columns
    (``init``, from ``start`` to ``end``), the populators of its ``select_related`` rows and its annotations."""

    prepared: Prepared
    model: type[Model] | None  # None: a ``values_list`` query, its rows tuples
    init: tuple[str, ...]
    start: int
    end: int
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]


_prepared_objects: dict[tuple[Any, ...], PreparedObjects | None] = {}


def _prepare_objects(build: Build, kinds: Mapping[str, Kind]) -> PreparedObjects | None:
    kept, compiler, queryset = _compile(build, kinds)
    if kept is None:
        return None
    if queryset._iterable_class is ValuesListIterable:  # a ``values_list`` build: its rows are tuples
        return PreparedObjects(prepared=kept, model=None, init=(), start=0, end=0, populators=(), annotations=())
    if queryset._iterable_class is not ModelIterable or compiler.klass_info is None:
        return None  # flat values, dicts: the ORM reads them
    # What ``ModelIterable`` derives from the compiler after it ran, derived once here (Django 5.2).
    info, select = compiler.klass_info, compiler.select
    fields = info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return PreparedObjects(
        prepared=kept,
        model=info["model"],
        init=tuple(column[0].target.attname for column in select[start:end]),
        start=start,
        end=end,
        populators=tuple(get_related_populators(info, select, connection.alias)),
        annotations=tuple((compiler.annotation_col_map or {}).items()),
    )


def objects(
    key: tuple[Any, ...],
    build: Build,
    kinds: Mapping[str, Kind],
    values: Mapping[str, Any],
    *,
    page: tuple[int, int] | None = None,
) -> list[Any]:
    """The model instances of ``build(values)`` (a model queryset: ``filter``, ``select_related``, ``only``,
    ``annotate``, ``order_by``, a slice written as a constant), its SQL compiled once per ``key``. The rows
    are the instances ``ModelIterable`` makes: converted columns, related rows, annotations; deferred
    fields stay deferred. No ``prefetch_related`` (use a second query). ``page``: ``(limit, offset)``
    appended to the SQL of a ``build`` without a slice."""
    return objects_together([Query(key, build, kinds, values, page)])[0]


def objects_of(query: Query) -> list[Any]:
    """:func:`objects` of one :class:`Query`."""
    return objects_together([query])[0]


@dataclass(frozen=True)
class Query:
    """One model query of :func:`objects_together`: the arguments of :func:`objects`."""

    key: tuple[Any, ...]
    build: Build
    kinds: Mapping[str, Kind]
    values: Mapping[str, Any]
    page: tuple[int, int] | None = None


def objects_together(queries: Sequence[Query]) -> list[list[Any]]:
    """The instances of each query as :func:`objects` reads them (the tuples of a ``values_list`` build), the
    kept ones sent to PostgreSQL together.

    A page's small panels (a case's consents, incidents, latest plan…) are each a few rows found by an index:
    the database answers them in microseconds and the page waits for the round trip, the driver's and
    Django's work per statement (issue #22, D93). On PostgreSQL, Django's cursor binds values on the client
    (psycopg's ``ClientCursor``), so the kept statements go as one text, ``;``-separated, every value still a
    parameter, and their result sets are read in order (``nextset``). On SQLite, in the same process, there
    is no round trip to save: each runs as before. A query not kept (``None`` from :func:`prepare`) runs
    through the ORM on its own, in any case.
    """
    kept: list[PreparedObjects | None] = [
        _kept(_prepared_objects, (connection.vendor, connection.alias, *q.key), _objects_maker(q)) for q in queries
    ]
    out: list[list[Any] | None] = [None] * len(queries)
    together = [i for i, found in enumerate(kept) if found is not None]
    for i, query in enumerate(queries):
        if kept[i] is None:
            queryset = query.build(query.values)
            out[i] = list(queryset if query.page is None else queryset[query.page[1] : query.page[1] + query.page[0]])
    statements = [_statement(kept[i], queries[i]) for i in together]  # type: ignore[arg-type]
    for i, fetched in zip(together, _fetch_all(statements), strict=True):
        out[i] = _instances(kept[i], fetched)  # type: ignore[arg-type]
    return out  # type: ignore[return-value]


class Along:
    """Queries a page sends along with the next queries it sends together (its list's people, say), read once.

    The page names them (``Along(audit_head=query)``) and hands the object to the selector that reads together
    (``rows.case_list_page(..., along=along)``); :meth:`rows` then gives a query's rows, sending it alone if the
    selector had nothing to send (an empty page)."""

    def __init__(self, **queries: Query | None) -> None:
        self.queries = {name: query for name, query in queries.items() if query is not None}
        self.read: dict[str, list[Any]] = {}

    def pending(self) -> list[Query]:
        return [query for name, query in self.queries.items() if name not in self.read]

    def take(self, found: Sequence[list[Any]]) -> None:
        """The rows of :meth:`pending`'s queries, in its order."""
        names = [name for name in self.queries if name not in self.read]
        self.read.update(zip(names, found, strict=True))

    def rows(self, name: str) -> list[Any] | None:
        """The rows of the query ``name`` (None: no such query was given)."""
        if name not in self.queries:
            return None
        if name not in self.read:
            self.take(objects_together(self.pending()))
        return self.read[name]


def _objects_maker(query: Query) -> Callable[[], PreparedObjects | None]:
    return lambda: _prepare_objects(query.build, query.kinds)


def _statement(kept: PreparedObjects, query: Query) -> tuple[str, list[Any]]:
    sql, params = kept.prepared.sql, kept.prepared.params(query.values)
    if query.page is not None:
        sql, params = sql + PAGE_SUFFIX, [*params, query.page[0], query.page[1]]
    return sql, params


def _fetch_all(statements: list[tuple[str, list[Any]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement: one execute on a client-binding PostgreSQL cursor, else one each."""
    if not statements:
        return []
    with connection.cursor() as cursor:
        # The kept SQL is the ORM's own compile; every value is a bound parameter.
        if len(statements) == 1 or not _sends_together(cursor):
            fetched = []
            for sql, params in statements:
                cursor.execute(sql, params)
                fetched.append(cursor.fetchall())
            return fetched
        cursor.execute(";\n".join(sql for sql, _ in statements), [p for _, params in statements for p in params])
        fetched = [cursor.fetchall()]
        while cursor.nextset():
            fetched.append(cursor.fetchall())
    if len(fetched) != len(statements):  # never expected: each SELECT gives one result set
        raise RuntimeError(f"{len(statements)} statements sent together gave {len(fetched)} result sets")
    return fetched


def _sends_together(cursor: Any) -> bool:
    """Whether this cursor takes several statements in one execute (psycopg's client-side binding)."""
    if connection.vendor != "postgresql":
        return False
    try:
        import psycopg
    except ImportError:  # psycopg2: one statement per execute
        return False
    return isinstance(cursor.cursor, psycopg.ClientCursor)


def _instances(kept: PreparedObjects, fetched: list[tuple[Any, ...]]) -> list[Any]:
    """The rows as model instances, as ``ModelIterable`` makes them (see :class:`PreparedObjects`)."""
    db, model, init, start, end = connection.alias, kept.model, kept.init, kept.start, kept.end
    converted = _converted(fetched, kept.prepared.sql, kept.prepared.select)
    if model is None:
        return [tuple(row) for row in converted]
    out = []
    for row in converted:
        obj = model.from_db(db, init, row[start:end])
        for populator in kept.populators:
            populator.populate(row, obj)
        for name, position in kept.annotations:
            setattr(obj, name, row[position])
        out.append(obj)
    return out


def count(key: tuple[Any, ...], build: Build, kinds: Mapping[str, Kind], values: Mapping[str, Any]) -> int:
    """``build(values).count()`` (``build`` gives an unordered ``values_list("pk")``), compiled once per ``key``."""
    kept = prepared(key, build, kinds)
    if kept is None:
        return build(values).count()
    with connection.cursor() as cursor:
        # The kept SQL is the ORM's own compile; every value is a bound parameter.
        cursor.execute(f"SELECT COUNT(*) FROM ({kept.sql}) counted", kept.params(values))  # noqa: S608
        found = cursor.fetchone()
    return int(found[0]) if found else 0


def count_and_rows(
    key: tuple[Any, ...],
    build: Build,
    kinds: Mapping[str, Kind],
    values: Mapping[str, Any],
    page: tuple[int, int],
) -> tuple[int, list[tuple[Any, ...]]]:
    """:func:`count` of ``build`` (its rows without order) and :func:`rows` of one ``page`` of it, sent together
    on PostgreSQL (one round trip, D93): what a paginated list reads of its first or chosen page. ``build`` is
    an ordered ``values_list`` queryset without slicing; the count is of its unordered rows."""
    counted = (*key, "count")

    def unordered(v: Mapping[str, Any]) -> QuerySet[Any]:
        return build(v).order_by()

    count_kept, rows_kept = prepared(counted, unordered, kinds), prepared(key, build, kinds)
    if count_kept is None or rows_kept is None:
        return count(counted, unordered, kinds, values), rows(key, build, kinds, values, page=page)
    # The kept SQL is the ORM's own compile; every value is a bound parameter.
    count_sql = f"SELECT COUNT(*) FROM ({count_kept.sql}) counted"  # noqa: S608
    statements = [
        (count_sql, count_kept.params(values)),
        (rows_kept.sql + PAGE_SUFFIX, [*rows_kept.params(values), page[0], page[1]]),
    ]
    counted_rows, page_rows = _fetch_all(statements)
    found = [tuple(row) for row in _converted(page_rows, rows_kept.sql, rows_kept.select)]
    return int(counted_rows[0][0]) if counted_rows else 0, found


class KeptList:
    """A model query kept compiled, as ``Paginator`` reads one: ``count()`` and a slice of instances
    (each its own query, both compiled once per ``key``). ``build`` is ordered and unsliced."""

    ordered = True  # Paginator's warning about unordered lists: the builds given here are ordered

    def __init__(
        self, key: tuple[Any, ...], build: Build, kinds: Mapping[str, Kind], values: Mapping[str, Any]
    ) -> None:
        self.key, self.build, self.kinds, self.values = key, build, kinds, values

    def count(self) -> int:
        return count(
            (*self.key, "count"), lambda v: self.build(v).order_by().values_list("pk"), self.kinds, self.values
        )

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return objects(self.key, self.build, self.kinds, self.values, page=(1, index))[0]
        start, stop = index.start or 0, index.stop
        if stop <= start:  # an empty page (no notes yet): no query, as the ORM's empty slice sends none
            return []
        return objects(self.key, self.build, self.kinds, self.values, page=(stop - start, start))

    def first_query(self, per_page: int) -> Query:
        """The read :func:`kept_page` makes of a first page asked for without a number (``per_page + 1`` rows),
        as a query a page sends with its others (``first`` of :func:`kept_page`)."""
        return Query(self.key, self.build, self.kinds, self.values, page=(per_page + 1, 0))

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Any]:
        return iter(self[0 : self.count()])


def kept_page(rows: KeptList, per_page: int, number: Any, *, first: list[Any] | None = None) -> Page[Any]:
    """``Paginator(rows, per_page).get_page(number)``. The first page asked for without a number (a case page's
    notes) reads ``per_page + 1`` rows first (``first``: already read, by ``rows.first_query(per_page)``): when
    they fit on one page, that is the count too, and no COUNT query is sent; otherwise the paginator counts and
    slices as always."""
    paginator: Paginator[Any] = Paginator(rows, per_page)
    if number in (None, ""):
        if first is None:
            first = rows[0 : per_page + 1]
        if len(first) <= per_page:
            paginator.count = len(first)  # ``count`` is a cached_property: the number already known
            return Page(first, 1, paginator)  # what ``paginator.page(1)`` makes, from the rows already read
    return paginator.get_page(number)


def forget() -> None:
    """Forget every kept compile (tests that change the schema or settings)."""
    _prepared.clear()
    _prepared_objects.clear()


__all__ = [
    "Kind",
    "Prepared",
    "Along",
    "KeptList",
    "PreparedObjects",
    "Query",
    "count",
    "count_and_rows",
    "forget",
    "objects",
    "objects_of",
    "objects_together",
    "prepare",
    "prepared",
    "rows",
]
