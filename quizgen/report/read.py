"""Result files in, attempts out: which reader a file needs, found from its content.

A CSV file's header says whose it is: `quizgen grade`'s (`file,page,version,student,score,
max,flags,1,2,...`), Moodle's Responses report (`Surname`, `First name`, `State`,
`Response 1`...), Canvas's Student Analysis (`<id>: <question text>` columns and `n correct`);
a `.json` file is the page's exported attempt. Anything else is an error at its first line.
Every file is untrusted: it is read whole only below a size limit, cells are only ever
compared as text, and no cell is evaluated.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from quizgen.bank.diagnostics import shown_path
from quizgen.bank.load import cyclic_gc_paused
from quizgen.bank.model import Bank
from quizgen.report.attempts import MAX_BYTES, Reading


def read(bank: Bank, paths: list[Path], *, seed: int = 0) -> Reading:
    """Every attempt of every file, and every problem (each file is read even after another fails)."""
    # A class's files parse into a million small objects and no cycle: see cyclic_gc_paused.
    with cyclic_gc_paused():
        return _read(bank, paths, seed)


def _read(bank: Bank, paths: list[Path], seed: int) -> Reading:
    from quizgen.report import canvas, moodle, page, sheets

    reading = Reading()
    for path in paths:
        text = _text(path, reading)
        if text is None:
            continue
        if path.suffix.lower() == ".json":
            page.read(bank, path, text, reading)
            continue
        rows = list(csv.reader(io.StringIO(text)))
        header = [cell.strip() for cell in rows[0]] if rows else []
        if sheets.is_header(header):
            sheets.read(bank, path, rows, reading, seed=seed)
        elif moodle.is_header(header):
            moodle.read(bank, path, rows, reading)
        elif canvas.is_header(header):
            canvas.read(bank, path, rows, reading)
        else:
            reading.error(
                shown_path(path),
                1,
                1,
                "not a result file quizgen reads: expected the results.csv of `quizgen grade`, Moodle's "
                "Responses report, Canvas's Student Analysis (CSV) or an attempt exported by the page (.json)",
            )
    return reading


def _text(path: Path, reading: Reading) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            reading.error(shown_path(path), 1, 1, f"{size / 2**20:.0f} MB is more than a result file may be (64 MB)")
            return None
        data = path.read_bytes()
    except OSError as error:
        reading.error(shown_path(path), 1, 1, f"cannot be read ({error.strerror or error})")
        return None
    try:
        # utf-8-sig: Moodle and Excel write a byte-order mark first.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reading.error(shown_path(path), line, 1, f"is not UTF-8 text: {_resave(path)}")
        return None


def _resave(path: Path) -> str:
    """What to do about a file that is not UTF-8, as fits its kind: a page writes its attempts
    in UTF-8, so a .json file that is not was damaged or is not one."""
    if path.suffix.lower() == ".json":
        return "the page exports attempts as UTF-8, so this is not one (or was changed): export it again from the page"
    return "save it as CSV UTF-8 (in Excel or LibreOffice: Save As, CSV UTF-8)"
