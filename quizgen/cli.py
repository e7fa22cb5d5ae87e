"""Command line: click commands only. Each translates its arguments, makes one call, and maps the
outcome to an exit code: 0 success, 1 invalid bank or failed build, 2 wrong usage.

Implementations are imported inside the commands, so `quizgen --help` stays fast.
"""

from __future__ import annotations

import sys
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
_max_bank_mb = click.option("--max-bank-mb", type=click.FloatRange(min=0, min_open=True), default=16,
                            show_default=True, help="Refuse bank files larger than this.")


_VERBOSE = "quizgen.verbose"


def _remember_verbose(ctx: click.Context, param, value: bool) -> bool:
    if value:  # `meta` is shared by the group's context and the command's
        ctx.meta[_VERBOSE] = True
    return value


# Accepted before the command (`quizgen --verbose build`) and after it (`quizgen build --verbose`).
_verbose = click.option("--verbose", is_flag=True, expose_value=False, callback=_remember_verbose,
                        help="Show a traceback for internal errors.")


class _FormatOption(click.Option):
    """Lists the format names in `build --help`, asking the registry only when help is shown
    (it finds them without importing any format, but `quizgen --help` need not even do that)."""

    def get_help_record(self, ctx):
        from quizgen import formats

        self.help = (self.help or "").replace("{names}", ", ".join(formats.names()))
        return super().get_help_record(ctx)


def _chosen_formats(values: tuple[str, ...], available: list[str]) -> list[str]:
    """`-f PDF -f json,html` -> ['pdf', 'json', 'html']; every format when -f is not given."""
    if not values:
        return available
    chosen = [name.strip().lower() for value in values for name in value.split(",") if name.strip()]
    names = ", ".join(available)
    if not chosen:
        raise click.BadParameter(f"no format given; name one or more of: {names}",
                                 param_hint="'-f' / '--format'")
    unknown = [name for name in chosen if name not in available]
    if unknown:
        raise click.BadParameter(f"unknown format {unknown[0]!r} (available: {names})",
                                 param_hint="'-f' / '--format'")
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
            from quizgen.output import problem_text

            raise Failed(problem_text(error, "use")) from error
        except Exception as error:  # a bug in quizgen, not a user mistake
            if ctx.meta.get(_VERBOSE):
                raise
            raise Failed(f"internal error: {error!r}. This is a bug in quizgen; "
                         "run again with --verbose for the traceback.") from error


@click.group(cls=QuizgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="quizgen")
@_verbose
def cli() -> None:
    """Turn YAML question banks into Anki decks, printable PDF quizzes and a self-grading HTML page."""


@cli.command()
@_paths
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default=True, help="Write into DIR/<bank-id>/.")
@click.option("-f", "--format", "format_names", multiple=True, metavar="FORMAT[,FORMAT...]",
              cls=_FormatOption, help="Formats to build (default: all): {names}. Repeat or separate "
                                      "with commas.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of template overrides, searched before the bundled templates.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seeds every shuffle.")
@click.option("--versions", type=click.IntRange(1, 26), default=1, show_default=True,
              help="Printed versions (A, B, ...) with questions and choices shuffled.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--subdecks", is_flag=True, help="Anki: one subdeck per tag (Bank::tag).")
@click.option("--collate", is_flag=True, help="PDF: also <bank>-papers.pdf with every version's paper "
                                              "(each on an odd page) and <bank>-keys.pdf with every key.")
@click.option("--draw", is_flag=True, help="HTML: a practice page of the questions each section draws.")
@click.option("--card-answers", is_flag=True, help="cards: also make cards of other question types "
                                                   "(front: prompt; back: answer and explanation).")
@click.option("--force", is_flag=True, help="Rebuild outputs even when their inputs have not changed.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Processes to use (default 0: one per core).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@_max_bank_mb
@_verbose
def build(paths, output_dir, format_names, templates, seed, versions, paper, subdecks, collate, draw,
          card_answers, force, jobs, quiet, max_bank_mb):
    """Validate banks and build them (default: every bank under ./questions)."""
    from quizgen import build as builder, formats

    chosen = _chosen_formats(format_names, formats.names())
    if templates is not None:
        from quizgen.templating import overrides_nothing

        useless = overrides_nothing(templates, chosen)
        if useless:
            _echo_err(f"warning: {useless}")
    options = formats.BuildOptions(output_dir=output_dir, templates=templates, seed=seed,
                                   versions=versions, paper=paper, subdecks=subdecks, force=force,
                                   jobs=jobs, collate=collate, draw=draw, card_answers=card_answers)
    try:
        report = builder.build(list(paths), chosen, options, echo=click.echo, echo_err=_echo_err,
                               max_bytes=int(max_bank_mb * 2**20), quiet=quiet)
    except builder.NoBanks as error:
        raise click.UsageError(str(error)) from error
    if report.failed:
        raise Failed("")


@cli.command()
@_paths
@_max_bank_mb
@_verbose
def validate(paths, max_bank_mb):
    """Check banks and report every problem as path:line:col (default: ./questions)."""
    from quizgen import build as builder

    try:
        ok = builder.validate(list(paths), echo=click.echo, echo_err=_echo_err,
                              max_bytes=int(max_bank_mb * 2**20))
    except builder.NoBanks as error:
        raise click.UsageError(str(error)) from error
    if not ok:
        raise Failed("")


@cli.command("lint")
@_paths
@click.option("--strict", is_flag=True, help="Exit 1 when there is any warning, not only on errors.")
@_max_bank_mb
def lint_command(paths, strict, max_bank_mb):
    """Warn about item-writing flaws (cues, giveaways, imbalance) as path:line:col (default: ./questions)."""
    from quizgen import build as builder

    try:
        ok = builder.lint(list(paths), strict=strict, echo=click.echo, echo_err=_echo_err,
                          max_bytes=int(max_bank_mb * 2**20))
    except builder.NoBanks as error:
        raise click.UsageError(str(error)) from error
    if not ok:
        raise Failed("")


@cli.command()
@click.argument("bank", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The source document the bank cites: plain text with one paragraph per line, "
                   "or Markdown (see `quizgen docs format`).")
@click.option("--min-coverage", type=click.FloatRange(0, 100), metavar="PCT",
              help="Fail when less than PCT percent of the source's paragraphs are cited.")
@_max_bank_mb
@_verbose
def check(bank, source, min_coverage, max_bank_mb):
    """Check that every question's source citation exists and holds its evidence; show coverage."""
    from quizgen import grounding

    if not grounding.check(bank, source, min_coverage=min_coverage, echo=click.echo, echo_err=_echo_err,
                           max_bytes=int(max_bank_mb * 2**20)):
        raise Failed("")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@_verbose
def new(path, force):
    """Write an example bank with one question of every type, to start from."""
    from quizgen import scaffold

    if path.exists() and not force:
        raise Failed(f"{path} already exists; choose another name or pass --force")
    scaffold.write_example(path)
    click.echo(f"wrote {path}; check it with: quizgen validate {path}")


@cli.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to a file instead of standard output.")
@_verbose
def schema_command(output):
    """Print a JSON Schema of the bank format (for editors' YAML language server)."""
    import json

    from quizgen.schema import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if output:
        from quizgen.output import problem_text, write_atomic

        try:
            write_atomic(output, text)
        except OSError as error:
            raise Failed(problem_text(error)) from error
    else:
        click.echo(text, nl=False)


@cli.command("docs")
@click.argument("topic", required=False)
@_verbose
def docs_command(topic):
    """Print a page of the documentation, such as `format` (default: list the pages)."""
    from quizgen import userdocs

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
    sys.exit(main())
