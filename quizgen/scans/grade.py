"""`quizgen grade` top to bottom: every page of every scan graded, then a row of results per
student (the pages of each one's sheet put together by `papers`).

Each page is located (`locate`), checked against the bank (same bank id and fingerprint: a sheet
printed from another edit of the bank would put other questions behind the same letters), read
(`marks`) and scored with the grading model, `quizgen.grading`, exactly as the other outputs
score answers: a choice is the 0-based index of the bank's choice behind the printed letter.
Nothing is guessed: a doubtful bubble does not count and is flagged, a single-answer row with two
marks scores nothing and is flagged, a page that cannot be read is a row that says why.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from quizgen import grading
from quizgen.bank.diagnostics import shown_path as printable
from quizgen.bank.model import Bank, TrueFalse
from quizgen.present import answersheet, roster, versions
from quizgen.present.results_table import COLUMNS
from quizgen.runtime.csvsafe import csv_text
from quizgen.scans import locate, marks, pages
from quizgen.scans.papers import Paper, papers
from quizgen.scans.result import Answer, Result


class Grader:
    def __init__(self, bank: Bank):
        self.bank = bank
        self.fingerprint = answersheet.fingerprint(bank)
        self._sheets: dict[tuple, answersheet.Sheet] = {}
        self._specs = {q.id: grading.spec(q, bank) for q in bank.questions}
        self.printings: set[tuple[int, str]] = set()  # (seed, paper) of the sheets read by their code
        self.versions: set[str] = set()  # the versions of the sheets read by their code

    def numbers(self) -> list[int]:
        return list(range(1, len(self.bank.questions) + 1))

    def grade_file(self, path: Path) -> Iterator[Result]:
        """Each page's result in turn, with its image: the caller drops the image (`release`)
        before asking for the next, so a file costs the memory of one page, however many it has."""
        for page in pages.read(path):
            yield self._graded(page, path)
            del page  # before the next page is decoded, not after

    def _graded(self, page: pages.Page, path: Path) -> Result:
        if page.problem:
            return Result(str(path), page.number, problem=f"{path.name} {page.problem}")
        try:
            return self.grade_page(page.image, str(path), page.number)
        except Exception as error:  # never a traceback for one odd page: say so and go on
            return Result(
                str(path),
                page.number,
                image=page.image,
                problem=f"could not be read ({type(error).__name__}: {error})",
            )

    def grade_page(self, image, file: str, number: int) -> Result:
        try:
            found = locate.locate(image)
            sheet_page = self._sheet_page(found.payload)
        except locate.NotRead as why:
            return Result(file, number, problem=str(why), image=image, no_code=isinstance(why, locate.NoCode))
        self.printings.add((found.payload["seed"], found.payload["paper"]))
        self.versions.add(found.payload["version"])
        return self._read(found, sheet_page, file, number)

    def grade_without_codes(self, results: list[Result], done: Callable[[Result], None]) -> list[Result]:
        """`results` with each page whose QR code was not read graded by `grade_without_code`
        (or left as it was) and handed to `done`. Such pages were released like the others, so
        their files are read again for them: a batch keeps one page in memory, however many
        pages lack a code."""
        wanted = {(r.file, r.page) for r in results if r.no_code}
        again: dict[tuple[str, int], Result] = {}
        for file in dict.fromkeys(file for file, _ in sorted(wanted)):
            for page in pages.read(Path(file)):
                if (file, page.number) in wanted:
                    result = self._graded(page, Path(file))
                    result = self.grade_without_code(result) if result.no_code else result
                    done(result)
                    again[(file, page.number)] = result
                del page
        return [again.get((r.file, r.page), r) if r.no_code else r for r in results]

    def grade_without_code(self, unread: Result) -> Result:
        """A page whose QR code could not be read, identified by the squares printed along its
        foot (version, page) and the seed and paper of the class's other sheets, when they all
        have one: graded, with a flag saying so; else returned as it was."""
        if len(self.printings) != 1 or unread.image is None:
            return unread
        ((seed, paper),) = self.printings
        try:
            straight, letter, page, turned = locate.by_markers(np.asarray(unread.image), paper)
            sheet = self._sheet(seed, letter, paper)
        except locate.NotRead:  # no markers, or no code row: not a sheet, as its QR code said
            return unread
        numbers = [p.number for p in sheet.pages if p.number % 32 == page]
        if not numbers:
            return unread
        printed = versions.after_the_printed(letter, self.versions)
        if len(printed) > 1:  # two versions read by their codes: the seed is theirs, the squares misread
            return dataclasses.replace(
                unread,
                problem=f"{unread.problem}; the squares along its foot read version {letter}, but the other "
                f"sheets are versions {', '.join(printed)}: version {letter} was not printed, so the squares "
                "were misread (grade this page by hand)",
            )
        payload = {"bank": self.bank.id, "version": letter, "seed": seed, "paper": paper, "page": numbers[0]}
        result = self._read(
            locate.Found(payload, straight, turned), sheet.pages[numbers[0] - 1], unread.file, unread.page
        )
        shown = f"version {letter}, " if letter else ""
        result.flags.insert(
            0,
            f"QR code not read: taken for {shown}page {numbers[0]} by the squares along its foot, "
            f"printed with seed {seed} like the other sheets (check it is a sheet of this bank)",
        )
        return result

    def _read(self, found: locate.Found, sheet_page: answersheet.Page, file: str, number: int) -> Result:
        payload = found.payload
        result = Result(
            file,
            number,
            version=payload["version"],
            name=payload.get("name", ""),
            name_room=payload.get("name_room", 0),
            seed=payload["seed"],
            paper=payload["paper"],
            image=found.image,
            sheet_page=sheet_page,
        )
        if found.turned:
            result.flags.append("scanned upside down (turned)")
        reading = marks.Page(found.image, sheet_page)
        result.student = self._student(reading, sheet_page, result)
        named = payload.get("student", "")
        if named:  # the QR code names the student; the grid, when filled, only confirms it
            if result.student and result.student != named:
                result.flags.append(f"student number grid reads {result.student}, the QR code names {named}")
            result.student = named
        for row in sheet_page.rows:
            result.answers[row.number] = self._answer(row, reading, result)
        return result

    def _sheet(self, seed: int, letter: str, paper: str) -> answersheet.Sheet:
        key = (seed, letter, paper)
        if key not in self._sheets:
            self._sheets[key] = answersheet.sheet(self.bank, *key)
        return self._sheets[key]

    def _sheet_page(self, payload: dict) -> answersheet.Page:
        if payload["bank"] != self.bank.id:
            raise locate.NotRead(f"answer sheet of bank '{payload['bank']}', not of '{self.bank.id}'")
        if payload["fingerprint"] != self.fingerprint:
            raise locate.NotRead(
                f"answer sheet printed from another edit of bank '{self.bank.id}' "
                "(its questions have changed since): grade it with the bank as it was "
                "when the sheets were printed"
            )
        letter = payload["version"]
        if letter and letter not in versions.letters(26):
            raise locate.NotRead(f"the QR code names version '{letter}', which quizgen never prints")
        sheet = self._sheet(payload["seed"], letter, payload["paper"])
        if not 1 <= payload["page"] <= len(sheet.pages):
            raise locate.NotRead(f"the QR code names page {payload['page']}, but the sheet has {len(sheet.pages)}")
        return sheet.pages[payload["page"] - 1]

    @staticmethod
    def _student(reading: marks.Page, page: answersheet.Page, result: Result) -> str:
        figures, flags = [], result.flags
        for position, bubbles in enumerate(page.digits, start=1):
            read = reading.row(bubbles)
            result.digit_readings += [r for r in read if r.state != marks.EMPTY]
            filled = [r.bubble.label for r in read if r.state == marks.FULL]
            doubtful = [r.bubble.label for r in read if r.state == marks.DOUBT]
            if len(filled) > 1:
                flags.append(f"student number figure {position}: several marks ({''.join(filled)})")
            elif doubtful:
                flags.append(f"student number figure {position}: doubtful mark on {''.join(doubtful)}")
            figures.append(filled[0] if len(filled) == 1 and not doubtful else "?" if filled or doubtful else " ")
        return "".join(figures).strip().replace(" ", "?")

    def _answer(self, row: answersheet.Row, reading: marks.Page, result: Result) -> Answer:
        q = row.printed.question
        if row.by_hand:
            return Answer(q.id, "", (), None)
        spec = self._specs[q.id]
        read = reading.row(row.bubbles)
        filled = [i for i, r in enumerate(read) if r.state == marks.FULL]
        doubtful = [i for i, r in enumerate(read) if r.state == marks.DOUBT]
        letters = "".join(row.bubbles[i].label for i in filled)
        if doubtful:
            result.flags.append(
                f"{row.number}: doubtful mark on {''.join(row.bubbles[i].label for i in doubtful)}, not counted"
            )
        chosen: tuple[int, ...]  # bank choice indices, or True or False (a bool is an int)
        if isinstance(q, TrueFalse):
            chosen = tuple(i == 0 for i in filled)  # True's bubble is the first, in every language
            correct = frozenset({0 if spec["answer"] else 1})
        else:
            chosen = tuple(row.choice_index[i] for i in filled)
            correct = frozenset(i for i, c in enumerate(row.choice_index) if c in spec["answer"])
        if row.single and len(filled) > 1:
            result.flags.append(f"{row.number}: several marks ({letters}) where one is asked, scored 0")
            response: int | list[int] | None = None
        elif row.single:
            response = chosen[0] if chosen else None
        else:
            response = list(chosen)
        verdict = grading.grade(spec, response)
        result.earned += verdict.earned_micro(q.points)
        result.out_of += grading.to_micro(q.points)
        return Answer(q.id, letters, chosen, verdict.fraction, read, correct)


def results_csv(sheets: list[Paper], numbers: list[int], students: roster.Roster | None = None) -> str:
    """The results as CSV, a row per student's sheet (`papers`). Scan names and what a QR code
    says are anyone's text: control characters are escaped (the table may be printed, or shown
    with `cat`) and no cell can be a spreadsheet formula (`runtime.csvsafe`). With a class list,
    the rows in its order, each name the list's, and a row for each student of the list no
    graded page names, at the end."""
    rows = [COLUMNS + [str(n) for n in numbers]]
    if students is None:
        rows += [sheet.row(numbers, sheet.name, sheet.flags) for sheet in sheets]
        return csv_text([printable(cell) for cell in row] for row in rows)
    listed = {s.id: (place, s) for place, s in enumerate(students.students)}
    # In class order; sheets naming no student of the list (or none) and pages not graded after.
    in_order = sorted(
        sheets, key=lambda sheet: listed[sheet.student][0] if sheet.graded and sheet.student in listed else len(listed)
    )
    for sheet in in_order:
        flags, name = sheet.flags, sheet.name
        if sheet.graded and sheet.student in listed:
            name = listed[sheet.student][1].name  # the list's name wins over the code's
            if sheet.name and sheet.name != answersheet.coded_name(name, sheet.name_room):
                flags.insert(0, f"the QR code names {sheet.name}, the class list {name}")
        elif sheet.graded and sheet.student:
            flags.insert(0, f"student {sheet.student} is not on the class list")
        rows.append(sheet.row(numbers, name, flags))
    seen = {sheet.student for sheet in sheets if sheet.graded}
    for student in students.students:
        if student.id not in seen:
            missing = ["", "", "", student.id, student.name, "", "", "no sheet graded for this student"]
            rows.append(missing + [""] * len(numbers))
    return csv_text([printable(cell) for cell in row] for row in rows)


def _drawn(result: Result, drawer) -> None:
    """Draw the page (`--annotate`), then drop its image: the rest of a result is small."""
    if drawer is not None:
        drawer.draw(result)
    result.release()


def report(
    results: list[Result], sheets: list[Paper], echo: Callable[[str], None], echo_err: Callable[[str], None]
) -> None:
    for r in results:
        if r.problem:
            echo_err(printable(f"{r.file}: page {r.page}: error: {r.problem}"))
        elif r.flags:
            echo_err(printable(f"{r.file}: page {r.page}: check: {'; '.join(r.flags)}"))
    for sheet in sheets:  # what only the sheet as a whole shows: a page missing, or given twice
        if sheet.notes:
            known = sheet.student and "?" not in sheet.student
            who = f"student {sheet.student}" if known else "{0}: page {1}".format(*sheet.where())
            echo_err(printable(f"{who}: check: {'; '.join(sheet.notes)}"))
    graded = [r for r in results if r.graded]
    flagged = [r for r in graded if r.flags]
    failed = len(results) - len(graded)
    echo_err(
        f"{len(graded)} of {len(results)} page{'s' if len(results) != 1 else ''} graded, "
        f"{len(flagged)} with marks to check, {failed} not read; "
        f"{len(sheets)} row{'s' if len(sheets) != 1 else ''} of results (a student's pages make one)"
    )


def run(
    bank_path: Path,
    scans: list[Path],
    *,
    output: Path | None,
    annotate: Path | None,
    stats: Path | None,
    echo: Callable[[str], None],
    echo_err: Callable[[str], None],
    max_bytes: int,
    roster_path: Path | None = None,
) -> bool:
    """`quizgen grade`: False when the bank or the class list does not load or a page could not
    be graded (the results are written all the same, with a line saying why for each such page)."""
    from quizgen.bank.collection import report_diagnostics
    from quizgen.bank.load import load_bank
    from quizgen.runtime.output import write_atomic
    from quizgen.scans import annotate as annotations
    from quizgen.scans import stats as statistics

    loaded = load_bank(bank_path, max_bytes=max_bytes)
    students = roster.read(roster_path) if roster_path is not None else None
    if students is not None and students.diagnostics:
        for diagnostic in sorted(students.diagnostics, key=lambda d: d.sort_key()):
            echo_err(diagnostic.format())
    if report_diagnostics([loaded], echo_err) or loaded.bank is None or (students is not None and not students.ok):
        return False
    grader = Grader(loaded.bank)
    drawer = annotations.Drawer(annotate) if annotate is not None else None
    results = []
    for path in scans:
        for result in grader.grade_file(path):
            if result.no_code:  # read again below, once the other pages told the class's seed
                result.release()
            else:
                _drawn(result, drawer)
            results.append(result)
    # A page whose code was unreadable is identified once every other page told the class's seed.
    results = grader.grade_without_codes(results, lambda result: _drawn(result, drawer))
    if drawer is not None:
        drawer.finish(results)
    sheets = papers(results)  # a row per student: the pages of each one's sheet together
    table = results_csv(sheets, grader.numbers(), students)
    if output is None:
        echo(table.rstrip("\n"))
    else:
        write_atomic(output, table)
    if stats is not None:
        write_atomic(stats, statistics.stats_csv(loaded.bank, sheets))
    report(results, sheets, echo, echo_err)
    return all(r.graded for r in results)
