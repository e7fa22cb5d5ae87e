"""Moodle's embedded answers (Cloze) syntax: `{1:SHORTANSWER:=Avocado~=avocado}` in the HTML of
a question's text.

How Moodle reads it (qtype_multianswer_extract_question in Moodle's source) decides the escaping:
an answer runs up to the first `~`, `#` or `}` that is not preceded by `\\`, `&` or `&amp;`; then
HTML entities are decoded and `\\}` and `\\#` become `}` and `#`. Moodle un-escapes nothing else,
so `~`, `\\`, `/` and `"` are written as character references (`&#126;`...), which the entity
decoding turns back into the character and which never end an answer. `&` is written `&#38;`,
not `&amp;`: an answer ending in `&amp;` would swallow the `}` after it.
"""

from __future__ import annotations

# Characters of an answer written as numeric character references (see above).
_REFERENCES = {
    "&": "&#38;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&#34;",
    "'": "&#39;",
    "~": "&#126;",
    "\\": "&#92;",
    "/": "&#47;",
    "{": "&#123;",
}
_BACKSLASHED = {"}": "\\}", "#": "\\#"}


def answer_text(answer: str) -> str:
    """One accepted answer, as it must stand between the `=` and the next `~` or `}`."""
    return "".join(_REFERENCES.get(c) or _BACKSLASHED.get(c) or c for c in answer)


def shortanswer(answers: list[str], case_sensitive: bool, weight: int = 1) -> str:
    """A short-answer blank worth `weight` marks accepting each of `answers` (already in the form
    Moodle's matcher reads: wildcards escaped)."""
    kind = "SHORTANSWER_C" if case_sensitive else "SHORTANSWER"
    alternatives = "~".join(f"={answer_text(a)}" for a in answers)
    return f"{{{weight}:{kind}:{alternatives}}}"


def plain_braces(rendered: str) -> str:
    """HTML outside the blanks with `{` as a character reference, so text the author wrote that
    looks like `{1:SA:...}` stays text instead of becoming a blank."""
    return rendered.replace("{", "&#123;")
