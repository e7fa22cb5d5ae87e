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
from quizgen.bank.model import Bank, MultipleChoice, Question, SingleChoice, TrueFalse
from quizgen.report.attempts import MAX_BYTES, Reading


def read(bank: Bank, paths: list[Path], *, seed: int = 0) -> Reading:
    """Every attempt of every file, and every problem (each file is read even after another fails)."""
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
        reading.error(shown_path(path), line, 1, "is not UTF-8 text: save it as CSV UTF-8")
        return None


def plain(text: str) -> str:
    """Text as compared across tools: markup dropped, spaces collapsed, case folded."""
    from quizgen.text import markup

    return " ".join(markup.plain(text).split()).casefold()


def spoken(text: str) -> str:
    """A cell an LMS wrote from HTML: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def choice_texts(q: Question) -> dict[str, int]:
    """A choice question's choices as an LMS shows them (plain text) → their index in the bank."""
    if isinstance(q, (SingleChoice, MultipleChoice)):
        found: dict[str, int] = {}
        for i, choice in enumerate(q.choices):
            found.setdefault(plain(choice), i)
        return found
    return {}


TRUE_WORDS = {"true", "vrai", "wahr", "verdadero", "verdadeiro", "صواب", "صحيح"}
FALSE_WORDS = {"false", "faux", "falsch", "falso", "خطأ"}


def chosen_from_text(q: Question, cells: list[str]) -> tuple | None:
    """The bank's choices behind the texts an LMS wrote, or None when one is not a choice of `q`."""
    if isinstance(q, TrueFalse):
        if len(cells) != 1:
            return None
        word = spoken(cells[0])
        return (True,) if word in TRUE_WORDS else (False,) if word in FALSE_WORDS else None
    names = choice_texts(q)
    found = []
    for cell in cells:
        index = names.get(spoken(cell))
        if index is None:
            return None
        found.append(index)
    return tuple(found)


def prompt_text(q: Question) -> str:
    from quizgen.present.answers import title

    text = getattr(q, "prompt", None) or getattr(q, "front", None) or getattr(q, "text", "")
    return plain(text) if text else spoken(title(q))


def question_by_text(bank: Bank, text: str) -> Question | None:
    """The bank's question whose prompt an LMS column shows (it may add the choices after it)."""
    shown = spoken(text)
    if not shown:
        return None
    best = None
    for q in bank.questions:
        prompt = prompt_text(q)
        if prompt and (shown == prompt or shown.startswith(prompt)):
            if best is None or len(prompt) > len(prompt_text(best)):
                best = q
    return best
