"""Hostile files for `quizgen import` and `quizgen grade` (issue 27): time and peak memory of each.

    python benchmarks/bench_hostile_inputs.py [--runs 1] [--only NAME ...]

Each case writes its file to a temporary folder and runs the command on it in a fresh process
that reports its own peak RSS (resource.getrusage). The baseline row is a small file of the
same kind, measured in the same run. What the limits promise (docs/security.md): each case is
refused or done in seconds, and grading stays under 500 MiB however many pages a file has.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable, NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.scan_files import A6, BANK, blank_pdf, tiff_frames  # noqa: E402


def gift(count: int) -> Callable[[Path], list[str]]:
    def write(folder: Path) -> list[str]:
        path = folder / "quiz.gift"
        with path.open("w", encoding="utf-8") as out:
            for n in range(count):
                out.write(f"Question {n}? {{=yes ~no}}\n\n")
        return ["import", str(path)]

    return write


def quizlet(count: int) -> Callable[[Path], list[str]]:
    def write(folder: Path) -> list[str]:
        path = folder / "cards.txt"
        path.write_text("".join(f"term {n}\tdefinition {n}\n" for n in range(count)), encoding="utf-8")
        return ["import", str(path), "--format", "quizlet"]

    return write


def workbook_bomb(folder: Path) -> list[str]:
    """A workbook whose sheet inflates to 400 MB from about 0.4 MB."""
    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            block = b"<row><c><v>1</v></c></row>" * 40_000
            for _ in range(400_000_000 // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return ["import", str(path)]


def comments(folder: Path) -> list[str]:
    path = folder / "comments.dat"
    path.write_text("<!--a-->" * 41 + "x", encoding="utf-8")
    return ["import", str(path)]


def scans(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def write(folder: Path) -> list[str]:
        (folder / "bank.yaml").write_text(BANK, encoding="utf-8")
        (folder / name).write_bytes(data)
        return ["grade", str(folder / "bank.yaml"), str(folder / name), "-o", str(folder / "results.csv")]

    return write


class Case(NamedTuple):
    name: str
    write: Callable[[Path], list[str]]


CASES = [
    Case("baseline: 100 GIFT questions", gift(100)),
    Case("1,000,000 GIFT questions", gift(1_000_000)),
    Case("100,000 Quizlet cards", quizlet(100_000)),
    Case("a workbook that inflates to 400 MB", workbook_bomb),
    Case("330 bytes of <!--a--> (detection)", comments),
    Case("baseline: 20 blank pages (grade)", scans("pages.pdf", blank_pdf(20, *A6))),
    Case("2,000 blank pages (grade)", scans("pages.pdf", blank_pdf(2_000, *A6))),
    Case("40 pages of 200 inches square (grade)", scans("huge.pdf", blank_pdf(40, 14_400, 14_400))),
    Case("40 frames of 9,000 x 9,000 (grade)", scans("huge.tif", tiff_frames(40, 9_000, 9_000))),
]

MEASURE = (
    "import resource, runpy, sys\n"
    "try:\n"
    "    runpy.run_module('quizgen', run_name='__main__')\n"
    "finally:\n"
    "    print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def run(args: list[str], cwd: Path) -> tuple[float, float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1].split()[1]) / 1024
    said = next((line for line in lines if "error: " in line), lines[-2] if len(lines) > 1 else "")
    return elapsed, peak, said.split("error: ", 1)[-1][:80]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    print("| case | time | peak | what it says |")
    print("| --- | ---: | ---: | --- |")
    for case in CASES:
        if args.only and not any(word in case.name for word in args.only):
            continue
        with tempfile.TemporaryDirectory() as folder:
            command = case.write(Path(folder))
            runs = [run(command, Path(folder)) for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        print(f"| {case.name} | {seconds:.1f} s | {peak:,.0f} MiB | {runs[-1][2]} |", flush=True)


if __name__ == "__main__":
    main()
