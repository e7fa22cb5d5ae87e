"""`quizgen new`: a commented example bank with one question of every type."""

from __future__ import annotations

import re
from pathlib import Path

from quizgen.bank.ids import bank_id_for
from quizgen.present.templating import bundled_templates
from quizgen.runtime.output import write_atomic

EXAMPLE = "new/bank.yaml"
SPREADSHEET_EXAMPLE = "new/spreadsheet.csv"  # its tests import it: it stays what the importer reads


def example_text(bank_id: str) -> str:
    text = (bundled_templates() / EXAMPLE).read_text(encoding="utf-8")
    return re.sub(r"^id: example-bank", f"id: {bank_id}", text, count=1, flags=re.M)


def write_example(path: Path) -> Path:
    return write_atomic(path, example_text(bank_id_for(path)))


def write_spreadsheet_example(path: Path) -> Path:
    """The spreadsheet layout `quizgen import` reads, one question of every type (docs/import.md)."""
    return write_atomic(path, (bundled_templates() / SPREADSHEET_EXAMPLE).read_bytes())
