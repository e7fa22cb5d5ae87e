"""Stable question ids for imported questions: never random, so importing the same file twice
gives the same ids (and so the same Anki notes)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SLUG_WORDS = 6


def slug(text: str, limit: int = 40) -> str:
    """`Qu'est-ce que l'eau ?` -> `qu-est-ce-que-l-eau`: ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:_SLUG_WORDS]
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
        readable, such as Anki's guid), so two questions starting alike stay apart."""
        preferred = preferred.strip()
        if preferred and _VALID.fullmatch(preferred):
            base = preferred
        elif preferred and slug(preferred):
            base = slug(preferred, 56)
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
