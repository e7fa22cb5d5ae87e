"""Quizlet's export (a set's "Export" box): one card per row, the term and its definition
separated by a tab (Quizlet's default), a comma or a custom text; rows separated by a new line
(default), a semicolon or a custom text. Every card becomes a `card` question (term in front)."""

from __future__ import annotations

from pathlib import Path

from quizgen.importers import Collector, cells
from quizgen.importers import text as texts

NAME = "quizlet"
DESCRIPTION = "Quizlet export"
EXTENSIONS = (".txt", ".tsv")
SNIFF_ORDER = 9  # anything with a separator looks like it: asked last


def sniff(head: str) -> bool:
    return "\t" in head or "," in head


def read(path: Path, out: Collector) -> None:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    between, rows_by = out.separators
    rows_by = rows_by or "\n"
    rows = text.split(rows_by)
    guessed = between is None
    if guessed:  # tab, comma, ... or a run of marks every row holds once (`/////`, ` - `)
        between = cells.guess_separator(rows, ("\t", ",", ";", "|")) or "\t"
    shown = "a tab" if between == "\t" else repr(between)
    lacking = [r for r in rows if r.strip() and between not in r]
    if guessed and len(lacking) * 2 > len([r for r in rows if r.strip()]):
        # Most rows lack it: the guess is wrong, and one error says so, not one per row.
        out.error(
            out.where(1, 1),
            f"cannot tell what separates term and definition ({len(lacking)} rows have no "
            f"{'tab' if between == chr(9) else repr(between)}): pass the "
            "separator you chose in Quizlet with --separator (and the one between cards with --card-separator)",
        )
        return
    offset = 0
    for row in rows:
        line = text.count("\n", 0, offset) + 1
        offset += len(row) + len(rows_by)
        if not row.strip():
            continue
        if between not in row:
            out.unreadable(
                out.where(line, 1),
                f"no separator ({shown}) between term and definition; pass the one you chose in Quizlet "
                "with --separator",
                row.split("\n"),
            )
            continue
        term, definition = row.split(between, 1)
        if not term.strip() or not definition.strip():
            out.drop(out.where(line, 1), "a card with an empty side is left out")
            continue
        out.question(
            out.where(line, 1),
            {"type": "card", "front": texts.plain(term), "back": texts.plain(definition)},
            text=term.strip(),
        )
