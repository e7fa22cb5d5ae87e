"""What grading one scanned page found: the answers read, the score, the flags, and what each
question's cell in `results.csv` says. Shared by the grader (`grade.py`), the sheets it makes of
the pages (`papers.py`, a row of results each), the marked-up images (`annotate.py`) and the
statistics (`stats.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from quizgen.present import answersheet
from quizgen.present.results_table import BY_HAND, NOT_ON_PAPER


@dataclass
class Answer:
    """What one sheet says about one question."""

    question: str  # the bank's question id
    letters: str  # as printed on the sheet, e.g. "AC"
    chosen: tuple  # bank choice indices, or (True,)/(False,) for true/false
    fraction: Fraction | None  # None: marked by hand
    readings: list = field(default_factory=list)  # marks.Reading of each bubble
    correct: frozenset = frozenset()  # indices of the bubbles that are right answers


@dataclass
class Result:
    file: str
    page: int
    version: str = ""
    student: str = ""
    name: str = ""  # the student's name in the QR code (a roster's sheets since names were carried)
    name_room: int = 0  # the bytes the code had for it (answersheet.coded_name)
    seed: int = 0  # the printing's seed and paper size, from the QR code
    paper: str = ""
    earned: int = 0  # millionths of a point
    out_of: int = 0
    flags: list[str] = field(default_factory=list)
    answers: dict[int, Answer] = field(default_factory=dict)  # by question number on the sheet
    problem: str = ""  # why the page was not graded
    image: object = None  # the straightened page (or the scan when not located)
    sheet_page: answersheet.Page | None = None
    digit_readings: list = field(default_factory=list)  # marks.Reading of the filled figures
    no_code: bool = False  # not graded because its QR code could not be read (see Grader.grade_without_code)

    def release(self) -> None:
        """Drop the page image once it has been drawn (`--annotate`): the rest of a result is
        a few hundred bytes, its image megabytes, and a batch may hold thousands of pages."""
        self.image = None

    @property
    def graded(self) -> bool:
        return not self.problem

    def cell(self, number: int) -> str:
        """The letters column of question `number` (results.csv)."""
        if number in self.answers:
            return BY_HAND if self.answers[number].fraction is None else self.answers[number].letters
        drawn = self.sheet_page.questions if self.sheet_page is not None else 0
        return NOT_ON_PAPER if drawn and number > drawn else ""
