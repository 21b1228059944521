"""Writes of the regions app: loading the shipped Kemendagri area lists."""

from __future__ import annotations

import csv
import gzip
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from tqdm import tqdm

from sigap.regions.models import District, Province, Regency, Village

DATA_DIR = Path(__file__).resolve().parent / "data"

# One rows-per-INSERT size for every level: large enough to keep the round trips few, small enough
# to stay far below SQLite's limit on bound parameters (5 columns x 2,000 rows).
BATCH_SIZE = 2000

_CODE_PATTERNS = {
    "provinces": re.compile(r"^\d{2}$"),
    "regencies": re.compile(r"^\d{2}\.\d{2}$"),
    "districts": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    "villages": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}


class RegionDataError(ValueError):
    """A row of the shipped files does not have the expected shape (a broken or foreign file)."""


@dataclass
class LevelResult:
    """What one level of the load did."""

    total: int = 0
    created: int = 0
    updated: int = 0


@dataclass
class RegionsLoadResult:
    """Counts per level (provinces, regencies, districts, villages) and the time the load took."""

    levels: dict[str, LevelResult] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return sum(level.created + level.updated for level in self.levels.values())


def _read_rows(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return list(csv.DictReader(text))


def _checked(rows: list[dict[str, str]], level: str, parent_column: str | None) -> Iterator[dict[str, str]]:
    pattern = _CODE_PATTERNS[level]
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not pattern.match(code) or not name or len(name) > 100:
            raise RegionDataError(f"{level}: line {number} is not a valid area row")
        if parent_column is not None and code.rsplit(".", 1)[0] != (row.get(parent_column) or "").strip():
            raise RegionDataError(f"{level}: line {number} has a parent code that does not match its code")
        yield {"code": code, "name": name}


def _in_province(code: str, province: str | None) -> bool:
    return province is None or code == province or code.startswith(province + ".")


def _parents(code: str) -> dict[str, Any]:
    """Foreign keys of an area, taken from its code (the code encodes the whole hierarchy)."""
    parts = code.split(".")
    if len(parts) == 2:  # regency
        return {"province_id": parts[0]}
    if len(parts) == 3:  # district
        return {"regency_id": ".".join(parts[:2])}
    if len(parts) == 4:  # village: its district plus the denormalised regency and province
        return {"district_id": ".".join(parts[:3]), "regency_id": ".".join(parts[:2]), "province_id": parts[0]}
    return {}


def _load_level(
    model: type[models.Model],
    rows: list[dict[str, str]],
    *,
    label: str,
    progress: bool,
) -> LevelResult:
    existing: dict[str, str] = dict(model._default_manager.values_list("pk", "name"))
    result = LevelResult(total=len(rows))
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    for row in rows:
        code, name = row["code"], row["name"]
        current = existing.get(code)
        if current is None:
            to_create.append(model(pk=code, name=name, **_parents(code)))
        elif current != name:
            to_update.append(model(pk=code, name=name))
    # The bar counts rows written (the slow part); rows already up to date count at once.
    with tqdm(total=len(rows), desc=f"{label:>9}", unit=" rows", disable=not progress) as bar:
        bar.update(len(rows) - len(to_create) - len(to_update))
        for start in range(0, len(to_create), BATCH_SIZE):
            batch = to_create[start : start + BATCH_SIZE]
            model._default_manager.bulk_create(batch)
            bar.update(len(batch))
        if to_update:
            # Renames are rare (a handful per Kemendagri release): bulk_update's CASE statement is fine.
            model._default_manager.bulk_update(to_update, ["name"], batch_size=500)
            bar.update(len(to_update))
    result.created, result.updated = len(to_create), len(to_update)
    return result


LEVELS: list[tuple[str, type[models.Model], str | None]] = [
    ("provinces", Province, None),
    ("regencies", Regency, "province_code"),
    ("districts", District, "regency_code"),
    ("villages", Village, "district_code"),
]


@transaction.atomic
def regions_load(
    *, data_dir: Path = DATA_DIR, province: str | None = None, progress: bool = False
) -> RegionsLoadResult:
    """Load (or refresh) provinces, regencies, districts and villages from ``data_dir``.

    Idempotent: missing areas are created, areas whose name changed are renamed, nothing is deleted
    (records point to areas; an area that left the list stays readable). ``province`` (e.g. ``"64"``)
    limits the load to one province, for tests and small demos. One transaction: a broken file
    leaves the table as it was.
    """
    started = time.monotonic()
    if province is not None and not _CODE_PATTERNS["provinces"].match(province):
        raise RegionDataError("province must be a two-digit code such as 64")
    result = RegionsLoadResult()
    for level, model, parent_column in LEVELS:
        rows = [
            row
            for row in _checked(_read_rows(data_dir / f"{level}.csv.gz"), level, parent_column)
            if _in_province(row["code"], province)
        ]
        result.levels[level] = _load_level(model, rows, label=level, progress=progress)
    result.seconds = time.monotonic() - started
    return result
