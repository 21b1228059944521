"""Name-token blind indexes: "is this person already known?" as an exact, indexed SQL lookup.

A name has several tokens, so its hashes live in a child table, one row per token: an indexed
``token`` hash (token alone) and an indexed ``token_year`` hash (token and birth year). A search hashes the
normalised tokens of the typed name and counts, per owner, how many rows match — plain ``IN`` + ``GROUP BY``
that works the same on SQLite and PostgreSQL and never decrypts a row.

The pattern (the Person model of a later issue follows tests/testapp)::

    class Person(models.Model):
        name = EncryptedCharField(max_length=200)
        birth_date = EncryptedDateField(null=True, blank=True)

    class PersonNameToken(NameTokenIndex):
        owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
        token_owner_field = "owner"          # the FK above
        token_name_field = "name"            # field of the owner holding the name
        token_birth_date_field = "birth_date"  # or None; a birth *year* int field works too

    # in the service that creates or renames a person, inside its transaction:
    name_tokens_sync(PersonNameToken, person)
    # dedupe search:
    ids = name_token_owner_ids(PersonNameToken, name="Siti Nurhaliza", birth_year=1990)

Optional *scope* (a search that only ever looks inside one unit): declare on the token model a foreign key
with the same name as one of the owner's, e.g. ``unit``, and ``token_scope_field = "unit"``. Its value is
copied from the owner whenever the rows are written (sync, rotation), and
``name_token_owner_ids(..., scope_id=unit_id)`` then reads only that unit's rows — with indexes
``(unit, token)`` and ``(unit, token_year)`` the cost follows the unit's size, not the whole table's. The
owner's scope must never change afterwards (or its tokens must be synced again).

``rotate_keys`` rebuilds these rows under a new index key.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, ClassVar

from django.apps import apps
from django.db import models
from django.db.models import Count

from sigap.core.crypto.blind import token_hash
from sigap.core.crypto.fields import BlindHashField
from sigap.core.crypto.keys import KeyRing, get_keyring
from sigap.core.crypto.normalise import name_tokens


class NameTokenIndex(models.Model):
    """Abstract: one row per normalised name token of an owner (keyed hashes only, never the token).

    The concrete model declares its indexes: ``(token)`` and ``(token_year)``, or ``(scope, token)`` and
    ``(scope, token_year)`` with a ``token_scope_field``.
    """

    token = BlindHashField()
    token_year = BlindHashField(null=True, blank=True)

    token_owner_field: ClassVar[str] = "owner"  # noqa: S105 (a field name)
    token_name_field: ClassVar[str] = "name"  # noqa: S105 (a field name)
    token_birth_date_field: ClassVar[str | None] = None
    # A foreign key of both the token model and its owner, copied from the owner (see the module docstring).
    token_scope_field: ClassVar[str | None] = None

    class Meta:
        abstract = True

    @classmethod
    def owner_model(cls) -> type[models.Model]:
        return cls._meta.get_field(cls.token_owner_field).related_model  # type: ignore[return-value]


def birth_year_of(value: Any) -> int | None:
    """A birth year from a date, a datetime or an int (None when unknown)."""
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.year
    return int(value)


def expected_token_rows(
    name: str | None, birth_year: int | None, *, keyring: KeyRing | None = None
) -> set[tuple[str, str | None]]:
    """The ``(token, token_year)`` hash pairs a name and birth year should have."""
    ring = keyring or get_keyring()
    rows: set[tuple[str, str | None]] = set()
    for token in name_tokens(name or ""):
        year_hash = None if birth_year is None else token_hash(token, birth_year, keyring=ring)
        rows.add((token_hash(token, keyring=ring), year_hash))
    return rows


def scope_column(token_model: type[NameTokenIndex]) -> str | None:
    """The column (``unit_id``) of the token model's scope, on the token model and on its owner alike."""
    if token_model.token_scope_field is None:
        return None
    return str(token_model._meta.get_field(token_model.token_scope_field).attname)  # type: ignore[union-attr]


def name_tokens_replace(
    token_model: type[NameTokenIndex],
    owner_id: Any,
    rows: Iterable[tuple[str, str | None]],
    *,
    scope_id: Any = None,
) -> None:
    """Replace the token rows of one owner (call inside the caller's transaction).

    ``scope_id`` is the owner's scope value (its unit id) when the token model declares a scope.
    """
    owner_col = f"{token_model.token_owner_field}_id"
    scope_col = scope_column(token_model)
    if scope_col is not None and scope_id is None:
        raise ValueError(f"{token_model._meta.label}: the owner's {scope_col} is needed to write its token rows")
    extra = {} if scope_col is None else {scope_col: scope_id}
    token_model._default_manager.filter(**{owner_col: owner_id}).delete()
    token_model._default_manager.bulk_create(
        [
            token_model(**{owner_col: owner_id, "token": t, "token_year": y}, **extra)
            for t, y in sorted(rows, key=lambda r: r[0])
        ]
    )


def name_tokens_sync(token_model: type[NameTokenIndex], owner: models.Model) -> None:
    """Rebuild the token rows of ``owner`` from its current name and birth date (and scope, if any)."""
    birth = getattr(owner, token_model.token_birth_date_field) if token_model.token_birth_date_field else None
    rows = expected_token_rows(getattr(owner, token_model.token_name_field), birth_year_of(birth))
    scope_col = scope_column(token_model)
    scope_id = getattr(owner, scope_col) if scope_col is not None else None
    name_tokens_replace(token_model, owner.pk, rows, scope_id=scope_id)


def name_query_hashes(name: str, birth_year: int | None = None) -> set[str]:
    """The hashes to look up for ``name`` (and ``birth_year``): under the current index key and, while a
    key is being rotated, the previous one too (each row is under one key, so per-owner counts hold)."""
    ring = get_keyring()
    rings = [ring]
    if ring.previous_index_key is not None:
        rings.append(KeyRing(ring.data_keys, ring.order, ring.previous_index_key))
    return {token_hash(token, birth_year, keyring=each) for each in rings for token in name_tokens(name)}


def name_token_owner_ids(
    token_model: type[NameTokenIndex],
    *,
    name: str,
    birth_year: int | None = None,
    min_tokens: int | None = None,
    scope_id: Any = None,
) -> list[Any]:
    """Ids of owners whose name shares at least ``min_tokens`` tokens with ``name`` (all of them by
    default), and, when ``birth_year`` is given, the same birth year. Best matches first.

    With ``scope_id`` (token models with a ``token_scope_field`` only) just the rows of that scope are read,
    ranked and counted: owners elsewhere are neither returned nor able to crowd out the scope's own.

    Edge cases: a name with no usable token (only honorifics or initials) matches nothing; while an index
    key is being rotated the hashes under both keys are tried (each row is under one key, so counts hold).
    """
    tokens = name_tokens(name)
    if not tokens:
        return []
    needed = len(tokens) if min_tokens is None else max(1, min(min_tokens, len(tokens)))
    column = "token" if birth_year is None else "token_year"
    hashes = name_query_hashes(name, birth_year)
    owner_col = f"{token_model.token_owner_field}_id"
    rows = token_model._default_manager.filter(**{f"{column}__in": sorted(hashes)})
    if scope_id is not None:
        scope_col = scope_column(token_model)
        if scope_col is None:
            raise ValueError(f"{token_model._meta.label} has no token_scope_field: it cannot be searched by scope")
        rows = rows.filter(**{scope_col: scope_id})
    matches = rows.values(owner_col).annotate(hits=Count("pk")).filter(hits__gte=needed).order_by("-hits", owner_col)
    return [row[owner_col] for row in matches]


def name_token_models() -> list[type[NameTokenIndex]]:
    """Every concrete NameTokenIndex table of the project."""
    return [m for m in apps.get_models() if issubclass(m, NameTokenIndex)]
