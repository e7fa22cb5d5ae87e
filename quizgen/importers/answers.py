"""What GIFT and Moodle XML say alike about answers: accepted answers written twice (case
variants such as `Au` and `au`), and Moodle's embedded-answers blanks (`{1:MULTICHOICE:~a~=b}`),
which Moodle XML's cloze questions hold and teachers also write into GIFT files."""

from __future__ import annotations

import re
from typing import Callable

EMBEDDED = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}\\])*)\}")
SHORT = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
NUMERICAL = {"NUMERICAL", "NM"}
CASE_SENSITIVE = {"SHORTANSWER_C", "SAC", "MWC"}
_WEIGHT = re.compile(r"^(=|%(-?\d+(?:\.\d+)?)%)")


def distinct(values: list[str], case_sensitive: bool = False) -> list[str]:
    """The accepted answers, each once, as quizgen compares them (spaces collapsed, and letter
    case ignored unless it counts): `Au`, `au` -> `Au`. The first spelling is kept."""

    def fold(value: str) -> str:
        value = " ".join(value.split())
        return value if case_sensitive else value.casefold()

    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(fold(value), value)
    return list(seen.values())


def blank(kind: str, body: str, clean: Callable[[str], str]) -> tuple[list[str], list[str]]:
    """One embedded blank `{n:KIND:body}`: its answers worth full marks (each passed through
    `clean`, which undoes the source's escapes), and what it leaves out, for the notes."""
    drops: list[str] = []
    right = []
    for option in re.split(r"(?<![\\&])~", body):
        option = option.strip()
        weight = _WEIGHT.match(option)
        full = weight is not None and (weight[1] == "=" or float(weight[2]) >= 100)
        value = clean(re.split(r"(?<![\\&])#", option[weight.end() :] if weight else option)[0]).strip()
        if full and value:
            right.append(value)
    if not right:
        return [], []
    if kind not in SHORT and kind not in NUMERICAL:
        drops.append(f"each {kind} blank (a menu of choices) becomes a blank to type its right answer in")
    if kind in NUMERICAL and any(":" in r for r in right):
        drops.append("a numeric blank's tolerance is not carried over")
        right = [r.split(":")[0] for r in right]
    return distinct(right, kind in CASE_SENSITIVE), drops
