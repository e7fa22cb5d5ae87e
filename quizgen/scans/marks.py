"""How dark each bubble of a straightened sheet is, and what that says.

A bubble's darkness is 1 - (mean grey of its inner disc) / (the paper's white), so a pencil mark
of any shade counts by how much of the disc it covers and how dark it is. An empty bubble is not
quite white (its printed letter), so each page calibrates itself: the threshold is measured
from that page's own empty bubbles (the lightest tenth of its bubbles of that size), and a
bubble is
- filled when it is at least FILLED darker than that,
- doubtful (a light, half-filled or badly erased mark) when at least DOUBTFUL darker,
- empty otherwise.
Doubtful bubbles are never counted as answers; they are flagged for the teacher.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from quizgen.present import answersheet
from quizgen.scans.locate import PX_PER_MM

FILLED = 0.35
DOUBTFUL = 0.10
INNER = 0.72  # the disc read is this fraction of the bubble's diameter: its ring stays out
EMPTY_PERCENTILE = 10
MAX_BASELINE = 0.25  # an "empty" level darker than this means a smudged page, not empty bubbles

EMPTY, DOUBT, FULL = "empty", "doubtful", "filled"


@dataclass(frozen=True)
class Reading:
    bubble: answersheet.Bubble
    darkness: float  # above the page's empty level
    state: str  # empty | doubtful | filled


@lru_cache(maxsize=8)
def _disc(radius_px: int) -> np.ndarray:
    y, x = np.mgrid[-radius_px : radius_px + 1, -radius_px : radius_px + 1]
    return (x * x + y * y) <= radius_px * radius_px


def _darkness(image: np.ndarray, bubble: answersheet.Bubble, white: float) -> float:
    radius = max(1, int(round(bubble.diameter * INNER / 2 * PX_PER_MM)))
    cx, cy = int(round(bubble.x * PX_PER_MM)), int(round(bubble.y * PX_PER_MM))
    patch = image[cy - radius : cy + radius + 1, cx - radius : cx + radius + 1]
    if patch.shape != (2 * radius + 1, 2 * radius + 1):
        return 0.0
    return 1.0 - float(patch[_disc(radius)].mean()) / white


class Page:
    """The readings of one straightened page."""

    def __init__(self, image: np.ndarray, page: answersheet.Page):
        self.white = max(float(np.percentile(image, 90)), 1.0)
        every = [b for row in page.rows for b in row.bubbles] + [b for pos in page.digits for b in pos]
        self._raw = {id(b): _darkness(image, b, self.white) for b in every}
        # Answer bubbles and the smaller digit bubbles each have their own empty level, measured
        # on this page: the lightest tenth of them (a sheet may have most of its bubbles filled,
        # never nine in ten). The letters inside are light enough for one level to fit them all.
        self.baseline: dict[float, float] = {}
        for size in {b.diameter for b in every}:
            levels = [self._raw[id(b)] for b in every if b.diameter == size]
            self.baseline[size] = min(float(np.percentile(levels, EMPTY_PERCENTILE)), MAX_BASELINE)

    def read(self, bubble: answersheet.Bubble) -> Reading:
        excess = self._raw[id(bubble)] - self.baseline[bubble.diameter]
        state = FULL if excess >= FILLED else DOUBT if excess >= DOUBTFUL else EMPTY
        return Reading(bubble, excess, state)

    def row(self, bubbles) -> list[Reading]:
        return [self.read(b) for b in bubbles]
