"""How fast `-f pdf` is, and how much of that is quizgen rather than WeasyPrint.

    python benchmarks/bench_pdf.py [--sizes 100 1000] [--runs 3] [--versions 4]
    python benchmarks/bench_pdf.py --scale 1000 10000 [--scale-runs 1]

For each synthetic bank it times, as medians of `--runs` runs:

- weasyprint: WeasyPrint alone rendering the very HTML quizgen produces (paper and key, one
  process, its default fetcher and a fresh font configuration each time), the floor we build on;
- quizgen 1 proc: the whole format (plan versions, render templates, fetch through our fetcher,
  write atomically), forced into one process, and its ratio to the line above (target <= 1.2x);
- quizgen pool: the same with the process pool the format uses for big banks;
- versions: `--versions N` (2N documents) in one process and with the pool.

Pages per second count the pages of every PDF written. Run it on an idle machine: other work on
the same cores shows up directly in the numbers.

`--scale` measures long banks the way a user builds them (all cores), each step in a fresh process
so peak memory is its own: a cold paper + key (empty part cache), a warm rebuild after a
one-question edit, and for comparison the same cold build rendered as whole documents (the old
way; `--whole-max` caps the sizes it is tried on, as it needs gigabytes at 10,000 questions).
Peak RSS is the largest of the worker processes (`RUSAGE_CHILDREN`) and the building process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdf  # noqa: E402

from benchmarks.generate import median_time, write_bank  # noqa: E402
from quizgen.bank.load import load_bank  # noqa: E402
from quizgen.formats import BuildOptions  # noqa: E402
from quizgen.formats.pdf import format as pdf  # noqa: E402


def pages(paths) -> int:
    return sum(len(pypdf.PdfReader(p).pages) for p in paths)


def build(bank, out: Path, versions: int, parallel: bool) -> list[Path]:
    pdf.PARALLEL_MIN_QUESTIONS = 0 if parallel else 10**9
    # force: every part rendered again, as in a cold build (no part cache)
    return pdf.PdfFormat(BuildOptions(output_dir=out, versions=versions, force=True)).build(bank, out / bank.id)


def weasyprint_alone(htmls: list[str]) -> int:
    import weasyprint

    return sum(len(weasyprint.HTML(string=html).write_pdf()) for html in htmls)


def child(bank_path: str, out: str, whole: bool) -> None:
    """One build in this fresh process; prints what it measured as JSON."""
    if whole:
        pdf.WHOLE_MAX_QUESTIONS = 10**9
    bank = load_bank(Path(bank_path)).bank
    started = time.perf_counter()
    written = pdf.PdfFormat(BuildOptions(output_dir=Path(out))).build(bank, Path(out) / bank.id)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "pages": pages(written),
                "bytes": [p.stat().st_size for p in written],
                "workers_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def measure(bank: Path, out: Path, whole: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", str(bank), str(out)] + (["--whole"] if whole else [])
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def edit_one_question(bank: Path, round_: int) -> None:
    """Reword question 3 (a short-answer question in every synthetic bank)."""
    text = bank.read_text(encoding="utf-8")
    edited = re.sub(
        r'(prompt: "Question 3: )[^"]*', rf"\g<1>which firm (edit {round_}) did executive 3 come from?", text, count=1
    )
    assert edited != text
    bank.write_text(edited, encoding="utf-8")


def scale(sizes: list[int], runs: int, whole_max: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in sizes:
            bank = write_bank(size, root / f"bank{size}" / "bank.yaml")
            steps = [("cold, in parts", False, False), ("edit one question, warm", False, True)]
            if size <= whole_max:
                steps.append(("cold, whole documents", True, False))
            for label, whole, warm in steps:
                results = []
                for run in range(runs):
                    out = root / f"out{size}-{'whole' if whole else 'parts'}"
                    if warm:
                        if not out.exists():
                            measure(bank, out)
                        edit_one_question(bank, run)
                    else:
                        shutil.rmtree(out, ignore_errors=True)
                    results.append(measure(bank, out, whole))
                middle = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
                rows.append((size, label, middle))
                print(f"{size:>6} {label:<26} {middle['seconds']:8.2f} s", file=sys.stderr, flush=True)
    print(f"cores: {os.cpu_count()}, runs: {runs} (medians), parts of {pdf.CHUNK_QUESTIONS} questions\n")
    print(
        f"{'questions':>9} {'build':<26} {'seconds':>8} {'pages':>6} {'paper KiB':>9} {'key KiB':>8} "
        f"{'worker MiB':>10} {'main MiB':>8}"
    )
    for size, label, r in rows:
        paper, key = (b / 1024 for b in r["bytes"])
        print(
            f"{size:>9} {label:<26} {r['seconds']:8.2f} {r['pages']:6d} {paper:9.0f} {key:8.0f} "
            f"{r['workers_mib']:10.0f} {r['main_mib']:8.0f}"
        )


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        return child(sys.argv[2], sys.argv[3], "--whole" in sys.argv[4:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--versions", type=int, default=4)
    parser.add_argument(
        "--scale",
        type=int,
        nargs="+",
        metavar="SIZE",
        help="measure long banks instead: cold, one-question edit, memory",
    )
    parser.add_argument("--scale-runs", type=int, default=1)
    parser.add_argument(
        "--whole-max", type=int, default=1000, help="with --scale: largest bank also built as whole documents"
    )
    args = parser.parse_args()
    if args.scale:
        return scale(args.scale, args.scale_runs, args.whole_max)

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
