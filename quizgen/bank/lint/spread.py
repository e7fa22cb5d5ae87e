"""How the bank spreads what a test-wise student could bet on: where keys are written, and how
hard the questions are."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from quizgen.bank.lint.registry import Finding, bank_rule
from quizgen.bank.lint.truefalse import MIN_BALANCED
from quizgen.bank.model import Bank, SingleChoice


@bank_rule("key-position")
def _key_position(bank: Bank) -> Iterator[Finding]:
    singles = [q for q in bank.questions if isinstance(q, SingleChoice)]
    positions = Counter(q.choices.index(q.answer) + 1 for q in singles if q.answer in q.choices)
    if len(singles) < MIN_BALANCED or not positions:
        return
    position, count = positions.most_common(1)[0]
    if count * 2 > len(singles):
        yield Finding(
            "questions",
            f"{count} of {len(singles)} single-choice keys are written as choice {position}",
            "vary where the key is written: the JSON export and questions with shuffle: false keep the written order",
        )


DIFFICULTY_MAJORITY = 0.6


@bank_rule("difficulty-spread")
def _difficulty_spread(bank: Bank) -> Iterator[Finding]:
    rated = Counter(q.difficulty for q in bank.questions if q.difficulty)
    total = sum(rated.values())
    if total < MIN_BALANCED:
        return
    level, count = rated.most_common(1)[0]
    if count > DIFFICULTY_MAJORITY * total:
        yield Finding(
            "questions",
            f"{count} of {total} rated questions are {level}",
            "spread the questions over easy, medium and hard",
        )
