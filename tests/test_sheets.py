"""Answer sheets (`-f sheets`) and `quizgen grade`, read back the way a teacher's scanner would.

The tests print sheets with the real build, render them with pypdfium2, fill them with pencil-like
marks (irregular filled shapes in greys from 60 to 120, light ones near 190), then scan them badly
(turned up to 3°, scaled up to 4%, shifted, blurred, noisy, JPEG; some upside down; some as
pages of a scanned PDF) and grade them with the real command. The expected letters and scores
come from the paper's own answer key (`layout.versions`), not from the sheet's code.
"""

from __future__ import annotations

import csv
import io
import random
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")
pdfium = pytest.importorskip("pypdfium2")
from PIL import Image  # noqa: E402

from quizgen import answersheet, grading  # noqa: E402
from quizgen.cli import cli  # noqa: E402
from quizgen.formats.pdf import layout  # noqa: E402
from quizgen.load import load_bank  # noqa: E402

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
    document = pdfium.PdfDocument(str(pdf))
    try:
        bitmap = document[index].render(scale=DPI / 72, grayscale=True)
        return np.array(bitmap.to_pil().convert("L"))
    finally:
        document.close()


# ---------------------------------------------------------------- filling and scanning

@dataclass
class Filled:
    """One sheet as a student fills it and the results row it must give."""

    version: str
    student: str
    marks: dict = field(default_factory=dict)     # question number -> letters filled dark
    light: dict = field(default_factory=dict)     # question number -> letters marked lightly
    turned: bool = False


def pencil(image: np.ndarray, x_mm: float, y_mm: float, diameter_mm: float, rng: random.Random,
           grey: int) -> None:
    """An irregular filled blob over a bubble, like a pencil scribble."""
    cx, cy, r = x_mm * MM, y_mm * MM, diameter_mm / 2 * MM
    points = []
    for k in range(18):
        angle = 2 * np.pi * k / 18
        reach = r * rng.uniform(0.92, 1.12)
        points.append((cx + reach * np.cos(angle) + rng.uniform(-0.6, 0.6),
                       cy + reach * np.sin(angle) + rng.uniform(-0.6, 0.6)))
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
    """The page as a cheap scanner gives it back."""
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-3, 3), rng.uniform(0.96, 1.04))
    matrix[:, 2] += (rng.uniform(-20, 20), rng.uniform(-20, 20))
    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=int(rng.randint(225, 255)))
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.5, 1.1))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 6, out.shape)
    out = np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)
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
    return [file, str(page), filled.version, filled.student, text(earned), text(out_of),
            "; ".join(flags)] + columns


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
