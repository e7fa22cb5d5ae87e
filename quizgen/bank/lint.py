"""`quizgen lint`: item-writing flaws that make a question weaker without making it wrong.

`validate` answers "can this bank be built?"; lint answers "would a careful item writer accept
it?". Each rule has a code, finds one flaw described in the item-writing literature (see
docs/lint.md for the rationale and sources of each), and reports warnings, never errors. An
author silences a rule for one question (`lint: {ignore: [CODE], why: "..."}`) or for the whole
bank (`lint: {ignore: [CODE]}` at the top level).

The rules are heuristics over words, not understanding: they are tuned to flag what an editor
would look at twice, and each message says what to look at.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from quizgen.bank.diagnostics import WARNING, Diagnostic
from quizgen.bank.model import (
    Bank,
    Card,
    Cloze,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Prompted,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quizgen.text import cloze, markup
from quizgen.text.numbers import number_text


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
    def register(check):
        RULES[code] = Rule(code, check)
        return check

    return register


# ------------------------------------------------------------------------------------ words

# Function words carry no content: sharing them says nothing about two texts or a cue.
STOP_WORDS = frozenset(
    """
a an the and or but nor of to in on at by for from with without into onto about as than then
is are was were be been being do does did has have had will would can could should may might
it its it's this that these those there their they them he him his she her we our you your i
what which who whom whose when where why how not no yes so if also only just more most less
least very much many some any all each every both either neither one own same such other
""".split()
)
_WORD = re.compile(r"[a-z0-9$%]+(?:[.'’-][a-z0-9]+)*", re.IGNORECASE)


def fold(word: str) -> str:
    """A lower-case word with its possessive and plural -s folded, so "Labs" meets "lab's"."""
    word = re.sub(r"['’]s$", "", word.casefold())
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def content_words(text: str) -> set[str]:
    folded = (fold(w) for w in _WORD.findall(text))
    return {w for w in folded if w not in STOP_WORDS and len(w) > 1}


def as_written(folded: set[str], text: str) -> list[str]:
    """The words of `text` whose folded form is in `folded`, as the text spells them."""
    shown: dict[str, str] = {}
    for word in _WORD.findall(text):
        if fold(word) in folded:
            shown.setdefault(fold(word), re.sub(r"['’]s$", "", word))
    return sorted(shown.values(), key=str.casefold)


def plain(text: str) -> str:
    return markup.plain(text) if text else ""


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


# ------------------------------------------------------------------- cues in a single question


@question_rule("answer-in-prompt", SingleChoice, MultipleChoice, ShortAnswer, Cloze)
def _answer_in_prompt(q) -> Iterator[Finding]:
    hint = "reword so the question does not name its answer"
    if isinstance(q, Cloze):
        for number in cloze.numbers(q.text):
            hidden = " ".join(d.answer for d in cloze.deletions(q.text) if d.number == number)
            shown = cloze.replace(q.text, lambda d, i: "" if d.number == number else d.answer)  # noqa: B023 - called in this iteration only
            given = content_words(plain(hidden)) & content_words(plain(shown))
            if given:
                yield Finding(
                    "text",
                    f"cloze c{number} hides {_quoted(as_written(given, shown))}, which the rest of the text shows",
                    hint,
                )
        return
    prompt = content_words(plain(q.prompt))
    if isinstance(q, ShortAnswer):
        given = content_words(q.answer[0]) & prompt
        if given:
            shown = _quoted(as_written(given, plain(q.prompt)))
            yield Finding("prompt", f"the prompt contains {shown} from the answer '{q.answer[0]}'", hint)
        return
    distractors = set().union(*(content_words(plain(c)) for c in q.choices if c not in q.correct))
    for key in q.correct:
        given = (content_words(plain(key)) - distractors) & prompt
        if given:
            shown = _quoted(as_written(given, plain(q.prompt)))
            yield Finding("prompt", f"the prompt contains {shown}, found in the key '{key}' and in no distractor", hint)


LONGER_BY = 1.3  # a key this much longer than the average distractor stands out


@question_rule("longest-choice", SingleChoice, MultipleChoice)
def _longest_choice(q) -> Iterator[Finding]:
    keys = [len(plain(c)) for c in q.choices if c in q.correct]
    others = [len(plain(c)) for c in q.choices if c not in q.correct]
    if not keys or len(others) < 2:
        return
    average = sum(others) / len(others)
    if min(keys) > max(others) and min(keys) >= LONGER_BY * average:
        said = (
            f"the key is the longest choice ({keys[0]} characters"
            if len(keys) == 1
            else f"every key is longer than every distractor (the shortest key has {min(keys)} characters"
        )
        yield Finding(
            "answer",
            f"{said}; the distractors average {average:.0f})",
            "make the choices about equally long and detailed",
        )


# Words and marks of a qualified or elaborated choice: a test-wise student picks the one choice
# that hedges ("partly", "at least") or explains itself (", which ...").
_ELABORATION = re.compile(
    r"[,;(—–]|\b(?:which|because|but|although|though|whereas|partly|partially|"
    r"usually|often|generally|mostly|largely|may|might|as much as|at least)\b",
    re.IGNORECASE,
)


@question_rule("lone-elaboration", SingleChoice, MultipleChoice)
def _lone_elaboration(q) -> Iterator[Finding]:
    marked = {c: _ELABORATION.search(plain(c)) for c in q.choices}
    if any(marked[c] for c in q.choices if c not in q.correct):
        return
    if all(marked[c] for c in q.correct):
        first = marked[q.correct[0]]
        assert first is not None  # every key matched, the first one too
        shown = first[0].strip()
        yield Finding(
            "answer",
            f"only the key elaborates or hedges ('{shown}'); no distractor does",
            "qualify the distractors as carefully, or state the key plainly",
        )


def _is_plural(choice: str) -> bool:
    last = (_WORD.findall(choice.casefold()) or [""])[-1]
    return len(last) > 2 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


@question_rule("grammar-cue", SingleChoice, MultipleChoice)
def _grammar_cue(q) -> Iterator[Finding]:
    stem = _WORD.findall(plain(q.prompt).casefold())
    last = stem[-1] if stem else ""
    if last in ("a", "an"):
        fits = lambda c: (plain(c)[:1].casefold() in "aeiou") == (last == "an")  # noqa: E731
        kind = f"the article '{last}'"
    elif last in ("is", "was", "are", "were"):
        fits = lambda c: _is_plural(plain(c)) == (last in ("are", "were"))  # noqa: E731
        kind = f"the verb '{last}'"
    else:
        return
    misfits = [c for c in q.choices if c not in q.correct and not fits(c)]
    if misfits and all(fits(c) for c in q.correct):
        yield Finding(
            "prompt",
            f"the stem ends with {kind}, which does not fit {_quoted(map(plain, misfits))}",
            "end the stem before the article or verb, or make every choice fit it",
        )


_ALL_NONE = re.compile(r"\b(?:all|none|both|neither) of (?:the )?(?:above|these|them|those)\b", re.IGNORECASE)


@question_rule("all-none-of-the-above", SingleChoice, MultipleChoice)
def _all_none_of_the_above(q) -> Iterator[Finding]:
    for i, choice in enumerate(q.choices):
        found = _ALL_NONE.search(plain(choice))
        if found:
            yield Finding(
                f"choices[{i}]",
                f"the choice '{found[0]}' can be judged from two other choices alone",
                "replace it with a plausible distractor",
            )


_NEGATIVE = re.compile(r"\b(?:not|except|never|cannot|\w+n't)\b", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@question_rule("negative-stem", SingleChoice, MultipleChoice, TrueFalse)
def _negative_stem(q) -> Iterator[Finding]:
    emphasised = [m.span() for m in _EMPHASIS.finditer(q.prompt)]
    for found in _NEGATIVE.finditer(q.prompt):
        word = found[0]
        if word.isupper() and len(word) > 1 or any(a <= found.start() < b for a, b in emphasised):
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


# ----------------------------------------------------------------------- the bank as a whole


def fact_text(q: Question) -> str:
    """What a question asks and answers, as one text, to compare questions with each other."""
    if isinstance(q, (SingleChoice, MultipleChoice)):
        parts = [q.prompt, *q.correct]
    elif isinstance(q, ShortAnswer):
        parts = [q.prompt, q.answer[0]]
    elif isinstance(q, Numeric):
        parts = [q.prompt, number_text(q.answer) if q.answer is not None else ""]
    elif isinstance(q, Cloze):
        parts = [cloze.replace(q.text, lambda d, i: d.answer)]
    elif isinstance(q, Card):
        parts = [q.front, q.back]
    elif isinstance(q, Order):
        parts = [q.prompt, *q.items]
    elif isinstance(q, Match):
        parts = [q.prompt, *(f"{p.left} {p.right}" for p in q.pairs)]
    else:
        assert isinstance(q, Prompted), q.type  # the types left (true/false, essay) all have a prompt
        parts = [q.prompt]
    return " ".join(plain(p) for p in parts)


SIMILAR = 0.7  # share of the smaller question's (rarity-weighted) words the other one repeats
MIN_SHARED = 3  # two short questions sharing a name or two are not yet the same question
SUBJECT_SHARE = 0.25  # words in this share of the questions (and in 3 or more) are the bank's subject


@bank_rule("near-duplicate")
def _near_duplicates(bank: Bank) -> Iterator[Finding]:
    """How much of the smaller question the other repeats (the overlap coefficient of their
    content words), each word weighted by its rarity in the bank. The bank's subject ("Muse
    Spark" in nearly every question) is left out: sharing it says nothing."""
    texts = [content_words(fact_text(q)) for q in bank.questions]
    frequency = Counter(word for text in texts for word in text)
    subject = {w for w, n in frequency.items() if n >= 3 and n >= SUBJECT_SHARE * len(texts)}
    texts = [text - subject for text in texts]
    weight = {word: math.log((len(texts) + 1) / count) for word, count in frequency.items()}
    mass = [sum(weight[w] for w in text) for text in texts]
    for j, later in enumerate(bank.questions):
        for i in range(j):
            shared = texts[i] & texts[j]
            smaller = min(mass[i], mass[j])
            if len(shared) >= MIN_SHARED and sum(weight[w] for w in shared) >= SIMILAR * smaller:
                first = bank.questions[i]
                yield Finding(
                    "id",
                    f"asks much the same as '{first.id}' (line {first.where('id').line}): "
                    f"both turn on {_quoted(as_written(shared, fact_text(later)))}",
                    "drop one, or make each test a different fact",
                    later,
                    (first,),
                )
                break


MIN_BALANCED = 4  # fewer questions of a kind than this are too few to call unbalanced


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


TRUE_FALSE_MAJORITY = 0.7


@bank_rule("truefalse-balance")
def _truefalse_balance(bank: Bank) -> Iterator[Finding]:
    answers = [q.answer for q in bank.questions if isinstance(q, TrueFalse)]
    if len(answers) < MIN_BALANCED:
        return
    trues = sum(answers)
    majority, side = max((trues, "true"), (len(answers) - trues, "false"))
    if majority > TRUE_FALSE_MAJORITY * len(answers):
        yield Finding(
            "questions",
            f"{majority} of {len(answers)} true/false statements are {side}",
            "balance true and false keys, so guessing the majority does not pay",
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


CODES: tuple[str, ...] = tuple(sorted(RULES))


# ---------------------------------------------------------------------------- running them


def lint_bank(bank: Bank) -> list[Diagnostic]:
    """Every rule over the bank, minus what the author silenced, as warnings."""
    silenced_in_bank = set(bank.lint.ignore) if bank.lint else set()
    findings: list[tuple[str, Finding]] = []
    for rule in RULES.values():
        if rule.code in silenced_in_bank:
            continue
        if not rule.types:
            findings += [(rule.code, f) for f in rule.check(bank)]
            continue
        for question in bank.questions:
            if isinstance(question, rule.types):
                findings += [(rule.code, f) for f in _with_question(rule.check(question), question)]
    diagnostics = []
    for code, finding in findings:
        owner = finding.question
        involved = ([owner] if owner is not None else []) + list(finding.others)
        if any(q.lint and code in q.lint.ignore for q in involved):
            continue
        where = (owner or bank).where(finding.key)
        diagnostics.append(Diagnostic(where, finding.message, WARNING, code, finding.hint))
    return diagnostics


def _with_question(findings: Iterable[Finding], question: Question) -> Iterator[Finding]:
    for finding in findings:
        yield Finding(finding.key, finding.message, finding.hint, question)
