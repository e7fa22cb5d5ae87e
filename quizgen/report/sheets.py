"""`quizgen grade`'s results.csv (docs/grading-scans.md): one row per student's answer sheet,
the letters read for each question number on the paper (`quizgen.present.results_table`).

A letter names a bubble of the sheet of the row's version, and the bubble a choice of the bank:
the sheet is rebuilt from the bank and the seed the papers were printed with (`--seed`, as for
`quizgen build`), exactly as the grader rebuilt it from the QR code. A row is one attempt; a
student on two rows counts once, with a note; a row whose student number was not read is an
attempt of its own, with a note. A row the grader could not read (no score) is skipped with a
note; a question on a page of the sheet that was not scanned (`page not found`) is not a blank.

Files written before the `name` column held a row per scanned page: there the pages of one
student (same student number, fully read) are one attempt, a page read twice counted once. Such
a row holds the questions of its page: the file does not name the paper (A4 or Letter, which
moves page breaks), so the page is the one, on A4 or else Letter, that holds every question
answered on the row.
"""

from __future__ import annotations

from fractions import Fraction

from quizgen import grading
from quizgen.bank.diagnostics import Location, shown_path
from quizgen.bank.model import Bank, MultipleChoice, TrueFalse
from quizgen.present import answersheet, versions
from quizgen.present.results_table import BY_HAND, COLUMNS, NOT_ON_PAPER, OLD_COLUMNS, PAGE_NOT_FOUND
from quizgen.report.attempts import Attempt, Reading, Response

NOT_ANSWERS = (NOT_ON_PAPER, PAGE_NOT_FOUND)  # cells that say a question was not on the pages read


def is_header(header: list[str]) -> bool:
    return header[: len(COLUMNS)] == COLUMNS or header[: len(OLD_COLUMNS)] == OLD_COLUMNS


def read(bank: Bank, path, rows: list[list[str]], reading: Reading, *, seed: int) -> None:
    shown = shown_path(path)
    header = rows[0]
    per_page = header[: len(COLUMNS)] != COLUMNS  # written before a row was a student's whole sheet
    head = OLD_COLUMNS if per_page else COLUMNS
    at = {name: column for column, name in enumerate(head)}
    numbers: dict[int, int] = {}  # column -> question number on the paper
    for column, cell in enumerate(header[len(head) :], start=len(head)):
        if not cell.strip().isdigit():
            reading.error(shown, 1, column + 1, f"'{cell}' is not a question number")
            continue
        numbers[column] = int(cell)
    specs = {q.id: grading.spec(q, bank) for q in bank.questions}
    sheets: dict[tuple[str, str], answersheet.Sheet] = {}
    by_student: dict[str, Attempt] = {}
    # Rows whose letters do not fit their sheet, told once every row is read (which versions
    # fit says whether the seed or the version is wrong), and the versions whose rows fit.
    misfits: list[tuple[int, int, str, str]] = []
    fitting: set[str] = set()
    pages_read: dict[tuple[str, str], int] = {}  # (student, page) -> the line it was read from
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(head):
            reading.error(shown, line, 1, f"has {len(row)} cells, fewer than the {len(head)} of results.csv")
            continue
        if not row[at["score"]].strip():
            what = "page" if per_page else "row"
            reading.note(shown, line, 1, f"{what} not graded, left out: {row[at['flags']]}")
            continue
        letter = row[at["version"]].strip()
        if letter and letter not in versions.letters(26):
            reading.error(shown, line, at["version"] + 1, f"version '{letter}' is not one quizgen prints")
            continue
        by_number = _questions(bank, seed, letter, row, numbers, sheets) if per_page else None
        if not per_page:  # the row is the student's whole sheet, whatever paper it was printed on
            by_number = {r.number: r for page in _sheet(sheets, bank, seed, letter, "a4").pages for r in page.rows}
        if by_number is None:
            reading.error(
                shown,
                line,
                2,
                f"no page {row[1]} of version '{letter or '-'}' holds the questions answered on this row",
            )
            continue
        student = row[at["student"]].strip()
        attempt = Attempt(student, Location(shown, line, 1))
        if student and "?" not in student:
            # A sheet scanned twice gives its student the same page twice: the first is kept.
            page = row[at["page"]].strip() if per_page else ""
            first = pages_read.setdefault((student, page), line)
            if first != line:
                what = f"student {student}'s page {page}" if per_page else f"student {student}"
                reading.note(shown, line, at["student"] + 1, f"{what} was already read on line {first}: left out")
                continue
            attempt = by_student.setdefault(student, attempt)
            if attempt.where.line == line:
                reading.attempts.append(attempt)
        else:
            reading.note(
                shown,
                line,
                at["student"] + 1,
                f"student number '{student}' was not read: this {'page' if per_page else 'row'} counts as a "
                "student of its own",
            )
            reading.attempts.append(attempt)
        earned = 0.0  # what the row's letters are worth read with this seed's sheets
        readable = True
        for column, number in numbers.items():
            cell = row[column].strip() if column < len(row) else ""
            sheet_row = by_number.get(number)
            if sheet_row is None or cell in NOT_ANSWERS:
                continue  # on another page, or not on this version's paper
            if cell == BY_HAND or sheet_row.by_hand:
                attempt.responses[sheet_row.printed.question.id] = Response(None)
                continue
            response = _response(sheet_row, cell, specs)
            if response is None:
                readable = False
                misfits.append(
                    (
                        line,
                        column + 1,
                        letter,
                        f"'{cell}' is not a bubble of question {number} on version '{letter or '-'}' "
                        f"(its bubbles: {' '.join(b.label for b in sheet_row.bubbles)})",
                    )
                )
                continue
            attempt.responses[sheet_row.printed.question.id] = response
            earned += (response.score or 0.0) * sheet_row.printed.question.points
        # The grader scored the row with the seed in each sheet's QR code. Letters that are
        # bubbles under another seed too would be read as other choices without a word: the score
        # the grader wrote is the check.
        written = _number(row[at["score"]])
        if readable and written is not None and abs(written - earned) > 0.005:
            misfits.append(
                (
                    line,
                    at["score"] + 1,
                    letter,
                    f"the grader scored this {'page' if per_page else 'sheet'} {row[at['score']].strip()}, its letters are worth {earned:g} on the papers "
                    f"of --seed {seed}",
                )
            )
        elif readable and written is not None:
            fitting.add(letter)
    for line, column, letter, message in misfits:
        reading.error(shown, line, column, f"{message}: {_why(letter, fitting, seed)}")


def _questions(
    bank: Bank, seed: int, letter: str, row: list[str], numbers: dict[int, int], sheets: dict
) -> dict[int, answersheet.Row] | None:
    """The questions of an old row's page, by number. A row holds the questions of its page only
    (a student's other pages are other rows). results.csv does not say the paper, which moves
    page breaks: the one whose page holds every question answered on the row, A4 first."""
    page = int(row[1]) if row[1].strip().isdigit() else 0
    answered = {
        number
        for column, number in numbers.items()
        if column < len(row) and row[column].strip() and row[column].strip() not in NOT_ANSWERS
    }
    for paper in answersheet.PAPERS:
        sheet = _sheet(sheets, bank, seed, letter, paper)
        if 1 <= page <= len(sheet.pages):
            on_page = {r.number: r for r in sheet.pages[page - 1].rows}
            if answered <= set(on_page):
                return on_page
    return None


def _sheet(sheets: dict, bank: Bank, seed: int, letter: str, paper: str) -> answersheet.Sheet:
    """Version `letter`'s answer sheet on `paper`, made once per report (`sheets` keeps them)."""
    if (letter, paper) not in sheets:
        sheets[letter, paper] = answersheet.sheet(bank, seed, letter, paper)
    return sheets[letter, paper]


def _why(letter: str, fitting: set[str], seed: int) -> str:
    """Why a row's letters do not fit its sheet. One seed prints every version, from A on: when
    rows of earlier versions fit this seed and none of this version does, the version was
    likely never printed (a `C` when the papers were built with --versions 2). Two versions
    that fit make that sure enough to say; one could fit a wrong seed by chance."""
    others = versions.after_the_printed(letter, fitting) if letter not in fitting else []
    if not others:
        return "give the --seed the papers were printed with"
    shown = f"version{'s' if len(others) > 1 else ''} {', '.join(others)}"
    if len(others) > 1:
        return (
            f"version '{letter}' was not printed, it seems: the rows of {shown} fit --seed {seed} and none of "
            f"'{letter}' does; check the version on this sheet"
        )
    return (
        f"was version '{letter}' printed? The rows of {shown} fit --seed {seed} and none of '{letter}' does; "
        "if it was, give the --seed the papers were printed with"
    )


def _number(cell: str) -> float | None:
    try:
        return float(cell.strip())
    except ValueError:
        return None


def _response(row: answersheet.Row, cell: str, specs: dict) -> Response | None:
    labels = [b.label for b in row.bubbles]
    picked = []
    rest = cell
    while rest:  # labels are one letter today; read the longest that fits to be safe
        label = max((label for label in labels if rest.startswith(label)), key=len, default=None)
        if label is None:
            return None
        picked.append(labels.index(label))
        rest = rest[len(label) :]
    q = row.printed.question
    if isinstance(q, TrueFalse):
        chosen: tuple = tuple(i == 0 for i in picked)
    else:
        chosen = tuple(row.choice_index[i] for i in picked)
    if not chosen:
        return Response(0.0, (), blank=True)
    if not isinstance(q, MultipleChoice) and len(chosen) > 1:
        return Response(0.0, chosen)  # several marks where one is asked: scored 0, as the grader did
    answer = list(chosen) if isinstance(q, MultipleChoice) else chosen[0]
    verdict = grading.grade(specs[q.id], answer)
    return Response(float(Fraction(verdict.fraction)), chosen)
