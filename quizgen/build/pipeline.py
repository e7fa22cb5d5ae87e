"""`quizgen build` and `quizgen validate`, top to bottom: find banks, load and check each, write.

Read `build()` to follow a bank from file to output.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from quizgen import formats
from quizgen.bank import lint as linter
from quizgen.bank.collection import find_banks, load_all, report_diagnostics
from quizgen.bank.diagnostics import WARNING, Diagnostic, Report, plural, shown_path
from quizgen.bank.load import DEFAULT_MAX_BYTES, LoadResult
from quizgen.bank.model import Bank
from quizgen.build import incremental, markdown_cache, progress
from quizgen.formats import BuildError, BuildOptions, FormatUnavailable
from quizgen.runtime import output, parallel
from quizgen.text.numbers import byte_size

CACHE_FOLDER = ".quizgen-cache"  # in each bank's output folder: work saved for the next build

Echo = Callable[[str], None]


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the summary: each file written or skipped
    failed: bool = False
    unavailable: list[str] = field(default_factory=list)  # formats whose library is missing
    errors: list[str] = field(default_factory=list)  # build errors shown, each once


def validate(paths: list[Path], *, echo: Echo, echo_err: Echo, max_bytes: int = DEFAULT_MAX_BYTES) -> bool:
    results = load_all(find_banks(paths), max_bytes)
    failed = report_diagnostics(results, echo_err)
    for result in results:
        if result.ok:
            assert result.bank is not None  # ok: loaded
            echo(f"{shown_path(result.path)}: ok, {plural(len(result.bank.questions), 'question')}")
    return not failed


class OneSourceManyBanks(Exception):
    """`lint --source` given with paths that hold several banks (a usage mistake, exit 2)."""


def lint(
    paths: list[Path],
    *,
    strict: bool = False,
    source: Path | None = None,
    echo: Echo,
    echo_err: Echo,
    max_bytes: int = DEFAULT_MAX_BYTES,
    results: list[Path] | None = None,
    seed: int = 0,
) -> bool:
    """`quizgen lint`: every problem of every bank, then the lint warnings of the valid ones,
    and with `results` (files of one bank's answers) the warnings those answers give.

    Rules that compare a question with its source read `source`, or the file a bank's
    `source.file` names. False when a bank is invalid, its source cannot be read or a result file
    has an error, or with `strict` when there is any warning.
    """
    from quizgen.commands import grounding

    results_failed = False
    loaded = load_all(find_banks(paths), max_bytes)
    if source is not None and len(loaded) > 1:
        raise OneSourceManyBanks(
            f"--source is the source of one bank, but {len(loaded)} banks were found; lint one bank"
        )
    for result in loaded:
        if result.ok:
            assert result.bank is not None  # ok: loaded
            report = Report()
            document = grounding.bank_document(result.bank, source, report, max_bytes)
            result.diagnostics += report.diagnostics
            result.diagnostics += linter.lint_bank(result.bank, grounding.paragraph_texts(document))
            if results:
                from quizgen.report import analysis, learn, read

                reading = read.read(result.bank, results, seed=seed)
                found = analysis.analyse(result.bank, reading.attempts)
                result.diagnostics += learn.warnings(found)
                for problem in sorted(
                    reading.problems + learn.sample_notes(found, results), key=lambda p: p.sort_key()
                ):
                    echo_err(problem.format())
                results_failed = reading.failed
    failed = report_diagnostics(loaded, echo_err) or results_failed
    for result in loaded:
        if result.ok and not result.diagnostics:
            assert result.bank is not None  # ok: loaded
            echo(f"{result.path}: ok, {len(result.bank.questions)} questions, no warnings")
    warned = any(r.diagnostics for r in loaded)
    return not failed and not (strict and warned)


def build(
    paths: list[Path],
    format_names: list[str],
    options: BuildOptions,
    *,
    echo: Echo,
    echo_err: Echo,
    max_bytes: int = DEFAULT_MAX_BYTES,
    quiet: bool = False,
    list_notes: bool = True,
) -> BuildReport:
    """Load every bank, report every problem, then build each valid bank in each format.

    An invalid bank is not built (its earlier outputs stay as they were); the other banks are.
    `list_notes` false (formats nobody named) counts a format's notes past NOTES_LISTED_UNASKED.
    """
    report = BuildReport()
    build_started = time.time()  # temporary files older than this may be leftovers of killed builds
    results = load_all(find_banks(paths), max_bytes)
    _warn_about_other_banks_outputs(results, options.output_dir)
    report.failed = report_diagnostics(results, echo_err)
    try:
        if any(r.ok for r in results):
            options.output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # one clear message rather than one per bank and format
        echo_err(f"error: {output.problem_text(error)}")
        report.failed = True
        return report
    tasks = plan_tasks(
        [r.bank for r in results if r.ok and r.bank is not None], format_names, options, report, build_started
    )
    with progress.bar(len(tasks), quiet=quiet, label="building") as advance:
        for task, outcome in run_tasks(tasks, options):
            advance(f"{task.bank.id}: {task.format_name}")
            record_outcome(task, outcome, options, report, echo_err, list_notes)
    if not quiet:
        for line in report.lines:
            echo(line)
        if report.written or report.up_to_date:
            echo(
                f"{len(report.written)} written, {len(report.up_to_date)} up to date "
                f"in {time.time() - build_started:.1f} s"
            )
    return report


def _warn_about_other_banks_outputs(results: list[LoadResult], output_dir: Path) -> None:
    """Two bank files with one id build into one folder, and in Anki the second replaces the
    first's notes. Within one build that is an error (`_check_unique_bank_ids`); across builds,
    the folder's record says which file it was built from."""
    for result in results:
        if not result.ok:
            continue
        bank = result.bank
        assert bank is not None  # ok: loaded
        others = {
            path
            for path in incremental.built_from(output_dir / bank.id)
            if path != bank.path.resolve() and path.exists()
        }  # gone: most likely moved
        if others:
            result.diagnostics.append(
                Diagnostic(
                    bank.where("id"),
                    f"bank id '{bank.id}' was last built from {shown_path(sorted(others)[0])}; this build "
                    f"replaces its outputs in {shown_path(output_dir / bank.id)} (and, once imported, "
                    "its Anki notes); give this bank its own id unless it replaces that file",
                    WARNING,
                )
            )


def plan_tasks(
    banks: list[Bank], format_names: list[str], options: BuildOptions, report: BuildReport, build_started: float
) -> list["Task"]:
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
                report.lines += [f"up to date: {shown_path(path)}" for path in unchanged]
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
    error: str = ""  # a BuildError, already formatted
    unavailable: str = ""  # a missing library or system dependency
    notes: tuple[str, ...] = ()  # what the format told the author, already formatted


def build_task(task: Task, options: BuildOptions) -> Outcome:
    """Build one task. Runs in the building process or in a forked worker; returns plain data.
    Each task has a format object of its own (a format's set-up, its template environment, is
    cached where it is made), so tasks share no state and may run side by side."""
    try:
        builder = formats.load(task.format_name)(options)
    except FormatUnavailable as error:
        return Outcome(unavailable=str(error))
    started = time.perf_counter()
    try:
        # One file per format: what each writes then depends on that format alone.
        cache = task.out_dir / CACHE_FOLDER / f"markdown-{task.format_name}.json"
        bank = task.bank.for_output(task.format_name)  # without the questions `outputs` keeps out
        carried = [q for q in bank.questions if builder.question_types.carries(q)]
        with markdown_cache.kept_in(cache):
            written = builder.build(bank, task.out_dir) if carried else []
        if not bank.questions:
            builder.notes.note(
                task.bank.where(),
                f"no question appears in the {task.format_name} format (see the questions' 'outputs'); nothing written",
            )
        elif not carried:  # an empty file would only look like a quiz: one note instead of one per question
            kinds = " and ".join(sorted({q.type for q in bank.questions}))
            builder.notes.note(
                task.bank.where(),
                f"the {task.format_name} format carries none of this bank's questions ({kinds}); nothing written",
            )
    except BuildError as error:
        return Outcome(error=f"{error.location}: error: {error}")
    except OSError as error:  # the output folder is read-only, full, ...: not a bug, not the bank
        writing = error.filename is None or Path(error.filename).resolve().is_relative_to(options.output_dir.resolve())
        return Outcome(error=f"error: {output.problem_text(error, 'write' if writing else 'read')}")
    notes = tuple(d.format() for d in builder.notes.sorted())
    return Outcome(tuple(written), time.perf_counter() - started, tuple(builder.extra_inputs(task.bank)), notes=notes)


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


# A build of the default formats lists at most this many notes per bank and format: the LMS
# formats have many for a real bank, each accurate but of no use to an author who did not ask for
# that format. Past it, one line says how many and how to list them (naming the format does).
NOTES_LISTED_UNASKED = 3


def record_outcome(
    task: Task, outcome: Outcome, options: BuildOptions, report: BuildReport, echo_err: Echo, list_notes: bool = True
) -> None:
    if outcome.unavailable:
        if outcome.unavailable not in report.unavailable:  # say it once, not once per bank
            report.unavailable.append(outcome.unavailable)
            echo_err(f"error: {outcome.unavailable}")
        report.failed = True
        return
    if outcome.error:
        if outcome.error not in report.errors:  # a read-only folder fails every format alike
            report.errors.append(outcome.error)
            echo_err(shown_path(outcome.error))
        report.failed = True
        return
    if list_notes or len(outcome.notes) <= NOTES_LISTED_UNASKED:
        for note in outcome.notes:
            echo_err(note)
    else:
        shown = shown_path(task.bank.where().path)
        echo_err(
            f"{shown}: note: {task.format_name}: {len(outcome.notes)} notes on what this format carries "
            f"differently; `quizgen build -f {task.format_name} --force {shown}` lists them"
        )
    # Outputs of an earlier build this one no longer makes (other versions) would be printed by
    # mistake: remove them, as long as they are still exactly what quizgen wrote.
    stale = incremental.superseded(task.format_name, task.out_dir, list(outcome.written))
    # Recorded here, in one process, after the build: formats may update their own inputs.
    incremental.remember(
        task.bank, task.format_name, options, task.out_dir, list(outcome.written), list(outcome.extra_inputs)
    )
    report.written += outcome.written
    for path in outcome.written:
        report.lines.append(f"wrote {shown_path(path)} ({byte_size(path.stat().st_size)}, {outcome.seconds:.2f} s)")
    for path in stale:
        try:
            path.unlink()
        except OSError:
            continue
        report.lines.append(f"removed {shown_path(path)} (no longer built)")
