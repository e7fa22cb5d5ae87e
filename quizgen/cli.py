"""Command line: click commands only. Each translates its arguments, makes one call, and maps the
outcome to an exit code: 0 success, 1 invalid bank or failed build, 2 wrong usage.

Implementations are imported inside the commands, so `quizgen --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from quizgen import __version__


class Failed(click.ClickException):
    """The command ran and found problems it has already printed: exit 1, no traceback."""

    exit_code = 1

    def show(self, file=None) -> None:
        if self.message:
            super().show(file)


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


_paths = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
_max_bank_mb = click.option(
    "--max-bank-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=16,
    show_default=True,
    help="Refuse bank files larger than this.",
)


_VERBOSE = "quizgen.verbose"


def _remember_verbose(ctx: click.Context, param, value: bool) -> bool:
    if value:  # `meta` is shared by the group's context and the command's
        ctx.meta[_VERBOSE] = True
    return value


# Accepted before the command (`quizgen --verbose build`) and after it (`quizgen build --verbose`).
_verbose = click.option(
    "--verbose",
    is_flag=True,
    expose_value=False,
    callback=_remember_verbose,
    help="Show a traceback for internal errors.",
)


class _FormatOption(click.Option):
    """Lists the format names in `build --help`, asking the registry only when help is shown
    (it reads only the formats' declarations, but `quizgen --help` need not even do that)."""

    def get_help_record(self, ctx):
        from quizgen import formats

        opt_in = formats.opt_in()
        self.template = getattr(self, "template", self.help or "")  # the formats may be read again
        self.help = self.template.replace("{names}", ", ".join(formats.names())).replace(
            "{default}", f"all but {', '.join(opt_in)}" if opt_in else "all"
        )
        return super().get_help_record(ctx)


def _click_option(option, readers: tuple[str, ...]) -> click.Option:
    """A format's option (quizgen.formats.Option) as a `quizgen build` flag, its help led by the
    names of the formats that read it."""
    settings: dict = {"default": option.default, "help": f"{', '.join(readers)}: {option.help}"}
    if isinstance(option.default, bool):
        settings["is_flag"] = True
    else:
        settings["show_default"] = True
        if option.choices:
            settings["type"] = click.Choice(option.choices)
        elif isinstance(option.default, int):
            ranged = option.minimum is not None or option.maximum is not None
            settings["type"] = click.IntRange(option.minimum, option.maximum) if ranged else int
    return _DeclaredOption([option.cli_flag, option.name], **settings)


class _DeclaredOption(click.Option):
    """A `quizgen build` flag made from a format's declared option (see `_click_option`)."""


class _BuildCommand(click.Command):
    """`quizgen build`, with a flag for every option a format declares, gathered from the formats'
    declarations when the command is used (so `quizgen --help` reads no format)."""

    def get_params(self, ctx):
        from quizgen import formats

        declared = formats.option_users()
        if getattr(self, "_gathered", None) != declared:  # first use, or the formats were read again
            own = [p for p in self.params if not isinstance(p, _DeclaredOption)]
            made: list[click.Parameter] = [_click_option(option, readers) for option, readers in declared]
            at = next(i for i, p in enumerate(own) if p.name == "templates") + 1
            self.params, self._gathered = own[:at] + made + own[at:], declared
        return super().get_params(ctx)


def _chosen_formats(values: tuple[str, ...], available: list[str], default: list[str] | None = None) -> list[str]:
    """`-f PDF -f json,html` -> ['pdf', 'json', 'html']; the default formats when -f is not given."""
    if not values:
        return available if default is None else default
    chosen = [name.strip().lower() for value in values for name in value.split(",") if name.strip()]
    names = ", ".join(available)
    if not chosen:
        raise click.BadParameter(f"no format given; name one or more of: {names}", param_hint="'-f' / '--format'")
    unknown = [name for name in chosen if name not in available]
    if unknown:
        raise click.BadParameter(f"unknown format {unknown[0]!r} (available: {names})", param_hint="'-f' / '--format'")
    return list(dict.fromkeys(chosen))


class QuizgenGroup(click.Group):
    """Shows a one-line message instead of a traceback for unexpected errors, unless --verbose."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except OSError as error:  # the user's system (a read-only folder, a full disk), not a bug
            if ctx.meta.get(_VERBOSE) or not error.filename:
                raise
            from quizgen.runtime.output import problem_text

            raise Failed(problem_text(error, "use")) from error
        except Exception as error:  # a bug in quizgen, not a user mistake
            if ctx.meta.get(_VERBOSE):
                raise
            raise Failed(
                f"internal error: {error!r}. This is a bug in quizgen; run again with --verbose for the traceback."
            ) from error


@click.group(cls=QuizgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="quizgen")
@_verbose
def cli() -> None:
    """Turn YAML question banks into Anki decks, printable PDF quizzes and a self-grading HTML page."""


@cli.command(cls=_BuildCommand)
@_paths
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Write into DIR/<bank-id>/.",
)
@click.option(
    "-f",
    "--format",
    "format_names",
    multiple=True,
    metavar="FORMAT[,FORMAT...]",
    cls=_FormatOption,
    help="Formats to build (default: {default}): {names}. Repeat or separate with commas.",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of template overrides, searched before the bundled templates.",
)
# Here come the formats' own options (--seed, --versions, --subdecks, ...): _BuildCommand.
@click.option("--force", is_flag=True, help="Rebuild outputs even when their inputs have not changed.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Processes to use (default 0: one per core).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@_max_bank_mb
@_verbose
def build(paths, output_dir, format_names, templates, force, jobs, quiet, max_bank_mb, **format_options):
    """Validate banks and build them (default: every bank under ./questions)."""
    from quizgen import formats
    from quizgen.bank.collection import NoBanks
    from quizgen.build import pipeline as builder

    for problem in formats.problems():  # a format from another package that could not be added
        _echo_err(f"warning: {problem}")
    chosen = _chosen_formats(format_names, formats.names(), formats.defaults())
    if templates is not None:
        from quizgen.present.templating import overrides_nothing

        useless = overrides_nothing(templates, chosen)
        if useless:
            _echo_err(f"warning: {useless}")
    options = formats.BuildOptions(output_dir=output_dir, templates=templates, force=force, jobs=jobs, **format_options)
    if format_options.get("roster"):
        # Checked once, before any bank is built: every bad row of the class list at its place.
        from quizgen.present import roster

        students = roster.read(Path(format_options["roster"]))
        for diagnostic in sorted(students.diagnostics, key=lambda d: d.sort_key()):
            _echo_err(diagnostic.format())
        if not students.ok:
            raise Failed("")
    try:
        report = builder.build(
            list(paths),
            chosen,
            options,
            echo=click.echo,
            echo_err=_echo_err,
            max_bytes=int(max_bank_mb * 2**20),
            quiet=quiet,
            list_notes=bool(format_names),
        )
    except NoBanks as error:
        raise click.UsageError(str(error)) from error
    if report.failed:
        raise Failed("")


@cli.command()
@_paths
@_max_bank_mb
@_verbose
def validate(paths, max_bank_mb):
    """Check banks and report every problem as path:line:col (default: ./questions)."""
    from quizgen.bank.collection import NoBanks
    from quizgen.build import pipeline as builder

    try:
        ok = builder.validate(list(paths), echo=click.echo, echo_err=_echo_err, max_bytes=int(max_bank_mb * 2**20))
    except NoBanks as error:
        raise click.UsageError(str(error)) from error
    if not ok:
        raise Failed("")


_results_seed = click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="The --seed the answer sheets were printed with (to read results.csv letters).",
)


@cli.command("lint")
@_paths
@click.option("--strict", is_flag=True, help="Exit 1 when there is any warning, not only on errors.")
@click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The source document of the (one) bank linted, as for `quizgen check`; without it, the file "
    "the bank's `source.file` names, if any. Cloze blanks are compared with the paragraphs they cite.",
)
@click.option(
    "--results",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also warn from students' answers (see `quizgen report`): one bank, any number of files.",
)
@_results_seed
@_max_bank_mb
def lint_command(paths, strict, source, results, seed, max_bank_mb):
    """Warn about item-writing flaws (cues, giveaways, imbalance) as path:line:col (default: ./questions)."""
    from quizgen.bank.collection import NoBanks
    from quizgen.build import pipeline as builder

    if results and (len(paths) != 1 or not paths[0].is_file()):
        raise click.UsageError(
            "--results needs exactly one bank file: the bank the results are of. For several result "
            "files, repeat --results before each: --results a.json --results b.json"
        )
    try:
        ok = builder.lint(
            list(paths),
            strict=strict,
            source=source,
            echo=click.echo,
            echo_err=_echo_err,
            max_bytes=int(max_bank_mb * 2**20),
            results=list(results),
            seed=seed,
        )
    except (NoBanks, builder.OneSourceManyBanks) as error:
        raise click.UsageError(str(error)) from error
    if not ok:
        raise Failed("")


@cli.command()
@click.argument("bank", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--source",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The source document the bank cites: plain text with one paragraph per line, "
    "or Markdown (see `quizgen docs format`).",
)
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Fail when less than PCT percent of the source's paragraphs are cited.",
)
@_max_bank_mb
@_verbose
def check(bank, source, min_coverage, max_bank_mb):
    """Check that every question's source citation exists and holds its evidence; show coverage."""
    from quizgen.commands import grounding

    if not grounding.check(
        bank, source, min_coverage=min_coverage, echo=click.echo, echo_err=_echo_err, max_bytes=int(max_bank_mb * 2**20)
    ):
        raise Failed("")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write instead an example spreadsheet (CSV) for `quizgen import`, one question a row.",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@_verbose
def new(path, csv_path, force):
    """Write an example bank with one question of every type, to start from."""
    from quizgen.commands import scaffold

    if (path is None) == (csv_path is None):
        raise click.UsageError("give either PATH (an example bank) or --csv PATH (an example spreadsheet)")
    target = path or csv_path
    if target.exists() and not force:
        raise Failed(f"{target} already exists; choose another name or pass --force")
    if csv_path is not None:
        scaffold.write_spreadsheet_example(csv_path)
        click.echo(f"wrote {csv_path}; fill it in, then: quizgen import {csv_path}")
        return
    scaffold.write_example(path)
    click.echo(f"wrote {path}; check it with: quizgen validate {path}")


@cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The bank to write (default: SOURCE with .yaml); its images go in a folder beside it.",
)
@click.option(
    "--format",
    "format_name",
    metavar="FORMAT",
    help="The source's format, when its name and content do not tell: gift, moodle, quizlet, "
    "kahoot, spreadsheet, anki.",
)
@click.option("--id", "bank_id", help="The bank's id (default: from the output file name).")
@click.option(
    "--separator",
    help="The text between fields: Quizlet's between term and definition, Anki's between fields (over its "
    "'#separator:' line), a CSV file's between columns; '\\t' for a tab (default: guessed, as Anki guesses it).",
)
@click.option("--card-separator", help="Quizlet: the text between cards (default: a new line).")
@click.option(
    "--columns",
    metavar="NAME=COLUMN,...",
    help="A spreadsheet's columns, when their names do not tell: quizgen's column names each with the sheet's "
    "header, such as prompt=Question,answer=correct_index; option columns as choices=A+B+C.",
)
@click.option("--force", is_flag=True, help="Overwrite the output if it exists.")
@_max_bank_mb
@_verbose
def import_command(source, output, format_name, bank_id, separator, card_separator, columns, force, max_bank_mb):
    """Turn questions from another tool into a bank: GIFT, Moodle XML, Quizlet, Kahoot, a spreadsheet, Anki."""
    from quizgen import importers
    from quizgen.importers import bank as importing

    if format_name is not None and format_name.lower() not in importers.names():
        raise click.BadParameter(
            f"unknown format {format_name!r} (available: {', '.join(importers.names())})", param_hint="'--format'"
        )
    if bank_id is not None and not importing.valid_bank_id(bank_id):
        raise click.BadParameter(
            "up to 64 ASCII letters (a-z, A-Z), digits, '.', '_' and '-', starting with a letter or digit",
            param_hint="'--id'",
        )
    for value, hint in ((separator, "'--separator'"), (card_separator, "'--card-separator'")):
        if value is not None and not value:
            raise click.BadParameter(
                "must not be empty: give the text between fields, or leave it out", param_hint=hint
            )
    mapping = {}
    for part in filter(None, (p.strip() for p in (columns or "").split(","))):
        name, equals, column = part.partition("=")
        if not equals or not name.strip() or not column.strip():
            raise click.BadParameter(
                f"{part!r}: write NAME=COLUMN pairs, such as prompt=Question,answer=Correct", param_hint="'--columns'"
            )
        mapping[name.strip().lower()] = column.strip()
    target = output or source.with_suffix(".yaml")
    if target.exists() and not force:
        raise Failed(f"{target} already exists; choose another name with -o or pass --force")
    try:
        outcome = importing.run(
            source,
            target,
            format_name and format_name.lower(),
            bank_id,
            separators=(separator, card_separator),
            columns=mapping,
            max_bytes=int(max_bank_mb * 2**20),
        )
    except (importers.MissingExtra, importing.UnknownFormat) as error:
        raise Failed(str(error)) from error
    for diagnostic in outcome.diagnostics:
        _echo_err(diagnostic.format())
    if not outcome.written:
        raise Failed("nothing was written")
    dropped = sum(not d.is_error for d in outcome.diagnostics)
    from quizgen.bank.diagnostics import plural

    click.echo(
        f"wrote {outcome.written[0]}: {plural(outcome.count, 'question')}"
        + (
            f", {plural(dropped, 'note')} on what was not carried over (also as comments in the bank)"
            if dropped
            else ""
        )
        + f"; check it with: quizgen validate {outcome.written[0]}"
    )
    if outcome.unreadable:
        # Exit 1: the bank holds what could be read, but not everything the source has.
        raise Failed(
            f"{plural(outcome.unreadable, 'question')} could not be read: each is kept as a comment in "
            f"{outcome.written[0]}, with the error above, for you to fix in the source or the bank"
        )


@cli.command()
@_paths
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on (0: any free one).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; another than this computer's shares the preview on the network.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@_max_bank_mb
@_verbose
def serve(paths, port, host, open_browser, max_bank_mb):
    """Preview banks in the browser, rebuilt and reloaded on every save (default: ./questions)."""
    try:
        import watchfiles  # noqa: F401  (the watcher, from the serve extra)
    except ImportError as error:
        raise Failed("quizgen serve needs watchfiles: pip install 'quizgen[serve]'") from error
    from quizgen.serve.server import Preview, is_loopback

    if not is_loopback(host):
        _echo_err(
            f"warning: serving on {host}: anyone who can reach this computer on the network can "
            "see the banks, answers included"
        )
    try:
        preview = Preview(list(paths), host, port, echo=click.echo)
    except OSError as error:
        raise Failed(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    preview.site.max_bytes = int(max_bank_mb * 2**20)
    preview.start()
    click.echo(f"serving {preview.url} (rebuilt on every save; Ctrl+C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(preview.url)
    try:
        preview.stop_event.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()


@cli.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to a file instead of standard output.",
)
@_verbose
def schema_command(output):
    """Print a JSON Schema of the bank format (for editors' YAML language server)."""
    import json

    from quizgen.bank.schema import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if output:
        from quizgen.runtime.output import problem_text, write_atomic

        try:
            write_atomic(output, text)
        except OSError as error:
            raise Failed(problem_text(error)) from error
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("bank", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("scans", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the results (CSV) here instead of printing them.",
)
@click.option(
    "--annotate",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write each page with the marks read and the verdicts drawn on it into DIR.",
)
@click.option(
    "--stats",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write per-question statistics (choices, facility, discrimination) as CSV.",
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The class list the papers were built with (CSV or XLSX): rows in its order, its names, and the students "
    "with no sheet.",
)
@_max_bank_mb
@_verbose
def grade(bank, scans, output, annotate, stats, roster, max_bank_mb):
    """Grade scanned answer sheets (-f sheets): PDFs or PNG, JPEG, TIFF images; a row per student."""
    try:
        from quizgen.scans import grade as grader
    except ImportError as error:
        raise click.ClickException(
            f"quizgen grade needs OpenCV, NumPy, pypdfium2 and segno ({error}): pip install 'quizgen[grade]'"
        ) from error
    if not grader.run(
        bank,
        list(scans),
        output=output,
        annotate=annotate,
        stats=stats,
        echo=click.echo,
        echo_err=_echo_err,
        max_bytes=int(max_bank_mb * 2**20),
        roster_path=roster,
    ):
        raise Failed("")


@cli.command()
@click.argument("bank", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("results", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="Write the report (one HTML file) here.",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write each question's numbers as CSV.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the report's numbers as JSON.",
)
@click.option("--students", is_flag=True, help="Add each student's score, score per tag and questions to revise.")
@_results_seed
@_max_bank_mb
@_verbose
def report(bank, results, output, csv_path, json_path, students, seed, max_bank_mb):
    """Report how a class did and which questions misbehaved, from grade, page, Moodle or Canvas results."""
    from quizgen.report import command

    if not command.run(
        bank,
        list(results),
        output=output,
        csv=csv_path,
        json=json_path,
        students=students,
        seed=seed,
        echo_err=_echo_err,
        max_bytes=int(max_bank_mb * 2**20),
    ):
        raise Failed("")


@cli.command("docs")
@click.argument("topic", required=False)
@_verbose
def docs_command(topic):
    """Print a page of the documentation, such as `format` (default: list the pages)."""
    from quizgen.commands import userdocs

    pages = userdocs.pages()
    if topic is None:
        width = max(map(len, pages))
        for name, title in pages.items():
            click.echo(f"{name:<{width}}  {title}")
        click.echo("\nRead one with: quizgen docs TOPIC")
        return
    text = userdocs.page(topic)
    if text is None:
        raise click.BadParameter(f"no page {topic!r} (pages: {', '.join(pages)})", param_hint="'TOPIC'")
    click.echo(text, nl=not text.endswith("\n"))


def main() -> None:
    cli(prog_name="quizgen")


if __name__ == "__main__":  # pragma: no cover
    main()
