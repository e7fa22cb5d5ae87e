"""What sections cost the PDF: a bank of N one-question sections against the same N questions
without sections, each built with `quizgen build -f pdf` in a fresh process.

    python benchmarks/bench_sections.py [--questions 2000] [--runs 1] [--jobs 2]

Sections should cost no more than the questions they hold: a heading each, printed before its
question. A bank of 10,000 sections once took the PDF past 180 s, because the header listed every
section in one table, rendered in one part that no other core could share. The table prints the
baseline (no sections) and the sectioned bank measured in the same run, with the CPU time of
the build and its workers and the ratio of those; the peak is the largest RSS of any process
measured so far.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def bank_text(questions: int, sections: bool) -> str:
    lines = [f"id: bench-{'sections' if sections else 'flat'}", "title: Sections benchmark"]
    lines.append("sections:" if sections else "questions:")
    for i in range(questions):
        pad = "      " if sections else "  "
        if sections:
            lines += [f"  - title: Part {i}", "    questions:"]
        lines += [
            f"{pad}- id: q{i}",
            f"{pad}  type: single",
            f"{pad}  prompt: Question {i}, which of these is right?",
            f"{pad}  choices: [Right {i}, Wrong {i}, Other {i}]",
            f"{pad}  answer: Right {i}",
        ]
    return "\n".join(lines) + "\n"


def build(bank: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Seconds, CPU seconds (the build and its workers: steadier than the clock on a shared
    machine) and peak MiB of one full PDF build in a fresh process (no cache)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "quizgen", "build", bank, "-f", "pdf", "-o", out, "-q", "--force", "-j", str(jobs)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for sections in (False, True):
            bank = folder / f"{'sections' if sections else 'flat'}.yaml"
            bank.write_text(bank_text(args.questions, sections), encoding="utf-8")
            runs = [build(bank, folder / f"out-{run}-{bank.stem}", args.jobs) for run in range(args.runs)]
            rows.append((bank.stem, *(statistics.median(r[i] for r in runs) for i in (0, 1)), max(r[2] for r in runs)))
    base = rows[0][2]
    print(f"{args.questions:,} questions, -f pdf, -j {args.jobs}, median of {args.runs} run(s)")
    print("| bank | time | CPU time | CPU vs no sections | peak so far |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, seconds, cpu, peak in rows:
        print(f"| {name} | {seconds:.1f} s | {cpu:.1f} s | {cpu / base:.2f}x | {peak:,.0f} MiB |")


if __name__ == "__main__":
    main()
