"""`--annotate DIR`: each page with what was read drawn on it, for a teacher to check at a glance.

On a graded page: a filled bubble is circled green when it is a right answer, red when wrong; a
right answer left empty gets a thin green ring; a doubtful bubble an orange ring and a "?"; each
row ends with the fraction of its points earned; the student number's figures are circled blue,
and the flags are written at the foot. A page that was not read is written as scanned, with why.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from quizgen import grading
from quizgen.runtime.output import write_atomic
from quizgen.scans import marks
from quizgen.scans.locate import PX_PER_MM
from quizgen.scans.result import Result

GREEN, RED, ORANGE, BLUE, GREY = (40, 160, 40), (30, 30, 220), (0, 140, 255), (200, 90, 20), (90, 90, 90)


def _at(x_mm: float, y_mm: float) -> tuple[int, int]:
    return int(round(x_mm * PX_PER_MM)), int(round(y_mm * PX_PER_MM))


def _text(image, text: str, where, colour, scale: float = 0.5) -> None:
    cv2.putText(image, text, where, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv2.LINE_AA)


def draw(result: Result) -> np.ndarray:
    image = cv2.cvtColor(np.asarray(result.image, dtype=np.uint8), cv2.COLOR_GRAY2BGR)
    if result.problem:
        _text(image, result.problem[:110], (20, 40), RED, 0.7)
        return image
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
        score = grading.micro_text(int(answer.fraction * grading.MICRO))
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
    for i, flag in enumerate(result.flags[:12]):
        _text(
            image,
            flag[:100],
            (20, image.shape[0] - 100 + 14 * i - 14 * max(0, len(result.flags[:12]) - 6)),
            ORANGE,
            0.45,
        )
    summary = f"student {result.student or '?'}  score {grading.micro_text(result.earned)} / {grading.micro_text(result.out_of)}"
    _text(image, summary, (20, 30), BLUE, 0.7)
    return image


def write(results: list[Result], folder: Path) -> list[Path]:
    written = []
    for result in results:
        if result.image is None:
            continue
        name = f"{Path(result.file).stem}-p{result.page}.png"
        ok, data = cv2.imencode(".png", draw(result))
        if ok:
            written.append(write_atomic(Path(folder) / name, data.tobytes()))
    return written
