"""The strict schema of a transfer package's data (format ``sigap-pelimpahan``, version 1).

An imported package is refused unless its data has exactly these keys, of these types and sizes: a
package made by another program, an older or newer version, or one edited by hand is not guessed at.
:func:`validate` raises :class:`SchemaError` with the path of the first problem (for the logs; the user
reads one clear sentence, never the path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FORMAT = "sigap-pelimpahan"
VERSION = 1


class SchemaError(ValueError):
    """The data does not follow the schema; ``str()`` says where (no value of the package in it)."""


@dataclass(frozen=True)
class Text:
    max_length: int
    required: bool = False


@dataclass(frozen=True)
class Number:
    low: int
    high: int
    optional: bool = False


@dataclass(frozen=True)
class Flag:
    pass


@dataclass(frozen=True)
class Day:
    optional: bool = True


@dataclass(frozen=True)
class Items:
    of: Any
    max_items: int


@dataclass(frozen=True)
class Record:
    fields: Mapping[str, Any]
    optional: bool = False


_NAME = Text(200)
_LABEL = Text(300)
_LONG = Text(5000)

PERSON = Record(
    {
        "role": Text(20, True),
        "role_label": _LABEL,
        "name": _NAME,
        "sex": Text(1),
        "birth_year": Number(1900, 2200, True),
        "relationship": _LABEL,
    }  # fmt: skip
)
INCIDENT = Record(
    {
        "date_from": Day(),
        "date_to": Day(),
        "type": _LABEL,
        "place": _LABEL,
        "forms": Items(_LABEL, 40),
        "tpks": Items(_LABEL, 40),
        "kdrt": Flag(),
        "relationship": _LABEL,
    }
)
PACKAGE = Record(
    {
        "format": Text(40, True),
        "version": Number(1, 1000),
        "sender": Record(
            {
                "unit": Text(200, True),
                "region_code": Text(20),
                "case_number": Text(40, True),
                "transferred_on": Day(optional=False),
                "by": _NAME,
            }
        ),
        "receiver": Record({"unit": Text(200, True), "region_code": Text(20)}),
        "reason": _LONG,
        "case": Record(
            {
                "category": Text(10, True),
                "category_label": _LABEL,
                "risk_level": Text(10, True),
                "opened_on": Day(optional=False),
                "state_label": _LABEL,
            }
        ),
        "identity_shared": Flag(),
        "contact": Record({"calls": Text(20), "rule": Text(2000)}),
        "persons": Items(PERSON, 30),
        "incidents": Items(INCIDENT, 50),
        "assessment": Record(
            {
                "version": Number(1, 1000),
                "completed_on": Day(),
                "risk_after": Text(10),
                "areas": Items(Record({"area": _LABEL, "text": _LONG}), 20),
            },
            optional=True,
        ),
        "plan": Record(
            {
                "version": Number(1, 1000),
                "state": _LABEL,
                "items": Items(Record({"service": _LABEL, "status": _LABEL, "provider": _LABEL, "target": Day()}), 100),
            },
            optional=True,
        ),
        "sessions": Record(
            {
                "held": Number(0, 100_000),
                "dates": Items(Day(optional=False), 1000),
                "by_kind": Items(Record({"kind": _LABEL, "held": Number(0, 100_000)}), 40),
            }
        ),
        "legal": Items(
            Record(
                {
                    "stage": _LABEL,
                    "police_report": Day(),
                    "verdict": Day(),
                    "hearings": Number(0, 10_000),
                }
            ),
            20,
        ),
    }
)


def _check(spec: Any, value: Any, path: str) -> None:  # noqa: C901 - one branch per kind of spec
    if isinstance(spec, Record):
        if value is None and spec.optional:
            return
        if not isinstance(value, dict):
            raise SchemaError(f"{path}: not an object")
        if set(value) != set(spec.fields):
            raise SchemaError(f"{path}: keys differ from the schema")
        for name, inner in spec.fields.items():
            _check(inner, value[name], f"{path}.{name}")
    elif isinstance(spec, Items):
        if not isinstance(value, list) or len(value) > spec.max_items:
            raise SchemaError(f"{path}: not a list, or too long")
        for index, item in enumerate(value):
            _check(spec.of, item, f"{path}[{index}]")
    elif isinstance(spec, Text):
        if not isinstance(value, str) or len(value) > spec.max_length or (spec.required and not value.strip()):
            raise SchemaError(f"{path}: not a text of the expected length")
        if "\x00" in value:
            raise SchemaError(f"{path}: control character")
    elif isinstance(spec, Number):
        if value is None and spec.optional:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not spec.low <= value <= spec.high:
            raise SchemaError(f"{path}: not a whole number in range")
    elif isinstance(spec, Flag):
        if not isinstance(value, bool):
            raise SchemaError(f"{path}: not true or false")
    elif isinstance(spec, Day):
        if value is None and spec.optional:
            return
        if not isinstance(value, str) or len(value) != 10:
            raise SchemaError(f"{path}: not a date")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise SchemaError(f"{path}: not a date") from None
    else:  # pragma: no cover - a mistake in the schema itself
        raise TypeError(f"unknown spec at {path}")


def validate(data: Any) -> dict[str, Any]:
    """``data`` if it follows the schema of this version, else :class:`SchemaError`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SchemaError("$: not a Sigap transfer package")
    if data.get("version") != VERSION:
        raise SchemaError("$.version: unsupported version")
    _check(PACKAGE, data, "$")
    return data
