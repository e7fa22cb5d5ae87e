"""Kahoot's spreadsheet template ("Import from spreadsheet", an .xlsx): a few rows of
instructions, then a header row (`Question - max 120 characters`, `Answer 1 - max 75
characters` ... `Answer 4`, `Time limit (sec)`, `Correct answer(s) - choose at least one`), then
one question per row. The correct answers are numbers ("1" or "1,3"): one makes a `single`
question, several a `multiple` one."""

from __future__ import annotations

import re
from pathlib import Path

from quizgen.importers import Collector, cells
from quizgen.importers import text as texts

NAME = "kahoot"
DESCRIPTION = "Kahoot spreadsheet"
EXTENSIONS = (".xlsx",)
SNIFF_ORDER = 1


def sniff(head: str) -> bool:
    return False  # a workbook, never text


def sniff_workbook(path: Path) -> bool:
    found = [c.lower() for c in cells.workbook_header_cells(path)]
    return any(c.startswith("correct answer") for c in found) and any(c.startswith("answer 1") for c in found)


def read(path: Path, out: Collector) -> None:
    rows = cells.read_xlsx(path, out)
    header = next(
        (
            row
            for row in rows
            if any(v.lower().startswith("question") for v in row.values)
            and any(v.lower().startswith("answer 1") for v in row.values)
        ),
        None,
    )
    if header is None:
        if not out.report.has_errors:
            out.error(out.where(), "no header row with 'Question' and 'Answer 1' columns: is this Kahoot's template?")
        return
    lower = [v.lower() for v in header.values]
    question = next(i for i, v in enumerate(lower) if v.startswith("question"))
    answers = [next((i for i, v in enumerate(lower) if v.startswith(f"answer {n}")), None) for n in range(1, 5)]
    correct = next((i for i, v in enumerate(lower) if v.startswith("correct")), None)
    time_limit = next((i for i, v in enumerate(lower) if v.startswith("time limit")), None)
    if correct is None:
        out.error(header.where(out), "no 'Correct answer(s)' column")
        return
    for row in rows[rows.index(header) + 1 :]:
        prompt = row.get(question)
        if not prompt:
            continue
        choices = [(n, row.get(i)) for n, i in enumerate(answers, 1) if row.get(i)]
        marked = row.get(correct)
        numbers = [int(n) for n in re.findall(r"\d+", marked)]
        if not numbers or re.sub(r"[\d,;\s]", "", marked):
            out.unreadable(
                row.where(out, correct),
                f"'{marked}' is not a list of answer numbers such as 1 or 1,3",
                row.source(header),
            )
            continue
        present = dict(choices)
        wrong = [n for n in numbers if n not in present]
        if wrong:
            out.unreadable(
                row.where(out, correct), f"answer {wrong[0]} is marked correct but is empty", row.source(header)
            )
            continue
        texts_of = [texts.plain(text) for _, text in choices]
        right = [texts.plain(present[n]) for n in dict.fromkeys(numbers)]
        fields = {
            "type": "single" if len(right) == 1 else "multiple",
            "prompt": texts.plain(prompt),
            "choices": texts_of,
            "answer": right[0] if len(right) == 1 else right,
        }
        imported = out.question(row.where(out), fields, text=prompt)
        if row.get(time_limit):
            out.drop(
                row.where(out, time_limit),
                f"the time limit ({row.get(time_limit)} s) is not carried over (a quizgen page has no timer)",
                imported,
            )
