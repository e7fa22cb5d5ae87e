"""`quizgen build` and `quizgen validate`, top to bottom: find banks, load and check each, write.

Read `build()` to follow a bank from file to output.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from quizgen import formats, incremental, markup, output, parallel, progress
from quizgen.diagnostics import Diagnostic, Report, summary
from quizgen.formats import BuildError, BuildOptions, FormatUnavailable
from quizgen.load import DEFAULT_MAX_BYTES, LoadResult, load_bank
from quizgen.model import Bank

DEFAULT_BANK_FOLDER = Path("questions")
CACHE_FOLDER = ".quizgen-cache"  # in each bank's output folder: work saved for the next build
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
    lines: list[str] = field(default_factory=list)  # the summary: each file written or skipped
    failed: bool = False
    unavailable: list[str] = field(default_factory=list)  # formats whose library is missing


def validate(paths: list[Path], *, echo: Echo, echo_err: Echo, max_bytes: int = DEFAULT_MAX_BYTES) -> bool:
    results = load_all(find_banks(paths), max_bytes)
    failed = report_diagnostics(results, echo_err)
    for result in results:
        if result.ok:
            echo(f"{result.path}: ok, {len(result.bank.questions)} questions")
    return not failed


def build(paths: list[Path], format_names: list[str], options: BuildOptions, *, echo: Echo,
          echo_err: Echo, max_bytes: int = DEFAULT_MAX_BYTES, quiet: bool = False) -> BuildReport:
    """Load every bank, report every problem, then build each valid bank in each format.

    An invalid bank is not built (its earlier outputs stay as they were); the other banks are.
    """
    report = BuildReport()
    build_started = time.time()  # temporary files older than this may be leftovers of killed builds
    results = load_all(find_banks(paths), max_bytes)
    report.failed = report_diagnostics(results, echo_err)
    tasks = plan_tasks([r.bank for r in results if r.ok], format_names, options, report, build_started)
    with progress.bar(len(tasks), quiet=quiet, label="building") as advance:
        for task, outcome in run_tasks(tasks, options):
            advance(f"{task.bank.id}: {task.format_name}")
            record_outcome(task, outcome, options, report, echo_err)
    if not quiet:
        for line in report.lines:
            echo(line)
        if report.written or report.up_to_date:
            echo(f"{len(report.written)} written, {len(report.up_to_date)} up to date "
                 f"in {time.time() - build_started:.1f} s")
    return report


def plan_tasks(banks: list[Bank], format_names: list[str], options: BuildOptions, report: BuildReport,
               build_started: float) -> list["Task"]:
    """Every (bank, format) whose outputs are missing or stale; the others go in the report."""
    tasks = []
    for bank in banks:
        out_dir = options.output_dir / bank.id
        if format_names:
            output.sweep_stale(out_dir, build_started)  # what killed builds left behind
        for name in format_names:
            unchanged = None if options.force else incremental.up_to_date(bank, name, options, out_dir)
            if unchanged is None:
                tasks.append(Task(bank, name, out_dir))
            else:
                report.up_to_date += unchanged
                report.lines += [f"up to date: {path}" for path in unchanged]
    return tasks


@dataclass(frozen=True)
class Task:
    """One bank in one format: the unit of work a build runs, here or in a worker process."""

    bank: Bank
    format_name: str
    out_dir: Path


@dataclass(frozen=True)
class Outcome:
    written: tuple[Path, ...] = ()
    seconds: float = 0
    extra_inputs: tuple[Path, ...] = ()
    error: str = ""           # a BuildError, already formatted
    unavailable: str = ""     # a missing library or system dependency
    notes: tuple[str, ...] = ()  # what the format told the author, already formatted


_builders: dict[str, formats.Format] = {}  # per process: a format's set-up is paid once


def build_task(task: Task, options: BuildOptions) -> Outcome:
    """Build one task. Runs in the building process or in a forked worker; returns plain data."""
    builder = _builders.get(task.format_name)
    if builder is None or builder.options != options:
        try:
            builder = _builders[task.format_name] = formats.load(task.format_name)(options)
        except FormatUnavailable as error:
            return Outcome(unavailable=str(error))
    started = time.perf_counter()
    builder.notes = Report()
    try:
        # One file per format: what each writes then depends on that format alone.
        cache = task.out_dir / CACHE_FOLDER / f"markdown-{task.format_name}.json"
        with markup.persistent_cache(cache):
            written = builder.build(task.bank, task.out_dir)
    except BuildError as error:
        return Outcome(error=f"{error.location}: error: {error}")
    notes = tuple(d.format() for d in builder.notes.sorted())
    return Outcome(tuple(written), time.perf_counter() - started, tuple(builder.extra_inputs(task.bank)),
                   notes=notes)


def run_tasks(tasks: list[Task], options: BuildOptions) -> Iterator[tuple[Task, Outcome]]:
    """Run tasks, yielding each with its outcome as it finishes.

    With more tasks than cores can take two at a time (many banks), whole tasks run in parallel
    and each format keeps to one process. With few (one bank), they run one after another and a
    format may use every core itself (the PDF renders its documents in parallel): a single bank's
    PDF is most of its build, so that is what finishes first.
    """
    workers = min(options.processes(), len(tasks))
    if workers < 2 or len(tasks) <= 2 * workers or not parallel.can_fork():
        for task in tasks:
            yield task, build_task(task, options)
        return
    one_each = dataclasses.replace(options, jobs=1)
    with parallel.pool(workers) as pool:
        futures = {pool.submit(build_task, task, one_each): task for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()


def record_outcome(task: Task, outcome: Outcome, options: BuildOptions, report: BuildReport,
                   echo_err: Echo) -> None:
    if outcome.unavailable:
        if outcome.unavailable not in report.unavailable:  # say it once, not once per bank
            report.unavailable.append(outcome.unavailable)
            echo_err(f"error: {outcome.unavailable}")
        report.failed = True
        return
    if outcome.error:
        echo_err(outcome.error)
        report.failed = True
        return
    for note in outcome.notes:
        echo_err(note)
    # Recorded here, in one process, after the build: formats may update their own inputs.
    incremental.remember(task.bank, task.format_name, options, task.out_dir, list(outcome.written),
                         list(outcome.extra_inputs))
    report.written += outcome.written
    for path in outcome.written:
        report.lines.append(f"wrote {path} ({_size(path.stat().st_size)}, {outcome.seconds:.2f} s)")


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
