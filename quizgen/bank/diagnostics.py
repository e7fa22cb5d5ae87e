"""Where a problem is (`Location`), what it is (`Diagnostic`), and the one place both become text.

Every check in quizgen reports problems as data; nothing else formats `path:line:col`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

# Control characters a bank may smuggle into a message (a quoted key "\e[2J") or a shown source
# line would otherwise reach the user's terminal as escape sequences.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# A file name may hold any character but "/" and NUL: "\x1b]0;pwned\x07.yaml" would retitle the
# terminal, a newline would forge a diagnostic line, and a right-to-left override (U+202E) would
# show "gpj.yaml" as "lmay.jpg". Every path quizgen prints goes through `shown_path`.
_UNPRINTABLE_IN_PATH = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # not a problem with the bank: what an output could not hold, say


def shown_path(path) -> str:
    """A path as text that is safe to print: unprintable characters as `\\x1b` or `\\u202e`."""
    return _UNPRINTABLE_IN_PATH.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", str(path)
    )


class Location(NamedTuple):
    """A 1-based line and column in a file, as editors count them (0 when unknown).

    A named tuple, not a dataclass: the loader makes one for every value of a bank (hundreds of
    thousands for a large one), and tuples are several times cheaper to create and compare.
    """

    path: str
    line: int = 0
    col: int = 0

    @classmethod
    def from_mark(cls, path: str, mark) -> "Location":
        """Build from a PyYAML mark, which counts from 0."""
        return cls(path, mark.line + 1, mark.column + 1)

    def __str__(self) -> str:
        if self.line <= 0:
            return shown_path(self.path)
        return f"{shown_path(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str
    severity: str = ERROR
    code: str = ""  # which rule found it (lint warnings), shown as `warning[code]`
    hint: str = ""  # how to fix it, shown after the message

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self):
        return (self.location, self.message)

    def format(self, source_lines: list[str] | None = None) -> str:
        """`path:line:col: error: message`, or `path:line:col: warning[code]: message; hint`,
        plus the offending line and a caret when known."""
        message = self.message + (f"; {self.hint}" if self.hint else "")
        message = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", message.replace("\n", " "))
        label = f"{self.severity}[{self.code}]" if self.code else self.severity
        text = f"{self.location}: {label}: {message}"
        loc = self.location
        if source_lines and 0 < loc.line <= len(source_lines) and loc.col > 0:
            # One character for one keeps the caret under the right column.
            line = _CONTROL.sub("\ufffd", source_lines[loc.line - 1].rstrip("\r\n"))
            if len(line) <= 200:  # a caret under a megabyte-long line helps nobody
                # Keep tabs so the caret lines up under the same characters.
                pad = "".join("\t" if ch == "\t" else " " for ch in line[: loc.col - 1])
                text += f"\n    {line}\n    {pad}^"
        return text


@dataclass
class Report:
    """Collects diagnostics from every stage; never stops at the first."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, ERROR))

    def warning(self, location: Location, message: str, code: str = "", hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, message, WARNING, code, hint))

    def note(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, NOTE))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=Diagnostic.sort_key)


class BuildError(Exception):
    """A problem found while making an output (an image a renderer rejects, a template mistake),
    with its place in the bank or template."""

    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.location = location


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.location.path for d in diagnostics})
    parts = [plural(errors, "error")]
    if warnings:
        parts.append(plural(warnings, "warning"))
    return f"{' and '.join(parts)} in {plural(files, 'file')}"


def plural(n: int, word: str) -> str:
    """`1 question`, `2 questions`: every count a user reads goes through here."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
