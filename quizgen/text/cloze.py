"""Anki's cloze markers, `{{c1::answer}}` and `{{c1::answer::hint}}`, parsed in one place.

The same scanner finds markers in the author's Markdown (to validate and to grade) and in the
rendered HTML (where formats swap them for blanks, inputs or Anki's own cloze fields).

It is a hand-written scanner, not a regular expression: the old pattern (`{{c(\\d+)::(.*?)...}}`)
retried the rest of the text from every unclosed `{{c1::`, so a few kilobytes of them took minutes.
Here each marker ends at the first `}}` after it, and once no `}}` is left nothing more can
match, so one pass over the text finds every marker: time grows linearly with its length.

A brace written with a backslash (`\\{{`) is text: it opens or closes no marker, here and in the
rendered HTML (quizgen.text.markup writes it as `&#123;`, which Anki does not read as a brace
either). `lookalikes` finds what looks like a marker but is not one (`{{ c1::mass }}`,
`{{mass}}`, `{c1::mass}`): written so, it would print as typed, answer included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

# Anki reads the number as an unsigned 16-bit integer of ASCII digits (leading zeros allowed);
# anything bigger, or written with other digits (`١`), is not a cloze to Anki at all.
MAX_NUMBER = 65_535
_OPEN = "{{c"
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str
    hint: str


@dataclass(frozen=True)
class _Marker:
    start: int  # index of its `{{`
    end: int  # index just after its `}}`
    digits: str  # the number as written (any Unicode decimal digits, checked by `problems`)
    answer: str
    hint: str

    @property
    def number(self) -> int | None:
        """The number Anki reads, or None when Anki would not see a cloze here."""
        if not self.digits or not set(self.digits) <= _ASCII_DIGITS:
            return None
        significant = self.digits.lstrip("0") or "0"
        if len(significant) > len(str(MAX_NUMBER)):  # never int() thousands of digits
            return None
        number = int(significant)
        return number if number <= MAX_NUMBER else None


def _decimal_run(text: str, start: int) -> int:
    """The index after the run of decimal digits (of any script) that starts at `start`."""
    end = start
    while end < len(text) and text[end].isdecimal():
        end += 1
    return end


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd run of backslashes (`\\{` is a brace
    meant as text; `\\\\{` is a backslash, then a brace)."""
    before = index
    while before and text[before - 1] == "\\":
        before -= 1
    return (index - before) % 2 == 1


def _closing(text: str, start: int) -> int:
    """The index of the first `}}` at or after `start` whose first brace is not escaped, or -1."""
    close = text.find("}}", start)
    while close >= 0 and _escaped(text, close):
        close = text.find("}}", close + 1)
    return close


def _scan(text: str) -> Iterator[_Marker]:
    """Every marker, left to right, each ending at the first `}}` after its `::`."""
    position = 0
    while True:
        start = text.find(_OPEN, position)
        if start < 0:
            return
        digits_end = _decimal_run(text, start + len(_OPEN))
        if digits_end == start + len(_OPEN) or not text.startswith("::", digits_end) or _escaped(text, start):
            position = start + 1
            continue
        body = digits_end + 2
        close = _closing(text, body)
        if close < 0:
            return  # no `}}` left: no later opening can be closed either
        separator = text.find("::", body, close)
        answer, hint = (text[body:close], "") if separator < 0 else (text[body:separator], text[separator + 2 : close])
        yield _Marker(start, close + 2, text[start + len(_OPEN) : digits_end], answer, hint)
        position = close + 2


def _recognised(text: str) -> Iterator[tuple[_Marker, Deletion]]:
    for marker in _scan(text):
        if marker.number is not None:
            yield marker, Deletion(marker.number, marker.answer, marker.hint)


def deletions(text: str) -> list[Deletion]:
    return [deletion for _, deletion in _recognised(text)]


def first_marker_start(text: str) -> int | None:
    """Where the first marker begins (the text before it is what a reader sees first)."""
    return next((marker.start for marker, _ in _recognised(text)), None)


def numbers(text: str) -> list[int]:
    """The distinct cloze numbers, in order: one Anki card each."""
    return sorted({d.number for d in deletions(text)})


def replace(text: str, make: Callable[[Deletion, int], str]) -> str:
    """Replace each marker with `make(deletion, index)`; index counts markers from 0."""
    parts = []
    position = 0
    for index, (marker, deletion) in enumerate(_recognised(text)):
        parts += [text[position : marker.start], make(deletion, index)]
        position = marker.end
    parts.append(text[position:])
    return "".join(parts)


def _shown_number(digits: str) -> str:
    return digits if len(digits) <= 12 else f"{digits[:6]}…({len(digits):,} digits)"


def problems(text: str) -> list[str]:
    """What is wrong with the markers of a cloze text: numbers Anki does not read, empty answers,
    no marker at all. (What only looks like a marker is `lookalikes`'.)"""
    issues = []
    found = 0
    for marker in _scan(text):
        number = marker.number
        shown = _shown_number(marker.digits)
        if number is None:
            if not set(marker.digits) <= _ASCII_DIGITS:
                issues.append(
                    f"cloze number c{shown} uses digits Anki does not read; write it with 0-9, as in {{{{c1::answer}}}}"
                )
            else:
                issues.append(f"cloze number c{shown} is too large; Anki reads numbers up to {MAX_NUMBER:,}")
            continue
        found += 1
        if number == 0:
            issues.append("cloze numbers start at 1 ({{c0::...}} is never shown by Anki)")
        if not marker.answer.strip():
            issues.append(f"cloze marker c{number} has an empty answer")
    if not found and not issues:
        issues.append(NO_MARKERS)
    return issues


NO_MARKERS = "cloze text has no {{c1::answer}} markers"


# No backtracking: each match is a fixed shape. A backslash and the character after it are
# matched (and skipped) first, so an escaped brace neither opens nor closes a marker.
_NESTING = re.compile(r"\\.|\{\{c[0-9]+::|\}\}", re.DOTALL)


def flatten_nested(text: str) -> str:
    """Anki (2.1.56+) nests deletions: `{{c1::Canberra was {{c2::founded}} in 1913}}`. MARKER
    alone would end the outer deletion at the inner `}}` and leave a stray `}}` behind. Where
    every blank is shown at once, the outermost deletion is the blank and its answer is the whole
    text Anki reveals for it, so this keeps each outermost marker and replaces the markers
    inside it by their answers: `{{c1::Canberra was founded in 1913}}`. One pass, linear time.
    """
    if "{{" not in text:
        return text
    parts: list[list[str]] = [[]]  # text gathered at each open nesting level
    heads: list[str] = []  # the opening `{{cN::` of each level
    at = 0
    for token in _NESTING.finditer(text):
        if token[0].startswith("\\") or (token[0] == "}}" and not heads):
            continue  # an escaped character, or a `}}` outside any marker: plain text
        parts[-1].append(text[at : token.start()])
        at = token.end()
        if token[0] != "}}":
            heads.append(token[0])
            parts.append([])
            continue
        inside, head = "".join(parts.pop()), heads.pop()
        parts[-1].append(inside.split("::", 1)[0] if heads else f"{head}{inside}}}}}")
    parts[-1].append(text[at:])
    while heads:  # unclosed markers stay as written (validation reports them)
        inside = "".join(parts.pop())
        parts[-1].append(heads.pop() + inside)
    return "".join(parts[0])


# -- what looks like a marker but is not one -------------------------------------------------------

# Where a lookalike may start: two braces, one brace before a c and its number (`{c1::`,
# `{ c1 :`, `{c::`), or a c and its number before `::` with no brace at all (`c1::mass}}`). Fixed
# shapes with bounded runs of spaces: no backtracking.
# A brace right after a brace written as text (`\\{{`) opens nothing either.
_LOOKALIKE = re.compile(
    r"(?<!\x0e)(?:\{\{|\{[ \t]*[cC][ \t]*(?:[0-9]+[ \t]*:|[0-9]*[ \t]*::))"
    r"|(?<![\w{\x0e])[cC][0-9]+[ \t]*::"
)
# How far after its opening a lookalike's closing brace is looked for.
_WINDOW = 120
# What a lookalike seems to mean: an optional `c` and number, colons, the answer, `::` and a hint.
_MEANT = re.compile(r"[ \t]*(?:[cC][ \t]*([0-9]+|[^\s:0-9]?)[ \t]*:+)?[ \t]*(.*?)[ \t]*", re.DOTALL)
_HINT = re.compile(r"[ \t]*::[ \t]*")
# Stand-ins for what a text shows that is not plain text (quizgen.text.markup.shown_text): a
# formula, image or code, and a brace written as text.
_NOT_TEXT = "\ufffc"
_TEXT_BRACES = {"\x0e": "\\{", "\x0f": "\\}"}


@dataclass(frozen=True)
class Lookalike:
    written: str  # as the text shows it (shortened when long)
    fix: str | None  # the marker it most likely means, when that can be told
    closed: bool  # False: nothing closes it before the next opening or paragraph


def lookalikes(shown: str, blanks: bool, source: bool = False) -> list[Lookalike]:
    """What looks like a cloze marker in `shown` (a text as Markdown shows it, code and formulas
    replaced: quizgen.text.markup.shown_text) but would print as typed. With `blanks` (a cloze
    question's text), the real markers are left out and `fix` is the marker meant; elsewhere
    every `{{` is one (no field but a cloze text has blanks). Linear in the text's length.

    With `source`, `shown` is the text as written (a brace after a backslash is text): what is
    found there is a superset of what Markdown shows, so an empty answer means the text need not
    be parsed at all."""
    if "{" not in shown and "::" not in shown:
        return []
    if blanks:
        flat = flatten_nested(shown)
        pieces, position = [], 0
        for marker in _scan(flat):
            pieces += [flat[position : marker.start], _NOT_TEXT]
            position = marker.end
        rest = "".join(pieces) + flat[position:]
        taken = {marker.number for marker in _scan(flat) if marker.number is not None}
    else:
        rest, taken = shown, set()
    found = []
    covered = 0
    for start in _LOOKALIKE.finditer(rest):
        if start.start() < covered or (not blanks and not start[0].startswith("{")):
            continue
        if source and start[0].startswith("{") and _escaped(rest, start.start()):
            continue
        if blanks and _escaped(rest, start.start()) and next(_scan(rest[start.start() :]), None):
            continue  # a marker after a backslash Markdown left (`\\\\{{c1::x}}`): validation says so
        opening = 2 if start[0] == "{{" else 1 if start[0].startswith("{") else 0
        body = start.start() + opening
        inner, end, covered = _inner(rest, body, bare=not opening)
        written = rest[start.start() : end]
        found.append(
            Lookalike(_shown(written), _meant(inner, taken) if blanks else _as_text(written), closed=inner is not None)
        )
    return found


def _inner(text: str, body: int, bare: bool) -> tuple[str | None, int, int]:
    """What stands between a lookalike's opening and its closing brace(s), where it ends, and up
    to where it covers the text: (None, end, covered) when it is not closed before the next
    opening, paragraph or code. A `bare` lookalike (`(c1::mass)`, no brace before it) may end
    at a bracket too."""
    window = text[body : body + _WINDOW]
    stop = min(
        (i for i in (window.find("{"), window.find("\n\n"), window.find(_NOT_TEXT)) if i >= 0), default=len(window)
    )
    close = window.find("}", 0, stop)
    if close >= 0:
        width = 2 if window.startswith("}}", close) else 1
        return window[:close], body + close + width, body + close + width
    brackets = [i for i in (window.find(")", 0, stop), window.find("]", 0, stop)) if i >= 0]
    if bare and brackets:
        return window[: min(brackets)], body + min(brackets) + 1, body + min(brackets) + 1
    # Not closed: what follows, up to the end of its paragraph, is what it swallows; a second
    # opening in there is the same mistake again (`{{c1::` a thousand times is one problem).
    paragraph = text.find("\n\n", body)
    return None, body + stop, (len(text) if paragraph < 0 else paragraph)


def _meant(inner: str | None, taken: set[int]) -> str | None:
    """The marker a lookalike most likely means (`{{ c1 :: mass }}` means `{{c1::mass}}`), or None."""
    if inner is None or any(c in inner for c in "{}\x0e\x0f" + _NOT_TEXT):
        return None
    meant = _MEANT.fullmatch(inner)
    assert meant is not None  # every part of _MEANT is optional but the last, which takes any text
    written_number = meant[1] or ""
    answer, *hints = _HINT.split(meant[2], maxsplit=1)
    answer, hint = answer.strip(), "".join(hints).strip()
    if not answer or "\n" in answer:
        return None
    if written_number.isdigit() and 0 < int(written_number[-6:]) <= MAX_NUMBER and len(written_number) <= 6:
        number = int(written_number)
    else:
        number = next(n for n in range(1, len(taken) + 2) if n not in taken)
    taken.add(number)
    return f"{{{{c{number}::{answer}{'::' + hint if hint else ''}}}}}"


def _as_text(written: str) -> str:
    """The lookalike written so that it prints as typed: its opening brace escaped."""
    return _shown("\\" + written)


def _shown(written: str) -> str:
    for stand_in, brace in _TEXT_BRACES.items():
        written = written.replace(stand_in, brace)
    written = written.replace(_NOT_TEXT, "…").replace("\n", " ").rstrip()
    return written if len(written) <= 60 else written[:59] + "…"
