"""How well and how fast `quizgen grade` reads realistically marked sheets, scanned and photographed.

    python benchmarks/bench_photos.py [--sheets 100] [--questions 30] [--takes scan150,scan200,scan300,photo150,photo200]

For each take it prints a sheet (two versions of a bank of `--questions` single, multiple and
true/false questions), marks `--sheets` of them the ways students do (tests/support/photos.py:
fills, light fills, ticks, crosses, off-centre and half fills, with erasures, smudges and double
marks beside them), scans them (`scanDPI`: a quarter with a scanner lid's dark edge, a quarter
with punched holes) or photographs them (`photoDPI`: a dark desk, perspective up to 10°, light
down to 40%, a shadow band, colour JPEG, one in five turned by EXIF), and grades them. It prints
one row per take: pages not read, questions, the share flagged for the teacher (target: under
5%), silent misreads (an answer or student number read wrong without a flag: target 0) and
sheets graded per second on one core. The first take is the baseline the others' speed is
compared with, measured in the same run. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=100)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--takes", default="scan150,scan200,scan300,photo150,photo200")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import cv2

    cv2.setNumThreads(1)
    from click.testing import CliRunner

    from benchmarks.bench_grade import bank_text
    from quizgen.bank.load import load_bank
    from quizgen.cli import cli
    from quizgen.present import answersheet
    from quizgen.scans.grade import Grader
    from tests.support import photos

    missed = False
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bank_path = folder / "bank" / "bench.yaml"
        bank_path.parent.mkdir()
        bank_path.write_text(bank_text(args.questions), encoding="utf-8")
        build = ["build", str(bank_path), "-f", "sheets", "--versions", "2", "--seed", "7", "-o", str(folder), "-q"]
        result = CliRunner().invoke(cli, build)
        assert result.exit_code == 0, result.output
        bank = load_bank(bank_path).bank
        grader = Grader(bank)
        pages = {v: answersheet.sheet(bank, 7, v, "a4").pages[0] for v in "AB"}
        print(
            f"{'take':10} {'pages':>5} {'not read':>8} {'questions':>9} {'flagged':>8} {'silent':>6} {'sheets/s':>9} {'vs first':>8}"
        )
        baseline = None
        for take in args.takes.split(","):
            how, dpi = take.rstrip("0123456789"), int(take[len(take.rstrip("0123456789")) :])
            rendered = {v: photos.render(folder / "bench-grade" / f"bench-grade-sheet-{v}.pdf", dpi) for v in "AB"}
            rng = random.Random(args.seed)
            tally, seconds = photos.Tally(), 0.0
            for i in range(args.sheets):
                version = rng.choice("AB")
                image, filled = photos.fill(rendered[version], pages[version], version, dpi, rng)
                if how == "photo":
                    data = photos.photograph(image, dpi, rng, exif_turn=i % 5 == 4).jpeg
                else:
                    data = photos.scan(image, dpi, rng, lid=i % 4 == 1, holes=i % 4 == 2)
                path = folder / f"{take}-{i}.jpg"
                path.write_bytes(data)
                start = time.process_time()
                results = list(grader.grade_file(path))  # a generator: grade every page now
                seconds += time.process_time() - start
                for page_result in results:
                    tally.add(page_result, filled)
            speed = args.sheets / seconds
            baseline = baseline or speed
            print(
                f"{take:10} {tally.pages:5} {len(tally.not_read):8} {tally.questions:9} "
                f"{tally.flag_rate:8.1%} {len(tally.silent):6} {speed:9.2f} {speed / baseline:8.2f}"
            )
            for file, why in tally.not_read[:3] + tally.silent[:5]:
                print(f"    {Path(file).name}: {why}")
            missed |= bool(tally.not_read or tally.silent) or tally.flag_rate >= 0.05
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
