"""The grading model (quizgen/grading/__init__.py) in the terms Moodle's question engine understands.

Both `-f moodle` (Moodle XML) and `-f gift` are imported by Moodle, so both need the same
translations: the answer fractions Moodle allows, the accepted answers of a short-answer question
written for Moodle's matcher, the units of a numerical question, and category paths. What Moodle
cannot express is returned as a sentence, for the format to report as a located note.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from quizgen import grading
from quizgen.text.numbers import number_text

# What Moodle cannot express, said alike by both formats that Moodle imports.
MULTIPLE_ALL_OR_NOTHING = (
    "Moodle has no all-or-nothing multiple-answer question: each wrong tick costs "
    "the whole mark, but ticking only some of the right choices still earns their share"
)
MATCH_ALL_OR_NOTHING = (
    "Moodle's matching questions always give a share for each pair matched: partial_credit: false is not carried"
)
CLOZE_ACCENTS = (
    "Moodle cannot ignore accents: each blank also accepts its answers written without any "
    "accent, but not with only some of them left out"
)

# The only answer fractions Moodle's importer accepts (question_bank::fraction_options_full in
# Moodle's source), as percentages written the way Moodle's own export writes them.
FRACTIONS = (
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
    0,
)


def decimal_text(value: float) -> str:
    """A number as Moodle's importers (and GIFT parsers) read it: digits and a point, never an
    exponent (1e-05 is 0.00001)."""
    return format(Decimal(number_text(value)), "f")


def percent_text(value: float) -> str:
    """83.33333 -> "83.33333", 50.0 -> "50", -25 -> "-25"."""
    return number_text(round(value, 5))


@dataclass(frozen=True)
class ChoiceFractions:
    correct: float  # the percentage each correct choice earns
    wrong: float  # the percentage each wrong choice earns (negative)


def choice_fractions(correct: int, partial: bool) -> ChoiceFractions:
    """Fractions for a multiple-answer question with `correct` right choices.

    Moodle adds the fractions of the ticked choices and keeps the sum between 0 and 100, so +1/k
    for each right choice and -1/k for each wrong one is the grading model's rule, (right - wrong)
    / k never below 0, exactly. Moodle has no all-or-nothing multiple-answer question in its core:
    with `partial_credit: false` a wrong tick costs a whole 100%, but a subset of the right
    choices without a wrong one still earns its share. (A bank has at most 10 choices, so 1/k is
    always one of Moodle's fractions.)
    """
    share = min(FRACTIONS[:-1], key=lambda f: abs(f - 100 / correct))
    return ChoiceFractions(share, -share if partial else -100)


def wildcard_escaped(answer: str) -> str:
    """An accepted answer as Moodle's short-answer matcher reads it: `*` is its wildcard, `\\*`
    a literal asterisk."""
    return answer.replace("*", "\\*")


def without_accents(text: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    )


def short_answers(accepted: list[str], accents: str = "keep") -> tuple[list[str], list[str]]:
    """Accepted answers (of a `short` question or a cloze blank, from `grading.spec`) for Moodle's
    matcher, wildcards escaped, and what Moodle will judge differently from the grading model."""
    answers = list(dict.fromkeys(accepted))
    notes = []
    if accents == "ignore":
        # Moodle has no accent folding: accept the answers written without accents as well.
        answers = list(dict.fromkeys(answers + [without_accents(a) for a in answers]))
        notes.append(
            "Moodle cannot ignore accents: each answer is also accepted written without "
            "any accent, but not with only some of them left out"
        )
    return [wildcard_escaped(a) for a in answers], notes


# Between two units, the marks a product may be written with (Moodle removes every space).
_TIMES = ("", "*", "·", ".")
_POWERS = ("^", "**", "")


def unit_spellings(unit: str) -> list[str]:
    """`unit` spelt the ways the grading model reads as the same unit (`grading.normalise_unit`),
    as Moodle sees them once it has removed every space: `m/s^2`, `m/s**2`, `m/s2`, `ms^-2`,
    `m*s^-2`, `m·s^-2`, `m.s-2`... for `m/s²`. Only for a unit with a power or written with a
    mark between two units; a plain word (`months`, `billion USD`) has its one spelling."""
    factors = grading.unit_factors(unit)
    marked = any(mark in unit for mark in "*·⋅∙×.")
    if factors is None or not marked and all(power == 1 for _, power in factors):
        return []

    def product(terms, times, power_mark):
        return times.join(name if power == 1 else f"{name}{power_mark}{power}" for name, power in terms)

    up = [(name, power) for name, power in factors if power > 0]
    down = [(name, -power) for name, power in factors if power < 0]
    spellings = []
    for times in _TIMES:
        for power_mark in _POWERS:
            if up and down:  # not `1/s`: Moodle would read the 1 as the number's last digit
                spellings.append(f"{product(up, times, power_mark)}/{product(down, times, power_mark)}")
            spellings.append(product(factors, times, power_mark))
    return spellings


def unit_names(unit: str, spec: dict) -> tuple[list[str], list[str]]:
    """Unit names for a Moodle numerical question, and what Moodle will judge differently.

    Moodle removes every space from a response before it looks for the unit, and matches a unit
    name exactly, case included: the names are the unit as written, with its superscripts as
    plain digits (`m/s²`, `m/s2`), its other spellings (`m/s^2`, `m*s^-2`: `unit_spellings`) and
    the grading model's other words for it (`billion dollars` for `billion USD`), never a form
    that differs from one of them only in case (`n` is not a newton, `mN` not `MN`). quizgen
    writes the unit as optional (Moodle's "unit graded: no"), as the grading model accepts the
    number alone; then Moodle marks the number and nothing else."""
    if not unit:
        return [], []
    names: list[str] = []
    written = (unit, unicodedata.normalize("NFKC", unit))
    for name in (*written, *unit_spellings(unit), *(after for before, after in spec["units"] if not before)):
        name = "".join(name.split())
        if name and name.casefold() not in {known.casefold() for known in names}:
            names.append(name)
    listed = ", ".join(names) if len(names) <= 5 else f"{', '.join(names[:3])} and {len(names) - 3} more spellings"
    notes = [
        "Moodle marks the number alone: a right number is right whatever follows it, another unit "
        f"or any text ('3 apples'), where the grading model accepts only this unit (written "
        f"{listed}, the names Moodle lists)"
    ]
    leading = sorted({before for before, _ in spec["units"] if before})
    if leading:
        notes.append(f"Moodle reads units after the number only: {' '.join(leading)} written before it is not accepted")
    return names, notes


def number_notes(spec: dict, unit: str) -> list[str]:
    """How Moodle reads a typed number otherwise than the grading model, for a numerical question
    (docs/lms.md, "Numbers"): by its site's language, not the bank's, and, without a unit, with
    any text after the number left out of the grade."""
    if spec["decimal"] == ",":
        notes = [
            "Moodle reads a number by its site's language, not the bank's: on a site whose decimal "
            "mark is a comma, a point is a decimal point too ('4.905' is 4.905, where the grading "
            "model reads 4905), and on a site whose mark is a point, '299,8' is 2998"
        ]
    else:
        notes = [
            "Moodle reads a number by its site's language, not the bank's: on a site whose decimal "
            "mark is a point (English), a comma groups thousands wherever it stands ('299,8' is "
            "2998, where the grading model reads 299.8)"
        ]
    if spec.get("other_decimal") == "accept":
        notes.append(
            "other_decimal: accept is not carried: Moodle reads a number by its site's decimal mark alone, as above"
        )
    if not unit:
        notes.append(
            "Moodle grades the number at the start of a response and leaves out what follows: "
            "'3.14 apples' draws a warning, but submitted so it is marked right (the grading "
            "model marks it wrong)"
        )
    return notes


def category_path(*names: str) -> str:
    """A category path for Moodle's importers: `$course$/top/<name>/...`; a `/` inside a name is
    written `//` (Moodle's own escape), and line breaks become spaces."""
    parts = [" ".join(name.split()).replace("/", "//") for name in names]
    return "/".join(["$course$", "top", *parts])
