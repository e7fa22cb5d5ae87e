"""How fast `-f pdf` is, and how much of that is quizgen rather than WeasyPrint.

    python benchmarks/bench_pdf.py [--sizes 100 1000] [--runs 3] [--versions 4]

For each synthetic bank it times, as medians of `--runs` runs:

- weasyprint: WeasyPrint alone rendering the very HTML quizgen produces (paper and key, one
  process, its default fetcher and a fresh font configuration each time), the floor we build on;
- quizgen 1 proc: the whole format (plan versions, render templates, fetch through our fetcher,
  write atomically), forced into one process, and its ratio to the line above (target <= 1.2x);
- quizgen pool: the same with the process pool the format uses for big banks;
- versions: `--versions N` (2N documents) in one process and with the pool.

Pages per second count the pages of every PDF written. Run it on an idle machine: other work on
the same cores shows up directly in the numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdf  # noqa: E402

from benchmarks.generate import write_bank  # noqa: E402
from quizgen.formats import BuildOptions  # noqa: E402
from quizgen.formats import pdf  # noqa: E402
from quizgen.load import load_bank  # noqa: E402


def median_time(func, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def pages(paths) -> int:
    return sum(len(pypdf.PdfReader(p).pages) for p in paths)


def build(bank, out: Path, versions: int, parallel: bool) -> list[Path]:
    pdf.PARALLEL_MIN_QUESTIONS = 0 if parallel else 10**9
    return pdf.PdfFormat(BuildOptions(output_dir=out, versions=versions)).build(bank, out / bank.id)


def weasyprint_alone(htmls: list[str]) -> int:
    import weasyprint

    return sum(len(weasyprint.HTML(string=html).write_pdf()) for html in htmls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--versions", type=int, default=4)
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pdf.render("<p>warm up</p>", root)  # import, fonts: paid once per run, as in a real build
        for size in args.sizes:
            bank = load_bank(write_bank(size, root / f"bank{size}" / "bank.yaml")).bank
            htmls = [html for _, html in pdf.PdfFormat(BuildOptions()).documents(bank)]
            base, _ = median_time(lambda: weasyprint_alone(htmls), args.runs)
            serial, paths = median_time(lambda: build(bank, root / "serial", 1, False), args.runs)
            count = pages(paths)
            rows.append((f"{size} q, paper+key", "weasyprint alone", base, count, ""))
            rows.append((f"{size} q, paper+key", "quizgen, 1 process", serial, count, f"{serial / base:.2f}x"))
            pooled, _ = median_time(lambda: build(bank, root / "pool", 1, True), args.runs)
            rows.append((f"{size} q, paper+key", "quizgen, pool", pooled, count, f"{pooled / base:.2f}x"))
            if size == min(args.sizes) and args.versions > 1:
                label = f"{size} q, {args.versions} versions"
                one, paths = median_time(lambda: build(bank, root / "v1", args.versions, False), args.runs)
                count = pages(paths)
                rows.append((label, "quizgen, 1 process", one, count, ""))
                many, _ = median_time(lambda: build(bank, root / "vp", args.versions, True), args.runs)
                rows.append((label, "quizgen, pool", many, count, f"{one / many:.2f}x faster"))

    print(f"cores: {os.cpu_count()}, runs: {args.runs} (medians)\n")
    header = ("bank", "what", "seconds", "pages", "pages/s", "vs")
    print(f"{header[0]:<24} {header[1]:<20} {header[2]:>8} {header[3]:>6} {header[4]:>8}  {header[5]}")
    for bank, what, seconds, count, versus in rows:
        print(f"{bank:<24} {what:<20} {seconds:8.2f} {count:6d} {count / seconds:8.1f}  {versus}")


if __name__ == "__main__":
    main()
