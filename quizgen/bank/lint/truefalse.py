"""True/false statements: words that tell the key (an absolute in a false statement, a hedge in
a true one), statements that make two claims, and keys that follow a pattern across the bank
(Frisbie & Becker 1991)."""

from __future__ import annotations

import re
from typing import Iterator

from quizgen.bank.lint.registry import Finding, bank_rule, question_rule
from quizgen.bank.lint.words import plain, unquoted
from quizgen.bank.model import Bank, TrueFalse

ABSOLUTE = re.compile(
    r"\b(?:always|never|all|every|everyone|everything|none|nothing|nobody|no one|only|solely|alone|"
    r"completely|entirely|totally|impossible)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:(?-i:may)|might|can sometimes|sometimes|often|usually|generally|mostly|some|many|(?<!the )most|"
    r"frequently|typically|occasionally|probably|likely|tends? to|in some cases)\b",
    re.IGNORECASE,
)


def cue(q: TrueFalse) -> tuple[str, re.Match] | None:
    """("absolute" or "hedge", the word) when the statement has one; the absolute wins."""
    text = unquoted(plain(q.prompt))
    for kind, words in (("absolute", ABSOLUTE), ("hedge", HEDGE)):
        found = words.search(text)
        if found:
            return kind, found
    return None


@question_rule("truefalse-cue", TrueFalse)
def _truefalse_cue(q: TrueFalse) -> Iterator[Finding]:
    found = cue(q)
    if found is None:
        return
    kind, word = found
    if kind == "absolute" and not q.answer:
        yield Finding(
            "prompt",
            f"a false statement that says '{word[0]}': test-wise students mark sweeping statements false",
            "make the statement false for a reason other than its absolute, or drop the absolute",
        )
    elif kind == "hedge" and q.answer:
        yield Finding(
            "prompt",
            f"a true statement hedged with '{word[0]}': test-wise students mark qualified statements true",
            "state the true claim plainly, or hedge false statements as often",
        )


# Two claims in one statement: a clause joined by a conjunction that never joins mere nouns, or
# "and" followed by a new subject ("... and it conducts ...").
_COMPOUND = re.compile(
    r"\b(?:but|because|although|though|whereas|while|so that)\b|;|"
    r"\band\s+(?:it|they|he|she|this|that|these|those|its|their|there)\b",
    re.IGNORECASE,
)


@question_rule("compound-statement", TrueFalse)
def _compound_statement(q: TrueFalse) -> Iterator[Finding]:
    found = _COMPOUND.search(unquoted(plain(q.prompt)))
    if found:
        yield Finding(
            "prompt",
            f"the statement joins two claims ('{found[0].strip(' ,')}'): one may be true and the other false",
            "split it into two statements, one claim each",
        )


MIN_BALANCED = 4  # fewer questions of a kind than this are too few to call unbalanced
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


CUE_PAYS = 0.8  # guessing by the cue word right this often (8 of 10, 4 of 5) is a pattern to break


@bank_rule("truefalse-pattern")
def _truefalse_pattern(bank: Bank) -> Iterator[Finding]:
    statements = [(q, cue(q)) for q in bank.questions if isinstance(q, TrueFalse)]
    for kind, guess, said in (("absolute", False, "an absolute word"), ("hedge", True, "a hedge")):
        cued = [q for q, found in statements if found and found[0] == kind]
        right = sum(q.answer == guess for q in cued)
        if len(cued) >= MIN_BALANCED and right >= CUE_PAYS * len(cued):
            side = "true" if guess else "false"
            yield Finding(
                "questions",
                f"guessing {side} whenever {said} appears scores {right} of {len(cued)} true/false statements",
                f"write {'true' if not guess else 'false'} statements with {said} too",
            )
