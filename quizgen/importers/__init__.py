"""`quizgen import`: questions from other tools as a bank. One module per source format in this
package, found by name like the output formats (quizgen/formats/).

Each source module defines `NAME`, `DESCRIPTION`, `EXTENSIONS` (lower-case, with the dot),
`sniff(head: str) -> bool` (does this text look like the format? for files whose extension
says nothing, such as `.txt`) and `read(path: Path, out: Collector)`. A reader never writes
YAML and never prints: it hands each question to the collector as a plain dict, and tells it
what it could not carry (`out.drop`), a question it cannot read (`out.unreadable`, with the
question as written, which the bank keeps as a comment) or what is wrong with the whole file
(`out.error`), each with its place. One bad question never stops a reader: it goes on with the
next. `quizgen.importers.bank` turns the collected questions into the bank text.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.bank import limits
from quizgen.bank.assets import check_image_data
from quizgen.bank.diagnostics import Location, Report
from quizgen.importers.extras import MissingExtra as MissingExtra  # what `quizgen import` catches
from quizgen.importers.extras import need as need  # for the readers
from quizgen.importers.ids import IdMaker, image_name

# Modules of this package that are helpers, not source formats.
_HELPERS = {"bank", "ids", "text", "cells", "emit", "essays", "answers", "language", "extras"}


class TooMany(Exception):
    """The source holds more questions than `limits.IMPORT_QUESTIONS`: reading stops there."""

    def __init__(self, origin: Location):
        super().__init__(f"more than {limits.IMPORT_QUESTIONS.value():,g} questions")
        self.origin = origin


@dataclass
class Imported:
    """One question as the bank will hold it: its fields in the order they are written, and the
    comments written above it (what could not be carried over)."""

    fields: dict
    comments: list[str] = field(default_factory=list)
    origin: Location | None = None
    category: tuple[str, ...] = ()  # the source's category path (Moodle), outermost first
    source: list[str] | None = None  # a question that was not imported: its lines as written
    failed: bool = False  # ... because it could not be read (an error), not only held (a note)
    description: bool = False  # text without answers: `fields` holds its `title` and `intro`

    @property
    def kept_as_comment(self) -> bool:
        """Not a question of the bank: a question the reader could not read or the bank cannot
        hold, written as a comment (its reason, then its source lines) where it stood."""
        return self.source is not None and not self.description


@dataclass
class Collector:
    """What a reader found: questions, dropped parts (notes), errors, and files (images)."""

    path: Path
    report: Report = field(default_factory=Report)
    questions: list[Imported] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # name -> content, written beside the bank
    title: str = ""
    ids: IdMaker = field(default_factory=IdMaker)
    image_folder: str = "images"  # where images go, relative to the bank file
    separators: tuple = (None, None)  # Quizlet: (term/definition, card) separators the user gave
    language: str = ""  # the language the source names (Moodle XML's lang), if it does
    columns: dict = field(default_factory=dict)  # spreadsheet: quizgen column -> the sheet's header (--columns)

    def image(self, name: str, data: bytes) -> str:
        """Keep an image the source carries; return the path the bank's Markdown uses for it.
        Raises AssetError for a file a bank could not use as an image (a page, a script, an SVG,
        a picture past the limits): such a file is never written."""
        check_image_data(data)
        safe = image_name(name, self.files, data)
        self.files[safe] = data
        return f"{self.image_folder}/{safe}"

    def where(self, line: int = 0, col: int = 0) -> Location:
        return Location(str(self.path), line, col)

    def cell(self, sheet: str, ref: str) -> Location:
        """A spreadsheet cell's place, `file:sheet!A3`, in the path of a Location."""
        return Location(f"{self.path}:{sheet}!{ref}")

    def question(
        self,
        origin: Location,
        fields: dict,
        *,
        preferred_id: str = "",
        text: str = "",
        key: str = "",
        comments: list[str] | None = None,
        category: tuple[str, ...] = (),
    ) -> Imported:
        """Add a question. Its id comes from `preferred_id` (the source's own id or title) when
        there is one, else from `text`; `fields` must not hold `id`."""
        self._one_more(origin)
        imported = Imported(
            {"id": self.ids.make(preferred_id, text, key), **fields}, list(comments or []), origin, tuple(category)
        )
        self.questions.append(imported)
        return imported

    def _one_more(self, origin: Location) -> None:
        """Stop the reader at the first question past the limit: a million GIFT questions cost
        a reader seconds, and the bank's checks minutes, to end in a bank no one can use."""
        if len(self.questions) >= limits.IMPORT_QUESTIONS.value():
            raise TooMany(origin)

    def drop(self, origin: Location, message: str, question: Imported | None = None) -> None:
        """Something the bank cannot hold: a note in the report, and a comment above `question`."""
        self.report.note(origin, message)
        if question is not None:
            question.comments.append(f"not imported: {message}")

    def error(self, origin: Location, message: str) -> None:
        """A problem of the whole file (not UTF-8, not well-formed XML, no header row)."""
        self.report.error(origin, message)

    def unreadable(self, origin: Location, message: str, source: list[str], *, error: bool = True) -> None:
        """A question that cannot be read (an error) or that the bank cannot hold at all (a note,
        with `error=False`): reported at its place, and kept in the bank as a comment with its
        reason and its lines as written, so nothing of the source is lost."""
        self._one_more(origin)
        (self.report.error if error else self.report.note)(origin, message)
        place = ":".join([Path(origin.path or self.path).name, *(str(n) for n in (origin.line, origin.col) if n)])
        self.questions.append(Imported({}, [f"not imported ({place}): {message}"], origin, (), source, error))

    def describe(self, origin: Location, title: str, text: str, source: list[str]) -> None:
        """Text without answers (a GIFT description, a Moodle description without feedback): the
        bank's instructions when it comes before every question, else the intro of a section of
        the questions after it (quizgen.importers.bank)."""
        self._one_more(origin)
        self.questions.append(Imported({"title": title, "intro": text}, [], origin, (), source, description=True))

    def readable(self) -> list[Imported]:
        """The questions the bank holds (not those kept as comments, nor descriptions)."""
        return [q for q in self.questions if not q.kept_as_comment and not q.description]


def moodle_category(path: str) -> tuple[str, ...]:
    """`$course$/top/Bank//x/Topic` -> (`Bank/x`, `Topic`): Moodle writes a `/` in a name `//`."""
    parts = [p.replace("\x00", "/").strip() for p in path.replace("//", "\x00").split("/")]
    return tuple(p for p in parts if p and p not in ("$course$", "$system$", "$module$", "$cat$", "top"))


def _found() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_") and m.name not in _HELPERS]


def names() -> list[str]:
    return sorted(_found())


def load(name: str):
    if name not in _found():
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")


def detect(path: Path) -> str | None:
    """The source format of `path`: the only format claiming its extension, else the first whose
    `sniff` recognises the start of its text."""
    suffix = path.suffix.lower()
    modules = [load(name) for name in names()]
    claiming = [m for m in modules if suffix in m.EXTENSIONS]
    if len(claiming) == 1:
        return claiming[0].NAME
    try:
        with open(path, "rb") as handle:
            raw = handle.read(64 * 1024)
    except OSError:
        return claiming[0].NAME if claiming else None
    if raw.startswith(b"PK\x03\x04"):  # a zip: an .xlsx whatever its name
        candidates = [m for m in modules if ".xlsx" in m.EXTENSIONS]
        head = ""
    else:
        candidates = claiming or modules
        head = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    for module in sorted(candidates, key=lambda m: getattr(m, "SNIFF_ORDER", 5)):
        if module.sniff(head) if head else module.sniff_workbook(path):
            return module.NAME
    return claiming[0].NAME if claiming else None
