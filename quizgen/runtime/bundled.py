"""Folders that travel with quizgen: the templates and the user documentation.

In the source tree they sit at the top level (`templates/`, `docs/`); a wheel carries them inside
the package (`quizgen/templates/`, `quizgen/docs/`, see pyproject.toml), so both are looked for.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the quizgen package


def folder(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"quizgen's {name} are missing; reinstall quizgen")
