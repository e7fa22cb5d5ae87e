"""Where each flashcard goes on its sheet, in millimetres, and the cut lines between them.

Pure geometry, no rendering: `quizgen.formats.cards.format` measures every card's two sides
(`quizgen.printing.render.heights`) and asks `fitting` which room each needs, then `sheets`
places them. A back is its front mirrored left to right (`Place.mirrored`), computed here rather
than left to the layout engine, so backs land behind their fronts (long-edge duplex) whatever
the cards hold. Cut lines are the union of the cards' edges, each drawn once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

T = TypeVar("T")

PAD_X, PAD_Y = 6.0, 5.0  # room inside a card's cut lines (mm)


@dataclass(frozen=True)
class Grid:
    page_width: float
    page_height: float
    columns: int
    rows: int
    width: float  # one cell
    height: float

    @property
    def left(self) -> float:  # the grid is centred: its mirror image is itself
        return (self.page_width - self.columns * self.width) / 2

    @property
    def top(self) -> float:
        return (self.page_height - self.rows * self.height) / 2


# Per paper size: 2 columns and 4 rows of cells; the grid keeps 10 mm or more from every edge,
# inside the printable area of common printers (about 5 mm), so no cut line lies on the edge.
GRIDS = {
    "a4": Grid(210.0, 297.0, 2, 4, 95.0, 68.0),
    "letter": Grid(215.9, 279.4, 2, 4, 98.0, 64.0),
}


@dataclass(frozen=True)
class Room:
    """The room a card takes: a cell, a whole row of cells, or the whole grid (a sheet of its
    own), with its type scaled down by `scale`."""

    kind: str  # "cell" | "row" | "page"
    scale: float

    def size(self, grid: Grid) -> tuple[float, float]:
        if self.kind == "cell":
            return grid.width, grid.height
        if self.kind == "row":
            return grid.width * grid.columns, grid.height
        return grid.width * grid.columns, grid.height * grid.rows

    def inner(self, grid: Grid) -> tuple[float, float]:
        width, height = self.size(grid)
        return width - 2 * PAD_X, height - 2 * PAD_Y

    def describe(self) -> str:
        where = {"cell": "", "row": "across a whole row", "page": "on a sheet of its own"}[self.kind]
        smaller = f"in type {round(self.scale * 100)}% of the normal size" if self.scale < 1 else ""
        return " ".join(part for part in (where, smaller) if part)


# Tried in this order: the first room both sides fit in is the card's.
ROOMS = (
    Room("cell", 1.0),
    Room("cell", 0.85),
    Room("row", 1.0),
    Room("row", 0.85),
    Room("page", 1.0),
    Room("page", 0.8),
    Room("page", 0.65),
)


@dataclass(frozen=True)
class Place(Generic[T]):
    card: T
    room: Room
    x: float
    y: float
    width: float
    height: float

    def mirrored(self, grid: Grid) -> "Place[T]":
        """Where the back goes: the same place seen from the other side of the sheet."""
        return Place(self.card, self.room, grid.page_width - self.x - self.width, self.y, self.width, self.height)


@dataclass(frozen=True)
class Sheet(Generic[T]):
    fronts: list[Place[T]]
    backs: list[Place[T]]
    front_cuts: list[tuple[float, float, float, float]]  # (x0, y0, x1, y1): horizontal or vertical
    back_cuts: list[tuple[float, float, float, float]]  # the same lines, mirrored


def sheets(cards: Sequence[tuple[T, Room]], grid: Grid) -> list[Sheet[T]]:
    """Cards in their order, each in its room: a cell takes the next free cell, a row the next
    free row (a new sheet when none is left), a page a sheet of its own, printed right after
    the sheet being filled when it comes, so the cards after it still fill that sheet."""
    made: list[Sheet[T]] = []
    current: list[Place[T]] = []
    own_sheets: list[Place[T]] = []  # cards waiting for the current sheet to be done
    free: list[list[bool]] = []

    def new_sheet() -> None:
        nonlocal current, free
        if current:
            made.append(_sheet(current, grid))
        made.extend(_sheet([place], grid) for place in own_sheets)
        own_sheets.clear()
        current = []
        free = [[True] * grid.columns for _ in range(grid.rows)]

    new_sheet()
    for card, room in cards:
        width, height = room.size(grid)
        if room.kind == "page":
            own_sheets.append(Place(card, room, grid.left, grid.top, width, height))
            continue
        spot = _free_spot(free, room)
        if spot is None:
            new_sheet()
            spot = _free_spot(free, room)
            assert spot is not None  # an empty sheet has room for a cell or a row
        row, column = spot
        for c in range(column, column + (grid.columns if room.kind == "row" else 1)):
            free[row][c] = False
        current.append(Place(card, room, grid.left + column * grid.width, grid.top + row * grid.height, width, height))
    new_sheet()
    return made


def _free_spot(free: list[list[bool]], room: Room) -> tuple[int, int] | None:
    for row, cells in enumerate(free):
        if room.kind == "row":
            if all(cells):
                return row, 0
            continue
        for column, empty in enumerate(cells):
            if empty:
                return row, column
    return None


def _sheet(fronts: list[Place[T]], grid: Grid) -> Sheet[T]:
    backs = [place.mirrored(grid) for place in fronts]
    return Sheet(fronts, backs, cut_lines(fronts), cut_lines(backs))


def cut_lines(places: Sequence[Place]) -> list[tuple[float, float, float, float]]:
    """The cards' edges, joined where they touch or overlap, so each line is drawn once (two
    dashed lines drawn over each other print as one uneven line)."""
    horizontal: dict[float, list[tuple[float, float]]] = {}
    vertical: dict[float, list[tuple[float, float]]] = {}
    for p in places:
        for y in (p.y, p.y + p.height):
            horizontal.setdefault(round(y, 3), []).append((p.x, p.x + p.width))
        for x in (p.x, p.x + p.width):
            vertical.setdefault(round(x, 3), []).append((p.y, p.y + p.height))
    lines = [(a, y, b, y) for y, spans in horizontal.items() for a, b in _joined(spans)]
    lines += [(x, a, x, b) for x, spans in vertical.items() for a, b in _joined(spans)]
    return sorted(lines)


def _joined(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    joined: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1] + 1e-6:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined
