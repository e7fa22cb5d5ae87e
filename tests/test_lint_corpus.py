"""`quizgen lint` measured on the labelled corpus (tests/roots/lint-corpus): recall and precision
overall reach 90%, and docs/lint.md shows the per-rule numbers as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.bank import lint
from tests.support import lint_corpus

REPO = Path(__file__).resolve().parent.parent
TARGET = 0.9
START, END = "<!-- corpus table: python -m tests.support.lint_corpus -->\n", "<!-- end of corpus table -->"


@pytest.fixture(scope="module")
def scores():
    return {half: lint_corpus.score(half) for half in lint_corpus.HALVES}


def test_the_corpus_is_large_and_labels_real_codes(scores):
    assert lint_corpus.pooled(scores).items >= 200
    for half in lint_corpus.HALVES:
        assert scores[half].items >= 40, half
        for banks in lint_corpus.labels(half).values():
            used = set(banks["questions"].values()) | set(banks["bank"])
            assert used <= set(lint.CODES) | {lint_corpus.CLEAN}, half


NEW_RULES = (
    "absolute-distractor",
    "brittle-blank",
    "combined-choices",
    "common-blank",
    "compound-statement",
    "cross-leak",
    "fragment-stem",
    "near-identical-key",
    "overlapping-choices",
    "truefalse-cue",
    "truefalse-pattern",
    "vague-frequency",
)


@pytest.mark.parametrize("code", NEW_RULES)
def test_every_new_rule_is_measured_on_several_flaws(scores, code):
    whole = lint_corpus.pooled(scores)
    assert whole.right[code] + whole.missed[code] >= 2, code


def test_recall_and_precision_reach_the_target(scores):
    whole = lint_corpus.pooled(scores)
    assert whole.recall() >= TARGET, whole.mistakes
    assert whole.precision() >= TARGET, whole.mistakes


def test_the_docs_show_the_numbers_as_they_are(scores):
    docs = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    shown = docs[docs.index(START) + len(START) : docs.index(END)]
    assert shown == lint_corpus.table(scores), "run python -m tests.support.lint_corpus and paste its tables"


@pytest.mark.parametrize("code", ["brittle-blank", "near-duplicate"])
def test_the_source_and_paraphrase_checks_reach_the_target_on_their_own(scores, code):
    whole = lint_corpus.pooled(scores)
    assert whole.recall(code) >= TARGET, [m for m in whole.mistakes if code in m]
    assert whole.precision(code) >= TARGET, [m for m in whole.mistakes if code in m]
