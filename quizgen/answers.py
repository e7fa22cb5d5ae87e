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


def numeric_answer(question: Numeric, words=None) -> str:
    """`299.8 ± 0.5 km/s`, `3.14 to 3.15`, or `9 months`; with the bank's words
    (quizgen.i18n.translations), in its language: `299,8 ± 0,5 km/s` in French."""
    from quizgen import i18n

    number = (lambda value: i18n.number(value, words.language)) if words is not None else number_text
    unit = f" {question.unit}" if question.unit else ""
    if question.range is not None:
        low, high = question.range
        if words is not None:
            return words.gettext("%(low)s to %(high)s") % {"low": number(low), "high": number(high)} + unit
        return f"{number(low)} to {number(high)}{unit}"
    if question.tolerance:
        return f"{number(question.answer)} ± {number(question.tolerance)}{unit}"
    return f"{number(question.answer)}{unit}"


def title(question) -> str:
    """A question as one short line of plain text: the title an LMS package gives its item."""
    from quizgen import cloze, markup

    text = getattr(question, "prompt", None) or getattr(question, "front", None) \
        or cloze.replace(getattr(question, "text", ""), lambda deletion, index: "…")
    line = " ".join(markup.plain(text).split())
    return (line[:79] + "…" if len(line) > 80 else line) or question.id
