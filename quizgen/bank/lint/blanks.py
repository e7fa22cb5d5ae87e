"""Cloze blanks that grade unfairly: one whose answer has a spelling the bank itself writes
elsewhere but the blank does not accept, and one that hides a word anyone could fill in."""

from __future__ import annotations

import re
from typing import Iterator

from quizgen.bank.lint.registry import Finding, bank_rule, question_rule
from quizgen.bank.lint.words import FUNCTION_WORDS, WORD, fold, plain
from quizgen.bank.model import Bank, Cloze, ShortAnswer
from quizgen.text import cloze

# British and American spellings, and the two ways of joining a compound: (pattern, replacement).
_SPELLINGS = [
    (r"our(s|ed|ing|ful|ite|able)?$", r"or\1"),
    (r"([a-z]{2})or(s|ed|ing|ful|ite|able)?$", r"\1our\2"),
    (r"is(e|ed|es|ing|ation|ations)$", r"iz\1"),
    (r"iz(e|ed|es|ing|ation|ations)$", r"is\1"),
    (r"ys(e|ed|es|ing)$", r"yz\1"),
    (r"yz(e|ed|es|ing)$", r"ys\1"),
    (r"([bc])re(s?)$", r"\1er\2"),
    (r"([bc])er(s?)$", r"\1re\2"),
    (r"([aeiou])ll(ed|ing|er|ers|or)$", r"\1l\2"),
    (r"([aeiou])l(ed|ing|er|ers|or)$", r"\1ll\2"),
    (r"ogue(s?)$", r"og\1"),
]


# Pairs no pattern above makes.
_PAIRS = [
    ("grey", "gray"),
    ("aluminium", "aluminum"),
    ("plough", "plow"),
    ("tyre", "tire"),
    ("mould", "mold"),
    ("jewellery", "jewelry"),
    ("programme", "program"),
    ("draught", "draft"),
    ("sceptic", "skeptic"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("cheque", "check"),
]
_OTHER = {a: b for pair in _PAIRS for a, b in (pair, pair[::-1])}


def spellings(word: str) -> set[str]:
    """Other ways to spell one word ("colour": "color"; "labeling": "labelling"; "e-mail": "email")."""
    word = word.casefold()
    found = {re.sub(pattern, replacement, word) for pattern, replacement in _SPELLINGS}
    stem = fold(word)
    if stem in _OTHER:
        found.add(_OTHER[stem] + word[len(stem) :])
    if "-" in word:
        found |= {word.replace("-", ""), word.replace("-", " ")}
    return found - {word}


def _bank_words(bank: Bank) -> dict[str, str]:
    """Every word the bank writes (a hyphenated word also as its parts), by its folded form."""
    words: set[str] = set()
    for q in bank.questions:
        texts = [text for _, text in q.markdown_texts()]
        if isinstance(q, Cloze):
            texts = [cloze.replace(q.text, lambda d, i: d.answer), q.explanation]  # noqa: B023 - called here
            texts += [a for alts in q.accept.values() for a in alts]
        if isinstance(q, ShortAnswer):
            texts += list(q.answer)
        found = [w for text in texts for w in WORD.findall(plain(text))]
        words |= set(found) | {part for w in found if "-" in w for part in w.split("-")}  # "gray-haired": "gray"
    return {fold(w): w for w in sorted(words)}


def _respelled(answer: str, written: dict[str, str]) -> tuple[str, str] | None:
    """The answer with one word spelled the other way the bank writes it, and that written word."""
    words = plain(answer).split()
    for i, word in enumerate(words):
        core = word.strip(".,;:!?\"'()")
        for variant in sorted(spellings(core)):
            if fold(variant) in written:
                return " ".join(words[:i] + [word.replace(core, variant)] + words[i + 1 :]), written[fold(variant)]
    return None


@bank_rule("brittle-blank")
def _brittle_blank(bank: Bank) -> Iterator[Finding]:
    written: dict[str, str] | None = None
    for q in bank.questions:
        if not isinstance(q, Cloze):
            continue
        written = written if written is not None else _bank_words(bank)
        for number in cloze.numbers(q.text):
            answers = [d.answer for d in cloze.deletions(q.text) if d.number == number]
            accepted = {a.casefold() for a in answers} | {a.casefold() for a in q.accept.get(f"c{number}", ())}
            found = next((r for r in (_respelled(a, written) for a in answers) if r), None)
            if found is not None and found[0].casefold() not in accepted:
                respelled, seen = found
                yield Finding(
                    "text",
                    f"cloze c{number} accepts only '{plain(answers[0])}', but the bank itself writes '{seen}'",
                    f"accept the other spelling too (accept: {{c{number}: [{respelled}]}})",
                    q,
                )


@question_rule("common-blank", Cloze)
def _common_blank(q: Cloze) -> Iterator[Finding]:
    for number in cloze.numbers(q.text):
        answer = " ".join(d.answer for d in cloze.deletions(q.text) if d.number == number)
        words = WORD.findall(plain(answer))
        if words and all(w.casefold() in FUNCTION_WORDS for w in words):
            yield Finding(
                "text",
                f"cloze c{number} hides '{plain(answer)}', a word that grammar alone fills in",
                "hide the word that carries the fact",
            )
