"""Numbers as text: how quizgen writes a number it read, and which decimal symbol a language uses.

Shared by the answer text of every output, the grading model (which reads a language's decimal
symbol), Moodle's rules and the importers, so they all write and read numbers alike.
"""

from __future__ import annotations

from functools import lru_cache


def number_text(value: float) -> str:
    """A number as an author writes it: 299.8, not 299.80000000000001; 3, not 3.0; 14300000000,
    not 1.43e+10."""
    value = float(f"{value:.12g}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def byte_size(count: float) -> str:
    """A size in bytes as people read it: `812 B`, `4.2 KiB`, `18.1 MiB`."""
    for unit in ("B", "KiB"):
        if count < 1024:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:,.1f} MiB"


@lru_cache(maxsize=64)
def decimal_symbol(language: str) -> str:
    """The decimal symbol of a language in Latin digits (`,` for fr, de...), by Babel's data."""
    try:
        from babel import Locale, UnknownLocaleError
        from babel.numbers import get_decimal_symbol
    except ImportError:  # pragma: no cover - Babel is a dependency; stay usable without it
        return "."
    try:
        symbol = get_decimal_symbol(Locale.parse(language.replace("-", "_")), numbering_system="latn")
    except (UnknownLocaleError, ValueError, TypeError):
        return "."
    return "," if symbol == "," else "."
