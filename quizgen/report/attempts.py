"""What every result file is read into: attempts of one bank, each a student's responses by
question id, with what they chose and the share of the points they earned; and the located
problems found on the way (all of them, none stops the reading)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizgen.bank.diagnostics import NOTE, Diagnostic, Location

MAX_BYTES = 64 * 2**20  # a result file larger than this is not read (10,000 students fit in a few MB)


@dataclass(frozen=True)
class Response:
    """One student's answer to one question."""

    score: float | None  # the share of the points earned (0 to 1); None: not marked yet (by hand)
    chosen: tuple = ()  # choice questions: the bank's choice indices (as written), or (True,)/(False,)
    blank: bool = False  # nothing was answered (it scores 0)


@dataclass
class Attempt:
    student: str
    where: Location  # the row or file it was read from
    responses: dict[str, Response] = field(default_factory=dict)  # by the bank's question id


@dataclass
class Reading:
    """The attempts read from some files, and every problem met (errors stop the command,
    notes are printed and the report is written)."""

    attempts: list[Attempt] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, path, line: int, column: int, message: str) -> None:
        self.problems.append(Diagnostic(Location(str(path), line, column), message))

    def note(self, path, line: int, column: int, message: str) -> None:
        self.problems.append(Diagnostic(Location(str(path), line, column), message, NOTE))

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)
