"""A minimal Office Open XML workbook written with the standard library (docs/decisions.md, #13).

Inline strings, numbers as numbers, one or more sheets: it opens in LibreOffice and Excel and needs no
dependency for a few tables. Used by the contract register (sigap.contracts) and the transfer package
(sigap.referrals). A cell's text is XML-escaped; characters XML cannot carry (control characters) are dropped.

A sheet is either ``(name, rows)`` — plain cells, as the transfer package's data sheet needs them — or a
:class:`Table`, laid out for people who print it: title lines, a bold header that stays frozen and repeats on
every printed page, column widths, dates as real dates (``dd/mm/yyyy``) and money as numbers with thousands
separators (so a finance officer can sum and sort them), an optional total row (a ``SUM`` formula with its value
already written), landscape A4 fitted to the page width. Styles are written only when a Table is present, so
a plain workbook's bytes do not change.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from xml.sax.saxutils import escape

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NS = "http://schemas.openxmlformats.org"
# XML 1.0 forbids these characters even escaped; a stray one would make the workbook unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cell(ref: str, value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = escape(_NOT_XML.sub("", str(value if value is not None else "")))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def column_name(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


ColumnKind = Literal["text", "number", "money", "date"]
# Style ids (cellXfs order in _STYLES): plain, bold header, date, money, title, bold money (total), bold text.
_STYLE = {"text": 0, "number": 0, "header": 1, "date": 2, "money": 3, "title": 4, "total_money": 5, "total": 6}
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_NS}/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0"/>'
    "</numFmts>"
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    '</font><font><b/><sz val="13"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1">'
    '<alignment wrapText="1" vertical="top"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_EPOCH = dt.date(1899, 12, 30)  # day 0 of the 1900 date system as Excel and LibreOffice count it


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Table`: its header, width (in characters) and what its cells hold."""

    header: str
    width: float = 14
    kind: ColumnKind = "text"
    total: bool = False  # a SUM in the total row (money and number columns)


@dataclass
class Table:
    """A sheet laid out for reading and printing (see the module docstring)."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    title: Sequence[str] = field(default_factory=tuple)
    total_label: str = ""  # non-empty: a total row under the data, this text in the first column


def _styled(ref: str, value: Any, kind: str) -> str:
    if value is None or value == "":
        return f'<c r="{ref}"/>'
    if kind == "date" and isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f'<c r="{ref}" s="{_STYLE["date"]}"><v>{(day - _EPOCH).days}</v></c>'
    if kind in ("money", "number") and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return f'<c r="{ref}" s="{_STYLE[kind]}"><v>{value}</v></c>'
    cell = _cell(ref, value)
    style = _STYLE.get(kind, 0)
    return cell.replace(f'<c r="{ref}"', f'<c r="{ref}" s="{style}"', 1) if style else cell


def _table_xml(table: Table) -> tuple[str, int]:
    """The sheet of ``table`` and the row number of its header (for the printed title rows)."""
    columns = table.columns
    last = column_name(len(columns) - 1)
    lines: list[str] = []
    r = 0
    for text in table.title:
        r += 1
        style = _STYLE["title"] if r == 1 else 0
        lines.append(f'<row r="{r}">' + _styled(f"A{r}", text, "title" if style else "text") + "</row>")
    if table.title:
        r += 1  # one empty row between the title and the table
    r += 1
    header_row = r
    headers = "".join(_styled(f"{column_name(c)}{r}", col.header, "header") for c, col in enumerate(columns))
    lines.append(f'<row r="{r}">{headers}</row>')
    first_data = r + 1
    for row in table.rows:
        r += 1
        cells = "".join(_styled(f"{column_name(c)}{r}", v, columns[c].kind) for c, v in enumerate(row))
        lines.append(f'<row r="{r}">{cells}</row>')
    if table.total_label:
        r += 1
        total_cells = [_styled(f"A{r}", table.total_label, "total")]
        for c, col in enumerate(columns[1:], start=1):
            if not col.total:
                continue
            ref, letter = f"{column_name(c)}{r}", column_name(c)
            values = [v for row in table.rows if isinstance(v := row[c], (int, Decimal)) and not isinstance(v, bool)]
            formula = f"SUM({letter}{first_data}:{letter}{r - 1})" if table.rows else "0"
            total_cells.append(f'<c r="{ref}" s="{_STYLE["total_money"]}"><f>{formula}</f><v>{sum(values)}</v></c>')
        lines.append(f'<row r="{r}">' + "".join(total_cells) + "</row>")
    widths = "".join(
        f'<col min="{c}" max="{c}" width="{col.width}" customWidth="1"/>' for c, col in enumerate(columns, 1)
    )
    pane = (
        f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{header_row + 1}" sqref="A{header_row + 1}"/>'
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}/spreadsheetml/2006/main" '
        f'xmlns:r="{_NS}/officeDocument/2006/relationships">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last}{max(r, 1)}"/>'
        f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
        f"<cols>{widths}</cols><sheetData>{''.join(lines)}</sheetData>"
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )
    return xml, header_row


def _sheet_xml(rows: Iterable[Sequence[Any]]) -> str:
    body = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{column_name(c)}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )


def xlsx_workbook(sheets: Sequence[tuple[str, Iterable[Sequence[Any]]] | Table], *, compress: bool = True) -> bytes:
    """A workbook of ``(sheet name, rows)`` or :class:`Table` sheets in order; sheet ``n`` (from 1) is
    ``xl/worksheets/sheet<n>.xml``.

    ``compress=False`` stores the parts as they are (a file that is encrypted next gains nothing from it).
    """
    names = [sheet.name if isinstance(sheet, Table) else sheet[0] for sheet in sheets]
    styled = any(isinstance(sheet, Table) for sheet in sheets)
    bodies: list[str] = []
    print_titles: list[str] = []
    for n, sheet in enumerate(sheets):
        if isinstance(sheet, Table):
            body, header_row = _table_xml(sheet)
            quoted = names[n].replace("'", "''")
            print_titles.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                f"'{escape(quoted)}'!${header_row}:${header_row}</definedName>"
            )
        else:
            body = _sheet_xml(sheet[1])
        bodies.append(body)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    sheet_entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
    )
    defined = f"<definedNames>{''.join(print_titles)}</definedNames>" if print_titles else ""
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_NS}/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if styled:
        n_styles = len(sheets) + 1
        sheet_rels += (
            f'<Relationship Id="rId{n_styles}" Type="{_NS}/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/>'
        )
        overrides += (
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        )
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_NS}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_NS}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}/spreadsheetml/2006/main" '
            f'xmlns:r="{_NS}/officeDocument/2006/relationships"><sheets>{sheet_entries}</sheets>{defined}</workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_NS}/package/2006/relationships">'
            f"{sheet_rels}</Relationships>"
        ),
    }
    if styled:
        parts["xl/styles.xml"] = _STYLES
    for n, body in enumerate(bodies, 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = body
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()
