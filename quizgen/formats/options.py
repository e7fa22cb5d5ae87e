"""Build options: the ones a format reads (`Option`), the ones several formats share, and one
build's values (`BuildOptions`).

A format declares the options it reads in its `Declaration` (its package's `__init__`): its
own, made there, and the shared ones below, named there. `quizgen build` makes one flag of each
(quizgen.cli), and a format is rebuilt only when one of *its* options changes
(quizgen.build.incremental): `--subdecks` rebuilds the Anki deck, not the PDF.

Nothing here imports a format, click or the bank model: declarations are read for
`quizgen build --help`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Union

Value = Union[bool, int, str]


@dataclass(frozen=True)
class Option:
    """One option a format reads, as `self.options.<name>`, given as `quizgen build --<name>`.

    Its type is its default's: a bool is a flag (off unless given), an int takes a number (within
    `minimum`..`maximum` when set), a str takes text (one of `choices` when set).
    """

    name: str  # a Python name: `options.card_answers`; the flag is `--card-answers`
    help: str  # for `build --help`, which puts the names of the formats reading it first
    default: Value = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    flag: str = ""  # the command-line flag, when not `--<name with dashes>`

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"option name {self.name!r}: lower-case letters, digits and _")
        if type(self.default) not in (bool, int, str):
            raise TypeError(f"option {self.name!r}: the default must be a bool, an int or a str")
        if self.default is True:
            raise ValueError(f"option {self.name!r}: a flag is off by default (name what turns it on)")
        if self.choices and (type(self.default) is not str or self.default not in self.choices):
            raise ValueError(f"option {self.name!r}: the default must be one of its choices")
        if (self.minimum is not None or self.maximum is not None) and type(self.default) is not int:
            raise ValueError(f"option {self.name!r}: only a number has a minimum or maximum")
        if self.flag and not re.fullmatch(r"--[a-z][a-z0-9-]*", self.flag):
            raise ValueError(f"option {self.name!r}: its flag must look like --some-name")

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")


# Read by several formats: declared once, here, and named in each format's declaration.
SEED = Option("seed", "seeds every shuffle (the same seed gives the same outputs).", default=0)
VERSIONS = Option(
    "versions", "printed versions (A, B, ...) with questions and choices shuffled.", default=1, minimum=1, maximum=26
)
PAPER = Option("paper", "the paper size.", default="a4", choices=("a4", "letter"))
ROSTER = Option(
    "roster",
    "a class list (CSV or XLSX with id and name columns): a paper and an answer sheet per student, "
    "named, versions dealt out in class order.",
    default="",
)
COLLATE = Option(
    "collate",
    "also one file for the printer: <bank>-papers.pdf with every paper (each on an odd page) and "
    "<bank>-keys.pdf with every key; <bank>-sheets.pdf with every answer sheet, in class order with --roster.",
)
TAG_CATEGORIES = Option("tag_categories", "one question category per tag (Bank title/tag).")


def shuffling(*types: str, flag: str = "") -> Callable[[Any, Any], bool]:
    """A `Declaration.seeded` test: the seed changes the format's output only for a bank holding
    a question of one of `types` (those whose choices, items or sides it shuffles with the seed),
    and, with `flag`, only when that option is on (`card_answers`: cards of those types are made
    only then). Errs towards "changes": a question that asks not to be shuffled still counts."""

    def seeded(bank, options) -> bool:
        if flag and not getattr(options, flag):
            return False
        return any(question.type in types for question in bank.questions)

    return seeded
