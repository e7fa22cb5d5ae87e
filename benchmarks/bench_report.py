"""Benchmark `quizgen report`: a class of thousands of students, from their answers to the HTML.

    python benchmarks/bench_report.py [--students 1000 10000] [--questions 50] [--runs 3]

The class is generated: each student has an ability, and answers each question of a generated
bank right with a chance that grows with it (a wrong pick is a random distractor), saved as the
page's attempts files, joined in one JSON list. Each row times reading the attempts, the statistics and the
HTML, CSV and JSON, in one process, against a baseline measured in the same run: `json.loads` of
the same file (what any reader of it must pay). Figures are medians of --runs runs; the load
average (1, 5, 15 minutes) at the start is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import write_bank  # noqa: E402


def write_class(bank, students: int, path: Path) -> Path:
    from quizgen.bank.model import MultipleChoice, SingleChoice, TrueFalse

    rng = random.Random(students)
    attempts = []
    for n in range(students):
        ability = rng.random()
        answers = []
        for q in bank.questions:
            right = rng.random() < 0.2 + 0.7 * ability
            if isinstance(q, TrueFalse):
                answers.append({"id": q.id, "response": q.answer if right else not q.answer})
            elif isinstance(q, SingleChoice):
                key = q.choices.index(q.correct[0])
                answers.append({"id": q.id, "response": key if right else rng.randrange(len(q.choices))})
            elif isinstance(q, MultipleChoice):
                keys = [i for i, c in enumerate(q.choices) if c in q.correct]
                answers.append({"id": q.id, "response": keys if right else keys[:1]})
            else:
                answers.append({"id": q.id, "earned": q.points if right else 0, "points": q.points})
        exam = {"attempt": 1, "first": True, "mode": "exam", "at": "2026-12-06T10:00:00Z", "questions": answers}
        attempts.append(
            {"format": "quizgen-attempts", "version": 1, "bank": bank.id, "student": f"s{n}", "attempts": [exam]}
        )
    path.write_text(json.dumps(attempts), encoding="utf-8")
    return path


def report_once(bank, results: Path) -> float:
    from quizgen.report import analysis, read, render

    started = time.perf_counter()
    reading = read.read(bank, [results])
    assert not reading.failed, reading.problems[:3]
    found = analysis.analyse(bank, reading.attempts)
    render.html(found, students=True)
    render.csv_table(found)
    render.json_data(found, students=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", nargs="+", type=int, default=[1000, 10000])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from quizgen.bank.load import load_bank

    rows = []
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        loaded = load_bank(write_bank(args.questions, Path(tmp) / "bank.yaml"))
        assert loaded.bank is not None, loaded.diagnostics
        bank = loaded.bank
        report_once(bank, write_class(bank, 10, Path(tmp) / "warm.json"))  # imports and catalogs, once
        for students in args.students:
            results = write_class(bank, students, Path(tmp) / f"class{students}.json")
            baseline, full = [], []
            for _ in range(args.runs):
                started = time.perf_counter()
                json.loads(results.read_text(encoding="utf-8"))
                baseline.append(time.perf_counter() - started)
                full.append(report_once(bank, results))
            rows.append((students, results.stat().st_size, statistics.median(baseline), statistics.median(full)))

    # The machine is shared: the load says how far the seconds are from an idle core's.
    print(f"quizgen report, {args.questions} questions, medians of {args.runs} runs, load average {load}")
    print(f"{'students':>8}  {'file size':>9}  {'json.loads':>10}  {'read + statistics + HTML/CSV/JSON':>34}")
    for students, nbytes, baseline, full in rows:
        print(f"{students:>8}  {nbytes / 2**20:>5.1f} MiB  {baseline:>8.2f} s  {full:>32.2f} s")


if __name__ == "__main__":
    main()
