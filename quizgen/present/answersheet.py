"""Where everything stands on a printed answer sheet, in millimetres, as plain data.

With a class list (`--roster`) each student gets the sheet of their version with their id and
name on it, and the id in the QR code (`Sheet.student`).

The sheets format (`-f sheets`) draws from this and `quizgen grade` reads scans with it, so the
two can never disagree about where a bubble is: the grader recomputes a page's layout from the
bank and the QR code's (version, seed, paper, page) instead of trusting anything printed.

Coordinates are millimetres from the page's top-left corner. The four corner markers are solid
squares centred MARKER_INSET from each edge; a scan is mapped back onto the page by them.
The letters on a sheet are the paper's (`quizgen.present.versions`): the same seed
and version give the same letters on the paper and on its sheet.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

from quizgen.bank.model import Bank, MultipleChoice, SingleChoice, TrueFalse
from quizgen.present import roster, versions
from quizgen.text import markup

PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARKER_INSET = 12.0  # marker centre to page edge
MARKER_SIZE = 7.0
QR_SIZE = 28.0
QR_TOP = 18.0
MARGIN = 18.0  # left and right edge of the printed content
BUBBLE = 5.0  # answer bubble diameter
BUBBLE_PITCH = 6.6
ROW_PITCH = 7.2
NUMBER_WIDTH = 10.0  # the question number before a row's bubbles
COLUMN_GAP = 5.0
ROWS_TOP = 108.0
ROWS_BOTTOM_GAP = 22.0  # from the page's bottom edge
STUDENT_DIGITS = 8
DIGIT_BUBBLE = 4.2
DIGIT_PITCH_X = 5.6
DIGIT_PITCH_Y = 5.0
DIGITS_LEFT = MARGIN + 1.0
DIGITS_TOP = 56.0  # centre of the row of 0s
PAYLOAD_TAG = "QZS1"  # what a quizgen sheet's QR code starts with, and its layout version
# A roster student's name rides last in the QR code (it may hold spaces), cut to NAME_MAX_BYTES
# bytes of UTF-8 and to what keeps the whole text within PAYLOAD_MAX_BYTES: the most a code of 45
# modules holds (version 7, error correction M). Measured by benchmarks/bench_qr_names.py: codes
# of up to 45 modules are read from every blurred 150 dpi JPEG of quality 30 and phone photo, and
# from 19 of 20 scans at 100 dpi; one of 53 modules (a 64-character bank id with a name) from 8.
NAME_MAX_BYTES, NAME_MIN_BYTES = 64, 16
PAYLOAD_MAX_BYTES = 122
# The version and page again, as a row of small squares along the bottom edge between the
# markers: what identifies a page whose QR code cannot be read (see `code_cells`).
CODE_CELL = 3.0
CODE_PITCH = 4.5
CODE_LEFT = 30.0  # the first cell's centre, from the left edge
VERSION_BITS, PAGE_BITS = 5, 5


@dataclass(frozen=True)
class Bubble:
    label: str  # what is printed inside: a letter, T or F, a digit
    x: float  # centre, mm
    y: float
    diameter: float


@dataclass(frozen=True)
class Row:
    """One question on the sheet: bubbles to fill, or a note that it is marked by hand."""

    number: int  # the question's number on the paper
    printed: versions.Printed
    x: float  # left edge of the number
    y: float  # centre line
    bubbles: tuple[Bubble, ...]  # empty: marked by hand
    choice_index: tuple[int, ...] = ()  # bubble i -> the choice's index in the bank (choices)

    @property
    def by_hand(self) -> bool:
        return not self.bubbles

    @property
    def single(self) -> bool:
        """At most one bubble may be filled."""
        return not isinstance(self.printed.question, MultipleChoice)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    count: int  # pages of this version's sheet
    rows: tuple[Row, ...]
    digits: tuple[tuple[Bubble, ...], ...]  # per student-number position, bubbles 0-9
    questions: int = 0  # on the whole paper (a version that draws asks fewer than the bank has)


@dataclass(frozen=True)
class Sheet:
    bank: Bank
    version: versions.Version
    seed: int
    paper: str
    width: float
    height: float
    pages: tuple[Page, ...]
    fingerprint: str
    student: roster.Student | None = None  # a class list's student, named on the sheet and in its code

    @property
    def letter(self) -> str:
        return self.version.letter

    def markers(self) -> list[tuple[float, float]]:
        return self.markers_of(self.width, self.height)

    @staticmethod
    def markers_of(width: float, height: float) -> list[tuple[float, float]]:
        """Marker centres: top-left, top-right, bottom-left, bottom-right."""
        m = MARKER_INSET
        return [(m, m), (width - m, m), (m, height - m), (width - m, height - m)]

    def code(self, page: Page) -> list[tuple[float, float, bool]]:
        """The squares of the page's printed code: (x, y, filled)."""
        bits = code_bits(self.letter, page.number)
        return [(x, y, bit) for (x, y), bit in zip(code_cells(self.height), bits)]

    def payload(self, page: Page) -> str:
        """What the page's QR code carries: short, so the code stays coarse enough to read from
        a blurred 150 dpi scan. Bank ids and student ids never hold spaces (quizgen.bank.schema,
        quizgen.present.roster); a name may, so it comes last, the rest of the text."""
        head = " ".join(
            [
                PAYLOAD_TAG,
                self.bank.id,
                self.letter or "-",
                str(self.seed),
                self.paper,
                str(page.number),
                self.fingerprint,
                *([self.student.id] if self.student else []),
            ]
        )
        name = coded_name(self.student.name, name_room(head)) if self.student else ""
        return f"{head} {name}" if name else head


def name_room(head: str) -> int:
    """How many bytes of a name may follow `head`, the code's text before it: none when fewer
    than NAME_MIN_BYTES are left (a name cut to two letters names no one)."""
    room = min(NAME_MAX_BYTES, PAYLOAD_MAX_BYTES - len(head.encode("utf-8")) - 1)
    return room if room >= NAME_MIN_BYTES else 0


def coded_name(name: str, room: int = NAME_MAX_BYTES) -> str:
    """A student's name as the QR code carries it: at most `room` bytes of UTF-8, cut between
    two characters (the grader compares a class list's name cut the same way)."""
    return name.strip().encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip()


def qr_code(payload: str):
    """The segno symbol of a page's code: made by the sheets format to print it and by the
    grader to know where its corners were printed, so both must make it alike. UTF-8 (no ECI:
    OpenCV's reader ignores ECI) so that a name in any script reads back as it was written;
    error correction M, so a pencil smudge or a fold over the code is still read."""
    import segno

    return segno.make(payload, error="m", micro=False, encoding="utf-8")


def code_cells(height: float) -> list[tuple[float, float]]:
    """Centres of the code's squares, on the bottom markers' line: the version (0 = unlettered,
    1 = A...), the page (modulo 32), then a parity square, each number's bits highest first."""
    y = height - MARKER_INSET
    return [(CODE_LEFT + i * CODE_PITCH, y) for i in range(VERSION_BITS + PAGE_BITS + 1)]


def code_bits(letter: str, page: int) -> list[bool]:
    version = versions.letters(26).index(letter) + 1 if letter else 0
    number = (version << PAGE_BITS) | (page % (1 << PAGE_BITS))
    bits = [bool(number >> i & 1) for i in reversed(range(VERSION_BITS + PAGE_BITS))]
    return bits + [sum(bits) % 2 == 0]  # odd parity: a row of nothing is no code


def read_code(bits: list[bool]) -> tuple[str, int] | None:
    """(version letter, page modulo 32) from the squares read, or None when they make no sense."""
    if len(bits) != VERSION_BITS + PAGE_BITS + 1 or sum(bits) % 2 != 1:
        return None
    number = sum(1 << i for i, bit in enumerate(reversed(bits[:-1])) if bit)
    version, page = number >> PAGE_BITS, number & ((1 << PAGE_BITS) - 1)
    if version > 26:
        return None
    return (versions.letters(26)[version - 1] if version else ""), page


def parse_payload(text: str) -> dict | None:
    """The fields of `Sheet.payload`, or None when `text` is not a quizgen sheet's."""
    parts = text.split(" ", 8)  # the ninth field, a name, may hold spaces
    if len(parts) not in (7, 8, 9) or parts[0] != PAYLOAD_TAG or parts[4] not in PAPERS:
        return None
    try:
        seed, page = int(parts[3]), int(parts[5])
    except ValueError:
        return None
    return {
        "bank": parts[1],
        "version": "" if parts[2] == "-" else parts[2],
        "seed": seed,
        "paper": parts[4],
        "page": page,
        "fingerprint": parts[6],
        "student": parts[7] if len(parts) > 7 else "",  # a roster's student id
        "name": parts[8] if len(parts) > 8 else "",  # and name (sheets printed before names: none)
        "name_room": name_room(" ".join(parts[:8])) if len(parts) > 8 else 0,  # what it was cut to
    }


def fingerprint(bank: Bank) -> str:
    """A hash of the questions' content (not where they stand in the file): an edit that changes
    a question, its choices or their order gives another fingerprint, a moved comment does not."""

    def plain(value):
        if dataclasses.is_dataclass(value):
            return {
                f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "locations"
            } | {"type": getattr(value, "type", "")}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)

    text = json.dumps([plain(q) for q in bank.questions], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def bubbled(printed: versions.Printed) -> bool:
    return isinstance(printed.question, (SingleChoice, MultipleChoice, TrueFalse))


def _labels(printed: versions.Printed) -> tuple[list[str], tuple[int, ...]]:
    """Bubble letters and, for choices, each one's index among the bank's choices."""
    q = printed.question
    if isinstance(q, TrueFalse):  # True's bubble first: the grader reads it by its place
        return [o.label for o in printed.options], ()  # the paper's letters (versions.true_false_letters)
    assert isinstance(q, (SingleChoice, MultipleChoice)), q.type  # only bubbled questions have labels
    # The paper prints each choice's rendered text; that names the bank's choice it came from
    # (two choices written differently may render alike: each is then taken once, in order).
    free = [(str(markup.inline(text)), i) for i, text in enumerate(q.choices)]
    index = []
    for option in printed.options:
        found = next(pair for pair in free if pair[0] == str(option.html))
        free.remove(found)
        index.append(found[1])
    return [o.label for o in printed.options], tuple(index)


def _version(bank: Bank, seed: int, letter: str) -> versions.Version:
    """The version `letter` ("" for the unlettered one) exactly as `versions.versions` prints it."""
    if not letter:
        return versions.versions(bank, seed, 1)[0]
    # One version is unlettered (the bank's order): a lettered one comes from two versions or more.
    count = max(2, versions.letters(26).index(letter) + 1)
    return next(v for v in versions.versions(bank, seed, count) if v.letter == letter)


def sheets(bank: Bank, seed: int, count: int, paper: str) -> list[Sheet]:
    """One sheet per version of `versions.versions(bank, seed, count)`."""
    return [_sheet(bank, version, seed, paper) for version in versions.versions(bank, seed, count)]


def sheet(bank: Bank, seed: int, letter: str, paper: str) -> Sheet:
    """The sheet of one version (what the grader rebuilds from a QR code)."""
    return _sheet(bank, _version(bank, seed, letter), seed, paper)


def _sheet(bank: Bank, version: versions.Version, seed: int, paper: str) -> Sheet:
    width, height = PAPERS[paper]
    widest = max([len(_labels(p)[0]) for p in version.questions if bubbled(p)] or [2])
    column_width = NUMBER_WIDTH + widest * BUBBLE_PITCH + COLUMN_GAP
    columns = max(1, min(4, int((width - 2 * MARGIN + COLUMN_GAP) // column_width)))
    per_column = max(1, int((height - ROWS_BOTTOM_GAP - ROWS_TOP) // ROW_PITCH))
    per_page = columns * per_column
    chunks = [version.questions[i : i + per_page] for i in range(0, max(1, len(version.questions)), per_page)]
    pages = []
    for page_index, chunk in enumerate(chunks):
        rows = []
        for i, printed in enumerate(chunk):
            column, line = divmod(i, per_column)
            x = MARGIN + column * column_width
            y = ROWS_TOP + ROW_PITCH / 2 + line * ROW_PITCH
            bubbles: tuple[Bubble, ...] = ()
            index: tuple[int, ...] = ()
            if bubbled(printed):
                labels, index = _labels(printed)
                bubbles = tuple(
                    Bubble(label, x + NUMBER_WIDTH + BUBBLE_PITCH * (k + 0.5), y, BUBBLE)
                    for k, label in enumerate(labels)
                )
            rows.append(Row(printed.number, printed, x, y, bubbles, index))
        pages.append(Page(page_index + 1, len(chunks), tuple(rows), _digit_grid(), len(version.questions)))
    return Sheet(bank, version, seed, paper, width, height, tuple(pages), fingerprint(bank))


def _digit_grid() -> tuple[tuple[Bubble, ...], ...]:
    return tuple(
        tuple(
            Bubble(str(d), DIGITS_LEFT + DIGIT_PITCH_X * (k + 0.5), DIGITS_TOP + d * DIGIT_PITCH_Y, DIGIT_BUBBLE)
            for d in range(10)
        )
        for k in range(STUDENT_DIGITS)
    )


def digits_box_top() -> float:
    """Top of the boxes above the grid where a student writes the number in figures."""
    return DIGITS_TOP - DIGIT_PITCH_Y / 2 - 7.0


def instructions_left() -> float:
    return DIGITS_LEFT + DIGIT_PITCH_X * STUDENT_DIGITS + 8.0


def rows_bottom(height: float) -> float:
    return height - ROWS_BOTTOM_GAP
