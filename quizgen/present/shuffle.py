"""Reproducible shuffles: the same seed and names always give the same order, on any machine.

Python's `hash()` changes between runs, so orders are seeded from a SHA-256 of the names instead.
"""

from __future__ import annotations

import hashlib
import random
from typing import TYPE_CHECKING, Sequence, TypeVar

if TYPE_CHECKING:
    from quizgen.bank.model import Bank, Question, Section

T = TypeVar("T")


def rng(*names: object) -> random.Random:
    digest = hashlib.sha256("\x1f".join(map(str, names)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def shuffled(items: Sequence[T], *names: object) -> list[T]:
    """A shuffled copy of `items`, seeded by `names` (e.g. seed, bank id, question id, version)."""
    result = list(items)
    rng(*names).shuffle(result)
    return result


def scrambled(items: Sequence[T], *names: object) -> list[T]:
    """A shuffled copy of `items` that is never their original order (given two or more distinct
    items), seeded like `shuffled`.

    For the items of an order question or the sides of a match, the original order is the
    answer: printed or shown as it stands, the question would be solved already. When the
    shuffle lands on it, the items are rotated by one instead.
    """
    result = shuffled(items, *names)
    if len(result) > 1 and result == list(items):
        result = result[1:] + result[:1]
    return result


def unsolved(items: Sequence[T], *names: object) -> list[T]:
    """`scrambled`, and with three items or more never their exact reverse either: a printed
    order question read backwards would be solved too. A reversed shuffle is rotated by one,
    which (three items or more) is neither the order nor its reverse."""
    result = scrambled(items, *names)
    if len(result) > 2 and result == list(items)[::-1]:
        result = result[1:] + result[:1]
    return result


def drawn(items: Sequence[T], count: int | None, *names: object) -> list[T]:
    """`count` of `items` picked at random, seeded like `shuffled`, kept in their written order
    (all of them when `count` is None or not smaller)."""
    if count is None or count >= len(items):
        return list(items)
    picked = set(rng(*names).sample(range(len(items)), count))
    return [item for i, item in enumerate(items) if i in picked]


def drawn_sections(bank: Bank, seed: int, version: str, reorder: bool) -> list[tuple[Section, list[Question]]]:
    """Each section of `bank` (see `Bank.parts`) with the questions one version prints: `draw` of
    them drawn with the seed and the version's name, then, when `reorder` (several versions),
    shuffled unless the section says `shuffle: false`. A bank without sections draws nothing and
    shuffles its questions as one list, as it always has."""
    made: list[tuple[Section, list[Question]]] = []
    for index, (section, questions) in enumerate(bank.parts()):
        if not bank.sections:
            order = shuffled(questions, seed, bank.id, version, "questions") if reorder else list(questions)
            made.append((section, order))
            continue
        chosen = drawn(questions, section.draw, seed, bank.id, version or "A", "draw", index)
        if reorder and section.shuffle:
            chosen = shuffled(chosen, seed, bank.id, version, "section", index)
        made.append((section, chosen))
    return made
