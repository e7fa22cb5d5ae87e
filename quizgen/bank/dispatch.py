"""How a format handles each question type: one table, type -> handler, in every format.

A format's `Format.question_types` is a `QuestionTypes`: for each question type of
`quizgen.bank.model`, the handler that writes it, or `Unsupported(note)` for a type the format
leaves out, the note telling the author why (said at each such question). Formats look their
handler up in it instead of chaining `isinstance` tests, and `tests/test_formats.py` checks that
every format covers every type: a new question type cannot be forgotten by one of them. A
format whose output does not depend on the type (json writes every question's fields) says so
with `QuestionTypes.alike(...)` instead.

A handler is whatever the format calls: a function, or a method looked up on the class and
called with the instance (`TYPES.handler(q)(self, q)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, Mapping, TypeVar, overload

from quizgen.bank.diagnostics import BuildError, Location
from quizgen.bank.model import QUESTION_TYPES, Question

H = TypeVar("H")
Note = Callable[[Location, str], None]


@dataclass(frozen=True)
class Unsupported:
    """A question type the format leaves out; `note` says why (and, best, where it is carried)."""

    note: str


class QuestionTypes(Generic[H]):
    """One format's handler for each question type (a tuple of types may share one)."""

    def __init__(
        self,
        format_name: str,
        table: Mapping[type[Question] | tuple[type[Question], ...], H | Unsupported],
        *,
        alike: str = "",
    ):
        self.format_name = format_name
        self.written_alike = alike  # why every type is written by the same code (a format with no table)
        self.handlers: dict[type[Question], H] = {}
        self.unsupported: dict[type[Question], str] = {}
        for types, handler in table.items():
            for kind in types if isinstance(types, tuple) else (types,):
                if kind in self.handlers or kind in self.unsupported:
                    raise ValueError(f"{format_name}: question type '{kind.type}' is in the table twice")
                if isinstance(handler, Unsupported):
                    self.unsupported[kind] = handler.note
                else:
                    self.handlers[kind] = handler

    @classmethod
    def alike(cls, format_name: str, why: str) -> "QuestionTypes":
        """A format that writes every question type the same way, and why that is right for it."""
        return cls(format_name, {}, alike=why)

    def carries(self, question: Question) -> bool:
        """Whether this format writes `question` (a type it handles, or every type alike)."""
        return bool(self.written_alike) or type(question) in self.handlers

    def missing(self) -> list[str]:
        """The question types this format neither handles nor notes as left out."""
        if self.written_alike:
            return []
        return [
            name for name, kind in QUESTION_TYPES.items() if kind not in self.handlers and kind not in self.unsupported
        ]

    @overload
    def handler(self, question: Question, note: None = None) -> H: ...

    @overload
    def handler(self, question: Question, note: Note) -> H | None: ...

    def handler(self, question: Question, note: Note | None = None) -> H | None:
        """The handler for the question's type; None for a type the format leaves out, once
        `note` has told the author why at the question."""
        kind = type(question)
        if kind in self.unsupported:
            if note is None:
                raise BuildError(question.where(), self.unsupported[kind])
            note(question.where(), self.unsupported[kind])
            return None
        try:
            return self.handlers[kind]
        except KeyError:
            raise BuildError(
                question.where(), f"the {self.format_name} format does not know question type '{question.type}'"
            ) from None
