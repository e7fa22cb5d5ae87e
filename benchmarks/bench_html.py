"""Benchmark the HTML page against an earlier version of quizgen, side by side in one run: file
size, build time, and time until the first question is usable.

    python benchmarks/bench_html.py [--runs 5] [--sizes 1000 10000] [--baseline d1f9a30]

The baseline is quizgen as it was at a git revision (default: the last one that wrote every
question's markup into the page), taken from this repository's history with `git archive`, so
old and new pages are built from the same banks on the same machine, minutes apart. Each build
runs in a process of its own with the Markdown cache cold ("build" = load + validate + render +
write). "Usable" means the page's script has run (progress restored, handlers attached: it marks
<html data-ready>) and the first question's first control is visible and enabled, timed from the
start of navigation in headless Chromium; old and new pages are opened in turn, each of them first
every other run. Every figure is the median of --runs runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Which quizgen to import: this tree's, or a baseline's when the script runs as its build worker.
CODE = Path(os.environ.get("QUIZGEN_BENCH_CODE", REPO))
sys.path[:0] = [str(CODE), str(REPO)] if CODE != REPO else [str(REPO)]

BASELINE = "d1f9a30"  # the page before it drew its questions from data (issue 33)

FIRST_USABLE = """() => {
  if (document.documentElement.dataset.ready !== "true") return false;
  const first = document.querySelector("fieldset.question input, fieldset.question select");
  return !!first && !first.disabled && first.getBoundingClientRect().height > 0;
}"""


def build_once(bank: Path, out: Path) -> tuple[float, Path]:
    from quizgen.bank.load import load_bank
    from quizgen.formats import BuildOptions
    from quizgen.formats.html.format import HtmlFormat
    from quizgen.text import markup

    markup.forget()  # measure a cold build, not the cache
    started = time.perf_counter()
    result = load_bank(bank)
    assert result.ok, result.diagnostics
    [page] = HtmlFormat(BuildOptions(output_dir=out)).build(result.bank, out / result.bank.id)
    return time.perf_counter() - started, page


def build_with(code: Path, bank: Path, out: Path, runs: int) -> tuple[float, Path]:
    """Median build time of `bank` by the quizgen in `code`, in a process of its own."""
    env = {**os.environ, "QUIZGEN_BENCH_CODE": str(code), "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(bank), str(out), str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, page = json.loads(done.stdout.splitlines()[-1])
    return seconds, Path(page)


def baseline_tree(revision: str, into: Path) -> Path:
    """quizgen's files as they were at `revision`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def time_to_usable(browser, page: Path) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    started = time.perf_counter()
    tab.goto(page.as_uri(), wait_until="commit")
    tab.wait_for_function(FIRST_USABLE, polling="raf")
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
    parser.add_argument("--baseline", default=BASELINE, help="the git revision to compare with")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from benchmarks.generate import write_bank
    from tests.support.browser import launch

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        trees = {"old": baseline_tree(args.baseline, Path(tmp) / "baseline"), "new": REPO}
        browser = launch(playwright)
        for size in args.sizes:
            bank = write_bank(size, Path(tmp) / f"bank{size}" / "bank.yaml")
            built = {
                name: build_with(tree, bank, Path(tmp) / f"out-{name}-{size}", args.runs)
                for name, tree in trees.items()
            }
            usable: dict[str, list[float]] = {name: [] for name in trees}
            for name in trees:
                time_to_usable(browser, built[name][1])  # warm-up: the first launch of a tab is slower
            for run in range(args.runs):
                # In turn, so both meet the same machine, and first in turn: a page opened right
                # after another meets that one's tab still closing.
                for name in list(trees)[:: 1 if run % 2 else -1]:
                    usable[name].append(time_to_usable(browser, built[name][1]))
            for name in trees:
                seconds, page = built[name]
                rows.append((size, name, page.stat().st_size, seconds, statistics.median(usable[name])))
        browser.close()

    print(f"HTML page, medians of {args.runs} runs; old = quizgen at {args.baseline}, new = this tree")
    print(f"{'questions':>9}  {'page':>4}  {'file size':>10}  {'build':>8}  {'first question usable':>21}")
    for size, name, nbytes, build, usable_s in rows:
        print(f"{size:>9}  {name:>4}  {nbytes / 2**20:>6.2f} MiB  {build:>6.2f} s  {usable_s * 1000:>18.0f} ms")
    for size in args.sizes:
        old, new = (row for row in rows if row[0] == size)
        print(
            f"{size:>9}  new/old: size {new[2] / old[2]:.2f}, build {new[3] / old[3]:.2f}, "
            f"first question usable {new[4] / old[4]:.2f}"
        )


def worker(bank: str, out: str, runs: int) -> None:
    """Build `bank` `runs` times with the quizgen on sys.path; print [median seconds, page]."""
    times, page = [], None
    for _ in range(runs):
        seconds, page = build_once(Path(bank), Path(out))
        times.append(seconds)
    print(json.dumps([statistics.median(times), str(page)]))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
