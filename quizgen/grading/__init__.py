"""The one grading model: how a response to a question is judged and scored, in every output.

Its twin is `quizgen/grading/grading.js`, which the HTML page and the Anki cards embed; the two implement
the same rules step for step, and `tests/grading_cases.yaml` is run against both. A format never
grades on its own: it asks `spec()` for a question's grading settings (plain JSON data), hands
them to the script or the reader, and uses `grade()` where Python grades.

The rules, with examples, are in docs/grading.md. In short:
- text answers are compared after NFKC, look-alike quotes and dashes made one, accents dropped
  when the question says so, case folded unless it is case-sensitive, white space collapsed and
  punctuation at either end ignored;
- numbers may be written the way people write them (decimal comma or point, thousands
  separators, the Arabic decimal and thousands separators, Arabic-Indic and other digits, a
  Unicode minus, `6.02e23` or `6.02×10^23`, the question's unit after the number, spelt as people
  spell units (`m/s^2`, `m s^-2` for m/s²), or a currency symbol before it); anything else typed
  after the number makes it wrong; a number right only when read with the other decimal mark
  is wrong (or right, if the question says `other_decimal: accept`), and the verdict says so;
- partial credit (on unless `partial_credit: false`): multiple choice (right ticks minus wrong
  ticks, over the number of right choices, never below 0), order (neighbouring pairs kept),
  match (pairs matched), cloze (blanks filled right);
- a score is a fraction of the question's points, kept exact: points are counted in millionths
  (integers) and rounded only for display.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

from quizgen.bank.model import (
    Bank,
    Card,
    Cloze,
    Essay,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quizgen.text import cloze, markup
from quizgen.text.numbers import decimal_symbol

# Look-alikes typed by phones and word processors, made one character (the JS twin has the same).
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)
# White space as both languages agree on it (NFKC has already turned most spaces into U+0020).
_SPACE = re.compile("[ \t\n\r\f\v\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")

PERCENT = ("%", "percent", "per cent", "pct")
CURRENCIES = (
    ("$", "usd", "us$", "dollar", "dollars"),
    ("€", "eur", "euro", "euros"),
    ("£", "gbp", "pound", "pounds"),
    ("¥", "jpy", "yen"),
)
OTHER_DECIMAL = {".": ",", ",": "."}  # the decimal mark a number is read with for the hint
MICRO = 10**6  # points are counted in millionths: sums stay exact
# Types the learner grades: the page shows the model answer and asks "knew" or "missed".
SELF_GRADED = ("card", "essay")
SCRIPT = Path(__file__).with_name("grading.js")  # the JavaScript twin, embedded by the page and cards


# ---------------------------------------------------------------- text


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def normalise_text(text: str, case_sensitive: bool = False, accents: str = "keep") -> str:
    """The form two answers are compared in (see docs/grading.md, "Text answers")."""
    s = unicodedata.normalize("NFKC", str(text)).translate(_LOOKALIKES)
    if accents == "ignore":
        s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    if not case_sensitive:
        # upper() then lower() is full case folding both Python and JavaScript agree on (ß = ss).
        s = s.upper().lower()
    s = _SPACE.sub(" ", unicodedata.normalize("NFC", s))
    start, end = 0, len(s)
    while start < end and (s[start] == " " or _is_punctuation(s[start])):
        start += 1
    while end > start and (s[end - 1] == " " or _is_punctuation(s[end - 1])):
        end -= 1
    return s[start:end]


def lookalikes(char: str) -> str:
    """`char` and every character read as it (`'` and the curly and other apostrophes...)."""
    return char + "".join(chr(code) for code, same in sorted(_LOOKALIKES.items()) if same == char)


def exact_forms(accepted: list[str], case_sensitive: bool = False, accents: str = "keep") -> list[str]:
    """Accepted answers spelt out for a system that compares text exactly, apart from case (QTI,
    Canvas): each as written and in the form `normalise_text` compares, case kept; without its
    accents when they are ignored; with a typographic apostrophe for a straight one. What such a
    system still cannot forgive (extra inner spaces, other look-alike quotes) docs/lms.md lists."""
    forms: set[str] = set()
    for text in accepted:
        base = {text.strip(), normalise_text(text, True, accents)}
        if accents == "ignore":
            base |= {normalise_text(form, True, "ignore") for form in base}
        forms |= base | {form.replace("'", "\u2019") for form in base}
    return sorted(form for form in forms if form)


def text_matches(given: str, accepted: list[str], case_sensitive: bool = False, accents: str = "keep") -> bool:
    mine = normalise_text(given, case_sensitive, accents)
    return bool(mine) and any(normalise_text(ok, case_sensitive, accents) == mine for ok in accepted)


# ---------------------------------------------------------------- numbers


def _is_symbol(text: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in text)


def unit_forms(unit: str) -> list[list[str]]:
    """Every way a person may write `unit` around a number, as [before, after] pairs in lower
    case, longest first: `%` for percent, `$14.3` and `14.3 dollars` for USD, `$14.3 billion`
    for "billion USD". The number alone (the unit left out) is always accepted too."""
    wanted = _SPACE.sub(" ", _as_typed(unit)).strip(" ").lower()  # "cm²" is compared as "cm2"
    if not wanted:
        return []
    head, _, last = wanted.rpartition(" ")
    if any(wanted in group for group in (PERCENT, *CURRENCIES)):
        head, last = "", wanted
    forms = {("", wanted)}
    for group in (PERCENT, *CURRENCIES):
        if last in group:
            for alias in group:
                forms.add(("", f"{head} {alias}".strip()))
                if group in CURRENCIES and _is_symbol(alias):  # a currency symbol may lead
                    forms.add((alias, head))
    return [list(form) for form in sorted(forms, key=lambda f: (-len(f[0]) - len(f[1]), f))]


_SCIENTIFIC = re.compile(r"(.+?)(?: ?[x×*·] ?10 ?\^ ?|[eE])([-+]?[0-9]{1,4})")
# Digits of other scripts typed on a phone's keyboard (Arabic-Indic, Persian, Devanagari, Bengali)
# read as ASCII digits; NFKC already does it for full-width ones. Python's \d would take every
# script's digits and JavaScript's none, so the twins list them alike and match [0-9] only.
_DIGITS = str.maketrans({chr(zero + n): str(n) for zero in (0x660, 0x6F0, 0x966, 0x9E6) for n in range(10)})


# What Arabic and Persian keyboards type between digits: U+066B ARABIC DECIMAL SEPARATOR and
# U+066C ARABIC THOUSANDS SEPARATOR. Unlike `,` and `.` they cannot be mistaken for each other, so
# they are read so in every language; a number written with them uses them alone (and spaces).
ARABIC_DECIMAL, ARABIC_GROUP = "\u066b", "\u066c"


def _as_typed(text) -> str:
    """A number or unit in the one form it is compared in: compatibility characters folded (NFKC:
    "²" is "2", full-width digits are digits), look-alikes made one, other scripts' digits ASCII.
    Responses and the unit they may carry go through it alike, so "cm²" matches "cm2" and "cm²"."""
    return unicodedata.normalize("NFKC", str(text)).translate(_LOOKALIKES).translate(_DIGITS)


# A unit is a product of named units, each with a power: `kg·m/s²`, `kg m s^-2`, `kg*m/s^2` and
# `kg.m/s2` are one unit. A name is a run of anything but digits, spaces, signs and the marks
# below (a hyphen inside a name, as in `man-hours`, stays); its power follows as `^2`, `**2`,
# `2` or `-1` (superscripts are digits by then). Between two factors: a space, or one of
# `* · ⋅ ∙ × .` or `/`, with a space either side or not. Everything after a `/` is below the
# line (`J/kg K` is J/(kg·K)); parentheses only group, so they are left out. The JS twin has
# the same expressions.
_UNIT_NAME = r"[^ /*\u00b7\u22c5\u2219\u00d7.^()0-9+\-]+"
_UNIT_FACTOR = re.compile(rf"({_UNIT_NAME}(?:-{_UNIT_NAME})*)(?:(?:\^|\*\*)?([+-]?[0-9]{{1,3}}))?|1(?![0-9])")
_UNIT_SEPARATOR = re.compile(r" ?([*\u00b7\u22c5\u2219\u00d7./])? ?")
_ASCII_DIGITS = "0123456789"


def unit_factors(unit: str) -> list[tuple[str, int]] | None:
    """`unit` as (name, power) factors in the order first written, a name written twice counted
    once (`m/s/s` is m s^-2, `1/s` is s^-1), letter case kept; None when it is not written as
    such a product (then it is compared as text)."""
    s = _SPACE.sub(" ", _as_typed(unit)).strip(" ").replace("(", "").replace(")", "")
    powers: dict[str, int] = {}
    below, at = False, 0
    while True:
        factor = _UNIT_FACTOR.match(s, at)
        if not factor:
            return None
        if factor[1]:
            powers[factor[1]] = powers.get(factor[1], 0) + int(factor[2] or 1) * (-1 if below else 1)
        at = factor.end()
        if at == len(s):
            return list(powers.items()) or None
        separator = _UNIT_SEPARATOR.match(s, at)
        if separator is None or separator.end() == at:
            return None
        below = below or separator[1] == "/"
        at = separator.end()


def normalise_unit(unit: str) -> str:
    """The form two spellings of a unit are compared in: its factors in one order, each with its
    power (`kg·m·s^-2` for every spelling of kg·m/s²), in lower case; a unit that is not a
    product of factors (see `unit_factors`) as its text, spaces made one, in lower case."""
    text = _SPACE.sub(" ", _as_typed(unit)).strip(" ").lower()
    factors = unit_factors(text)
    if factors is None:
        return text
    return "·".join(name if power == 1 else f"{name}^{power}" for name, power in sorted(factors))


def _mantissa(body: str, decimal: str) -> str | None:
    """`body` (digits and separators, no sign) as a plain `123.45`, or None if it is not one."""
    arabic = ARABIC_DECIMAL in body or ARABIC_GROUP in body
    if arabic:
        decimal, group = ARABIC_DECIMAL, ARABIC_GROUP
    else:
        group = "," if decimal == "." else "."
    d, g = re.escape(decimal), re.escape(group)
    if re.fullmatch(r"[0-9]+", body):
        return body
    m = re.fullmatch(rf"([0-9]*){d}([0-9]+)", body)
    if m:
        return f"{m[1] or '0'}.{m[2]}"
    m = re.fullmatch(rf"([1-9][0-9]{{0,2}}(?:([{g} ])[0-9]{{3}})(?:\2[0-9]{{3}})*)(?:{d}([0-9]+))?", body)
    if m:
        return m[1].replace(m[2], "") + (f".{m[3]}" if m[3] else "")
    # The other symbol once, where it cannot be a thousands separator: a decimal after all
    # (`,` and `.` only: U+066C is never a decimal).
    m = None if arabic else re.fullmatch(rf"([0-9]+){g}([0-9]+)", body)
    if m:
        return f"{m[1]}.{m[2]}"
    return None


def _strip_unit(s: str, forms) -> str:
    """`s` (in lower case) without the first unit form written around it: `before` leading it,
    and after the number the unit written any way `normalise_unit` reads as `after` (`m/s^2`
    and `m s^-2` for `m/s²`). The number ends with a digit and the unit starts right after one."""
    lower = s.lower()
    for before, after in forms:
        if not lower.startswith(before) or len(lower) == len(before):
            continue
        rest = lower[len(before) :]
        if not after:
            return rest.strip(" ")
        wanted = normalise_unit(after)
        for end in range(1, len(rest)):
            if rest[end - 1] in _ASCII_DIGITS and rest[end] not in _ASCII_DIGITS:
                if normalise_unit(rest[end:]) == wanted:
                    return rest[:end].strip(" ")
    return s


def parse_number(text: str, decimal: str = ".", units: list | tuple = ()) -> float | None:
    """The number a person typed, or None when it is not a number (or has something else around
    it). `units` are the [before, after] forms of `unit_forms()`."""
    s = _SPACE.sub(" ", _as_typed(text)).strip(" ")
    sign = ""
    if s and s[0] in "+-":
        sign, s = s[0], s[1:].lstrip(" ")
    s = _strip_unit(s, units)
    if not sign and s and s[0] in "+-":
        sign, s = s[0], s[1:].lstrip(" ")
    exponent = "0"
    m = _SCIENTIFIC.fullmatch(s)
    if m:
        s, exponent = m[1], m[2]
    mantissa = _mantissa(s, decimal)
    if mantissa is None:
        return None
    value = float(f"{'-' if sign == '-' else ''}{mantissa}e{exponent}")
    return value if abs(value) != float("inf") else None


def accepted_interval(low: float, high: float) -> tuple[float, float]:
    """The interval a number is checked against: [low, high] widened by a hair, so that 0.3 is
    inside [0.1 + 0.2, ...]. Formats that hand the check to another system (QTI) use it too."""
    slack = 1e-9 * max(1.0, abs(low), abs(high))
    return low - slack, high + slack


def number_within(value: float, low: float, high: float) -> bool:
    lowest, highest = accepted_interval(low, high)
    return lowest <= value <= highest


# ---------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Verdict:
    status: str  # correct | partial | wrong | empty
    fraction: Fraction  # of the question's points
    # A number right only when read with the other decimal mark: that reading, for the verdict
    # to say "did you mean 4,905?" (right or wrong as the question's `other_decimal` says).
    other_decimal: float | None = None

    def earned_micro(self, points: float) -> int:
        """Points earned, in millionths, rounded half up once: sums of these are exact."""
        total = to_micro(points) * self.fraction
        return int((total * 2 + 1) // 2)


def to_micro(points: float) -> int:
    return round(float(points) * MICRO)


def micro_text(micro: int) -> str:
    """1500000 -> "1.5"; 333333 -> "0.33" (two decimals at most, for display only)."""
    hundredths = (micro * 100 * 2 + MICRO) // (2 * MICRO)
    whole, part = divmod(hundredths, 100)
    return f"{whole}.{part:02d}".rstrip("0").rstrip(".") if part else str(whole)


def _verdict(right: int, out_of: int, partial: bool) -> Verdict:
    right = max(0, right)
    if out_of <= 0 or right >= out_of:
        return Verdict("correct", Fraction(1))
    if partial and right > 0:
        return Verdict("partial", Fraction(right, out_of))
    return Verdict("wrong", Fraction(0))


def is_empty(response: Any) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return response.strip() == ""
    if isinstance(response, (list, tuple)):
        return all(is_empty(item) for item in response)
    return False


def grade(spec: dict, response: Any) -> Verdict:
    """Judge `response` against a question's grading `spec` (from `spec()`)."""
    kind = spec["type"]
    if is_empty(response) or kind in SELF_GRADED and response not in ("knew", "missed"):
        return Verdict("empty", Fraction(0))
    if kind == "single":
        return _verdict(int(response in spec["answer"]), 1, False)
    if kind == "truefalse":
        given = response if isinstance(response, bool) else str(response).strip().lower() == "true"
        return _verdict(int(given == spec["answer"]), 1, False)
    if kind == "multiple":
        picked = set(response)
        right = len(picked & set(spec["answer"]))
        wrong = len(picked) - right
        return _verdict(right - wrong, len(spec["answer"]), spec["partial"])
    if kind == "short":
        return _verdict(
            int(text_matches(str(response), spec["accepted"], spec["case_sensitive"], spec["accents"])), 1, False
        )
    if kind == "numeric":
        value = parse_number(str(response), spec["decimal"], spec["units"])
        if value is not None and number_within(value, spec["low"], spec["high"]):
            return _verdict(1, 1, False)
        other = parse_number(str(response), OTHER_DECIMAL[spec["decimal"]], spec["units"])
        if other is None or not number_within(other, spec["low"], spec["high"]):
            return _verdict(0, 1, False)
        accepted = spec.get("other_decimal") == "accept"
        return replace(_verdict(int(accepted), 1, False), other_decimal=other)
    if kind == "cloze":
        filled = list(response) + [""] * (len(spec["blanks"]) - len(response))
        right = sum(
            text_matches(str(g or ""), accepted, spec["case_sensitive"], spec["accents"])
            for g, accepted in zip(filled, spec["blanks"])
        )
        return _verdict(right, len(spec["blanks"]), spec["partial"])
    if kind == "order":
        key = spec["answer"]
        follows = {(a, b) for a, b in zip(key, key[1:])}
        kept = sum((a, b) in follows for a, b in zip(response, response[1:]))
        return _verdict(kept, len(key) - 1, spec["partial"])
    if kind == "match":
        right = sum(given == wanted for given, wanted in zip(response, spec["answer"]))
        return _verdict(right, len(spec["answer"]), spec["partial"])
    if kind in SELF_GRADED:
        return _verdict(int(response == "knew"), 1, False)
    raise ValueError(f"unknown question type {kind!r}")  # pragma: no cover


# ---------------------------------------------------------------- settings per question


def _index(kind: str, i: int) -> int:
    return i


def blank_answers(q: Cloze) -> list[list[str]]:
    """The accepted answers of each blank, in the order the blanks appear: the blank's own text
    (as written and as read) and the question's `accept` alternatives for its number."""
    blanks = []
    # A nested deletion is one blank wherever every blank shows at once, as Anki reveals it.
    for deletion in cloze.deletions(cloze.flatten_nested(q.text)):
        forms = {deletion.answer.strip(), markup.plain(deletion.answer)}
        forms |= set(q.accept.get(f"c{deletion.number}", ()))
        blanks.append(sorted(form for form in forms if form))
    return blanks


def spec(q: Question, bank: Bank, value: Callable[[str, int], Any] = _index) -> dict:
    """A question's grading settings as plain data, for `grade()`, the JS twin and the JSON export.

    `value(kind, i)` names the i-th choice, item or right-hand side ("choice", "item", "right")
    as responses will name it; by default its 0-based index in the bank.
    """
    partial = getattr(q, "partial_credit", False)
    if isinstance(q, SingleChoice):
        return {"type": "single", "answer": [value("choice", q.choices.index(q.answer))]}
    if isinstance(q, MultipleChoice):
        return {
            "type": "multiple",
            "answer": [value("choice", q.choices.index(a)) for a in q.answer],
            "partial": partial,
        }
    if isinstance(q, TrueFalse):
        return {"type": "truefalse", "answer": q.answer}
    if isinstance(q, ShortAnswer):
        accepted = sorted({form for text in q.answer for form in (text.strip(), markup.plain(text))})
        return {"type": "short", "accepted": accepted, "case_sensitive": q.case_sensitive, "accents": q.accents}
    if isinstance(q, Numeric):
        low, high = q.bounds
        return {
            "type": "numeric",
            "low": low,
            "high": high,
            "decimal": decimal_symbol(bank.language),
            "units": unit_forms(q.unit),
            "other_decimal": q.other_decimal,
        }
    if isinstance(q, Cloze):
        return {
            "type": "cloze",
            "blanks": blank_answers(q),
            "case_sensitive": q.case_sensitive,
            "accents": q.accents,
            "partial": partial,
        }
    if isinstance(q, Order):
        return {"type": "order", "answer": [value("item", i) for i in range(len(q.items))], "partial": partial}
    if isinstance(q, Match):
        return {"type": "match", "answer": [value("right", i) for i in range(len(q.pairs))], "partial": partial}
    if isinstance(q, Card):
        return {"type": "card"}
    if isinstance(q, Essay):
        return {"type": "essay"}
    raise ValueError(f"unknown question type {q.type!r}")  # pragma: no cover
