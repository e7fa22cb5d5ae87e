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

from quizgen.bank import limits
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


# A part that inflates past a megabyte at more than this ratio is a zip bomb: a workbook's XML
# compresses about 10 to 30 times, a 1.3 MB bomb that inflated to 400 MB about 300 times.
MAX_RATIO = 100
_HEADER_ROWS = 50  # rows a template may have above its questions (Kahoot's has 8)


def workbook_problem(path: Path) -> str:
    """Why a workbook is refused before any part of it is inflated: a part that would inflate
    past `MAX_RATIO` times its size, or all of them past the import size limit. Sizes are read
    from the zip's directory, and Python's zipfile never inflates a part past its stated size."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return f"not an Excel workbook (.xlsx) that can be read: {error}"
    limit = limits.IMPORT_MB.value() * 2**20
    total = sum(part.file_size for part in parts)
    if total > limit:
        return limits.IMPORT_MB.exceeded(f"{total / 2**20:,.0f} MiB once inflated", verb="the workbook is")
    for part in parts:
        if part.file_size > 2**20 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            return (
                f"its part {part.filename} would inflate {part.file_size // max(part.compress_size, 1):,} times "
                f"(to {part.file_size / 2**20:,.0f} MiB); a workbook's parts inflate at most {MAX_RATIO} times"
            )
    return ""


def read_xlsx(path: Path, out: Collector) -> list[Row]:
    """Rows of the first sheet (the template's), read as a stream, or [] with an error when it
    is not a workbook, or one quizgen refuses (see `workbook_problem`, and entities: openpyxl
    parses with defusedxml, which refuses entity declarations and external references)."""
    openpyxl = need("openpyxl", "openpyxl")
    need("defusedxml", "defusedxml")
    import zipfile

    if not need("openpyxl.xml", "openpyxl").DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False in the environment
        out.error(out.where(), "workbooks are read only with defusedxml: unset OPENPYXL_DEFUSEDXML")
        return []
    problem = workbook_problem(path)
    if problem:
        out.error(out.where(), problem)
        return []
    most = int(limits.IMPORT_QUESTIONS.value()) + _HEADER_ROWS
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                if number > most:
                    out.error(
                        out.cell(sheet.title, f"A{number}"),
                        limits.IMPORT_QUESTIONS.exceeded(
                            f"more than {most - _HEADER_ROWS:,} rows", verb="the sheet has"
                        )
                        + "; split it, or import part of it",
                    )
                    return []
                rows.append(Row(number, [_cell_text(v) for v in values], sheet.title))
            return rows
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
        # defusedxml's refusals are ValueErrors, expat's ParseError a SyntaxError.
        out.error(out.where(), f"not an Excel workbook (.xlsx) that can be read: {_reason(error)}")
        return []


def _reason(error: BaseException) -> str:
    """What is wrong, in words: openpyxl wraps the parser's refusal in its own 'invalid XML'."""
    cause = error.__cause__ or error.__context__
    if cause is not None and type(cause).__module__.startswith("defusedxml"):
        error = cause
    name = type(error).__name__
    if name == "EntitiesForbidden":
        return "its XML declares entities, which quizgen refuses (they can make a small file enormous)"
    if name == "ExternalReferenceForbidden":
        return "its XML refers to an external file, which quizgen never reads"
    if name == "DTDForbidden":
        return "its XML has a document type declaration, which Excel never writes"
    return str(error) or name


def workbook_header_cells(path: Path, rows: int = 15) -> list[str]:
    """The texts of the first rows of the first sheet (for telling templates apart)."""
    if workbook_problem(path):  # never inflate a bomb to detect it: the reader reports it
        return []
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
