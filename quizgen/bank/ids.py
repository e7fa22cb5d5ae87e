"""Ids the bank format accepts (`schema.IDENTIFIER`), made from other names."""

from __future__ import annotations

import re
from pathlib import Path


def bank_id_for(path: Path) -> str:
    """A valid bank id from the file name: `My Quiz.yaml` -> `my-quiz`."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")
    return slug[:64] or "my-bank"
