"""Questions and choices as an LMS writes them in its result files: plain text, matched to the
bank's by their words (Moodle and Canvas show neither quizgen's ids nor its names there)."""

from __future__ import annotations

import re
from functools import lru_cache

from quizgen.bank.model import Bank, Cloze, MultipleChoice, Question, SingleChoice, TrueFalse


def plain(text: str) -> str:
    """Text as compared across tools: markup dropped, spaces collapsed, case folded."""
    from quizgen.text import markup

    return " ".join(markup.plain(text).split()).casefold()


def spoken(text: str) -> str:
    """A cell an LMS wrote from HTML: entities decoded (Canvas strips tags, not entities), spaces
    collapsed, case folded."""
    import html

    return " ".join(html.unescape(text).split()).casefold()


def choice_texts(q: Question) -> dict[str, int]:
    """A choice question's choices as an LMS shows them (plain text) → their index in the bank."""
    if isinstance(q, (SingleChoice, MultipleChoice)):
        found: dict[str, int] = {}
        for i, choice in enumerate(q.choices):
            found.setdefault(plain(choice), i)
        return found
    return {}


TRUE_WORDS = {"true", "vrai", "wahr", "verdadero", "verdadeiro", "صواب", "صحيح"}
FALSE_WORDS = {"false", "faux", "falsch", "falso", "خطأ"}


def chosen_from_text(q: Question, cells: list[str]) -> tuple | None:
    """The bank's choices behind the texts an LMS wrote, or None when one is not a choice of `q`."""
    if isinstance(q, TrueFalse):
        if len(cells) != 1:
            return None
        word = spoken(cells[0])
        return (True,) if word in TRUE_WORDS else (False,) if word in FALSE_WORDS else None
    names = choice_texts(q)
    found = []
    for cell in cells:
        index = names.get(spoken(cell))
        if index is None:
            return None
        found.append(index)
    return tuple(found)


def prompt_text(q: Question) -> str:
    from quizgen.present.answers import title

    text = getattr(q, "prompt", None) or getattr(q, "front", None) or getattr(q, "text", "")
    return plain(text) if text else spoken(title(q))


# How an LMS writes a cloze's blank in its summary: Moodle's qtype_multianswer writes `_____`;
# others `[...]`, `...` or `…`; an exporter may leave it empty.
_BLANK = r"\s*(?:_+|\[\s*(?:\.\.\.|…)?\s*\]|\.\.\.|…)?\s*"
_HOLE = "\ue000"  # a private-use character: stands for a blank while the text is made plain


@lru_cache(maxsize=1024)
def _cloze_pattern(text: str) -> re.Pattern[str]:
    """A cloze's text as an LMS summarises it: its words, each blank written one of the ways above."""
    from quizgen.text import cloze

    holed = plain(cloze.replace(text, lambda deletion, index: f" {_HOLE} "))
    return re.compile(_BLANK.join(re.escape(part.strip()) for part in holed.split(_HOLE)))


def question_by_text(bank: Bank, text: str) -> Question | None:
    """The bank's question whose prompt an LMS column shows (it may add the choices after it); a
    cloze by its text with its blanks as the LMS writes them."""
    shown = spoken(text)
    if not shown:
        return None
    for q in bank.questions:
        if isinstance(q, Cloze) and _cloze_pattern(q.text).fullmatch(shown):
            return q
    best = None
    for q in bank.questions:
        prompt = prompt_text(q)
        if prompt and (shown == prompt or shown.startswith(prompt)):
            if best is None or len(prompt) > len(prompt_text(best)):
                best = q
    return best
