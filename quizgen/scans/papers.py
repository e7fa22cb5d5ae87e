"""One row of results per student: the graded pages of one answer sheet, put back together.

A long quiz's sheet runs over several pages, and each page is graded on its own (it has its own
QR code and number grid, and the pages may be scanned in any order). Pages are one sheet when
they name the same version, seed and paper and the same student: the id in a roster sheet's QR
code, else the number filled in the grid. Their scores add up, their flags are kept (naming the
page), a page of the sheet that was not among the scans is flagged on the row, and a page given
twice counts once. A page whose student is unknown (the grid left empty or not read) cannot be
joined to anything: it is a row of its own, and so is each page not graded. Nothing is dropped
without a flag: a second page that repeats one already read with other answers (two students who
wrote the same number?) starts a row of its own, and both rows say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizgen import grading
from quizgen.present.results_table import NOT_ON_PAPER, PAGE_NOT_FOUND
from quizgen.scans.result import Answer, Result


def _shared(field_name: str) -> property:
    return property(lambda paper: getattr(paper.pages[0], field_name))


@dataclass
class Paper:
    """One student's answer sheet: a row of results.csv."""

    pages: list[Result]  # graded pages in the sheet's page order; or one page not graded
    notes: list[str] = field(default_factory=list)  # flags about the sheet as a whole (a page missing)
    answers: dict[int, Answer] = field(init=False)  # by question number, every page's

    def __post_init__(self) -> None:
        self.answers = {number: answer for page in self.pages for number, answer in page.answers.items()}

    @property
    def flags(self) -> list[str]:
        """The sheet's flags, then each page's (naming the page on a sheet of several)."""
        if self.count > 1:
            return self.notes + [f"page {_number(page)}: {flag}" for page in self.pages for flag in page.flags]
        return self.notes + [flag for page in self.pages for flag in page.flags]

    @property
    def name(self) -> str:
        """The student's name in the QR code (none on sheets printed before names were)."""
        return next((page.name for page in self.pages if page.name), "")

    @property
    def name_room(self) -> int:
        """The bytes the QR code had for the name: it was cut to that (answersheet.coded_name)."""
        return next((page.name_room for page in self.pages if page.name), 0)

    # What every page of the sheet shares (it is how they were joined), read from the first.
    graded = _shared("graded")
    problem = _shared("problem")
    student = _shared("student")
    version = _shared("version")

    @property
    def count(self) -> int:
        """Pages the sheet has (1 for a page not graded: its sheet is unknown)."""
        page = self.pages[0].sheet_page
        return page.count if page is not None and self.graded else 1

    @property
    def earned(self) -> int:
        return sum(page.earned for page in self.pages)

    @property
    def out_of(self) -> int:
        return sum(page.out_of for page in self.pages)

    def where(self) -> tuple[str, str]:
        """The `file` and `page` cells: the scan (or scans, `; `-separated) and the page in it of
        each of the sheet's pages, in the sheet's order."""
        files = list(dict.fromkeys(page.file for page in self.pages))
        shown = files[0] if len(files) == 1 else "; ".join(page.file for page in self.pages)
        return shown, "; ".join(str(page.page) for page in self.pages)

    def row(self, numbers: list[int], name: str, flags: list[str]) -> list[str]:
        """The row under `results_table.COLUMNS` with `name` and `flags` (the sheet's, and any a class list adds)."""
        file, page = self.where()
        if not self.graded:
            return [file, page, "", "", "", "", "", self.problem] + [""] * len(numbers)
        return [
            file,
            page,
            self.version,
            self.student,
            name,
            grading.micro_text(self.earned),
            grading.micro_text(self.out_of),
            "; ".join(flags),
        ] + [self._cell(n) for n in numbers]

    def _cell(self, number: int) -> str:
        for page in self.pages:
            if number in page.answers:
                return page.cell(number)
        sheet_page = self.pages[0].sheet_page
        if sheet_page is None:  # the sheet's layout unknown
            return ""
        # Every question on the paper has a row on one page of the sheet: not on a page read,
        # it is on one not found.
        return NOT_ON_PAPER if number > sheet_page.questions else PAGE_NOT_FOUND


def papers(results: list[Result]) -> list[Paper]:
    """The pages of `results` (in scan order) joined into sheets, in the order of each sheet's
    first page."""
    groups: list[list[Result]] = []
    notes: dict[int, list[str]] = {}  # id(group) -> flags about the group
    alone: set[int] = set()  # id(group) of the pages whose student is unknown
    open_sheets: dict[tuple, list[list[Result]]] = {}
    for result in results:
        key = _key(result)
        number = _number(result)
        if key is None:
            groups.append([result])
            alone.add(id(groups[-1]))
            if result.graded and result.sheet_page is not None and result.sheet_page.count > 1:
                notes[id(groups[-1])] = [
                    f"no student number read: page {number} of {result.sheet_page.count} graded alone, "
                    "not joined to the other pages of its sheet"
                ]
            continue
        same_key = open_sheets.setdefault(key, [])
        again = next((g for g in same_key for p in g if _number(p) == number and _same(p, result)), None)
        if again is not None:
            first = next(p for p in again if _number(p) == number)
            notes.setdefault(id(again), []).append(
                f"page {number} scanned twice ({_place(first)} and {_place(result)}): counted once"
            )
            continue
        group = next((g for g in same_key if all(_number(p) != number for p in g)), None)
        if group is None:
            group = []
            same_key.append(group)
            groups.append(group)
        group.append(result)
    for same_key in open_sheets.values():
        if len(same_key) > 1:  # a page repeated with other answers: two sheets, one number
            for group in same_key:
                notes.setdefault(id(group), []).append(
                    f"student {group[0].student} has {len(same_key)} sheets with different answers in these "
                    "scans (the same number written by two students?): check which is whose"
                )
    made = []
    for group in groups:
        group.sort(key=_number)
        paper = Paper(group)
        missing = [] if id(group) in alone else [n for n in range(1, paper.count + 1) if n not in map(_number, group)]
        paper.notes = [f"page {n} of {paper.count} not found" for n in missing] + notes.get(id(group), [])
        made.append(paper)
    return made


def _key(result: Result) -> tuple | None:
    """What the pages of one sheet share, or None when the page's student is unknown."""
    if not result.graded or result.sheet_page is None or not result.student or "?" in result.student:
        return None
    return (result.version, result.seed, result.paper, result.student)


def _number(result: Result) -> int:
    """The page's number on its sheet (0 for a page not graded)."""
    return result.sheet_page.number if result.sheet_page is not None else 0


def _same(one: Result, other: Result) -> bool:
    """Two readings of one page: the same letters on every row (a sheet scanned twice)."""
    return {n: a.letters for n, a in one.answers.items()} == {n: a.letters for n, a in other.answers.items()}


def _place(result: Result) -> str:
    return f"{result.file} page {result.page}"
