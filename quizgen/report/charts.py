"""Where each mark of the report's SVG charts stands: plain numbers for templates/report/, which
draw them. Horizontal charts run from the reading side: in a right-to-left bank their bars grow
from the right and their labels stand on the right (`mirror`)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640.0
LABEL = 140.0  # room for the labels before the bars of a horizontal chart
NUMBER = 56.0  # room for the count after a bar
ROW = 22.0  # one bar of a horizontal chart
GAP = 10.0


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # what is written beside or under it
    value: str  # the number written at its end
    label_x: float
    value_x: float
    text_y: float
    kind: str = ""  # a CSS class: which series it belongs to


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    anchor_label: str  # text-anchor of the labels
    anchor_value: str


def _mirror(x: float, width: float, rtl: bool) -> float:
    return WIDTH - x - width if rtl else x


def histogram(counts: list[int], labels: list[str]) -> Chart:
    """Vertical bars, one per slice of the scores, lowest first (numbers read left to right in
    every language, as the axis of a graph does)."""
    height, top, bottom = 220.0, 24.0, 30.0
    most = max(counts, default=0) or 1
    step = WIDTH / max(1, len(counts))
    bars = []
    for i, (count, label) in enumerate(zip(counts, labels)):
        h = (height - top - bottom) * count / most
        x = i * step + 4
        bars.append(
            Bar(
                x,
                height - bottom - h,
                step - 8,
                h,
                label,
                str(count),
                x + (step - 8) / 2,
                x + (step - 8) / 2,
                height - bottom - h - 6,
            )
        )
    return Chart(WIDTH, height, tuple(bars), "middle", "middle")


def horizontal(rows: list, top: float, rtl: bool) -> Chart:
    """Rows of bars: each row a label and one or more (value, shown number, series) bars, each
    on its own line; `top` is the value of a full-length bar."""
    span = WIDTH - LABEL - NUMBER
    bars = []
    y = 4.0
    for label, series in rows:
        for k, (value, shown, kind) in enumerate(series):
            w = span * value / top if top > 0 else 0.0
            x = _mirror(LABEL, w, rtl)
            end = (x - 6) if rtl else (x + w + 6)
            label_x = WIDTH - LABEL + 8 if rtl else LABEL - 8
            bars.append(Bar(x, y, w, ROW - 6, label if k == 0 else "", shown, label_x, end, y + ROW / 2 + 1, kind))
            y += ROW
        y += GAP
    anchor_label, anchor_value = ("start", "end") if rtl else ("end", "start")
    return Chart(WIDTH, y, tuple(bars), anchor_label, anchor_value)
