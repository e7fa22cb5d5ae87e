"""Recall and precision of `quizgen lint` on the labelled corpus in tests/roots/lint-corpus.

Each part holds banks and a labels.yaml giving each question's flaw (a lint code) or `clean`, and each bank's
flaws as a whole. A warning counts as right when its code is the label of the question (or bank)
it is about; a label no warning matches is missed.

The parts, in the order they were written: `dev`, the rules were tuned on it; `heldout`, scored
once when the rules were first done, then tuned on; `fresh`, written then, scored once, then tuned
on; `final`, written then and scored once at the end (docs/lint.md gives each first score).

`python -m tests.support.lint_corpus` prints the table docs/lint.md holds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from quizgen.bank import lint
from quizgen.bank.diagnostics import Report
from quizgen.bank.load import load_bank
from quizgen.commands import grounding

CORPUS = Path(__file__).resolve().parent.parent / "roots" / "lint-corpus"
HALVES = ("dev", "heldout", "fresh", "final")
CLEAN = "clean"


@dataclass
class Score:
    right: Counter = field(default_factory=Counter)  # per code: warnings on a question labelled with it
    wrong: Counter = field(default_factory=Counter)  # per code: warnings on a question not labelled with it
    missed: Counter = field(default_factory=Counter)  # per code: labels no warning matched
    items: int = 0  # questions and banks scored
    mistakes: list[str] = field(default_factory=list)  # each wrong or missed warning, to read

    def add(self, where: str, labelled: set[str], warned: set[str]) -> None:
        self.items += 1
        for code in warned & labelled:
            self.right[code] += 1
        for code in warned - labelled:
            self.wrong[code] += 1
            self.mistakes.append(f"{where}: warned {code}, labelled {sorted(labelled) or CLEAN}")
        for code in labelled - warned:
            self.missed[code] += 1
            self.mistakes.append(f"{where}: missed {code}")

    def recall(self, code: str | None = None) -> float | None:
        right = self.right[code] if code else sum(self.right.values())
        missed = self.missed[code] if code else sum(self.missed.values())
        return right / (right + missed) if right + missed else None

    def precision(self, code: str | None = None) -> float | None:
        right = self.right[code] if code else sum(self.right.values())
        wrong = self.wrong[code] if code else sum(self.wrong.values())
        return right / (right + wrong) if right + wrong else None


def labels(half: str) -> dict:
    return yaml.safe_load((CORPUS / half / "labels.yaml").read_text(encoding="utf-8"))


def score(half: str) -> Score:
    result = Score()
    for name, labelled in labels(half).items():
        loaded = load_bank(CORPUS / half / name)
        assert loaded.bank is not None, [str(d) for d in loaded.diagnostics]
        bank = loaded.bank
        per_question = {q.id: set() for q in bank.questions}
        on_bank: set[str] = set()
        report = Report()
        document = grounding.bank_document(bank, None, report)
        assert not report.diagnostics, [str(d) for d in report.diagnostics]
        for code, finding in lint.findings(bank, grounding.paragraph_texts(document)):
            (per_question[finding.question.id] if finding.question else on_bank).add(code)
        assert set(labelled["questions"]) == set(per_question), f"{half}/{name}: label every question, no other"
        for qid, label in labelled["questions"].items():
            result.add(f"{half}/{name}:{qid}", set() if label == CLEAN else {label}, per_question[qid])
        result.add(f"{half}/{name}", set(labelled["bank"]), on_bank)
    return result


def pooled(scores: dict[str, Score]) -> Score:
    total = Score()
    for s in scores.values():
        total.right += s.right
        total.wrong += s.wrong
        total.missed += s.missed
        total.items += s.items
        total.mistakes += s.mistakes
    return total


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def table(scores: dict[str, Score]) -> str:
    """Each rule over the whole corpus, then each part and the whole as one line each."""
    whole = pooled(scores)
    lines = ["| rule | labelled flaws | warnings | recall | precision |", "| --- | ---: | ---: | ---: | ---: |"]
    for code in (c for c in lint.CODES if c not in lint.RESULT_CODES):  # those learn from answers, not text
        flaws = whole.right[code] + whole.missed[code]
        warned = whole.right[code] + whole.wrong[code]
        lines.append(
            f"| `{code}` | {flaws} | {warned} | {_percent(whole.recall(code))} | {_percent(whole.precision(code))} |"
        )
    lines += [
        "",
        "| part | questions and banks | labelled flaws | recall | precision |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, s in [*scores.items(), ("**all**", whole)]:
        flaws = sum((s.right + s.missed).values())
        lines.append(f"| {name} | {s.items} | {flaws} | {_percent(s.recall())} | {_percent(s.precision())} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    halves = sys.argv[1:] or list(HALVES)  # name parts to score only those
    scores = {half: score(half) for half in halves}
    print(table(scores), end="")
    for half, s in scores.items():
        print(f"\n{half}: {s.items} items", *s.mistakes, sep="\n  ", file=sys.stderr)
