"""`-f json`: the validated bank as JSON, the documented way for other tools to read banks.

The shape is described in docs/format.md ("JSON export"). Every key is always present (defaults
filled in), keys keep the bank format's names, text stays Markdown source; each question also
carries `grading`, its settings in the grading model (docs/grading.md).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from quizgen import grading
from quizgen.formats import Format
from quizgen.formats.dispatch import QuestionTypes
from quizgen.bank.model import Bank, Question
from quizgen.runtime.output import write_atomic

FORMAT_VERSION = 2  # 2: a question's "source" is a list of citations; "grading" added
_INTERNAL = {"locations", "path"}


def to_data(value):
    if dataclasses.is_dataclass(value):
        data = {"type": value.type} if isinstance(value, Question) else {}
        for spec in dataclasses.fields(value):
            if spec.name not in _INTERNAL:
                data[spec.name] = to_data(getattr(value, spec.name))
        return data
    if isinstance(value, (tuple, list)):
        return [to_data(item) for item in value]
    return value


def bank_to_data(bank: Bank) -> dict:
    data = {"quizgen_format": FORMAT_VERSION, **to_data(bank)}
    # How each question is graded, so another tool can grade alike (docs/grading.md).
    for question, question_data in zip(bank.questions, data["questions"]):
        question_data["grading"] = grading.spec(question, bank)
    return data


class JsonFormat(Format):
    name = "json"
    question_types = QuestionTypes.alike("json", "every question is written as its fields, whatever its "
                                                 "type, with its type and grading settings")

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        text = json.dumps(bank_to_data(bank), ensure_ascii=False, indent=2) + "\n"
        return [write_atomic(out_dir / f"{bank.id}.json", text)]


FORMAT = JsonFormat
