"""`quizgen new`: a commented example bank with one question of every type."""

from __future__ import annotations

import re
from pathlib import Path

from quizgen.runtime.output import write_atomic
from quizgen.present.templating import bundled_templates

EXAMPLE = "new/bank.yaml"


def example_text(bank_id: str) -> str:
    text = (bundled_templates() / EXAMPLE).read_text(encoding="utf-8")
    return re.sub(r"^id: example-bank", f"id: {bank_id}", text, count=1, flags=re.M)


def bank_id_for(path: Path) -> str:
    """A valid bank id from the file name: `My Quiz.yaml` -> `my-quiz`."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")
    return slug[:64] or "my-bank"


def write_example(path: Path) -> Path:
    return write_atomic(path, example_text(bank_id_for(path)))


def write_spreadsheet_example(path: Path) -> Path:
    """The spreadsheet layout `quizgen import` reads, one question of every type (docs/import.md)."""
    import csv
    import io

    from quizgen.importers.spreadsheet import EXAMPLE

    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(EXAMPLE)
    return write_atomic(path, buffer.getvalue())
