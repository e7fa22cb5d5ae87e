"""Text from other tools as quizgen's Markdown: HTML (Moodle, GIFT's [html], Anki) through
markdownify, plain text with Markdown's own characters escaped so it shows as written."""

from __future__ import annotations

import html
import re
from typing import Callable

from quizgen.importers import need

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+] |\d+[.)] )", re.M)
_BLANK_RUNS = re.compile(r"\n{3,}")


def plain(text: str) -> str:
    """Plain text as Markdown that reads back as the same characters."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text.strip())
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2], text)


def looks_like_html(text: str) -> bool:
    return bool(
        re.search(r"<(p|br|b|i|em|strong|div|span|img|ul|ol|li|sub|sup|table|pre|code|a)\b[^>]*>", text, re.I)
    ) or bool(re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", text, re.I))


def from_html(text: str, image: Callable[[str, str], str] | None = None) -> str:
    """HTML as Markdown. `image(src, alt)` returns the Markdown path an image is written to (or
    "" to leave the image out)."""
    need("markdownify", "markdownify")  # says how to install it when it is missing
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        def convert_img(self, el, text, *args, **kwargs):
            src, alt = el.attrs.get("src", ""), el.attrs.get("alt", "") or ""
            target = image(src, alt) if image else ""
            if not target:
                return f"[{alt}]" if alt else ""
            return f"![{alt}]({target})"

    converted = Converter(
        heading_style="ATX", bullets="-", escape_misc=False, escape_underscores=True, escape_asterisks=True
    ).convert(text)
    converted = "\n".join(line.rstrip() for line in converted.replace("\xa0", " ").splitlines())
    return _BLANK_RUNS.sub("\n\n", converted).strip()


def inline(markdown: str) -> str:
    """A Markdown block as one inline text (choices, items, pair sides hold inline Markdown)."""
    return " ".join(markdown.split())


def from_source(text: str, fmt: str, image=None) -> str:
    """Text in one of the formats the tools mark: html, markdown, plain, moodle (auto-format)."""
    if fmt == "html":
        return from_html(text, image)
    if fmt == "markdown":
        return text.strip()
    if fmt == "moodle":  # Moodle's auto-format: plain text in which HTML tags are kept
        return from_html(text.replace("\n", "<br>"), image) if looks_like_html(text) else plain(text)
    return plain(html.unescape(text) if fmt == "entities" else text)
