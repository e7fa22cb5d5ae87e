"""How the choices relate to each other: ranges that overlap, so two can be right, and choices
that combine numbered statements (the complex "Type K" format)."""

from __future__ import annotations

import math
import re
from typing import Callable, Iterator, NamedTuple

from quizgen.bank.lint.registry import Finding, question_rule
from quizgen.bank.lint.variants import number_words
from quizgen.bank.lint.words import content_words, plain
from quizgen.bank.model import MultipleChoice, SingleChoice

# The numbers a range choice may write in words ("more than twenty"), to twenty.
_NUMBER_WORDS = {words: i for i in range(21) if (words := number_words(i))}
_N = r"(\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_OPEN_ABOVE = r"(?:more than|over|above|greater than|higher than)"
_OPEN_BELOW = r"(?:fewer than|less than|under|below|lower than)"


class Span(NamedTuple):
    low: float
    high: float
    low_closed: bool
    high_closed: bool


def _number(text: str) -> float:
    word = text.casefold()
    return float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else float(text.replace(",", ""))


# Each form a choice may state a range in, anchored at its start (a unit or noun may follow).
_FORMS: list[tuple[re.Pattern, Callable[..., Span]]] = [
    (re.compile(rf"^{_OPEN_ABOVE}\s+{_N}\b", re.I), lambda a: Span(a, math.inf, False, False)),
    (re.compile(rf"^{_OPEN_BELOW}\s+{_N}\b", re.I), lambda a: Span(-math.inf, a, False, False)),
    (re.compile(rf"^(?:at least|no fewer than|no less than)\s+{_N}\b", re.I), lambda a: Span(a, math.inf, True, False)),
    (re.compile(rf"^(?:at most|up to|no more than)\s+{_N}\b", re.I), lambda a: Span(-math.inf, a, False, True)),
    (
        re.compile(rf"^(?:between\s+)?{_N}\s*(?:and|to|or|-|–)\s*{_N}\b", re.I),
        lambda a, b: Span(min(a, b), max(a, b), True, True),
    ),
    (re.compile(rf"^(?:exactly|about|around)?\s*{_N}\b", re.I), lambda a: Span(a, a, True, True)),
]


def span(choice: str) -> Span | None:
    text = plain(choice).strip()
    for form, make in _FORMS:
        found = form.match(text)
        if found:
            return make(*(_number(g) for g in found.groups()))
    return None


def _overlap(a: Span, b: Span) -> bool:
    low = max(a.low, b.low)
    high = min(a.high, b.high)
    if low < high:
        return True
    if low > high:
        return False
    closed_low = a.low_closed if a.low == low else True
    closed_low = closed_low and (b.low_closed if b.low == low else True)
    closed_high = (a.high_closed if a.high == high else True) and (b.high_closed if b.high == high else True)
    return closed_low and closed_high


_JOINED = re.compile(r"\b(?:and|as well as|plus|along with)\b", re.IGNORECASE)


def _includes(whole: str, part: str) -> bool:
    """Whether a choice joins another choice with more ("Oil and gas" includes "Oil")."""
    whole_words, part_words = content_words(plain(whole)), content_words(plain(part))
    if span(whole) or span(part):
        return False  # ranges overlap by their numbers, judged below
    return bool(part_words) and part_words < whole_words and bool(_JOINED.search(plain(whole)))


@question_rule("overlapping-choices", SingleChoice, MultipleChoice)
def _overlapping_choices(q) -> Iterator[Finding]:
    if combines_statements(q):
        return  # "1 and 3" names statements, not a range (combined-choices)
    for a in q.choices:
        for b in q.choices:
            if a != b and _includes(b, a):
                yield Finding(
                    f"choices[{q.choices.index(b)}]",
                    f"the choice '{plain(b)}' includes '{plain(a)}', so one answer can make both true",
                    "make each choice a claim of its own, not a sum of others",
                )
                return
    spans = [(c, span(c)) for c in q.choices]
    ranged = [(c, s) for c, s in spans if s is not None]
    if len(ranged) < 2 or all(s.low == s.high for _, s in ranged):
        return  # plain figures: distinct numbers never overlap
    for i, (a, first) in enumerate(ranged):
        for b, second in ranged[i + 1 :]:
            if _overlap(first, second):
                yield Finding(
                    f"choices[{q.choices.index(b)}]",
                    f"the choices '{plain(a)}' and '{plain(b)}' overlap, so one answer can make both true",
                    "make the ranges separate, so exactly one choice is true",
                )
                return


_LABEL = r"(?:[IVX]{1,4}|[A-E]|[1-9])"
_COMBINED = re.compile(
    rf"^(?:(?:both\s+)?{_LABEL}(?:\s*(?:,|and|&|or)\s*{_LABEL})+|{_LABEL}\s+only|only\s+{_LABEL})$|"
    r"^all\s+(?:of\s+(?:the\s+)?(?:above|these)\s+)?(?:except|but)\b",
    re.IGNORECASE,
)


def combines_statements(q) -> bool:
    """Two or more choices that name numbered or lettered statements ("I and III", "2 only")."""
    return sum(bool(_COMBINED.match(plain(c).strip())) for c in q.choices) >= 2


@question_rule("combined-choices", SingleChoice, MultipleChoice)
def _combined_choices(q) -> Iterator[Finding]:
    if combines_statements(q):
        shown = next(plain(c) for c in q.choices if _COMBINED.match(plain(c).strip()))
        yield Finding(
            "choices",
            f"the choices combine numbered statements ('{shown}'): a complex multiple true/false (Type K) item "
            "rewards eliminating combinations more than knowing each statement",
            "ask the statements as a multiple-response question, or as separate true/false statements",
        )
