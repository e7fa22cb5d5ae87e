"""`quizgen report BANK RESULTS...`: read the results, write the report (and its CSV and JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from quizgen.report.analysis import MIN_SAMPLE


def load(bank_path: Path, results: list[Path], *, seed: int, max_bytes: int, echo_err: Callable[[str], None]):
    """The bank and the attempts read from `results`, every problem printed; None when the bank
    is invalid or a result file has an error."""
    from quizgen.bank.collection import report_diagnostics
    from quizgen.bank.load import load_bank
    from quizgen.report import read

    loaded = load_bank(bank_path, max_bytes=max_bytes)
    if report_diagnostics([loaded], echo_err) or loaded.bank is None:
        return None
    reading = read.read(loaded.bank, results, seed=seed)
    for problem in sorted(reading.problems, key=lambda p: p.sort_key()):
        echo_err(problem.format())
    if reading.failed:
        return None
    return loaded.bank, reading.attempts


def run(
    bank_path: Path,
    results: list[Path],
    *,
    output: Path,
    csv: Path | None,
    json: Path | None,
    students: bool,
    seed: int,
    min_sample: int = MIN_SAMPLE,
    echo_err: Callable[[str], None],
    max_bytes: int,
) -> bool:
    from quizgen.report import analysis, render
    from quizgen.runtime.output import write_atomic

    found = load(bank_path, results, seed=seed, max_bytes=max_bytes, echo_err=echo_err)
    if found is None:
        return False
    bank, attempts = found
    if not attempts:
        echo_err("no attempt found in the result files: nothing to report")
        return False
    result = analysis.analyse(bank, attempts, min_sample=min_sample)
    write_atomic(output, render.html(result, students=students))
    if csv is not None:
        write_atomic(csv, render.csv_table(result))
    if json is not None:
        write_atomic(json, render.json_data(result, students=students))
    flagged = sum(len(s.flags) for s in result.questions)
    echo_err(f"{output}: {result.attempts} attempts, {len(result.questions)} questions, {flagged} flags")
    return True
