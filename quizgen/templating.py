"""Jinja2 environments: the user's `--templates` folder first, then the bundled templates.

The bundled templates live in the top-level `templates/` folder of the source tree; a wheel
carries them as `quizgen/templates/` (see pyproject.toml), so both layouts are looked for.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_templates() -> Path:
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("quizgen's templates are missing; reinstall quizgen")


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
    )
    return env
