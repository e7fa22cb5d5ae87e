"""The validated bank as plain data: what `-f json` writes (its shape is in docs/format.md, "JSON
export"), and what the HTML page fingerprints to know whether saved progress still fits.

Every key is always present (defaults filled in), keys keep the bank format's names, text stays
Markdown source; each question also carries `grading`, its settings in the grading model.
"""

from __future__ import annotations

import dataclasses

from quizgen import grading
from quizgen.bank.model import Bank, Question

FORMAT_VERSION = 2  # 2: a question's "source" is a list of citations; "grading" added
_INTERNAL = {"locations", "path"}


def to_data(value):
    names = _field_names(type(value))
    if names is not None:
        data = {"type": value.type} if isinstance(value, Question) else {}
        for name in names:
            data[name] = to_data(getattr(value, name))
        return data
    if isinstance(value, (tuple, list)):
        return [to_data(item) for item in value]
    return value


# The fields each dataclass is written with (None: not a dataclass), asked once a class: a
# 10,000-question bank has 180,000 values to write, and the page fingerprints them all.
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = (
            tuple(spec.name for spec in dataclasses.fields(cls) if spec.name not in _INTERNAL)
            if dataclasses.is_dataclass(cls)
            else None
        )
    return _FIELD_NAMES[cls]


def bank_to_data(bank: Bank) -> dict:
    data = {"quizgen_format": FORMAT_VERSION, **to_data(bank)}
    # How each question is graded, so another tool can grade alike (docs/grading.md).
    for question, question_data in zip(bank.questions, data["questions"]):
        question_data["grading"] = grading.spec(question, bank)
    return data
