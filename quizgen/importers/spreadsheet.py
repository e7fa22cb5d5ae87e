"""A plain spreadsheet (.csv or .xlsx) a teacher fills in, one question per row under a header
row naming the columns (any order, any letter case): type, id, prompt, choices, answer,
explanation, tags, difficulty, points, tolerance, unit. docs/import.md shows the layout and
`quizgen new --csv FILE` writes an example."""

from __future__ import annotations

import re
from pathlib import Path

from quizgen.importers import Collector, cells

NAME = "spreadsheet"
DESCRIPTION = "spreadsheet"
EXTENSIONS = (".csv", ".xlsx")
SNIFF_ORDER = 8
COLUMNS = (
    "type",
    "id",
    "prompt",
    "choices",
    "answer",
    "explanation",
    "tags",
    "difficulty",
    "points",
    "tolerance",
    "unit",
)
TYPES = ("single", "multiple", "truefalse", "short", "numeric", "cloze", "card", "order", "match", "essay")


def sniff(head: str) -> bool:
    first = head.splitlines()[0].lower() if head else ""
    return "type" in first and "prompt" in first


def sniff_workbook(path: Path) -> bool:
    found = {c.strip().lower() for c in cells.workbook_header_cells(path, 3)}
    return {"type", "prompt"} <= found


def split_list(value: str) -> list[str]:
    """`a | b | c`, or one item per line of the cell; `\\|` is a `|` inside an item."""
    parts = value.split("\n") if "\n" in value else re.split(r"(?<!\\)\|", value)
    return [p.replace("\\|", "|").strip() for p in parts if p.strip()]


def read(path: Path, out: Collector) -> None:
    if path.suffix.lower() == ".xlsx" or _is_zip(path):
        rows = cells.read_xlsx(path, out)
    else:
        given = out.separators[0]
        rows = cells.read_csv(path, given.replace("\\t", "\t") if given else None)
    header_index = next((i for i, row in enumerate(rows) if any(v.strip() for v in row.values)), None)
    if header_index is None:
        out.error(out.where(), "the spreadsheet is empty")
        return
    header = rows[header_index]
    columns = {v.strip().lower(): i for i, v in enumerate(header.values) if v.strip()}
    missing = [name for name in ("type", "prompt") if name not in columns]
    if missing:
        out.error(
            header.where(out),
            f"the first row must name the columns; missing: {', '.join(missing)} "
            f"(the columns are: {', '.join(COLUMNS)})",
        )
        return
    for name, i in columns.items():
        if name not in COLUMNS:
            out.drop(header.where(out, i), f"the column '{header.values[i]}' is not one quizgen reads; it is left out")
    for row in rows[header_index + 1 :]:
        if any(v.strip() for v in row.values):
            _row(out, row, columns, header)


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def _row(out: Collector, row: cells.Row, columns: dict[str, int], header: cells.Row) -> None:
    def get(name: str) -> str:
        return row.get(columns.get(name))

    def where(name: str):
        return row.where(out, columns.get(name))

    def fail(place, message: str) -> None:  # the row cannot be read: kept as a comment
        out.unreadable(place, message, row.source(header))

    kind = get("type").lower()
    if kind not in TYPES:
        fail(where("type"), f"unknown type '{get('type')}' (one of: {', '.join(TYPES)})")
        return
    prompt, choices, answer = get("prompt"), split_list(get("choices")), get("answer")
    fields: dict = {"type": kind}
    if kind in ("single", "multiple"):
        answers = [_choice(a, choices) for a in (split_list(answer) if kind == "multiple" else [answer])]
        if not choices or not all(answers):
            fail(
                where("answer") if choices else where("choices"),
                "write the choices separated by '|' and the answer as one of them (or its number)",
            )
            return
        fields.update(prompt=prompt, choices=choices, answer=answers if kind == "multiple" else answers[0])
    elif kind == "truefalse":
        value = answer.lower()
        if value not in ("true", "false", "t", "f", "yes", "no", "1", "0"):
            fail(where("answer"), f"'{answer}' is neither true nor false")
            return
        fields.update(prompt=prompt, answer=value in ("true", "t", "yes", "1"))
    elif kind == "short":
        accepted = split_list(answer)
        fields.update(prompt=prompt, answer=accepted if len(accepted) > 1 else answer)
    elif kind == "numeric":
        fields.update(prompt=prompt)
        if not _numeric(fail, fields, answer, get("tolerance"), where):
            return
    elif kind == "cloze":
        fields.update(text=prompt)
    elif kind == "card":
        fields.update(front=prompt, back=answer)
    elif kind == "essay":  # marked by hand against the model answer
        fields.update(prompt=prompt, answer=answer)
    elif kind == "order":
        fields.update(prompt=prompt, items=choices)
    elif kind == "match":
        pairs = []
        for item in choices:
            left, arrow, right = item.partition("->")
            if not arrow:
                fail(where("choices"), f"'{item}' is not a pair: write 'left -> right'")
                return
            pairs.append({"left": left.strip(), "right": right.strip()})
        fields.update(prompt=prompt, pairs=pairs)
    for name in ("explanation", "difficulty", "unit"):
        if get(name) and (name != "unit" or kind == "numeric"):
            fields[name] = get(name)
    if get("points"):
        try:
            fields["points"] = float(get("points").replace(",", "."))
        except ValueError:
            fail(where("points"), f"'{get('points')}' is not a number")
            return
    tags = [t for t in re.split(r"[\s,]+", get("tags")) if t]
    if tags:
        fields["tags"] = tags
    out.question(row.where(out), fields, preferred_id=get("id"), text=prompt)


def _choice(answer: str, choices: list[str]) -> str:
    """The answer as written in the choices, or the choice it numbers (1 for the first)."""
    if answer in choices:
        return answer
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    return ""


def _numeric(fail, fields: dict, answer: str, tolerance: str, where) -> bool:
    number = r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)"
    found = re.fullmatch(rf"\s*({number})\s*\.\.\s*({number})\s*", answer)
    try:
        if found:
            low, high = sorted(float(x.replace(",", ".")) for x in found.groups())
            fields["range"] = [low, high]
        else:
            fields["answer"] = float(answer.replace(",", "."))
            if tolerance:
                fields["tolerance"] = abs(float(tolerance.replace(",", ".")))
    except ValueError:
        fail(
            where("tolerance")
            if found is None and tolerance and re.fullmatch(number, answer.strip())
            else where("answer"),
            f"'{answer}' is not a number or a range low..high (and the tolerance, if any, a number)",
        )
        return False
    return True
