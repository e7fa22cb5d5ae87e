"""Essays written by quizgen's own exports: Moodle XML and GIFT hold an essay's model answer,
marking notes and explanation in one or two texts, each part under the answer key's heading in
the bank's language (quizgen.present.answers.essay_texts). Splitting those texts at the headings gives the
parts back, so an exported essay imports as the same essay."""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

from quizgen.bank import languages
from quizgen.present import i18n

# The headings essay_texts writes: the model answer first, then the notes or the explanation.
_MESSAGES = {"answer": "Model answer", "notes": "Marking notes", "explanation": "Explanation"}


@lru_cache(maxsize=None)
def _headings() -> tuple[dict[str, str], ...]:
    """The headings in English and in every shipped language (a text's headings share one)."""
    found = []
    for language in ["en", *languages.shipped()]:
        words = i18n.translations(SimpleNamespace(language=language, labels=None))
        row = {field: words.gettext(message) for field, message in _MESSAGES.items()}
        if row not in found:
            found.append(row)
    return tuple(found)


def no_model_answer(looked_in: str) -> str:
    """The note on an essay the source gives no model answer (`looked_in`: where the importer
    looked for one); the essay is written commented out, with `answer: ''` to fill in."""
    return f"the essay has no model answer (no {looked_in}), which the answer key prints: write one as its `answer:`"


def split(markdown: str, second: str, answer: str = "") -> tuple[str, str] | None:
    """(model answer, `second` part or "") of a text in the headed form, as Markdown (a heading
    is a paragraph of bold text); None when the text does not start with a model answer heading.
    `second` is "notes" (Moodle's information for graders) or "explanation" (general feedback).
    Knowing the model answer (`answer`), the second part may stand under any heading: a bank's
    own word for "Explanation" (its `labels`)."""
    for words in _headings():
        body, heading = (re.escape(answer), r"[^\n]+") if answer else (".*?", re.escape(words[second]))
        found = re.fullmatch(
            rf"\*\*{re.escape(words['answer'])}\*\*\n\n({body})(?:\n\n\*\*{heading}\*\*\n\n(.*))?",
            markdown.strip(),
            re.S,
        )
        if found:
            return found[1].strip(), (found[2] or "").strip()
    return None
