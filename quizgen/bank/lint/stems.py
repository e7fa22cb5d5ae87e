"""How a question asks: a stem that is negative, says how many are right, asks for a bound, is
a fragment, or leans on a vague word of frequency; cards and short answers that ask badly."""

from __future__ import annotations

import re
from typing import Iterator

from quizgen.bank.lint.cues import grammar_misfits
from quizgen.bank.lint.registry import Finding, question_rule
from quizgen.bank.lint.words import plain, unquoted
from quizgen.bank.model import (
    Card,
    Essay,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quizgen.text.numbers import number_text

_NEGATIVE = re.compile(r"\b(?:not|except|never|cannot|\w+n't)\b", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_BREAK = re.compile(r"\s*[—–:;]\s*|\s+-\s+")


def asked_part(prompt: str) -> str:
    """The part of a stem that asks: its question sentence (the last one ending in "?", else
    the last sentence), after any lead-in ("I never eat meat — which word ...?")."""
    sentences = [s for s in _SENTENCE_END.split(prompt.strip()) if s.strip()]
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    sentence = (asking or sentences or [""])[-1]
    parts = [p for p in _CLAUSE_BREAK.split(sentence) if re.search(r"\w", p)]
    return parts[-1] if parts else sentence


@question_rule("negative-stem", SingleChoice, MultipleChoice, TrueFalse)
def _negative_stem(q) -> Iterator[Finding]:
    # Quoted words are not the writer's; in a choice question only the part that asks counts. In a
    # true/false statement "never" is an absolute, judged by truefalse-cue with the key.
    text = unquoted(q.prompt)
    if not isinstance(q, TrueFalse):
        text = asked_part(text)
    emphasised = [m.span() for m in _EMPHASIS.finditer(text)]
    for found in _NEGATIVE.finditer(text):
        word = found[0]
        if word.isupper() and len(word) > 1 or any(a <= found.start() < b for a, b in emphasised):
            continue
        if isinstance(q, TrueFalse) and word.casefold() == "never":
            continue
        yield Finding(
            "prompt",
            f"the prompt is negative ('{word}') without emphasis",
            f"ask it positively, or emphasise the negative (**{word.upper()}**)",
        )
        return


@question_rule("count-giveaway", MultipleChoice)
def _count_giveaway(q) -> Iterator[Finding]:
    found = re.search(
        r"\b(?:which|what|name|choose|pick|select|give)\s+(?:the\s+)?(?:two|three|four|five|"
        r"six|both|[2-9])\b",
        plain(q.prompt),
        re.IGNORECASE,
    )
    if found:
        yield Finding(
            "prompt",
            f"the prompt says how many choices are correct ('{found[0]}')",
            "ask for all that apply, so the count is part of what is tested",
        )


_BOUND = re.compile(
    r"\b(?:above|over|more than|at least|below|under|less than|at most|fewer than|"
    r"north of|south of|exceeds?|exceeded)\s+(?:how (?:many|much)|what|which)\b",
    re.IGNORECASE,
)


@question_rule("numeric-bound", Numeric)
def _numeric_bound(q: Numeric) -> Iterator[Finding]:
    found = _BOUND.search(plain(q.prompt))
    if found:
        low, high = q.bounds
        accepted = number_text(low) if low == high else f"{number_text(low)} to {number_text(high)}"
        yield Finding(
            "prompt",
            f"the prompt asks for a bound ('{found[0]}'), which other numbers "
            f"also satisfy, but only {accepted} is accepted",
            'ask for the figure itself ("What is ...")',
        )


@question_rule("reverse-question-card", Card)
def _reverse_question_card(q: Card) -> Iterator[Finding]:
    if q.reverse and plain(q.front).rstrip().endswith("?"):
        yield Finding(
            "reverse",
            "the front is a question, so the reversed card asks for a question from its answer",
            "make the front a term or name, or drop reverse",
        )


_FORMS = (
    (re.compile(r"\bfull name\b", re.IGNORECASE), lambda a: len(a.split()) >= 2, "the prompt asks for the full name"),
    (
        re.compile(r"\b(?:in )?(?:one|a single) word\b", re.IGNORECASE),
        lambda a: len(a.split()) == 1,
        "the prompt asks for one word",
    ),
)


@question_rule("short-form", ShortAnswer)
def _short_form(q: ShortAnswer) -> Iterator[Finding]:
    for demand, keeps, said in _FORMS:
        if demand.search(plain(q.prompt)):
            for i, answer in enumerate(q.answer):
                if not keeps(answer):
                    yield Finding(
                        f"answer[{i}]",
                        f"{said}, but '{answer}' is accepted",
                        "accept only answers of that form, or drop the demand",
                    )


# A stem that asks without a question mark starts with a question word or an instruction.
_ASKS = re.compile(
    r"^(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|can|could|"
    r"choose|select|pick|name|identify|give|find|mark|tick|circle|complete|state|indicate|decide|"
    r"match|put|order|read|look|say|tell|label|estimate|calculate|compute|work)\b",
    re.IGNORECASE,
)


@question_rule("fragment-stem", SingleChoice)
def _fragment_stem(q: SingleChoice) -> Iterator[Finding]:
    text = plain(q.prompt).strip()
    if "?" in text or not text or grammar_misfits(q):
        return  # a stem ending in a misfitting article is reported once, as grammar-cue
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if any(_ASKS.match(s.strip()) for s in sentences):
        return
    yield Finding(
        "prompt",
        "the stem is neither a question nor an instruction, so the choices must be read to know what is asked",
        "ask a full question that could be answered with the choices covered",
    )


_VAGUE = re.compile(
    r"\b(?:often|sometimes|usually|frequently|rarely|seldom|occasionally|generally|typically|"
    r"normally|commonly)\b",
    re.IGNORECASE,
)


@question_rule("vague-frequency", SingleChoice, MultipleChoice, ShortAnswer, Numeric, Order, Match, Essay)
def _vague_frequency(q) -> Iterator[Finding]:
    found = _VAGUE.search(unquoted(plain(q.prompt)))
    if found:
        yield Finding(
            "prompt",
            f"the prompt says '{found[0]}', a frequency readers put at very different figures",
            "say how often, or ask about what is so without the hedge",
        )
