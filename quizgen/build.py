"""`quizgen build` and `quizgen validate`, top to bottom: find banks, load and check each, write.

Read `build()` to follow a bank from file to output.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from quizgen import formats, incremental, output
from quizgen.diagnostics import Diagnostic, summary
from quizgen.formats import BuildError, BuildOptions, FormatUnavailable
from quizgen.load import DEFAULT_MAX_BYTES, LoadResult, load_bank

DEFAULT_BANK_FOLDER = Path("questions")
BANK_SUFFIXES = (".yaml", ".yml")

Echo = Callable[[str], None]


class NoBanks(Exception):
    """The paths given hold no bank files (a usage mistake, exit 2)."""


def find_banks(paths: Iterable[Path]) -> list[Path]:
    """Bank files named directly, or found (sorted) below the folders named."""
    found: list[Path] = []
    for path in paths or [DEFAULT_BANK_FOLDER]:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            found.append(path)
        else:
            raise NoBanks(f"{path}: no such file or folder")
    if not found:
        raise NoBanks(f"no bank files (*.yaml) found in {', '.join(map(str, paths or [DEFAULT_BANK_FOLDER]))}")
    return found


def load_all(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[LoadResult]:
    results = [load_bank(path, max_bytes=max_bytes) for path in paths]
    _check_unique_bank_ids(results)
    return results


def _check_unique_bank_ids(results: list[LoadResult]) -> None:
    owners: dict[str, LoadResult] = {}
    for result in results:
        if result.bank is None:
            continue
        first = owners.setdefault(result.bank.id, result)
        if first is not result:
            result.diagnostics.append(Diagnostic(result.bank.where("id"),
                                                 f"bank id '{result.bank.id}' is also used by {first.path}; "
                                                 "both would build into the same output folder"))


def report_diagnostics(results: list[LoadResult], echo_err: Echo) -> bool:
    """Print every diagnostic, sorted by place, then a count. True when there were errors."""
    lines = {r.path: r.lines for r in results}
    every = sorted((d for r in results for d in r.diagnostics), key=Diagnostic.sort_key)
    for diagnostic in every:
        echo_err(diagnostic.format(lines.get(diagnostic.location.path)))
    if every:
        echo_err(summary(every))
    return any(d.is_error for d in every)


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    failed: bool = False


def validate(paths: list[Path], *, echo: Echo, echo_err: Echo, max_bytes: int = DEFAULT_MAX_BYTES) -> bool:
    results = load_all(find_banks(paths), max_bytes)
    failed = report_diagnostics(results, echo_err)
    for result in results:
        if result.ok:
            echo(f"{result.path}: ok, {len(result.bank.questions)} questions")
    return not failed


def build(paths: list[Path], format_names: list[str], options: BuildOptions, *, echo: Echo,
          echo_err: Echo, max_bytes: int = DEFAULT_MAX_BYTES) -> BuildReport:
    """Load every bank, report every problem, then build each valid bank in each format.

    An invalid bank is not built (its earlier outputs stay as they were); the other banks are.
    """
    report = BuildReport()
    build_started = time.time()  # temporary files older than this may be leftovers of killed builds
    results = load_all(find_banks(paths), max_bytes)
    report.failed = report_diagnostics(results, echo_err)
    valid_banks = [r.bank for r in results if r.ok]
    builders = _Builders(options, echo_err)
    started = time.perf_counter()
    for bank in valid_banks:
        out_dir = options.output_dir / bank.id
        if format_names:
            output.sweep_stale(out_dir, build_started)  # what killed builds left behind
        for name in format_names:
            build_one(bank, name, builders, out_dir, options, report, echo, echo_err)
    report.failed |= builders.unavailable
    if report.written or report.up_to_date:
        echo(f"{len(report.written)} written, {len(report.up_to_date)} up to date "
             f"in {time.perf_counter() - started:.1f} s")
    return report


class _Builders:
    """Format instances, made on first use: an up-to-date format is never imported, so a
    no-change rebuild does not pay for WeasyPrint or genanki."""

    def __init__(self, options: BuildOptions, echo_err: Echo):
        self.options = options
        self.echo_err = echo_err
        self.made: dict[str, formats.Format | None] = {}
        self.unavailable = False

    def get(self, name: str) -> formats.Format | None:
        if name not in self.made:
            try:
                self.made[name] = formats.load(name)(self.options)
            except FormatUnavailable as error:
                self.echo_err(f"error: {error}")
                self.made[name] = None
                self.unavailable = True
        return self.made[name]


def build_one(bank, format_name: str, builders: _Builders, out_dir: Path, options: BuildOptions,
              report: BuildReport, echo: Echo, echo_err: Echo) -> None:
    """Build one bank in one format, unless an earlier build of the same inputs is still there."""
    if not options.force:
        unchanged = incremental.up_to_date(bank, format_name, options, out_dir)
        if unchanged is not None:
            report.up_to_date += unchanged
            for path in unchanged:
                echo(f"up to date: {path}")
            return
    builder = builders.get(format_name)
    if builder is None:
        return
    started = time.perf_counter()
    try:
        written = builder.build(bank, out_dir)
    except BuildError as error:
        echo_err(f"{error.location}: error: {error}")
        report.failed = True
        return
    seconds = time.perf_counter() - started
    incremental.remember(bank, builder, options, out_dir, written)
    report.written += written
    for path in written:
        echo(f"wrote {path} ({_size(path.stat().st_size)}, {seconds:.2f} s)")


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
