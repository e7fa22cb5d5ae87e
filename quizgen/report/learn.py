"""`quizgen lint BANK --results FILE...`: the report's flags as lint warnings at each question's
line, with their numbers and how many students they come from. A question answered by fewer
than `analysis.MIN_SAMPLE` students gets none (docs/lint.md); an author silences a rule as any
other (`lint: {ignore: [miskeyed]}`)."""

from __future__ import annotations

from pathlib import Path

from quizgen.bank.diagnostics import NOTE, WARNING, Diagnostic, Location, shown_path
from quizgen.bank.lint import silenced
from quizgen.report.analysis import Analysis

HINTS = {
    "miskeyed": "check the key: if it is right, reword the choice the strongest students took",
    "negative-discrimination": "check the key and look for a trap that catches those who know more",
    "weak-discrimination": "make the question depend on understanding rather than luck or wording",
    "strong-distractor": "reword the choice so that it is clearly wrong to someone who knows",
    "unused-distractor": "replace it with a mistake students really make",
    "too-easy": "make the distractors more plausible, or keep it on purpose as a warm-up",
    "too-hard": "check that it was taught and that the key is right",
}


def warnings(analysis: Analysis) -> list[Diagnostic]:
    found = []
    for stats in analysis.questions:
        q = stats.question
        for flag in stats.flags:
            if silenced(analysis.bank, q, flag.code):
                continue
            if flag.code == "miskeyed":
                where = q.where("answer")
            elif flag.choice is not None and not isinstance(flag.choice, bool):
                where = q.where(f"choices[{flag.choice}]")
            else:
                where = q.where()
            message = f"{flag.text()} (from {stats.attempts} students)"
            found.append(Diagnostic(where, message, WARNING, flag.code, HINTS[flag.code]))
    return found


def sample_notes(analysis: Analysis, results: list[Path]) -> list[Diagnostic]:
    """One note when too few students were read for any warning: silence would read as "all well"."""
    if analysis.attempts >= analysis.min_sample or not results:
        return []
    message = (
        f"answers of {analysis.attempts} student(s) read from the result files: lint warns from answers "
        f"only when at least {analysis.min_sample} students answered a question (docs/lint.md)"
    )
    return [Diagnostic(Location(shown_path(results[0]), 1, 1), message, NOTE)]
