"""Reproducible shuffles: the same seed and names always give the same order, on any machine.

Python's `hash()` changes between runs, so orders are seeded from a SHA-256 of the names instead.
"""

from __future__ import annotations

import hashlib
import random
from typing import Sequence, TypeVar

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
