"""Anki's cloze markers, `{{c1::answer}}` and `{{c1::answer::hint}}`, parsed in one place.

The same pattern finds markers in the author's Markdown (to validate and to grade) and in the
rendered HTML (where formats swap them for blanks, inputs or Anki's own cloze fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

# As Anki reads them: the number, then the answer up to the first '::' or '}}' (non-greedy).
MARKER = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_OPENING = re.compile(r"\{\{c\d*:?:?")


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str
    hint: str


def deletions(text: str) -> list[Deletion]:
    return [Deletion(int(m[1]), m[2], m[3] or "") for m in MARKER.finditer(text)]


def numbers(text: str) -> list[int]:
    """The distinct cloze numbers, in order: one Anki card each."""
    return sorted({d.number for d in deletions(text)})


def replace(text: str, make: Callable[[Deletion, int], str]) -> str:
    """Replace each marker with `make(deletion, index)`; index counts markers from 0."""
    counter = iter(range(10**9))
    return MARKER.sub(lambda m: make(Deletion(int(m[1]), m[2], m[3] or ""), next(counter)), text)


def problems(text: str) -> list[str]:
    found = deletions(text)
    issues = []
    if not found:
        issues.append("cloze text has no {{c1::answer}} markers")
    for deletion in found:
        if deletion.number == 0:
            issues.append("cloze numbers start at 1 ({{c0::...}} is never shown by Anki)")
        if not deletion.answer.strip():
            issues.append(f"cloze marker c{deletion.number} has an empty answer")
    leftover = _OPENING.search(MARKER.sub("", text))
    if leftover:
        issues.append(f"malformed cloze marker starting {leftover[0]!r}; write {{{{c1::answer}}}} "
                      "or {{c1::answer::hint}}")
    return issues


_NESTING = re.compile(r"\{\{c\d+::|\}\}")


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
        if token[0] == "}}" and not heads:
            continue  # a `}}` outside any marker is plain text
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
