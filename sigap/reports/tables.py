"""The shape of a report table and its rows, labelled from the reference lists (domain.md §C).

A table lists every active code of its list in the list's order (0 included, as the SIMFONI recap
tables do), then any other stored code (a retired one keeps its label), then "Not recorded".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sigap.core.reference.definitions import by_key

NOT_RECORDED = ""


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    count: int


@dataclass
class Table:
    """One breakdown: ``counted`` says what a row counts (victims, cases, incidents)."""

    key: str
    title: str | Promise
    counted: str | Promise
    rows: list[Row] = field(default_factory=list)
    note: str | Promise = ""

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def _indonesian() -> bool:
    return (get_language() or "id").startswith("id")


def list_labels(list_key: str) -> dict[str, str]:
    """Every code of a reference list (retired ones included) → its label in the active language."""
    indonesian = _indonesian()
    return {c.code: (c.label_id if indonesian else c.label_en) for c in by_key(list_key).codes}


def list_choices(list_key: str) -> list[tuple[str, str]]:
    """The active, selectable codes of a list in display order, labelled."""
    indonesian = _indonesian()
    return [
        (c.code, c.label_id if indonesian else c.label_en) for c in by_key(list_key).codes if c.active and c.selectable
    ]


def rows_of(
    choices: Iterable[tuple[str, str | Promise]],
    counts: Mapping[str | None, int],
    *,
    labels: Mapping[str, str] | None = None,
) -> list[Row]:
    """Rows in the order of ``choices`` (zeros included), then other codes found, then "Not recorded"."""
    rows = []
    seen = set()
    for code, label in choices:
        rows.append(Row(code, str(label), counts.get(code, 0)))
        seen.add(code)
    others = sorted(code for code in counts if code and code not in seen)
    for code in others:
        rows.append(Row(code, (labels or {}).get(code, code), counts[code]))
    blank = sum(n for code, n in counts.items() if not code)
    if blank:
        rows.append(Row(NOT_RECORDED, _("Not recorded"), blank))
    return rows


def code_rows(list_key: str, counts: Mapping[str | None, int]) -> list[Row]:
    return rows_of(list_choices(list_key), counts, labels=list_labels(list_key))
