"""CSV that a spreadsheet opens without running anything written into it.

Excel, LibreOffice and Google Sheets read a cell that starts with `=`, `+`, `-` or `@` as a
formula, and a tab or carriage return before one of those still counts: a scan named
`=HYPERLINK("http://…").png` or `-2+3+cmd|' /C calc'!A0.png` would otherwise become a live
formula in the teacher's results. As OWASP's CSV injection advice says, such a cell is written
with a single quote in front, which the spreadsheet shows as text and does not evaluate. A cell
that is a plain number (`-1.5`, `-0.250`) stays as it is, so it still sorts and sums as one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def inert_cell(text: str) -> str:
    """`text` as a cell no spreadsheet reads as a formula."""
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text (comma-separated, `\\n` line ends), every cell made inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([inert_cell(str(cell)) for cell in row])
    return out.getvalue()
