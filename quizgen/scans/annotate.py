"""`--annotate DIR`: each page with what was read drawn on it, for a teacher to check at a glance.

On a graded page: a filled bubble is circled green when it is a right answer, red when wrong; a
right answer left empty gets a thin green ring; a doubtful bubble an orange ring and a "?"; each
row ends with the points it earned, as results.csv counts them; the student number's figures are
circled blue. The flags are listed in a panel beside the page, every one of them, so none covers
a row. A page that was not read is written as scanned, with why.

Each image is named after its scan and page (`scan-p1.png`); two scans of the same name in
different folders are named after their folders too (`a__scan-p1.png`, `b__scan-p1.png`), so
none overwrites another.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import cv2
import numpy as np

from quizgen import grading
from quizgen.runtime.output import write_atomic
from quizgen.scans import marks
from quizgen.scans.locate import PX_PER_MM
from quizgen.scans.result import Result

GREEN, RED, ORANGE, BLUE, GREY = (40, 160, 40), (30, 30, 220), (0, 140, 255), (200, 90, 20), (90, 90, 90)
PANEL_MM = 100.0  # the flags' panel, beside the page
LINE_MM = 4.5


def _at(x_mm: float, y_mm: float) -> tuple[int, int]:
    return int(round(x_mm * PX_PER_MM)), int(round(y_mm * PX_PER_MM))


def _text(image, text: str, where, colour, scale: float = 0.5) -> None:
    cv2.putText(image, text, where, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv2.LINE_AA)


def draw(result: Result) -> np.ndarray:
    image = cv2.cvtColor(np.asarray(result.image, dtype=np.uint8), cv2.COLOR_GRAY2BGR)
    if result.problem:
        return _with_panel(image, [f"not graded: {result.problem}"])
    page = result.sheet_page
    assert page is not None  # a graded page: its sheet was found
    for row in page.rows:
        answer = result.answers[row.number]
        if answer.fraction is None:
            continue
        for i, reading in enumerate(answer.readings):
            centre = _at(reading.bubble.x, reading.bubble.y)
            radius = int(reading.bubble.diameter / 2 * PX_PER_MM) + 3
            right = i in answer.correct
            if reading.state == marks.FULL:
                cv2.circle(image, centre, radius, GREEN if right else RED, 3)
            elif reading.state == marks.DOUBT:
                cv2.circle(image, centre, radius, ORANGE, 2)
                _text(image, "?", (centre[0] - 4, centre[1] - radius - 2), ORANGE)
            elif right:
                cv2.circle(image, centre, radius, GREEN, 1)
        last = row.bubbles[-1]
        end = _at(last.x + last.diameter, last.y)
        # The points earned, as results.csv adds them up (half of 2 points is "1").
        score = grading.micro_text(int(answer.fraction * grading.to_micro(row.printed.question.points)))
        _text(
            image,
            score,
            (end[0], end[1] + 5),
            GREEN if answer.fraction == 1 else RED if not answer.fraction else ORANGE,
        )
    for reading in result.digit_readings:
        centre = _at(reading.bubble.x, reading.bubble.y)
        radius = int(reading.bubble.diameter / 2 * PX_PER_MM) + 3
        cv2.circle(image, centre, radius, BLUE if reading.state == marks.FULL else ORANGE, 2)
    summary = f"student {result.student or '?'}  score {grading.micro_text(result.earned)} / {grading.micro_text(result.out_of)}"
    _text(image, summary, (20, 30), BLUE, 0.7)
    return _with_panel(image, result.flags)


def _wrapped(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines


def _with_panel(page: np.ndarray, flags: list[str]) -> np.ndarray:
    """The page with a white panel on its right listing every flag: as tall as it needs, so a
    page with many flags gets a taller image, never a flag left out or drawn over a row."""
    lines = [("Flags to check" if flags else "No flags", BLUE)]
    for flag in flags:
        lines += [(text, ORANGE) for text in _wrapped(f"- {flag}", 48)]
    step = int(LINE_MM * PX_PER_MM)
    height = max(page.shape[0], step * (len(lines) + 2))
    out = np.full((height, page.shape[1] + int(PANEL_MM * PX_PER_MM), 3), 255, np.uint8)
    out[: page.shape[0], : page.shape[1]] = page
    cv2.line(out, (page.shape[1], 0), (page.shape[1], height), GREY, 2)
    for i, (text, colour) in enumerate(lines, start=1):
        _text(out, text, (page.shape[1] + 12, step * i + 10), colour, 0.5)
    return out


def names(results: list[Result]) -> list[str]:
    """An image name for each result, none twice: the scan's name and page, with its folders in
    front when another scan has the same name, and a number when even that is not enough."""

    def plain(result: Result, folders: int) -> str:
        path = Path(result.file)
        parts = [part for part in path.parent.parts if part not in (path.anchor, "")][-folders:] if folders else []
        return "__".join([*parts, f"{path.stem}-p{result.page}"])

    chosen = [plain(r, 0) for r in results]
    while True:  # one folder more for the names that clash, until none does or nothing changes
        counts = Counter(chosen)
        deeper = [plain(r, name.count("__") + 1) if counts[name] > 1 else name for r, name in zip(results, chosen)]
        if deeper == chosen:
            break
        chosen = deeper
    seen: dict[str, int] = {}
    unique = []
    for name in chosen:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return [f"{name}.png" for name in unique]


def write(results: list[Result], folder: Path) -> list[Path]:
    """Every page of `results` that has an image, drawn into `folder` under its name."""
    drawer = Drawer(folder)
    for result in results:
        drawer.draw(result)
    return drawer.finish(results)


class Drawer:
    """Draws each page as soon as it is graded, so that its image can be released before the
    next page is read, under a temporary name in the folder; `finish` then gives each drawing its
    name, which depends on every scan's (`names`), once all pages are graded."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.drawn: list[tuple[Result, Path]] = []  # holding the result keeps its id() its own

    def draw(self, result: Result) -> None:
        if result.image is None:
            return
        ok, data = cv2.imencode(".png", draw(result))
        if ok:
            temporary = self.folder / f".quizgen-drawn-{len(self.drawn)}.png"
            self.drawn.append((result, write_atomic(temporary, data.tobytes())))

    def finish(self, results: list[Result]) -> list[Path]:
        """Rename the drawings of `results` (in their order) to their names."""
        drawings = {id(result): path for result, path in self.drawn}
        drawn = [result for result in results if id(result) in drawings]
        written = []
        for result, name in zip(drawn, names(drawn)):
            os.replace(drawings[id(result)], self.folder / name)
            written.append(self.folder / name)
        return written
