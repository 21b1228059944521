"""CSV files of the reports: one dialect for all of them.

Semicolon-separated UTF-8 with a byte-order mark: Excel with Indonesian regional settings (decimal
comma, list separator ";") opens it in columns and reads the accents right; LibreOffice asks and
detects both. A cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe (CSV injection, OWASP).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http.response import HttpResponseBase

BOM = "\ufeff"
DELIMITER = ";"
CONTENT_TYPE = "text/csv; charset=utf-8"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _writer(buffer: io.StringIO) -> Any:
    return csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """A small file at once (recaps: a few hundred lines)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = _writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def csv_chunks(rows: Iterable[Iterable[Any]], *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """A large file piece by piece: ``rows_per_chunk`` lines per chunk, so memory holds one chunk only."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = _writer(buffer)
    pending = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        pending += 1
        if pending >= rows_per_chunk:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    tail = buffer.getvalue()
    if tail:
        yield tail.encode("utf-8")


def attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    # The file name is built from codes and digits only (no user input).
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
