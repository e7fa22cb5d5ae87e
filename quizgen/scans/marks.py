"""What each bubble of a straightened sheet holds, judged against its own surroundings and row.

A scan is evenly lit; a phone photo is not (light falling off to a corner, the shadow of an arm),
so no single white level fits a page: each pixel's darkness is measured against the paper
around it (`paper.darkness`).

Two things are measured on a bubble's inner disc (its printed ring left out):
- `darkness`: the mean darkness, above the page's empty bubbles; a fill of any shade counts by
  how much of the disc it covers and how dark it is;
- `ink`: the share of the disc covered by strokes as dark as a pencil line, above the empty
  bubbles' share (their printed letter); a tick or a cross covers little of the disc but is
  dark where it is.
The empty level is measured on the page itself: the lightest tenth of its bubbles of that size
(a sheet may have most bubbles filled, never nine in ten).

A bubble is then
- filled: at least FILLED dark;
- marked: less than filled but more than an accident: a light fill, a fill off centre or from
  one side, a tick, a cross (`MARKED`, `INKED`);
- doubtful: a trace (`DOUBTFUL`, `TRACE`): an erasure, a smudge;
- empty.
And decided with its row (`row`): a mark counts as an answer when no filled bubble on the row
competes with it (a tick is how that student answers), or when it is nearly as dark as the
filled ones (`WEAKER`: two half fills, one a little darker); far lighter than a filled bubble
beside it, it is doubtful (a crossed-out choice? an answer changed?). A doubtful bubble never
counts and is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from quizgen.present import answersheet
from quizgen.scans import paper
from quizgen.scans.locate import PX_PER_MM

FILLED = 0.35  # mean darkness of a filled bubble, above empty
MARKED = 0.20  # of a light, partial or off-centre fill (an erasure stays below)
INKED = 0.10  # share of the disc in pencil strokes: a tick or a cross
DOUBTFUL = 0.07  # a trace: an erasure left grey, a smudge
TRACE = 0.05
WEAKER = 0.20  # a mark this much lighter than a filled bubble on its row is not its equal
INK = 0.35  # a pixel this much darker than its paper is a pencil stroke (the letters are lighter)
INNER = 0.72  # the disc read is this fraction of the bubble's diameter: its ring stays out
EMPTY_PERCENTILE = 10
MAX_BASELINE = 0.25  # an "empty" level darker than this means a smudged page, not empty bubbles
PAPER_MM = 9.0  # the closing that finds the paper: wider than a bubble, a fill, a figure
EMPTY, DOUBT, MARK, FULL = "empty", "doubtful", "marked", "filled"


@dataclass(frozen=True)
class Reading:
    bubble: answersheet.Bubble
    darkness: float  # mean darkness above the page's empty level
    ink: float  # share of the disc in pencil strokes, above the empty level
    state: str  # empty | doubtful | filled once read with its row (`Page.row`); marked alone


@lru_cache(maxsize=8)
def _disc(radius_px: int) -> np.ndarray:
    y, x = np.mgrid[-radius_px : radius_px + 1, -radius_px : radius_px + 1]
    return (x * x + y * y) <= radius_px * radius_px


def _measure(dark: np.ndarray, bubble: answersheet.Bubble) -> tuple[float, float]:
    radius = max(1, int(round(bubble.diameter * INNER / 2 * PX_PER_MM)))
    cx, cy = int(round(bubble.x * PX_PER_MM)), int(round(bubble.y * PX_PER_MM))
    patch = dark[cy - radius : cy + radius + 1, cx - radius : cx + radius + 1]
    if patch.shape != (2 * radius + 1, 2 * radius + 1):
        return 0.0, 0.0
    disc = patch[_disc(radius)]
    return float(disc.mean()), float((disc > INK).mean())


def _state(darkness: float, ink: float) -> str:
    if darkness >= FILLED:
        return FULL
    if darkness >= MARKED or ink >= INKED:
        return MARK
    if darkness >= DOUBTFUL or ink >= TRACE:
        return DOUBT
    return EMPTY


class Page:
    """The readings of one straightened page."""

    def __init__(self, image: np.ndarray, page: answersheet.Page):
        dark = paper.darkness(image, PAPER_MM * PX_PER_MM)
        every = [b for row in page.rows for b in row.bubbles] + [b for pos in page.digits for b in pos]
        self._raw = {id(b): _measure(dark, b) for b in every}
        # Answer bubbles and the smaller digit bubbles each have their own empty level.
        self.baseline: dict[float, tuple[float, float]] = {}
        for size in {b.diameter for b in every}:
            levels = np.array([self._raw[id(b)] for b in every if b.diameter == size])
            darkness, ink = np.percentile(levels, EMPTY_PERCENTILE, axis=0)
            self.baseline[size] = (min(float(darkness), MAX_BASELINE), min(float(ink), MAX_BASELINE))

    def read(self, bubble: answersheet.Bubble) -> Reading:
        """One bubble on its own: `row` decides what a `MARK` is."""
        darkness, ink = self._raw[id(bubble)]
        empty_darkness, empty_ink = self.baseline[bubble.diameter]
        darkness, ink = darkness - empty_darkness, ink - empty_ink
        return Reading(bubble, darkness, ink, _state(darkness, ink))

    def row(self, bubbles) -> list[Reading]:
        readings = [self.read(b) for b in bubbles]
        darkest = max((r.darkness for r in readings if r.state == FULL), default=None)

        def decided(r: Reading) -> Reading:
            if r.state != MARK:
                return r
            # A student marks a row one way: a tick beside ticks, a half fill beside a darker
            # half fill are all answers; a mark far lighter than a fill beside it is not.
            weaker = darkest is not None and darkest - r.darkness > WEAKER
            return Reading(r.bubble, r.darkness, r.ink, DOUBT if weaker else FULL)

        return [decided(r) for r in readings]
