"""Moodle's quiz Responses report, downloaded as CSV (Results → Responses → Download).

Its layout (mod/quiz/report/responses, last_responses_table): the student's identity columns
(`Surname`, `First name`, and those the site shows: `Email address`, `ID number`...), `State`,
`Started on`, `Completed`, `Time taken`, `Grade/<max>`, then for each question slot N
`Response N` (N the question's number, `1a` where the quiz numbers its own), and `Question N`
and `Right answer N` when those are ticked; the state column is `Status` since Moodle 4. A response is
Moodle's summary of it: a choice's text, several choices' texts joined by `; `, `True` or
`False`, the text typed; `-` when nothing was answered. The report holds no marks per question,
so each response is graded here with quizgen's grading model, as the Moodle export of the
bank grades it.

A slot is matched to the bank's question by the question text when `Question N` is there (the
summary starts with the prompt; a cloze's is its text with each blank as `_____`,
qtype_multianswer's get_question_summary), else slot N is the bank's question N (a Moodle quiz that
holds the bank's questions in the bank's order, as `-f moodle` writes them). Only attempts in
state `Finished` count.
"""

from __future__ import annotations

import re
from fractions import Fraction

from quizgen import grading
from quizgen.bank.diagnostics import Location, shown_path
from quizgen.bank.model import Bank, Cloze, Match, MultipleChoice, Numeric, Order, ShortAnswer, SingleChoice, TrueFalse
from quizgen.report.attempts import Attempt, Reading, Response
from quizgen.report.texts import chosen_from_text, question_by_text

# "Response 1", or "Response 1a" where a quiz gives its questions their own numbers (Moodle 4.2+).
RESPONSE = re.compile(r"^Response (\S+)$")
QUESTION = re.compile(r"^Question (\S+)$")
STATE = ("State", "Status")  # Moodle 4 calls the column Status
NO_ANSWER = "-"
FINISHED = "Finished"


def is_header(header: list[str]) -> bool:
    return any(name in header for name in STATE) and any(RESPONSE.match(cell) for cell in header)


def read(bank: Bank, path, rows: list[list[str]], reading: Reading) -> None:
    shown = shown_path(path)
    header = [cell.strip() for cell in rows[0]]
    labels = [m[1] for cell in header if (m := RESPONSE.match(cell))]
    responses = {label: header.index(f"Response {label}") for label in labels}
    texts = {m[1]: i for i, cell in enumerate(header) if (m := QUESTION.match(cell))}
    state = next(header.index(name) for name in STATE if name in header)
    names = [header.index(c) for c in ("First name", "Surname") if c in header]
    if not texts:
        reading.note(shown, 1, 1, "no 'Question N' columns: slot N is taken to be the bank's question N")
        for slot, (label, column) in enumerate(list(responses.items()), start=1):
            if slot > len(bank.questions):
                reading.error(
                    shown,
                    1,
                    column + 1,
                    f"question {label} is slot {slot}, but the bank has {len(bank.questions)} questions",
                )
    skipped = 0
    for line, row in enumerate(rows[1:], start=2):
        if len(row) <= state or not row[state].strip():
            continue  # a summary row, or an empty one
        if row[state].strip() != FINISHED:
            skipped += 1
            continue
        student = " ".join(row[i].strip() for i in names if i < len(row)).strip()
        attempt = Attempt(student, Location(shown, line, 1))
        for slot, (label, column) in enumerate(responses.items(), start=1):
            if column >= len(row):
                continue
            if label in texts and texts[label] < len(row):
                q = question_by_text(bank, row[texts[label]])
                if q is None:
                    reading.error(shown, line, texts[label] + 1, f"question {label} is none of the bank's questions")
                    continue
            elif slot <= len(bank.questions):
                q = bank.questions[slot - 1]
            else:
                continue  # said once, above
            response = _response(q, row[column].strip(), bank)
            if response is None:
                reading.error(shown, line, column + 1, f"'{row[column].strip()}' is not a choice of question '{q.id}'")
                continue
            attempt.responses[q.id] = response
        reading.attempts.append(attempt)
    if skipped:
        reading.note(shown, 1, state + 1, f"{skipped} attempt(s) not finished, left out")


def _response(q, cell: str, bank: Bank) -> Response | None:
    if cell in ("", NO_ANSWER):
        return Response(0.0, (), blank=True)
    if isinstance(q, (SingleChoice, MultipleChoice, TrueFalse)):
        chosen = chosen_from_text(q, [cell])
        if chosen is None and isinstance(q, MultipleChoice):
            chosen = chosen_from_text(q, cell.split("; "))
        if chosen is None:
            return None
        given = list(chosen) if isinstance(q, MultipleChoice) else chosen[0]
        return Response(float(Fraction(grading.grade(grading.spec(q, bank), given).fraction)), chosen)
    if isinstance(q, (ShortAnswer, Numeric)):
        return Response(float(Fraction(grading.grade(grading.spec(q, bank), cell).fraction)))
    if isinstance(q, (Cloze, Match, Order)):
        return Response(None)  # Moodle's summary of these names its own parts: not graded again here
    return Response(None)
