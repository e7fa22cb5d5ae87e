"""How correct answers read as text, the same on an Anki back, an answer key and a web page."""

from __future__ import annotations

from quizgen.bank.model import Numeric
from quizgen.text.numbers import number_text


def numeric_answer(question: Numeric, words=None) -> str:
    """`299.8 ± 0.5 km/s`, `3.14 to 3.15`, or `9 months`; with the bank's words
    (quizgen.present.i18n.translations), in its language: `299,8 ± 0,5 km/s` in French."""
    from quizgen.present import i18n

    number = (lambda value: i18n.number(value, words.language)) if words is not None else number_text
    unit = f" {question.unit}" if question.unit else ""
    if question.range is not None:
        low, high = question.range
        if words is not None:
            return words.gettext("%(low)s to %(high)s") % {"low": number(low), "high": number(high)} + unit
        return f"{number(low)} to {number(high)}{unit}"
    assert question.answer is not None  # validation requires an answer where there is no range
    if question.tolerance:
        return f"{number(question.answer)} ± {number(question.tolerance)}{unit}"
    return f"{number(question.answer)}{unit}"


def title(question) -> str:
    """A question as one short line of plain text: the title an LMS package gives its item."""
    from quizgen.text import cloze, markup

    text = (
        getattr(question, "prompt", None)
        or getattr(question, "front", None)
        or cloze.replace(getattr(question, "text", ""), lambda deletion, index: "…")
    )
    line = " ".join(markup.plain(text).split())
    return (line[:79] + "…" if len(line) > 80 else line) or question.id


def essay_texts(question, words, for_marker: bool) -> list[tuple[str, str]]:
    """What an LMS shows of an essay besides its prompt, as (field, heading) pairs, empty fields
    left out: to the learner after the attempt, the model answer and the explanation; to whoever
    marks it, the model answer and the marking notes. The headings are the answer key's words in
    the bank's language (`words`: quizgen.present.i18n.translations), so the parts stay apart."""
    second = ("notes", "Marking notes") if for_marker else ("explanation", "Explanation")
    return [
        (field, words.gettext(label))
        for field, label in (("answer", "Model answer"), second)
        if getattr(question, field)
    ]


def heading_html(text: str) -> str:
    """A heading above one part of a text (see `essay_texts`), as every HTML flavour holds it."""
    from markupsafe import escape

    return f"<p><strong>{escape(text)}</strong></p>"
