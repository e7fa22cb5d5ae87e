"""Output formats: one package each in this package, found by name without importing the others.

A format is a package (`json/`, `pdf/`) whose `format.py` defines `FORMAT`, a subclass of
`Format`, and whose other modules are its helpers. Adding a format means adding a package here, a
folder under `templates/` and a test file; nothing else changes. `format.py` is imported only when
its format is built, so a format's heavy library (WeasyPrint, genanki) costs nothing to the
commands that do not use it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from quizgen.bank.diagnostics import Location, Report
from quizgen.bank.model import Bank

if TYPE_CHECKING:
    from quizgen.bank import assets


@dataclass(frozen=True)
class BuildOptions:
    """Everything a format may need besides the bank. Defaults are what `quizgen build` uses."""

    output_dir: Path = Path("output")
    templates: Path | None = None  # a folder of template overrides, searched first
    seed: int = 0                  # seeds every shuffle, so the same seed gives the same outputs
    versions: int = 1              # shuffled versions of printed papers (A, B, C, ...)
    paper: str = "a4"              # a4 | letter
    subdecks: bool = False         # Anki: one subdeck per tag (Bank::tag)
    tag_categories: bool = False   # Moodle XML, GIFT: one category per tag (first tag)
    force: bool = False            # rebuild even when nothing changed
    jobs: int = 0                  # processes a build may use; 0 = one per core
    collate: bool = False          # PDF: also every version's paper in one file, and every key
    draw: bool = False             # HTML: a practice page of the questions each section draws
    card_answers: bool = False     # cards: also other types, front = prompt, back = answer

    def processes(self) -> int:
        return self.jobs or os.cpu_count() or 1


class Format:
    """One output format. Subclasses set `name` and `description` and implement `build`."""

    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, options: BuildOptions):
        self.options = options
        # Notes for the author about the last build, e.g. a question this format cannot hold:
        # `self.notes.note(question.where(), "...")`. The build prints them after the format ran.
        self.notes = Report()

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        """Write this format's files for `bank` into `out_dir` (atomically); return their paths."""
        raise NotImplementedError

    def extra_inputs(self, bank: Bank) -> list[Path]:
        """Files besides the bank, its images and templates that this format's output depends on
        (for incremental builds: a change to any of them means a rebuild)."""
        return []


class BuildError(Exception):
    """A problem only a format can find (an image its renderer rejects, say), with its place."""

    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.location = location

def read_image(bank: Bank, src: str, where: Location) -> "assets.Image":
    """An image of the bank, recognised by its content (`assets.read_image`); a problem with it
    is a BuildError at `where`, the text it appears in."""
    from quizgen.bank import assets

    try:
        return assets.read_image(bank.folder, src)
    except assets.AssetError as problem:
        raise BuildError(where, f"image '{src}' {problem}") from problem


class FormatUnavailable(Exception):
    """A format whose library or system dependency is missing; the message says what to install."""


def _found() -> list[str]:
    """Each format's name: the packages here (a plain module is a helper shared by formats)."""
    return [m.name for m in pkgutil.iter_modules(__path__) if m.ispkg and not m.name.startswith("_")]


def names() -> list[str]:
    """Every format there is, in build order (cheap first), without importing any of them."""
    found = list(_found())
    order = {"json": 0, "html": 1, "anki": 2, "pdf": 3}
    return sorted(found, key=lambda n: (order.get(n, 9), n))


# Built only when named with -f: they need an optional extra (`quizgen[grade]`) and serve one
# purpose (answer sheets for scanning), so a plain `quizgen build` does not make or require them.
OPT_IN = frozenset({"sheets"})


def defaults() -> list[str]:
    """The formats `quizgen build` makes when no -f is given."""
    return [name for name in names() if name not in OPT_IN]


def load(name: str) -> type[Format]:
    found = _found()
    if name not in found:
        raise KeyError(name)
    module_name = f"{__name__}.{name}.format"
    try:
        module = importlib.import_module(module_name)
    except (ImportError, OSError) as error:  # OSError: WeasyPrint without its system libraries
        raise FormatUnavailable(f"the {name} format cannot be used: {error}") from error
    return module.FORMAT


def build_module_names(package: str):
    """A format package's module `__getattr__` that finds the names of its `format.py`, imported
    on first use: `from quizgen.formats.html import render_page` keeps working."""
    def __getattr__(name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module(f"{package}.format"), name)
    return __getattr__
