"""Anki's cloze markers, `{{c1::answer}}` and `{{c1::answer::hint}}`, parsed in one place.

The same scanner finds markers in the author's Markdown (to validate and to grade) and in the
rendered HTML (where formats swap them for blanks, inputs or Anki's own cloze fields).

It is a hand-written scanner, not a regular expression: the old pattern (`{{c(\\d+)::(.*?)...}}`)
retried the rest of the text from every unclosed `{{c1::`, so a few kilobytes of them took minutes.
Here each marker ends at the first `}}` after it, and once no `}}` is left nothing more can
match, so one pass over the text finds every marker: time grows linearly with its length.

A brace written with a backslash (`\\{{`) is text: it opens or closes no marker, here and in the
rendered HTML (quizgen.text.markup writes it as `&#123;`, which Anki does not read as a brace
either).
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
    start: int    # index of its `{{`
    end: int      # index just after its `}}`
    digits: str   # the number as written (any Unicode decimal digits, checked by `problems`)
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
        if (digits_end == start + len(_OPEN) or not text.startswith("::", digits_end)
                or _escaped(text, start)):
            position = start + 1
            continue
        body = digits_end + 2
        close = _closing(text, body)
        if close < 0:
            return  # no `}}` left: no later opening can be closed either
        separator = text.find("::", body, close)
        answer, hint = ((text[body:close], "") if separator < 0
                        else (text[body:separator], text[separator + 2:close]))
        yield _Marker(start, close + 2, text[start + len(_OPEN):digits_end], answer, hint)
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
        parts += [text[position:marker.start], make(deletion, index)]
        position = marker.end
    parts.append(text[position:])
    return "".join(parts)


def _shown_number(digits: str) -> str:
    return digits if len(digits) <= 12 else f"{digits[:6]}…({len(digits):,} digits)"


def problems(text: str) -> list[str]:
    issues = []
    leftover = []
    position = 0
    found = 0
    for marker in _scan(text):
        leftover.append(text[position:marker.start])
        position = marker.end
        number = marker.number
        shown = _shown_number(marker.digits)
        if number is None:
            if not set(marker.digits) <= _ASCII_DIGITS:
                issues.append(f"cloze number c{shown} uses digits Anki does not read; write it with "
                              "0-9, as in {{c1::answer}}")
            else:
                issues.append(f"cloze number c{shown} is too large; Anki reads numbers up to "
                              f"{MAX_NUMBER:,}")
            continue
        found += 1
        if number == 0:
            issues.append("cloze numbers start at 1 ({{c0::...}} is never shown by Anki)")
        if not marker.answer.strip():
            issues.append(f"cloze marker c{number} has an empty answer")
    leftover.append(text[position:])
    if not found and not issues:
        issues.append("cloze text has no {{c1::answer}} markers")
    rest = "".join(leftover)
    opening = rest.find(_OPEN)
    if opening >= 0:
        end = _decimal_run(rest, opening + len(_OPEN))
        digits = rest[opening + len(_OPEN):end]
        colons = len(rest[end:end + 2]) - len(rest[end:end + 2].lstrip(":"))
        issues.append(f"malformed cloze marker starting {'{{c' + _shown_number(digits) + ':' * colons!r}; "
                      "write {{c1::answer}} or {{c1::answer::hint}}")
    return issues


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
        parts[-1].append(text[at:token.start()])
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

