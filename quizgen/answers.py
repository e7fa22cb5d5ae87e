"""How correct answers read as text, the same on an Anki back, an answer key and a web page."""

from __future__ import annotations

from quizgen.model import Numeric


def number_text(value: float) -> str:
    """A number as an author writes it: 299.8, not 299.80000000000001; 3, not 3.0; 14300000000,
    not 1.43e+10."""
    value = float(f"{value:.12g}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def numeric_answer(question: Numeric) -> str:
    """`299.8 ± 0.5 km/s`, `3.14 to 3.15`, or `9 months`."""
    unit = f" {question.unit}" if question.unit else ""
    if question.range is not None:
        low, high = question.range
        return f"{number_text(low)} to {number_text(high)}{unit}"
    if question.tolerance:
        return f"{number_text(question.answer)} ± {number_text(question.tolerance)}{unit}"
    return f"{number_text(question.answer)}{unit}"


def title(question) -> str:
    """A question as one short line of plain text: the title an LMS package gives its item."""
    from quizgen import cloze, markup

    text = getattr(question, "prompt", None) or getattr(question, "front", None) \
        or cloze.replace(getattr(question, "text", ""), lambda deletion, index: "…")
    line = " ".join(markup.plain(text).split())
    return (line[:79] + "…" if len(line) > 80 else line) or question.id
