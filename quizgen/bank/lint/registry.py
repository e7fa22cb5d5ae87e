"""What a lint rule is, and the register every rule module adds itself to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from quizgen.bank.model import Question


@dataclass(frozen=True)
class Finding:
    """One flaw: where (a field of `question`, or of the bank when `question` is None) and what."""

    key: str
    message: str
    hint: str
    question: Question | None = None
    # Other questions the finding is about: silencing the rule on any of them silences it too.
    others: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    check: Callable  # (question) -> findings for a question rule, (bank) -> findings for a bank rule
    types: tuple[type, ...] = ()  # the question classes it applies to; () for a bank rule


RULES: dict[str, Rule] = {}


def question_rule(code: str, *types: type):
    def register(check):
        RULES[code] = Rule(code, check, types or (Question,))
        return check

    return register


def bank_rule(code: str):
    """A rule over the whole bank: its findings name their question, or none for the bank itself."""

    def register(check):
        RULES[code] = Rule(code, check)
        return check

    return register
