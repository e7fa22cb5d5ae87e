"""Cloze blanks that grade unfairly: one whose answer has another form, written by the bank
elsewhere or by the paragraph of the source the question cites, that the blank does not accept;
and one that hides a word anyone could fill in."""

from __future__ import annotations

from typing import Iterator

from quizgen.bank.lint.registry import Finding, SourceText, bank_rule, question_rule
from quizgen.bank.lint.variants import other_forms, spellings
from quizgen.bank.lint.words import FUNCTION_WORDS, WORD, fold, plain, quoted
from quizgen.bank.model import Bank, Cloze, ShortAnswer
from quizgen.text import cloze


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


def _same(text: str) -> str:
    return " ".join(plain(text).casefold().split())


@bank_rule("brittle-blank", reads_source=True)
def _brittle_blank(bank: Bank, source: SourceText) -> Iterator[Finding]:
    written: dict[str, str] | None = None
    for q in bank.questions:
        if not isinstance(q, Cloze):
            continue
        written = written if written is not None else _bank_words(bank)
        cited = [source[c.section, c.paragraph] for c in q.source if (c.section, c.paragraph) in source]
        for number in cloze.numbers(q.text):
            answers = [d.answer for d in cloze.deletions(q.text) if d.number == number]
            accepted = {_same(a) for a in answers} | {_same(a) for a in q.accept.get(f"c{number}", ())}
            found = next((r for r in (_respelled(a, written) for a in answers) if r), None)
            if found is not None and _same(found[0]) not in accepted:
                respelled, seen = found
                yield Finding(
                    "text",
                    f"cloze c{number} accepts only '{plain(answers[0])}', but the bank itself writes '{seen}'",
                    f"accept the other spelling too (accept: {{c{number}: [{respelled}]}})",
                    q,
                )
                continue
            said = [form for a in answers for text in cited for form in other_forms(plain(a), text)]
            said = [form for form in dict.fromkeys(said) if _same(form) not in accepted]
            if said:
                yield Finding(
                    "text",
                    f"cloze c{number} accepts only '{plain(answers[0])}', but the source paragraph it cites "
                    f"says {quoted(said)}",
                    f"accept what the source says too (accept: {{c{number}: [{', '.join(said)}]}})",
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
