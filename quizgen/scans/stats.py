"""Per-question statistics of a graded class (`--stats`), the classical test ones.

Each sheet is a student's, all its pages (`quizgen.scans.papers`), so the groups rank students.

- chosen: how many sheets marked each choice, named by the choice's place in the bank as written
  (A = the first choice written), so sheets of every version add up; T and F for true/false.
- facility: the mean score of the question, as a fraction of its points (1 = everyone right).
- discrimination: upper-lower groups: sheets are ranked by their total score fraction; the mean
  score of the question in the top 27% minus that in the bottom 27% (from -1 to 1; a question
  that good students get right and weak ones miss scores high). Empty below 4 sheets.

The formulas are `quizgen.grading.statistics`, shared with `quizgen report`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from quizgen.bank.diagnostics import shown_path as printable
from quizgen.bank.model import Bank, MultipleChoice, SingleChoice, TrueFalse
from quizgen.grading import statistics
from quizgen.present.versions import letters
from quizgen.runtime.csvsafe import csv_text
from quizgen.scans.papers import Paper
from quizgen.scans.result import Answer, Result

COLUMNS = ["question", "id", "type", "sheets", "blank", "chosen", "key", "facility", "discrimination"]


def _fraction_text(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _score(answer: Answer) -> Fraction:
    assert answer.fraction is not None  # a question with bubbles is scored from them, not by hand
    return answer.fraction


def table(bank: Bank, results: Sequence[Result | Paper]) -> list[list[str]]:
    graded = [r for r in results if r.graded and r.out_of]
    rows = []
    for position, q in enumerate(bank.questions, start=1):
        seen = [(r, a) for r in graded for a in r.answers.values() if a.question == q.id]
        if isinstance(q, TrueFalse):
            names: dict[int, str] = {True: "T", False: "F"}  # a bool is an int: True or False is chosen
            key = "T" if q.answer else "F"
        elif isinstance(q, (SingleChoice, MultipleChoice)):
            names = dict(enumerate(letters(len(q.choices))))
            key = "".join(names[q.choices.index(c)] for c in q.choices if c in q.correct)
        else:
            rows.append([str(position), q.id, q.type, str(len(seen)), "", "", "", "", ""])
            continue
        counts = dict.fromkeys(names.values(), 0)
        for _, answer in seen:
            for choice in answer.chosen:
                counts[names[choice]] += 1
        blank = sum(1 for _, a in seen if not a.chosen)
        scores = [_score(a) for _, a in seen]
        facility = statistics.facility([float(s) for s in scores])
        rows.append(
            [
                str(position),
                q.id,
                q.type,
                str(len(seen)),
                str(blank),
                " ".join(f"{name}:{n}" for name, n in counts.items()),
                key,
                _fraction_text(facility),
                _fraction_text(_discrimination(seen)),
            ]
        )
    return rows


def _discrimination(seen: list) -> float | None:
    split = statistics.groups([r.earned / r.out_of for r, _ in seen])
    return statistics.upper_minus_lower({i: float(_score(a)) for i, (_, a) in enumerate(seen)}, split)


def stats_csv(bank: Bank, results: Sequence[Result | Paper]) -> str:
    """The table as CSV, written like `results.csv`: no control character, no formula, numbers
    (a negative discrimination) as numbers."""
    return csv_text([printable(cell) for cell in row] for row in [COLUMNS] + table(bank, results))
