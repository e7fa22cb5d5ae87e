"""Cues in one question's own text that point at its key: the stem echoes it, the key looks
different from the distractors (longer, hedged, grammatical, worded like a twin of one of them),
or the distractors look wrong for a reason that has nothing to do with the fact."""

from __future__ import annotations

import re
from typing import Iterator

from quizgen.bank.lint.registry import Finding, question_rule
from quizgen.bank.lint.words import WORD, content_words, fold, kin, plain, quoted, shown_text
from quizgen.bank.model import Cloze, MultipleChoice, ShortAnswer, SingleChoice
from quizgen.text import cloze

_GIVEN_HINT = "reword so the question does not name its answer"


@question_rule("answer-in-prompt", SingleChoice, MultipleChoice, ShortAnswer, Cloze)
def _answer_in_prompt(q) -> Iterator[Finding]:
    if isinstance(q, Cloze):
        for number in cloze.numbers(q.text):
            hidden = " ".join(d.answer for d in cloze.deletions(q.text) if d.number == number)
            shown = cloze.replace(q.text, lambda d, i: "" if d.number == number else d.answer)  # noqa: B023 - called in this iteration only
            given = _given(plain(hidden), plain(shown))
            if given:
                yield Finding(
                    "text", f"cloze c{number} hides {quoted(given)}, which the rest of the text shows", _GIVEN_HINT
                )
        return
    prompt = plain(q.prompt)
    if isinstance(q, ShortAnswer):
        given = _given(q.answer[0], prompt)
        if given:
            yield Finding("prompt", f"the prompt contains {quoted(given)} from the answer '{q.answer[0]}'", _GIVEN_HINT)
        return
    distractors = set().union(*(content_words(plain(c)) for c in q.choices if c not in q.correct))
    for key in q.correct:
        given = _given(plain(key), prompt, distractors)
        if given:
            yield Finding(
                "prompt",
                f"the prompt contains {quoted(given)}, found in the key '{key}' and in no distractor",
                _GIVEN_HINT,
            )


def _given(key: str, prompt: str, elsewhere: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The words of the prompt (as it writes them) that give away the key. Not given away: a
    word the distractors share; the generic part of a name whose particular part the prompt
    does not show ("sea" asked, "Adriatic Sea" answered; "Lake Victoria"); a proper name the
    question is built around when the key says more than it ("Muse" in the prompt and in the key
    "Muse Spark 2"); an inflected form ("labs" for "Lab"), unless the key is that one word, when
    a kindred form gives it away too ("Odyssey" for "Odysseus", "Athens" for "Athena")."""
    key_words = [w for w in WORD.findall(key) if fold(w) in content_words(w)]
    prompt_words = [w for w in WORD.findall(prompt) if fold(w) in content_words(w)]
    one_word = len({fold(w) for w in key_words}) == 1
    given: dict[str, str] = {}
    for word in prompt_words:
        folded = fold(word)
        if folded in elsewhere or folded in given:
            continue
        same = [k for k in key_words if fold(k) == folded or one_word and kin(k, word)]
        if not same:
            continue
        if not one_word and not any(k.casefold() == word.casefold() for k in same):
            continue  # only an inflection of a word of a longer key
        name_words = [k for k in key_words if k[:1].isupper()]
        rest = [k for k in name_words if fold(k) != folded]
        if (
            len(name_words) >= 2
            and same[0][:1].isupper()
            and not any(fold(r) in {fold(p) for p in prompt_words} for r in rest)
        ):
            continue  # the generic or shared part of a name; its particular part is not given
        given[folded] = re.sub(r"['’]s$", "", word)
    return sorted(given.values(), key=str.casefold)


LONGER_BY = 1.3  # a key this much longer than the average distractor stands out
CLEAR_MARGIN = 1.25  # ... and this much longer than the longest one
CLEAR_WORDS = 2  # ... by this many words: "Carbon dioxide" among "Nitrogen" and "Argon" is no cue
PHRASE_WORDS = 4  # a shorter key is a name ("The Wright brothers"), not a more complete statement


@question_rule("longest-choice", SingleChoice, MultipleChoice)
def _longest_choice(q) -> Iterator[Finding]:
    keys = [shown_text(c) for c in q.choices if c in q.correct]
    others = [shown_text(c) for c in q.choices if c not in q.correct]
    if not keys or len(others) < 2:
        return
    average = sum(map(len, others)) / len(others)
    shortest = min(map(len, keys))
    fewest = min(len(k.split()) for k in keys)
    clear = fewest >= PHRASE_WORDS and fewest - max(len(o.split()) for o in others) >= CLEAR_WORDS
    if clear and shortest >= LONGER_BY * average and shortest >= CLEAR_MARGIN * max(map(len, others)):
        keys_length = [len(k) for k in keys]
        said = (
            f"the key is the longest choice ({keys_length[0]} characters"
            if len(keys) == 1
            else f"every key is longer than every distractor (the shortest key has {shortest} characters"
        )
        yield Finding(
            "answer",
            f"{said}; the distractors average {average:.0f})",
            "make the choices about equally long and detailed",
        )


# Words and marks of a qualified or elaborated choice: a test-wise student picks the one choice
# that hedges ("partly", "at least") or explains itself (", which ..."). A comma before a capital
# or a digit joins names ("Washington, D.C.", "Paris, France") or digits, and explains nothing.
_ELABORATION = re.compile(
    r"(?-i:,(?!\s*[A-Z0-9]))|[;(—–]|\b(?:which|because|but|although|though|whereas|partly|partially|"
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
    words = WORD.findall(choice)
    last = words[-1] if words else ""
    if last[:1].isupper():
        return False  # a proper noun ("Mars", "Athens") ends in s without being plural
    last = last.casefold()
    return len(last) > 2 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def grammar_misfits(q) -> tuple[str, list[str]] | None:
    """What the stem's last word demands and the distractors that do not fit it, when the keys do."""
    stem = WORD.findall(plain(q.prompt).casefold())
    last = stem[-1] if stem else ""
    if last in ("a", "an"):
        fits = lambda c: (plain(c)[:1].casefold() in "aeiou") == (last == "an")  # noqa: E731
        kind = f"the article '{last}'"
    elif last in ("is", "was", "are", "were"):
        fits = lambda c: _is_plural(plain(c)) == (last in ("are", "were"))  # noqa: E731
        kind = f"the verb '{last}'"
    else:
        return None
    misfits = [c for c in q.choices if c not in q.correct and not fits(c)]
    if misfits and all(fits(c) for c in q.correct):
        return kind, misfits
    return None


@question_rule("grammar-cue", SingleChoice, MultipleChoice)
def _grammar_cue(q) -> Iterator[Finding]:
    found = grammar_misfits(q)
    if found:
        kind, misfits = found
        yield Finding(
            "prompt",
            f"the stem ends with {kind}, which does not fit {quoted(map(plain, misfits))}",
            "end the stem before the article or verb, or make every choice fit it",
        )


_ALL_NONE = re.compile(r"\b(?:all|none|both|neither) of (?:the )?(?:above|these|them|those)\b", re.IGNORECASE)


def is_all_none(choice: str) -> bool:
    return bool(_ALL_NONE.search(plain(choice)))


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


# Specific determiners: a choice that says "always" or "never" is seldom right, and students know it.
ABSOLUTE = re.compile(
    r"\b(?:always|never|every|everyone|everything|only|all|none|nothing|nobody|no one|completely|"
    r"entirely|totally|solely|alone|impossible)\b",
    re.IGNORECASE,
)


@question_rule("absolute-distractor", SingleChoice, MultipleChoice)
def _absolute_distractor(q) -> Iterator[Finding]:
    from quizgen.bank.lint.options import combines_statements

    if any(ABSOLUTE.search(plain(k)) for k in q.correct) or combines_statements(q):
        return  # a Type K item's "I only" is its own flaw (combined-choices)
    for i, choice in enumerate(q.choices):
        found = ABSOLUTE.search(plain(choice))
        if choice not in q.correct and found and not is_all_none(choice):
            yield Finding(
                f"choices[{i}]",
                f"the distractor '{plain(choice)}' says '{found[0]}', which no key says: sweeping choices are "
                "ruled out without knowing the fact",
                "word the distractors as carefully as the key",
            )
            return


MIN_TWIN_WORDS = 3  # shorter choices differ "in one word" by nature ("Troposphere", "Stratosphere")


def _one_word_apart(a: str, b: str) -> bool:
    x, y = plain(a).casefold().split(), plain(b).casefold().split()
    if min(len(x), len(y)) < MIN_TWIN_WORDS:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y)) == 1
    if abs(len(x) - len(y)) == 1:
        longer, shorter = (x, y) if len(x) > len(y) else (y, x)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    return False


@question_rule("near-identical-key", SingleChoice, MultipleChoice)
def _near_identical_key(q) -> Iterator[Finding]:
    distractors = [c for c in q.choices if c not in q.correct]
    if any(_one_word_apart(a, b) for i, a in enumerate(distractors) for b in distractors[i + 1 :]):
        return  # twins among the distractors too: the pair no longer marks the key
    for key in q.correct:
        twin = next((c for c in distractors if _one_word_apart(key, c)), None)
        if twin is not None:
            yield Finding(
                "answer",
                f"the key '{plain(key)}' and the distractor '{plain(twin)}' differ in one word: the odd pair "
                "out tells that one of them is right",
                "reword the pair apart, or give the distractors look-alikes of their own",
            )
            return
