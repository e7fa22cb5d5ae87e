"""Jinja2 environments: the user's `--templates` folder first, then the bundled templates
(`templates/` of the source tree, `quizgen/templates/` in a wheel: see quizgen.runtime.bundled)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from quizgen.runtime import bundled


def bundled_templates() -> Path:
    return bundled.folder("templates")


def overrides_nothing(folder: Path, format_names: list[str]) -> str | None:
    """Why a `--templates` folder would change nothing in a build of these formats, or None.

    Templates are looked up by name in `<folder>/<format>/`, so a folder with its files in the
    wrong place (`folder/paper.html.j2`, `folder/templates/pdf/...`) is silently never read.
    """
    bundled = bundled_templates()
    for name in format_names:
        for override in sorted((Path(folder) / name).rglob("*")):
            if (bundled / name / override.relative_to(Path(folder) / name)).is_file():
                return None
    examples = [
        str(Path(folder) / name / first.relative_to(bundled / name))
        for name in format_names
        for first in sorted(p for p in (bundled / name).rglob("*") if p.is_file())[:1]
    ]
    if not examples:  # formats without templates (json)
        return f"--templates {folder}: the formats built here use no templates; it changes nothing"
    return (
        f"--templates {folder}: nothing in it replaces a bundled template of "
        f"{', '.join(format_names)}, so it changes nothing; an override goes where the bundled "
        f"file is, under a folder named after its format, e.g. {examples[0]} "
        f"(see `quizgen docs {format_names[0] if len(format_names) == 1 else 'FORMAT'}`)"
    )


def css_string(text: str) -> str:
    """`text` as a CSS string literal (for `content:` in a stylesheet), any character allowed."""
    from markupsafe import Markup

    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n\r' else c for c in str(text))
    return Markup(f'"{escaped}"')


@lru_cache(maxsize=None)
def environment(format_name: str, overrides: Path | None = None):
    """The environment for one format: templates are looked up in `<folder>/<format_name>/`."""
    import jinja2

    folders = [bundled_templates() / format_name]
    if overrides is not None:
        folders.insert(0, Path(overrides) / format_name)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,  # every template is HTML or XML; bank text must never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Fixed words are gettext messages, in the language of the bank a render is given.
        extensions=["jinja2.ext.i18n"],
    )
    from quizgen.present import i18n

    i18n.install(env)
    env.filters["css_string"] = css_string
    return env


INCLUDE = re.compile(r"<!-- include ([\w./-]+) -->")


def source_with_includes(env, name: str, own: dict[str, Path] | None = None, _within: tuple = ()) -> str:
    """Template `name` read raw, not as Jinja (an Anki card's `{{Field}}` syntax, the page
    script), each `<!-- include x -->` marker in it replaced by `x` read the same way, without
    its last newline.

    Files are read through the environment's loader, so a `--templates` folder overrides any one
    of them. The names in `own` are quizgen's own files (the grading model), which no template
    folder replaces. An included file that is missing is a jinja2.TemplateNotFound naming the
    template that asked for it; a file that ends up including itself, a jinja2.TemplateError.
    """
    import jinja2

    try:
        text = env.loader.get_source(env, name)[0]
    except jinja2.TemplateNotFound:
        if not _within:
            raise
        raise jinja2.TemplateNotFound(name, f"{_within[-1]} includes {name}, which is not a template") from None

    def included(match: re.Match) -> str:
        wanted = match.group(1)
        if own and wanted in own:
            return own[wanted].read_text(encoding="utf-8").rstrip("\n")
        if wanted in _within + (name,):
            raise jinja2.TemplateError(f"an include loop: {' includes '.join(_within + (name, wanted))}")
        return source_with_includes(env, wanted, own, _within + (name,)).rstrip("\n")

    return INCLUDE.sub(included, text)


def render_for(env, bank, name: str, what: str, context: dict) -> str:
    """Template `name` rendered for `bank`, in its language (quizgen.present.i18n). A template mistake
    (most likely in a `--templates` override) is a BuildError at the template's line, `what`
    naming the template kind ("PDF template")."""
    import jinja2

    from quizgen.present import i18n

    try:
        return env.get_template(name).render({**i18n.bank_context(bank), **context})
    except jinja2.TemplateError as error:
        raise template_error(error, bank, what) from error


def template_error(error, bank, what: str):
    """Point at the template line: syntax errors carry it, runtime errors have it in the traceback."""
    from quizgen.bank.diagnostics import BuildError, Location

    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not name:
        tb = error.__traceback__
        while tb is not None:  # Jinja rewrites tracebacks so template lines appear as frames
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    where = Location(str(name), line or 0, 1) if name else bank.where()
    return BuildError(where, f"{what}: {error.message or error}")
