"""What a built quiz page carries for its script: the `quiz-data` block (the bank's id, the
encoded key, each question's entry; quizgen/formats/html/format.py writes it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

_DATA = re.compile(r'<script type="application/json" id="quiz-data">(.*?)</script>', re.DOTALL)


def page_data(page: Path | str) -> dict:
    text = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    found = _DATA.search(text)
    assert found, "no quiz-data block in the page"
    return json.loads(found[1])


def question_ids(page: Path | str) -> list[str]:
    """The ids of the questions the page draws, in its order."""
    return [entry["i"] for entry in page_data(page)["questions"]]
