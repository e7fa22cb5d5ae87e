"""`quizgen grade` on sheets marked the ways students mark, scanned and photographed with a phone.

Sheets are printed by the real build, marked with pencil-like fills, light fills, ticks, crosses,
off-centre and half fills, erasures and smudges (tests/support/photos.py), then scanned at 150,
200 and 300 dpi (one beside a scanner lid's dark edge, one with punched holes, one as a JPEG of
quality 30) or photographed on a dark desk (perspective up to 10°, light down to 40%, a shadow
band, colour JPEG, one stored on its side with an EXIF orientation). What must hold: every page
is read, no answer or student number is wrong without a flag, and under 5% of questions are
flagged. The larger samples and their rates are in benchmarks/bench_photos.py.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.pdf
pytest.importorskip("cv2")
pytest.importorskip("pypdfium2")

from benchmarks.generate import sheet_bank_text  # noqa: E402
from quizgen.bank.load import load_bank  # noqa: E402
from quizgen.cli import cli  # noqa: E402
from quizgen.present import answersheet  # noqa: E402
from quizgen.scans.grade import Grader  # noqa: E402
from tests.support import photos  # noqa: E402

SEED = 3


def bank_text(questions: int = 14) -> str:
    return sheet_bank_text(
        questions, "photo-demo", "Photographed sheets", ("single", "multiple", "truefalse", "single"), 4
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("photos")
    bank_path = folder / "bank" / "demo.yaml"
    bank_path.parent.mkdir()
    bank_path.write_text(bank_text(), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", str(bank_path), "-f", "sheets", "--versions", "2", "--seed", str(SEED), "-o", str(folder), "-q"]
    )
    assert result.exit_code == 0, result.output
    bank = load_bank(bank_path).bank
    pdfs = {v: folder / "photo-demo" / f"photo-demo-sheet-{v}.pdf" for v in "AB"}
    return bank_path, bank, pdfs


# (how the page reaches the grader, dpi, options): a dozen sheets.
TAKES = [
    ("scan", 150, {}),
    ("scan", 150, {"lid": True}),
    ("scan", 150, {"quality": 30}),
    ("scan", 200, {"holes": True}),
    ("scan", 150, {}),
    ("scan", 300, {"lid": True, "holes": True}),
    ("scan", 150, {"holes": True}),
    ("photo", 150, {}),
    ("photo", 150, {"exif_turn": True}),
    ("photo", 150, {}),
    ("photo", 150, {"quality": 60}),
    ("photo", 150, {}),
]


def test_a_dozen_scanned_and_photographed_sheets_are_read_without_a_silent_mistake(printed, tmp_path):
    bank_path, bank, pdfs = printed
    rng = random.Random(30)
    rendered: dict = {}
    files, fillings = [], []
    for i, (how, dpi, options) in enumerate(TAKES):
        version = "AB"[i % 2]
        if (version, dpi) not in rendered:
            rendered[version, dpi] = photos.render(pdfs[version], dpi)
        page = answersheet.sheet(bank, SEED, version, "a4").pages[0]
        style = photos.MARKS[i % len(photos.MARKS)]  # every way of marking, scanned and photographed
        image, filled = photos.fill(rendered[version, dpi], page, version, dpi, rng, style)
        if how == "photo":
            data = photos.photograph(image, dpi, rng, **options).jpeg
        else:
            data = photos.scan(image, dpi, rng, **options)
        path = tmp_path / f"{how}-{dpi}-{i}.jpg"
        path.write_bytes(data)
        files.append(path)
        fillings.append(filled)
    grader = Grader(bank)
    tally = photos.Tally()
    for path, filled in zip(files, fillings):
        (result,) = grader.grade_file(path)
        tally.add(result, filled)
    assert tally.not_read == []
    assert tally.silent == []
    assert tally.questions == 12 * 14
    assert 0 < tally.flag_rate < 0.05, tally.flags


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_each_kind_of_mark_is_read_as_meant_from_a_photo(printed, tmp_path):
    """One photographed sheet, one kind of mark per row: what a student meant is read, and
    only real doubt (an erasure or a light mark beside a filled bubble) is flagged."""
    bank_path, bank, pdfs = printed
    page = answersheet.sheet(bank, SEED, "A", "a4").pages[0]
    image = photos.render(pdfs["A"], 150)
    rng = random.Random(5)
    single = [row for row in page.rows if row.single and len(row.bubbles) == 4]
    multiple = [row for row in page.rows if not row.single]
    plan = [  # (row, [(bubble index, mark)], letters to read, flagged)
        (single[0], [(1, photos.TICK)], 1, False),
        (single[1], [(2, photos.CROSS)], 2, False),
        (single[2], [(0, photos.LIGHT)], 0, False),
        (single[3], [(3, photos.OFF_CENTRE)], 3, False),
        (single[4], [(1, photos.HALF)], 1, False),
        (single[5], [(0, photos.FILL), (2, photos.ERASED)], 0, True),
        (multiple[0], [(0, photos.TICK), (2, photos.TICK)], (0, 2), False),
        (multiple[1], [(1, photos.FILL), (3, photos.LIGHT)], 1, True),
    ]
    for row, marks, _, _ in plan:
        for index, kind in marks:
            photos.mark(image, row.bubbles[index], kind, 150, rng)
    for position, figure in enumerate("4711"):
        photos.mark(image, page.digits[position][int(figure)], photos.TICK, 150, rng)
    path = tmp_path / "photo.jpg"
    path.write_bytes(photos.photograph(image, 150, rng).jpeg)
    result = CliRunner().invoke(cli, ["grade", str(bank_path), str(path)])
    assert result.exit_code == 0, result.output
    header, row = rows(result.stdout)[:2]
    got = dict(zip(header, row))
    assert got["student"] == "4711"
    flagged = {flag.split(":")[0] for flag in got["flags"].split("; ") if flag}
    for sheet_row, _, meant, is_flagged in plan:
        indices = meant if isinstance(meant, tuple) else (meant,)
        assert got[str(sheet_row.number)] == "".join(sheet_row.bubbles[i].label for i in indices), sheet_row.number
        assert (str(sheet_row.number) in flagged) == is_flagged, (sheet_row.number, got["flags"])
    assert len(flagged) == 2


def test_a_photo_of_a_page_without_its_markers_says_so(printed, tmp_path):
    """A photo cut off at the bottom (two markers outside the frame) is a row that says why."""
    bank_path, bank, pdfs = printed
    image = photos.render(pdfs["A"], 150)
    cut = image[: image.shape[0] * 2 // 3]
    path = tmp_path / "cut.jpg"
    path.write_bytes(photos.scan(cut, 150, random.Random(1)))
    result = CliRunner().invoke(cli, ["grade", str(bank_path), str(path)])
    assert result.exit_code == 1
    assert "corner markers not found (bottom left, bottom right)" in result.output
    assert "Traceback" not in result.output


def test_the_photo_generator_makes_what_it_says(printed):
    """The generator itself: a tilted, unevenly lit colour JPEG, and an EXIF-turned one."""
    from PIL import Image

    _, _, pdfs = printed
    image = photos.render(pdfs["A"], 100)
    photo = photos.photograph(image, 100, random.Random(2))
    opened = Image.open(io.BytesIO(photo.jpeg))
    assert opened.mode == "RGB" and opened.format == "JPEG"
    assert 0 < photo.tilt <= 10 and 0.4 <= photo.corner_light <= 0.55
    turned = Image.open(io.BytesIO(photos.photograph(image, 100, random.Random(2), exif_turn=True).jpeg))
    assert turned.getexif()[0x0112] == 6 and turned.size == opened.size[::-1]
    assert Path(pdfs["A"]).exists()


def smudge_code(image, dpi: int) -> None:
    """A pencil scribble over most of the QR code: no decoder reads it."""
    import cv2

    mm = dpi / 25.4
    left, top = (210 - answersheet.MARGIN - answersheet.QR_SIZE) * mm, answersheet.QR_TOP * mm
    cv2.rectangle(image, (int(left + 4 * mm), int(top + 4 * mm)), (int(left + 19 * mm), int(top + 19 * mm)), 40, -1)


def test_a_sheet_whose_code_is_unreadable_is_known_by_its_printed_version(printed, tmp_path):
    """Graded with the class, a sheet whose QR code is scribbled over is identified by the
    squares printed along its foot (its version and page) and the other sheets' seed, with a
    flag; graded alone, nothing tells its seed, and it is not graded."""
    bank_path, bank, pdfs = printed
    rng = random.Random(12)
    files, fillings = [], []
    for i, (version, how) in enumerate((("A", "good"), ("B", "photo"), ("A", "turned"))):
        page = answersheet.sheet(bank, SEED, version, "a4").pages[0]
        image, filled = photos.fill(photos.render(pdfs[version], 150), page, version, 150, rng, erased=0, smudge=0)
        if how != "good":
            smudge_code(image, 150)
        if how == "turned":
            image = image[::-1, ::-1].copy()
        path = tmp_path / f"{i}-{how}.jpg"
        path.write_bytes(photos.photograph(image, 150, rng).jpeg if how == "photo" else photos.scan(image, 150, rng))
        files.append(path)
        fillings.append(filled)
    result = CliRunner().invoke(cli, ["grade", str(bank_path), *map(str, files)])
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    for row, filled, how in zip(table[1:], fillings, ("good", "photo", "turned")):
        assert row[2] == filled.version and row[3] == filled.student
        assert row[8:] == [filled.answers.get(n, "") for n in range(1, 15)]
        flags = row[7].split("; ") if row[7] else []
        if how == "good":
            assert flags == []
            continue
        assert flags[0] == (
            f"QR code not read: taken for version {filled.version}, page 1 by the squares along its foot, "
            f"printed with seed {SEED} like the other sheets (check it is a sheet of this bank)"
        )
        assert ("scanned upside down (turned)" in flags) == (how == "turned")
    alone = CliRunner().invoke(cli, ["grade", str(bank_path), str(files[2])])
    assert alone.exit_code == 1
    assert "no QR code could be read" in alone.output
