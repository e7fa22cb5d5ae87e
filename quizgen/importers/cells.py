"""Rows of a spreadsheet, CSV or .xlsx, each cell with its place (`file:7` for a CSV line,
`file:Sheet1!C7` for a workbook cell), for the importers that read tables."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from quizgen.bank.diagnostics import Location
from quizgen.importers import Collector, need


@dataclass
class Row:
    number: int
    values: list[str]
    sheet: str = ""  # empty for a CSV file

    def where(self, out: Collector, column: int | None = None) -> Location:
        if not self.sheet:
            return Location(f"{out.path}:{self.number}")
        letter = column_letter(column) if column is not None else "A"
        return out.cell(self.sheet, f"{letter}{self.number}")

    def get(self, column: int | None) -> str:
        if column is None or column >= len(self.values):
            return ""
        return self.values[column].strip()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def read_csv(path: Path, delimiter: str | None = None) -> list[Row]:
    text = path.read_text(encoding="utf-8-sig")
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, start = [], 1
    for values in reader:
        rows.append(Row(start, values))
        start = reader.line_num + 1
    return rows


def read_xlsx(path: Path, out: Collector) -> list[Row]:
    """Rows of the first sheet (the template's), or [] with an error when it is not a workbook."""
    openpyxl = need("openpyxl", "openpyxl")
    import zipfile

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        out.error(out.where(), f"not an Excel workbook (.xlsx) that can be read: {error}")
        return []
    try:
        sheet = workbook.worksheets[0]
        return [
            Row(number, [_cell_text(v) for v in values], sheet.title)
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()


def workbook_header_cells(path: Path, rows: int = 15) -> list[str]:
    """The texts of the first rows of the first sheet (for telling templates apart)."""
    try:
        openpyxl = need("openpyxl", "openpyxl")
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [
                _cell_text(v)
                for values in workbook.worksheets[0].iter_rows(max_row=rows, values_only=True)
                for v in values
                if v is not None
            ]
        finally:
            workbook.close()
    except Exception:  # not a workbook: the reader reports it, with its place
        return []
