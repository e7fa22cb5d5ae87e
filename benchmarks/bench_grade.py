"""How many scanned answer sheets `quizgen grade` reads per second, on one core.

    python benchmarks/bench_grade.py [--sheets 40] [--runs 3] [--questions 30] [--dpi 150]

It prints sheets for a synthetic bank of `--questions` single, multiple and true/false questions
(two versions), fills `--sheets` of them with pencil-like marks, scans them the way the tests do
(turned, scaled, shifted, blurred, noisy, JPEG, one in seven upside down) and times grading them,
as the median of `--runs` runs. The work is pinned to one core (os.sched_setaffinity), and
OpenCV is told to use one thread, so the number is per core. Target: at least 2 sheets a second.
Run it on an idle machine: other work on the same core shows up directly in the numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import sheet_bank_text  # noqa: E402


def bank_text(questions: int) -> str:
    return sheet_bank_text(questions, "bench-grade", "Grading benchmark", ("single", "multiple", "truefalse"), 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--questions", type=int, default=30)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import cv2

    cv2.setNumThreads(1)
    from click.testing import CliRunner

    from quizgen.bank.load import load_bank
    from quizgen.cli import cli
    from quizgen.present import answersheet
    from quizgen.scans.grade import Grader
    from tests.test_sheets import fill, jpeg, page_image, random_filling, scan

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bank_path = folder / "bank" / "bench.yaml"
        bank_path.parent.mkdir()
        bank_path.write_text(bank_text(args.questions), encoding="utf-8")
        result = CliRunner().invoke(
            cli,
            [
                "build",
                str(bank_path),
                "-f",
                "sheets",
                "--versions",
                "2",
                "--seed",
                "7",
                "-o",
                str(folder / "out"),
                "-q",
            ],
        )
        assert result.exit_code == 0, result.output
        bank = load_bank(bank_path).bank
        rng = random.Random(1)
        files = []
        for i in range(args.sheets):
            version = "AB"[i % 2]
            base = page_image(folder / "out" / "bench-grade" / f"bench-grade-sheet-{version}.pdf")
            sheet = answersheet.sheet(bank, 7, version, "a4")
            filled = random_filling(rng, bank, version)
            files.append(jpeg(scan(fill(base, sheet, filled, rng), rng, i % 7 == 3), folder / f"s{i}.jpg", rng))
        times = []
        for _ in range(args.runs):
            grader = Grader(bank)
            start = time.perf_counter()
            results = [r for path in files for r in grader.grade_file(path)]
            times.append(time.perf_counter() - start)
            assert all(r.graded for r in results), [r.problem for r in results if not r.graded]
    median = statistics.median(times)
    print(f"{'sheets':>8} {'questions':>10} {'median s':>10} {'sheets/s':>10}")
    print(f"{args.sheets:>8} {args.questions:>10} {median:>10.2f} {args.sheets / median:>10.1f}")


if __name__ == "__main__":
    main()
