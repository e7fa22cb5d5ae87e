"""How answers read, shared by every format."""

from __future__ import annotations

import pytest

from quizgen.bank.model import Numeric
from quizgen.present.answers import numeric_answer
from quizgen.text.numbers import number_text


@pytest.mark.parametrize(
    "value, text",
    [
        (3, "3"),
        (3.0, "3"),
        (299.8, "299.8"),
        (0.1 + 0.2, "0.3"),
        (14_300_000_000, "14300000000"),
        (-2.5, "-2.5"),
        (0.001, "0.001"),
    ],
)
def test_numbers_read_as_an_author_writes_them(value, text):
    assert number_text(value) == text


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"answer": 9, "unit": "months"}, "9 months"),
        ({"answer": 299.8, "tolerance": 0.5, "unit": "km/s"}, "299.8 ± 0.5 km/s"),
        ({"range": (3.14, 3.15)}, "3.14 to 3.15"),
        ({"answer": 14.3, "unit": "billion USD"}, "14.3 billion USD"),
    ],
)
def test_numeric_answers(fields, text):
    assert numeric_answer(Numeric(id="n", prompt="p", **fields)) == text
