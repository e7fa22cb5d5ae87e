"""Anki's text export (File > Export > "Notes in Plain Text"): a few `#key:value` header lines
(`#separator:tab`, `#html:true`, `#notetype column:2`, `#deck column:3`, `#tags column:4`,
`#guid column:1`), then one note per row, fields separated as the header says (tab by
default). Basic notes become cards, "Basic (and reversed card)" reversed cards, Cloze notes
clozes (Anki's markers are quizgen's)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from quizgen.importers import Collector, cells
from quizgen.importers import text as texts
from quizgen.importers.ids import tag as as_tag

NAME = "anki"
DESCRIPTION = "Anki text export"
EXTENSIONS = (".txt",)
SNIFF_ORDER = 1

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_CLOZE = re.compile(r"\{\{c\d+::")


def sniff(head: str) -> bool:
    return bool(re.match(r"#(separator|html|notetype|deck|tags|columns|guid)[ a-z]*:", head)) or bool(
        _CLOZE.search(head)
    )


def read(path: Path, out: Collector) -> None:
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    headers: dict[str, str] = {}
    first = 0
    while first < len(lines) and lines[first].startswith("#"):
        key, _, value = lines[first][1:].partition(":")
        headers[key.strip().lower()] = value.strip()
        first += 1
    given = out.separators[0]
    if given:  # --separator, over the header
        separator = given
    elif "separator" in headers:
        separator = _SEPARATORS.get(headers["separator"].lower(), headers["separator"][:1] or "\t")
    else:  # no header: guessed as Anki guesses it
        separator = cells.guess_separator([line for line in lines[first:]]) or "\t"
    shown = separator
    if len(separator) > 1:  # a run such as ///// : the csv module takes one character
        lines = lines[:first] + [line.replace(separator, "\x1f") for line in lines[first:]]
        separator = "\x1f"
    is_html = headers.get("html", "false").lower() == "true"
    columns = {key[: -len(" column")]: _column(value) for key, value in headers.items() if key.endswith(" column")}
    fixed_type = headers.get("notetype", "")
    reader = csv.reader(io.StringIO("".join(lines[first:]), newline=""), delimiter=separator)
    start = first + 1
    for values in reader:
        line, start = start, first + reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        where = out.where(line, 1)
        meta = {name: values[i] if i is not None and i < len(values) else "" for name, i in columns.items()}
        fields = [v for i, v in enumerate(values) if i not in columns.values()]
        notetype = meta.get("notetype") or fixed_type or ("Cloze" if fields and _CLOZE.search(fields[0]) else "Basic")

        def field(i: int) -> str:
            value = fields[i] if i < len(fields) else ""  # noqa: B023 - called in this iteration only
            return texts.from_html(value) if is_html else texts.plain(value)

        tags = [
            t
            for t in (
                as_tag(tag, 64) if not re.fullmatch(r"[^\s\"]{1,64}", tag) else tag
                for tag in meta.get("tags", "").split()
            )
            if t
        ]
        deck = meta.get("deck", "")
        if _CLOZE.search(fields[0] if fields else "") or "cloze" in notetype.lower():
            question: dict[str, Any] = {"type": "cloze", "text": field(0)}
            extra = field(1)
            if extra:
                question["explanation"] = extra
        else:
            if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
                out.unreadable(
                    where,
                    "a note needs a front and a back field (check the separator: a '#separator:' header line, "
                    "or --separator, says how fields are separated)",
                    [raw.rstrip("\r\n").replace("\x1f", shown) for raw in lines[line - 1 : start - 1]],
                )
                continue
            question = {"type": "card", "front": field(0), "back": field(1)}
            if "reversed" in notetype.lower() and "optional" not in notetype.lower():
                question["reverse"] = True
        if tags:
            question["tags"] = tags
        readable = re.sub(r"\{\{c\d+::|\}\}", "", question.get("front") or question.get("text") or "")
        imported = out.question(where, question, text=readable, key=meta.get("guid", ""))
        known = notetype.lower().startswith("basic") or "cloze" in notetype.lower()
        if not known:
            out.drop(where, f"the note type '{notetype}' is read as Basic (its first two fields)", imported)
        elif len(fields) > 2 and any(f.strip() for f in fields[2:]):
            out.drop(where, "fields after the second are not carried over", imported)
        if deck:
            out.title = out.title or deck.split("::")[0]


def _column(value: str) -> int | None:
    return int(value) - 1 if value.strip().isdigit() and int(value) > 0 else None
