"""Stable question ids and tags for imported questions: never random, so importing the same file
twice gives the same ids (and so the same Anki notes).

An id is ASCII (`quizgen.bank.schema.IDENTIFIER`: it becomes an Anki GUID, a file name and an HTML
id), so a title in another script is transliterated: Cyrillic and Greek letters by a fixed table
kept here (the ids of banks imported before stay as they were), accents by dropping them, and
every other script (Arabic, Hebrew, Chinese, Devanagari, ...) by anyascii, whose tables are pinned
in constraints.txt, since a changed table would change the ids. Only a title with nothing to spell
(emoji, symbols) gives an id from a short hash of it. A tag keeps its letters in any script
(`кинематика`), as a bank written by hand may.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from quizgen.importers.extras import need

_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SLUG_WORDS = 6

# Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian) and Greek, lower case,
# as road signs and passports romanise them (simplified: one spelling per letter, no diacritics).
# fmt: off
_TRANSLIT = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye")),
    "ё": "yo", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "",
    "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j",
    "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
    **dict(zip("αβγδεζηικλμνξοπρσςτυφω", "avgdeziiklmnxoprsstyfo")),
    "θ": "th", "χ": "ch", "ψ": "ps",
}
# fmt: on


def _latin(c: str, spell) -> str:
    if c in _TRANSLIT:
        return _TRANSLIT[c]
    base = unicodedata.normalize("NFD", c)[0]  # a Greek vowel with its accent: ώ -> ω
    if base in _TRANSLIT and "\u0370" <= c <= "\u1fff":
        return _TRANSLIT[base]
    if c.isascii() or unicodedata.normalize("NFKD", c)[0].isascii():  # é -> e below
        return c
    spelled = spell(c)
    # A Chinese character is a word of its own: 請問 -> "qing wen", not "qingwen".
    return f" {spelled} " if unicodedata.name(c, "").startswith("CJK") else spelled


def ascii_letters(text: str) -> str:
    """`Что такое ток?` -> `chto takoe tok?`; `Qu'est-ce` -> `qu'est-ce`; `請問` -> ` qing  wen `:
    lower case, Cyrillic and Greek by the table above, accents dropped, other scripts spelled by
    anyascii; what has no ASCII spelling is left out."""
    spell = need("anyascii", "anyascii").anyascii
    latin = "".join(_latin(c, spell) for c in unicodedata.normalize("NFC", text).lower())  # й, ё before NFKD
    return unicodedata.normalize("NFKD", latin.lower()).encode("ascii", "ignore").decode("ascii")


def slug(text: str, limit: int = 40) -> str:
    """`Qu'est-ce que l'eau ?` -> `qu-est-ce-que-l-eau`, `Закон Ома` -> `zakon-oma`: ASCII
    letters, digits and dashes."""
    words = re.findall(r"[a-z0-9]+", ascii_letters(text))[:_SLUG_WORDS]
    return "-".join(words)[:limit].strip("-")


def tag(text: str, limit: int = 30) -> str:
    """A category or tag as a tag: `Кинематика и динамика` -> `кинематика-и-динамика`, `Unit 2,
    Grammar` -> `unit-2-grammar`: lower case, its letters and digits in any script, dashes between
    words (a tag holds no space)."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())
    return "-".join(words)[:limit].strip("-")


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


class IdMaker:
    """Hands out ids unique within one bank."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, preferred: str = "", text: str = "", key: str = "") -> str:
        """The source's own id when it is a valid quizgen id, else its slug; without one, a slug
        of the text with a short hash of it, or of `key` (an id the source keeps that is not
        readable, such as Anki's guid), so two questions starting alike stay apart. A title with
        nothing to spell in ASCII (`★★★`) gives `q-` and a hash of it."""
        preferred = preferred.strip()
        if preferred and _VALID.fullmatch(preferred):
            base = preferred
        elif preferred and slug(preferred):
            base = slug(preferred, 56)
        elif preferred:
            base = f"q-{short_hash(preferred)}"
        else:
            base = "-".join(filter(None, [slug(text) or "question", short_hash(key or text)]))
        candidate, n = base, 2
        while candidate.lower() in self.used:
            suffix = f"-{n}"
            candidate, n = base[: 64 - len(suffix)] + suffix, n + 1
        self.used.add(candidate.lower())
        return candidate


def image_name(name: str, used: dict[str, bytes], data: bytes) -> str:
    """A safe file name for an image carried by the source (`../x.png` -> `x.png`)."""
    stem, dot, extension = name.rpartition(".")
    safe = (slug(stem or name, 48) or "image") + (f".{slug(extension, 8)}" if dot and slug(extension, 8) else "")
    candidate, n = safe, 2
    while candidate in used and used[candidate] != data:
        candidate, n = f"{n}-{safe}", n + 1
    return candidate
