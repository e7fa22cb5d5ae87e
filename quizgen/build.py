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
    builders = []
    for name in format_names:
        try:
            builders.append(formats.load(name)(options))
        except FormatUnavailable as error:
            echo_err(f"error: {error}")
            report.failed = True
    started = time.perf_counter()
    for bank in valid_banks:
        out_dir = options.output_dir / bank.id
        if builders:
            output.sweep_stale(out_dir, build_started)  # what killed builds left behind
        for builder in builders:
            build_one(bank, builder, out_dir, options, report, echo, echo_err)
    if report.written or report.up_to_date:
        echo(f"{len(report.written)} written, {len(report.up_to_date)} up to date "
             f"in {time.perf_counter() - started:.1f} s")
    return report


def build_one(bank, builder, out_dir: Path, options: BuildOptions, report: BuildReport,
              echo: Echo, echo_err: Echo) -> None:
    """Build one bank in one format, unless an earlier build of the same inputs is still there."""
    if not options.force:
        unchanged = incremental.up_to_date(out_dir, builder.name, incremental.fingerprint(bank, builder, options))
        if unchanged is not None:
            report.up_to_date += unchanged
            for path in unchanged:
                echo(f"up to date: {path}")
            return
    started = time.perf_counter()
    try:
        written = builder.build(bank, out_dir)
    except BuildError as error:
        echo_err(f"{error.location}: error: {error}")
        report.failed = True
        return
    seconds = time.perf_counter() - started
    # Fingerprint after building: a format may update its own inputs (the Anki state file).
    incremental.remember(out_dir, builder.name, incremental.fingerprint(bank, builder, options), written)
    report.written += written
    for path in written:
        echo(f"wrote {path} ({_size(path.stat().st_size)}, {seconds:.2f} s)")


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
