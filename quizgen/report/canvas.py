"""Canvas's quiz Student Analysis report, downloaded as CSV (Quiz Statistics → Student Analysis).

Its layout (Quizzes::QuizStatistics::StudentAnalysis#to_csv in canvas-lms): `name`, `id`,
`sis_id`, `section`, `section_id`, `section_sis_id`, `submitted`, `attempt` (some only on some
sites), then two columns per question: `<Canvas question id>: <question text>` holding the
response, and one headed by the question's points holding the points earned; last `n correct`,
`n incorrect`, `score`. A response is the chosen answer's text, several answers' texts joined
by `,` (a comma inside one written `\\,`), `True` or `False`, or the text typed.

Canvas's question ids are its own, so a question is matched to the bank's by its text (the
prompt, as `-f canvas` writes it). The points earned are Canvas's, as its grader gave them.
"""

from __future__ import annotations

import re

from quizgen.bank.diagnostics import Location, shown_path
from quizgen.bank.model import Bank, MultipleChoice, SingleChoice, TrueFalse
from quizgen.report.attempts import Attempt, Reading, Response
from quizgen.report.texts import chosen_from_text, question_by_text

QUESTION = re.compile(r"^(\d+): (.*)$", re.DOTALL)
TAIL = ["n correct", "n incorrect", "score"]


def is_header(header: list[str]) -> bool:
    return header[-3:] == TAIL and any(QUESTION.match(cell) for cell in header)


def _split(cell: str) -> list[str]:
    """Answers joined by `,`, a comma within one escaped as `\\,`."""
    return [part.replace("\\,", ",") for part in re.split(r"(?<!\\),", cell)]


def read(bank: Bank, path, rows: list[list[str]], reading: Reading) -> None:
    shown = shown_path(path)
    header = rows[0]
    columns = {}  # column of the response -> the bank's question
    for i, cell in enumerate(header):
        found = QUESTION.match(cell.strip())
        if not found:
            continue
        q = question_by_text(bank, found[2])
        if q is None:
            reading.error(shown, 1, i + 1, f"question {found[1]} ('{found[2][:60]}') is none of the bank's questions")
            continue
        columns[i] = q
    name = header.index("name") if "name" in header else None
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        student = row[name].strip() if name is not None and name < len(row) else ""
        attempt = Attempt(student, Location(shown, line, 1))
        for column, q in columns.items():
            if column + 1 >= len(row):
                continue
            cell, earned = row[column].strip(), row[column + 1].strip()
            if not earned and not cell:
                continue  # this student's quiz did not hold the question
            try:
                points = float(earned) if earned else 0.0
            except ValueError:
                reading.error(shown, line, column + 2, f"'{earned}' is not a number of points")
                continue
            chosen: tuple = ()
            if cell and isinstance(q, (SingleChoice, MultipleChoice, TrueFalse)):
                picked = chosen_from_text(q, _split(cell) if isinstance(q, MultipleChoice) else [cell])
                if picked is None:
                    reading.error(shown, line, column + 1, f"'{cell}' is not a choice of question '{q.id}'")
                    continue
                chosen = picked
            score = min(1.0, max(0.0, points / q.points)) if q.points else 0.0
            attempt.responses[q.id] = Response(score, chosen, blank=not cell)
        reading.attempts.append(attempt)
