"""A class list (`--roster class.csv|class.xlsx`): who gets a paper and an answer sheet, in order.

A roster is a table whose first row names its columns: one for the student's id (`id`,
`student`, `student id`, `student number` or `number`) and one for the name (`name`, `student
name`, `full name`), or `first name` and `last name`. Other columns are ignored; blank rows are
skipped. Each student's id is printed on their paper and sheet and carried by the sheet's QR
code, so it must be short and plain: up to ID_MAX letters, digits, `.`, `_` or `-` (it names
files too). Every bad row is reported at its place (`class.csv:4:1: error: ...`), all at once.

Versions are dealt out in class order, A, B, C, A, B, C...: students listed next to each other
(how a class list is usually seated) never share a version when there are two or more.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence, TypeVar

from quizgen.bank.diagnostics import Diagnostic, Location

T = TypeVar("T")

ID_HEADERS = ("id", "student", "student id", "student number", "number")
NAME_HEADERS = ("name", "student name", "full name")
ID_MAX = 20
MAX_BYTES = 5 * 2**20  # a class list is a few kilobytes; a larger file is not one
MAX_STUDENTS = 5000
_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    where: Location  # the row's place, for messages


@dataclass
class Roster:
    path: Path
    students: list[Student] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics

    def dealt(self, versions: Sequence[T]) -> list[tuple[Student, T]]:
        """Each student in class order with their version, dealt in turn (A, B, A, B, ...), so
        that neighbours in the list, who sit side by side, get different versions."""
        return [(student, versions[i % len(versions)]) for i, student in enumerate(self.students)]


def _header(cell) -> str:
    return " ".join(str(cell or "").replace("_", " ").split()).casefold()


def read(path: Path) -> Roster:
    """The roster at `path`, with a diagnostic for every problem (then no student is trusted)."""
    path = Path(path)
    roster = Roster(path)
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            roster.diagnostics.append(
                Diagnostic(Location(where), f"is {size} bytes; a class list is at most {MAX_BYTES}")
            )
            return roster
        rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)
    except OSError as error:
        roster.diagnostics.append(Diagnostic(Location(where), f"cannot be read: {error.strerror or error}"))
        return roster
    except ValueError as error:
        roster.diagnostics.append(Diagnostic(Location(where), str(error)))
        return roster
    if not rows:
        roster.diagnostics.append(
            Diagnostic(Location(where, 1, 1), "is empty: a class list needs a header row and a row per student")
        )
        return roster
    line, header = rows[0]
    names = [_header(c) for c in header]
    id_col = next((i for i, n in enumerate(names) if n in ID_HEADERS), None)
    name_col = next((i for i, n in enumerate(names) if n in NAME_HEADERS), None)
    first_col = next((i for i, n in enumerate(names) if n in ("first name", "given name")), None)
    last_col = next((i for i, n in enumerate(names) if n in ("last name", "family name", "surname")), None)
    if id_col is None:
        roster.diagnostics.append(
            Diagnostic(Location(where, line, 1), f"no id column: the header row names none of {', '.join(ID_HEADERS)}")
        )
    if name_col is None and (first_col is None or last_col is None):
        roster.diagnostics.append(
            Diagnostic(
                Location(where, line, 1),
                f"no name column: the header row names none of {', '.join(NAME_HEADERS)}, nor first name and last name",
            )
        )
    if roster.diagnostics:
        return roster
    assert id_col is not None
    seen: dict[str, Location] = {}
    for line, cells in rows[1:]:
        if not any(str(c or "").strip() for c in cells):
            continue
        cell = _cells(cells)
        here = Location(where, line, id_col + 1)
        student_id = cell(id_col)
        name = cell(name_col) if name_col is not None else f"{cell(first_col)} {cell(last_col)}".strip()
        if not student_id:
            roster.diagnostics.append(Diagnostic(here, "no student id in this row"))
        elif len(student_id) > ID_MAX or not _ID.fullmatch(student_id):
            roster.diagnostics.append(
                Diagnostic(
                    here,
                    f"student id {student_id[:40]!r}: at most {ID_MAX} letters, digits, '.', '_' or '-' "
                    "(it is printed, carried by the QR code and names files)",
                )
            )
        elif student_id in seen:
            first = seen[student_id]
            roster.diagnostics.append(Diagnostic(here, f"student id {student_id!r} again (first at line {first.line})"))
        else:
            seen[student_id] = here
        if not name:
            roster.diagnostics.append(
                Diagnostic(
                    Location(where, line, (name_col if name_col is not None else first_col or 0) + 1),
                    "no name in this row",
                )
            )
        roster.students.append(Student(student_id, name, here))
        if len(roster.students) > MAX_STUDENTS:
            roster.diagnostics.append(Diagnostic(here, f"more than {MAX_STUDENTS} students: not a class list"))
            break
    if not roster.students and not roster.diagnostics:
        roster.diagnostics.append(Diagnostic(Location(where, line, 1), "lists no student"))
    if roster.diagnostics:
        roster.students = []
    return roster


def _cells(cells: list):
    """The text of a row's cell by index, spaces squeezed; "" past its end or for no column."""

    def cell(i: int | None) -> str:
        return " ".join(str(cells[i]).split()) if i is not None and i < len(cells) and cells[i] is not None else ""

    return cell


def _csv_rows(path: Path) -> list[tuple[int, list]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ValueError(f"line {reader.line_num}: not CSV ({error})") from error
    return rows


def _xlsx_rows(path: Path) -> list[tuple[int, list]]:
    try:
        import openpyxl  # type: ignore[import-untyped]  # no stubs; read like importers/cells.py
    except ImportError as error:
        raise ValueError("an .xlsx roster needs openpyxl: pip install 'quizgen[import]'") from error
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValueError(f"is not a readable .xlsx workbook ({type(error).__name__})") from error
    try:
        sheet = book.worksheets[0]
        return [
            (
                i,
                [
                    "" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                    for v in row
                ],
            )
            for i, row in enumerate(sheet.iter_rows(values_only=True, max_row=MAX_STUDENTS + 2), start=1)
        ]
    finally:
        book.close()
