"""Text answers as QTI `patternMatch` patterns (XML Schema regular expressions) that forgive what
the grading model forgives (docs/grading.md, "Text answers"), as far as a pattern can:

- punctuation and white space at either end (`\\p{P}` and `\\s`);
- any run of white space between words;
- look-alike quotes, apostrophes and dashes (the model's own list, `grading.lookalikes`);
- case, unless the question is case-sensitive (each letter as `[aA]`);
- accents, when the question ignores them (each letter with its accented forms).

What no pattern here forgives (NFKC forms such as full-width letters, case folds that change the
length, `ß` for `ss`) docs/lms.md lists; QTI's string comparisons have no normalisation at all.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from quizgen import grading

EDGE = r"[\p{P}\s]*"
# Characters XML Schema regular expressions give a meaning; a backslash makes them literal.
_SPECIAL = set("\\|.?*+(){}-[]^")
# Where accented Latin letters live (Latin-1, Extended-A and -B, Extended Additional).
_ACCENTED_RANGES = ((0xC0, 0x250), (0x1E00, 0x1F00))


def _literal(char: str) -> str:
    return "\\" + char if char in _SPECIAL else char


@lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """Each base letter and its precomposed accented forms: `e` -> `èéêë...`."""
    found: dict[str, str] = {}
    for start, end in _ACCENTED_RANGES:
        for code in range(start, end):
            char = chr(code)
            base = unicodedata.normalize("NFD", char)[0]
            if base != char and base.isalpha() and base.isascii():
                found[base] = found.get(base, "") + char
    return found


def _variants(char: str, case_sensitive: bool, accents: str) -> str:
    forms = {char}
    if not case_sensitive:
        forms |= {f for f in (char.lower(), char.upper()) if len(f) == 1}
    if accents == "ignore":
        forms |= {accented for form in list(forms) for accented in _accented().get(form, "")}
    if len(forms) == 1:
        return _literal(char)
    return "[" + "".join(_literal(f) for f in sorted(forms)) + "]"


def pattern(answer: str, case_sensitive: bool = False, accents: str = "keep") -> str | None:
    """The pattern a response must match to be `answer` under the model; None if the answer is
    only punctuation (the model then accepts nothing typed)."""
    core = grading.normalise_text(answer, True, accents)
    if not core:
        return None
    parts = []
    for char in core:
        if char == " ":
            parts.append(r"\s+")
        elif len(grading.lookalikes(char)) > 1:
            parts.append("[" + "".join(_literal(c) for c in grading.lookalikes(char)) + "]")
        else:
            parts.append(_variants(char, case_sensitive, accents))
    return EDGE + "".join(parts) + EDGE
