"""`-f json`: the validated bank as JSON, the documented way for other tools to read banks.

The shape is described in docs/format.md ("JSON export"). Every key is always present (defaults
filled in), keys keep the bank format's names, text stays Markdown source; each question also
carries `grading`, its settings in the grading model (docs/grading.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from quizgen.bank.dispatch import QuestionTypes
from quizgen.bank.model import Bank
from quizgen.formats import Format
from quizgen.present.data import bank_to_data
from quizgen.runtime.output import write_atomic


class JsonFormat(Format):
    name = "json"
    question_types = QuestionTypes.alike(
        "json", "every question is written as its fields, whatever its type, with its type and grading settings"
    )

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        text = json.dumps(bank_to_data(bank), ensure_ascii=False, indent=2) + "\n"
        return [write_atomic(out_dir / f"{bank.id}.json", text)]


FORMAT = JsonFormat
