"""The workbook writer (sigap.core.xlsx), read back with openpyxl as a spreadsheet program would read it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl

from sigap.core.xlsx import Column, Table, xlsx_workbook


def _table(rows: list[list[object]]) -> Table:
    columns = [
        Column("Nomor", 20),
        Column("Mulai", 12, "date"),
        Column("Nilai (Rp)", 18, "money", total=True),
        Column("Tahun", 8, "number"),
    ]
    return Table("Register", columns, rows, title=["UPTD PPA Uji", "Register 2027"], total_label="Jumlah")


def test_a_table_has_real_dates_money_a_total_and_a_frozen_printed_header() -> None:
    rows: list[list[object]] = [
        ["K/1", dt.date(2027, 1, 2), Decimal(42_000_000), 2027],
        ["K/2 <&>", dt.date(2027, 4, 1), Decimal(1_500_000), 2027],
    ]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_workbook([_table(rows)])))
    sheet = book["Register"]
    assert sheet["A1"].value == "UPTD PPA Uji" and sheet["A1"].font.b
    assert [c.value for c in sheet[4]] == ["Nomor", "Mulai", "Nilai (Rp)", "Tahun"]
    assert all(c.font.b for c in sheet[4])
    assert sheet["B5"].value == dt.datetime(2027, 1, 2) and sheet["B5"].number_format == "dd/mm/yyyy"
    assert sheet["C5"].value == 42_000_000 and sheet["C5"].number_format == "#,##0"
    assert sheet["A6"].value == "K/2 <&>"
    assert sheet["A7"].value == "Jumlah" and sheet["C7"].value == "=SUM(C5:C6)"
    assert sheet["D7"].value is None  # only the columns marked total are summed
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["A"].width == 20
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"
    # The total's value is written too, for a reader that does not recalculate.
    with zipfile.ZipFile(io.BytesIO(xlsx_workbook([_table(rows)]))) as archive:
        assert "<v>43500000</v>" in archive.read("xl/worksheets/sheet1.xml").decode()


def test_an_empty_table_still_opens_with_its_header_and_a_zero_total() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_workbook([_table([])])))
    sheet = book["Register"]
    assert sheet["A4"].value == "Nomor" and sheet["A5"].value == "Jumlah" and sheet["C5"].value == "=0"


def test_a_plain_sheet_keeps_its_unstyled_bytes() -> None:
    plain = xlsx_workbook([("Data", [["a", 1], ["b", Decimal(2)]])], compress=False)
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        assert "xl/styles.xml" not in archive.namelist()
    sheet = openpyxl.load_workbook(io.BytesIO(plain))["Data"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["a", 1], ["b", 2]]
