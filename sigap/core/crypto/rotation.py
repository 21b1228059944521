"""Re-encrypt every encrypted column and rebuild every blind index under the newest keys (DATA-04).

Used by ``manage.py rotate_keys``. Models are discovered through the app registry: every concrete model
with an encrypted field, a BlindIndexField or a NameTokenIndex table pointing at it.

Each model is walked in primary-key order, ``batch_size`` rows per transaction (rows locked with
SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions lock the database), so the work can
stop at any point and a rerun continues: a value already under the newest key id and an index that
already matches are left alone. Values are read raw (``CAST(col AS text)``) to see their key id.
``check_only`` changes nothing and counts what is left to do.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from sigap.core.crypto.aead import DecryptionError
from sigap.core.crypto.blind import blind_index
from sigap.core.crypto.fields import BlindIndexField, EncryptedFieldMixin
from sigap.core.crypto.keys import KeyRing, get_keyring
from sigap.core.crypto.tokens import (
    NameTokenIndex,
    birth_year_of,
    expected_token_rows,
    name_tokens_replace,
    scope_column,
)

logger = logging.getLogger("sigap.crypto")


class RotationError(Exception):
    """A row could not be decrypted during rotation: names the model, the primary key and the column."""


@dataclass
class ModelPlan:
    """What rotation touches in one model."""

    model: type[models.Model]
    encrypted: list[Any]
    indexes: list[BlindIndexField]
    token_models: list[type[NameTokenIndex]]

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class ModelReport:
    """Counts of one model: rows seen, rows re-encrypted, rows re-indexed, owners whose tokens were rebuilt."""

    label: str
    rows: int = 0
    reencrypted: int = 0
    reindexed: int = 0
    tokens_rebuilt: int = 0
    stale_kids: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return self.reencrypted + self.reindexed + self.tokens_rebuilt


def rotation_plans() -> list[ModelPlan]:
    """Every model holding encrypted values or blind indexes, in a stable order."""
    token_models = [m for m in apps.get_models() if issubclass(m, NameTokenIndex)]
    plans = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        local = model._meta.local_concrete_fields
        encrypted = [f for f in local if isinstance(f, EncryptedFieldMixin)]
        indexes = [f for f in local if isinstance(f, BlindIndexField)]
        tokens = [t for t in token_models if t.owner_model() is model]
        if encrypted or indexes or tokens:
            plans.append(ModelPlan(model, encrypted, indexes, tokens))
    return sorted(plans, key=lambda p: p.label)


def _attname(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "attname", name))


def _source_names(plan: ModelPlan) -> set[str]:
    names = {f.source for f in plan.indexes}
    for token_model in plan.token_models:
        names.add(token_model.token_name_field)
        if token_model.token_birth_date_field:
            names.add(token_model.token_birth_date_field)
        if token_model.token_scope_field:
            names.add(token_model.token_scope_field)
    return names


def rotate_model(
    plan: ModelPlan,
    *,
    batch_size: int = 500,
    check_only: bool = False,
    progress: Callable[[int], None] | None = None,
    keyring: KeyRing | None = None,
) -> ModelReport:
    """Rotate one model; see the module docstring."""
    ring = keyring or get_keyring()
    model = plan.model
    encrypted_names = {f.name for f in plan.encrypted}
    plain_sources = sorted(_attname(model, name) for name in _source_names(plan) if name not in encrypted_names)
    raw_columns = {f"_raw_{f.attname}": Cast(f.attname, output_field=models.TextField()) for f in plan.encrypted}
    index_columns = [f.attname for f in plan.indexes]
    report = ModelReport(plan.label)
    last_pk: Any = None
    while True:
        with transaction.atomic():
            queryset = model._base_manager.order_by("pk")
            if last_pk is not None:
                queryset = queryset.filter(pk__gt=last_pk)
            if not check_only:
                queryset = queryset.select_for_update()
            rows = list(
                queryset.annotate(**raw_columns).values("pk", *raw_columns, *index_columns, *plain_sources)[:batch_size]
            )
            decrypted = [_decrypted_values(plan, row) for row in rows]
            for row, (values, kids) in zip(rows, decrypted, strict=True):
                _rotate_row(plan, row, values, kids, report, ring, check_only)
            _rotate_tokens(plan, rows, [values for values, _ in decrypted], report, ring, check_only)
        if not rows:
            break
        report.rows += len(rows)
        last_pk = rows[-1]["pk"]
        if progress:
            progress(len(rows))
        if len(rows) < batch_size:
            break
    logger.info(
        "rotate_keys model=%s rows=%d reencrypted=%d reindexed=%d tokens=%d check_only=%s",
        report.label,
        report.rows,
        report.reencrypted,
        report.reindexed,
        report.tokens_rebuilt,
        check_only,
    )
    return report


def _decrypted_values(plan: ModelPlan, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Plaintext by field name (encrypted fields) and key id by field name; raises RotationError."""
    values: dict[str, Any] = {}
    kids: dict[str, str] = {}
    for f in plan.encrypted:
        raw = row[f"_raw_{f.attname}"]
        if raw is None:
            values[f.name] = None
            continue
        try:
            kids[f.name], values[f.name] = f.decrypt_stored(raw)
        except DecryptionError as exc:
            raise RotationError(f"{plan.label} pk={row['pk']}: {exc}") from None
    for name in _source_names(plan):
        if name not in values:
            values[name] = row[_attname(plan.model, name)]
    return values, kids


def _rotate_row(
    plan: ModelPlan,
    row: dict[str, Any],
    values: dict[str, Any],
    kids: dict[str, str],
    report: ModelReport,
    ring: KeyRing,
    check_only: bool,
) -> None:
    updates: dict[str, Any] = {}
    for f in plan.encrypted:
        kid = kids.get(f.name)
        if kid is not None and kid != ring.current_kid:
            updates[f.attname] = values[f.name]
            report.stale_kids[kid] = report.stale_kids.get(kid, 0) + 1
    if updates:
        report.reencrypted += 1
    reindexed = False
    for index in plan.indexes:
        source = values[index.source]
        expected = blind_index(index.kind, None if source is None else str(source), keyring=ring)
        if expected != row[index.attname]:
            updates[index.attname] = expected
            reindexed = True
    if reindexed:
        report.reindexed += 1
    if updates and not check_only:
        # update() runs get_db_prep_save: the plaintext is encrypted under the newest key; no save()
        # signals, no auto_now bump: rotation is not an edit of the record.
        plan.model._base_manager.filter(pk=row["pk"]).update(**updates)


def _rotate_tokens(
    plan: ModelPlan,
    rows: list[dict[str, Any]],
    decrypted: list[dict[str, Any]],
    report: ModelReport,
    ring: KeyRing,
    check_only: bool,
) -> None:
    if not rows:
        return
    for token_model in plan.token_models:
        owner_col = f"{token_model.token_owner_field}_id"
        scope_col = scope_column(token_model)
        # Per owner: its (token, token_year) pairs and the scopes its rows carry (a wrong scope is rebuilt too).
        existing: dict[Any, set[tuple[str, str | None]]] = defaultdict(set)
        scopes: dict[Any, set[Any]] = defaultdict(set)
        stored = token_model._default_manager.filter(**{f"{owner_col}__in": [r["pk"] for r in rows]})
        for owner_id, token, token_year, scope in stored.values_list(
            owner_col, "token", "token_year", scope_col or owner_col
        ):
            existing[owner_id].add((token, token_year))
            scopes[owner_id].add(scope)
        for row, values in zip(rows, decrypted, strict=True):
            birth = values.get(token_model.token_birth_date_field) if token_model.token_birth_date_field else None
            expected = expected_token_rows(values[token_model.token_name_field], birth_year_of(birth), keyring=ring)
            scope_id = values[token_model.token_scope_field] if token_model.token_scope_field else None
            stale_scope = scope_col is not None and not scopes.get(row["pk"], set()) <= {scope_id}
            if expected != existing.get(row["pk"], set()) or stale_scope:
                report.tokens_rebuilt += 1
                if not check_only:
                    name_tokens_replace(token_model, row["pk"], expected, scope_id=scope_id)
