"""The attempts file the HTML page saves (`-f html`, *Save the attempts to hand in*): the
student's exam attempts with each question's response and points, as docs/html.md ("The attempts
file") describes it:

    {"format": "quizgen-attempts", "version": 1, "bank": "geo", "page": "...", "saved": "...",
     "attempts": [{"attempt": 1, "first": true, "mode": "exam", "at": "...", "earned": 3, "points": 4,
                   "questions": [{"id": "capital", "type": "single", "response": 0,
                                  "status": "correct", "earned": 1, "points": 1}, ...]}, ...]}

A file is one student's: the report counts their first exam attempt (the one taken before any
feedback; retries and practice are left out), under the file's name, or the `student` field when
there is one. A file may also hold a list of such objects, one per student (`jq -s . *.json`).
`response` is the answer as quizgen's grading model takes it (a choice by its 0-based index in
the bank as written); `earned` is the points the page gave (null: not scored, an essay), and
without it the response is graded here by the same model.
"""

from __future__ import annotations

import functools
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

from quizgen import grading
from quizgen.bank.diagnostics import Location, shown_path
from quizgen.bank.model import Bank, MultipleChoice, SingleChoice, TrueFalse
from quizgen.report.attempts import Attempt, Reading, Response

FORMAT, VERSION = "quizgen-attempts", 1
MAX_ANSWERS = 10_000


def read(bank: Bank, path, text: str, reading: Reading) -> None:
    shown = shown_path(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reading.error(shown, error.lineno, error.colno, f"is not JSON: {error.msg}")
        return
    where = _Locator(text)
    found = data if isinstance(data, list) else [data]
    questions = {q.id: q for q in bank.questions}
    specs: dict[str, dict] = {}  # each question's grading settings, worked out once
    known: dict[tuple, Response] = {}  # a class gives the same answers again and again: graded once
    for n, item in enumerate(found):
        key: tuple = (n,) if isinstance(data, list) else ()
        fail = functools.partial(_error, reading, shown, where, key)
        if not isinstance(item, dict) or item.get("format") != FORMAT:
            fail((), f'not an attempts file saved by quizgen\'s page: no "format": "{FORMAT}"')
            continue
        if item.get("version") != VERSION:
            fail(("version",), f"version {item.get('version')!r} of the attempts file; this quizgen reads {VERSION}")
            continue
        if item.get("bank") != bank.id:
            fail(("bank",), f"the attempts of bank '{item.get('bank')}', not of '{bank.id}'")
            continue
        attempts = item.get("attempts")
        if not isinstance(attempts, list):
            fail(("attempts",), '"attempts" must be a list')
            continue
        first = next(
            (k for k, a in enumerate(attempts) if isinstance(a, dict) and a.get("mode") == "exam" and a.get("first")),
            None,
        )
        if first is None:
            line, column = where(key)
            reading.note(shown, line, column, "no first exam attempt (only practice?): left out")
            continue
        answers = attempts[first].get("questions")
        if not isinstance(answers, list) or len(answers) > MAX_ANSWERS:
            fail(("attempts", first, "questions"), '"questions" must be a list of the questions answered')
            continue
        # The file and the attempt's place in it (found by `json` alone: the locator is slow).
        name = item.get("student") or (Path(str(path)).stem if not key else f"{Path(str(path)).stem} #{n + 1}")
        attempt = Attempt(str(name), Location(shown, 1, n + 1))
        for i, answer in enumerate(answers):
            qid = answer.get("id") if isinstance(answer, dict) else None
            q = questions.get(qid) if isinstance(qid, str) else None
            if q is None:
                at = ("attempts", first, "questions", i)
                if isinstance(qid, str):
                    fail(at + ("id",), f"the bank has no question '{qid}'")
                else:
                    fail(at, 'a question is an object with its "id"')
                continue
            memo = _memo_key(q, answer)
            try:
                response = known[memo]
            except (KeyError, TypeError):  # a new answer, or one that cannot be a key (a nested list)
                if q.id not in specs:
                    specs[q.id] = grading.spec(q, bank)
                at = ("attempts", first, "questions", i)
                graded = _response(q, answer, specs[q.id], functools.partial(_field_error, fail, at))
                if graded is None:
                    continue
                response = graded
                try:
                    known[memo] = response
                except TypeError:
                    pass
            attempt.responses[q.id] = response
        reading.attempts.append(attempt)


def _memo_key(q, answer: dict) -> tuple:
    """The answer as a key: what it gives and of which type (1, 1.0 and True are equal in Python
    but not as answers). Unhashable when a part of it is (a nested list)."""
    given, earned, points = answer.get("response"), answer.get("earned", _ABSENT), answer.get("points", _ABSENT)
    if type(given) is list:
        given = (tuple(given), tuple(map(type, given)))
    return (q.id, type(given), given, type(earned), earned, type(points), points)


_ABSENT = object()  # "earned" not given: the response is graded here


def _error(reading: Reading, shown: str, where, key: tuple, at: tuple, message: str) -> None:
    line, column = where(key + at)
    reading.error(shown, line, column, message)


def _field_error(error, at: tuple, field: str, message: str) -> None:
    error(at + (field,), message)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _response(q, answer: dict, spec: dict, error) -> Response | None:
    given = answer.get("response")
    chosen: tuple = ()
    if isinstance(q, TrueFalse) and isinstance(given, bool):
        chosen = (given,)
    elif isinstance(q, (SingleChoice, MultipleChoice)) and given is not None:
        picked = given if isinstance(given, list) else [given]
        if not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(q.choices) for i in picked):
            error("response", f"a choice is named by its index, 0 to {len(q.choices) - 1}")
            return None
        chosen = tuple(picked)
    blank = grading.is_empty(given)
    if "earned" not in answer:
        try:
            verdict = grading.grade(spec, given)
        except (TypeError, ValueError):
            error("response", f"is not an answer to a {q.type} question")
            return None
        return Response(float(Fraction(verdict.fraction)), chosen, blank)
    earned, points = answer.get("earned"), answer.get("points", q.points)
    if earned is None:
        return Response(None, chosen, blank)
    if not _number(earned) or not _number(points) or points <= 0 or not 0 <= earned <= points:
        error("earned", '"earned" must be a number from 0 to "points"')
        return None
    return Response(earned / points, chosen, blank)


class _Locator:
    """Where a value of the JSON text starts (line, column), found by reading it as YAML, of
    which JSON is a part; (1, 1) when that fails. Read only when there is an error to place:
    a class's file of thousands of attempts is read by `json` alone."""

    def __init__(self, text: str):
        self.text = text
        self.root: Any = None
        self.read = False  # composed yet

    def __call__(self, key: tuple) -> tuple[int, int]:
        import yaml

        if not self.read:
            self.read = True
            try:
                self.root = yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError:
                self.root = None
        node = self.root
        for part in key:
            if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            elif isinstance(node, yaml.MappingNode):  # a missing key: the object that lacks it
                node = next((value for name, value in node.value if name.value == part), node)
        if node is None:
            return 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1
