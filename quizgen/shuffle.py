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
