"""What a lint rule is, and the register every rule module adds itself to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from quizgen.bank.model import Question

# The bank's source document as the rules read it: each paragraph's text by (section, number),
# the way a question's `source` cites it. Empty when lint has no document to read.
SourceText = Mapping[tuple[str, int], str]


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
    reads_source: bool = False  # a bank rule called as check(bank, source_text)


RULES: dict[str, Rule] = {}


def question_rule(code: str, *types: type):
    def register(check):
        RULES[code] = Rule(code, check, types or (Question,))
        return check

    return register


def bank_rule(code: str, *, reads_source: bool = False):
    """A rule over the whole bank: its findings name their question, or none for the bank itself.
    With `reads_source` it is also given the bank's source document (`SourceText`)."""

    def register(check):
        RULES[code] = Rule(code, check, reads_source=reads_source)
        return check

    return register
