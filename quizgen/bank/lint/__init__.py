"""`quizgen lint`: item-writing flaws that make a question weaker without making it wrong.

`validate` answers "can this bank be built?"; lint answers "would a careful item writer accept
it?". Each rule has a code, finds one flaw described in the item-writing literature (see
docs/lint.md for the rationale and sources of each), and reports warnings, never errors. An
author silences a rule for one question (`lint: {ignore: [CODE], why: "..."}`) or for the whole
bank (`lint: {ignore: [CODE]}` at the top level).

The rules are heuristics over words, not understanding: they are tuned to flag what an editor
would look at twice, and each message says what to look at. They live by family, each module
registering its rules (`registry`): cues to the key in one question (`cues`), how the choices
relate (`options`), how the stem asks (`stems`), true/false statements (`truefalse`), cloze
blanks (`blanks`), questions against each other (`together`) and the bank's spread (`spread`).
"""

from __future__ import annotations

from typing import Iterable, Iterator

from quizgen.bank.diagnostics import WARNING, Diagnostic
from quizgen.bank.lint import blanks, cues, options, spread, stems, together, truefalse  # noqa: F401 - they register their rules
from quizgen.bank.lint.registry import RULES, Finding, SourceText
from quizgen.bank.model import Bank, Question

# The rules `quizgen lint --results` adds from students' answers (quizgen/report/learn.py): listed
# here so that a bank may silence them like any other rule.
RESULT_CODES = (
    "miskeyed",
    "negative-discrimination",
    "weak-discrimination",
    "strong-distractor",
    "unused-distractor",
    "too-easy",
    "too-hard",
)
CODES: tuple[str, ...] = tuple(sorted([*RULES, *RESULT_CODES]))


def silenced(bank: Bank, question: Question | None, code: str) -> bool:
    """Whether the author silenced rule `code` for the whole bank or for `question`."""
    if bank.lint and code in bank.lint.ignore:
        return True
    return bool(question is not None and question.lint and code in question.lint.ignore)


def findings(bank: Bank, source: SourceText | None = None) -> list[tuple[str, Finding]]:
    """Every rule's findings over the bank, minus what the author silenced, each with its code.
    `source` is the bank's source document, when lint could read one."""
    found: list[tuple[str, Finding]] = []
    for rule in RULES.values():
        if silenced(bank, None, rule.code):
            continue
        if rule.reads_source:
            found += [(rule.code, f) for f in rule.check(bank, source or {})]
            continue
        if not rule.types:
            found += [(rule.code, f) for f in rule.check(bank)]
            continue
        for question in bank.questions:
            if isinstance(question, rule.types):
                found += [(rule.code, f) for f in _with_question(rule.check(question), question)]
    kept = []
    for code, finding in found:
        owner = finding.question
        involved = ([owner] if owner is not None else []) + list(finding.others)
        if not any(silenced(bank, q, code) for q in involved):
            kept.append((code, finding))
    return kept


def lint_bank(bank: Bank, source: SourceText | None = None) -> list[Diagnostic]:
    """Every rule over the bank, minus what the author silenced, as warnings."""
    diagnostics = []
    for code, finding in findings(bank, source):
        where = (finding.question or bank).where(finding.key)
        diagnostics.append(Diagnostic(where, finding.message, WARNING, code, finding.hint))
    return diagnostics


def _with_question(found: Iterable[Finding], question: Question) -> Iterator[Finding]:
    for finding in found:
        yield Finding(finding.key, finding.message, finding.hint, question, finding.others)
