"""Benchmark the HTML page: file size, build time, and time until the first question is usable.

    python benchmarks/bench_html.py [--runs 5] [--sizes 100,1000]

"Usable" means the page's script has run (progress restored, handlers attached: it marks
<html data-ready>) and the first question's first control is visible and enabled, timed from the
start of navigation in headless Chromium. Every figure is the median of --runs runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import write_bank  # noqa: E402
from tests.support.browser import launch  # noqa: E402

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
    parser.add_argument("--sizes", nargs="+", type=int, default=[100, 1000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        for size in args.sizes:
            bank = write_bank(size, Path(tmp) / f"bank{size}" / "bank.yaml")
            builds, usable = [], []
            for _ in range(args.runs):
                seconds, page = build_once(bank, Path(tmp) / "out")
                builds.append(seconds)
            time_to_usable(browser, page)  # warm-up: the first launch of a tab is slower
            for _ in range(args.runs):
                usable.append(time_to_usable(browser, page))
            rows.append((size, page.stat().st_size, statistics.median(builds), statistics.median(usable)))
        browser.close()

    print(f"HTML page, medians of {args.runs} runs (build = load + validate + render + write)")
    print(f"{'questions':>9}  {'file size':>10}  {'build':>8}  {'first question usable':>21}")
    for size, nbytes, build, usable in rows:
        print(f"{size:>9}  {nbytes / 1024:>6.0f} KiB  {build:>6.2f} s  {usable * 1000:>18.0f} ms")


if __name__ == "__main__":
    main()
