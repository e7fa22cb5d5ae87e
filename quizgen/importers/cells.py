"""Rows of a spreadsheet, CSV or .xlsx, each cell with its place (`file:7` for a CSV line,
`file:Sheet1!C7` for a workbook cell), for the importers that read tables; and the separator of
a text file of rows (CSV, Anki, Quizlet) that does not say which it uses."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
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

    def source(self, header: Row) -> list[str]:
        """The row as lines `column: value` (its filled cells), to keep it in the bank as a
        comment when it cannot be read."""
        names = header.values
        return [
            f"{names[i].strip() if i < len(names) and names[i].strip() else column_letter(i)}: {' '.join(v.split())}"
            for i, v in enumerate(self.values)
            if v.strip()
        ]


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


# As Anki tries them (the order of its CsvMetadata.Delimiter: tab, pipe, semicolon, colon, comma,
# space); a colon and a space are left out, being in most sentences.
SEPARATORS = ("\t", "|", ";", ",")


def guess_separator(rows: list[str], candidates: tuple[str, ...] = SEPARATORS, runs: bool = True) -> str | None:
    """The separator of rows of fields, as Anki guesses it: the first of `candidates` that every
    row holds; else a run of marks most rows hold exactly once (`/////`, ` - `, ` = `); else
    the candidate most rows hold; None when no row holds any."""
    rows = [r for r in rows if r.strip()][:200]
    if not rows:
        return None
    for candidate in candidates:
        if all(candidate in r for r in rows):
            return candidate
    found: Counter[str] = Counter()
    for row in rows if runs else []:
        once = [run for run, n in Counter(re.findall(r" ?[^\w\s\"'()]{2,} ?| [-=:] ", row)).items() if n == 1]
        found.update(once)
    if found:
        run, count = found.most_common(1)[0]
        if count * 2 > len(rows):
            return run
    held = [(sum(c in r for r in rows), -i, c) for i, c in enumerate(candidates)]
    best = max(held)
    return best[2] if best[0] else None


def read_csv(path: Path, delimiter: str | None = None) -> list[Row]:
    text = path.read_text(encoding="utf-8-sig")
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = guess_separator(text.splitlines()[:50], (",", ";", "\t", "|"), runs=False) or ","
    if len(delimiter) > 1:  # --separator ' | ': the csv module takes one character
        text, delimiter = text.replace(delimiter, "\x1f"), "\x1f"
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
