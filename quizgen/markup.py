"""Markdown → sanitised HTML, done once per text and shared by every format.

Raw HTML in Markdown is off (a `<script>` in a bank stays visible text), and the HTML that comes
out goes through nh3 with a small allowlist anyway: no `style`, no event handlers, links only to
http, https and mailto. The results are `Markup`, so autoescaping templates insert them as HTML
and escape everything else.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Callable
from urllib.parse import unquote

from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "sub", "sup", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
LINK_SCHEMES = {"http", "https", "mailto"}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # markdown-it quietly turns links with schemes it dislikes (file:, javascript:) into plain
    # text; accept them all here so validation sees and names them, and nh3 strips them anyway.
    parser.validateLink = lambda url: True
    return parser


def _sanitise(rendered: str) -> Markup:
    import nh3

    return Markup(nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                            url_schemes=LINK_SCHEMES, link_rel="noopener noreferrer").strip())


@lru_cache(maxsize=None)
def block(text: str) -> Markup:
    """Markdown with paragraphs, lists and the like (prompts, explanations, card sides)."""
    return _sanitise(_parser().render(text)) if text else Markup("")


@lru_cache(maxsize=None)
def inline(text: str) -> Markup:
    """Markdown without the surrounding paragraph (choices, items, pairs)."""
    return _sanitise(_parser().renderInline(text)) if text else Markup("")


def plain(markdown: str) -> str:
    """The text a reader sees, without any markup (for sort fields, alt texts and grading)."""
    import nh3

    return html.unescape(nh3.clean(inline(markdown), tags=set())).strip()


def image_sources(text: str) -> list[str]:
    """The `src` of every image the Markdown text refers to."""
    if "![" not in text:  # fast path: almost no text has images
        return []
    found = []
    stack = list(_parser().parse(text))
    while stack:
        token = stack.pop()
        if token.type == "image":
            found.append(token.attrGet("src") or "")
        stack.extend(token.children or ())
    return sorted(found)


def unsafe_image_reason(src: str) -> str | None:
    """Why an image source is refused, or None when it is a relative path inside the bank folder.

    Remote images are refused too: every output must work offline and must not call home.
    """
    if not src:
        return "has no file name"
    # Markdown percent-encodes sources (`C:\x` arrives as `C:%5Cx`), and whatever opens the file
    # decodes them: check both forms, so `%2e%2e/` and `%2Fetc` are caught like `../` and `/etc`.
    decoded = unquote(src)
    if _SCHEME.match(src) and not re.match(r"^[A-Za-z]:[\\/]", decoded):
        return "must be a file in the bank's folder (URLs are not allowed: outputs work offline)"
    for name in (src, decoded):
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", name):
            return "must be a relative path inside the bank's folder, not an absolute path"
        if ".." in re.split(r"[\\/]", name):
            return "leads outside the bank's folder"
    return None


def map_image_sources(rendered: str, replace: Callable[[str], str]) -> Markup:
    """Rewrite every `<img src>` of sanitised HTML (nh3 always writes `src="..."`)."""
    def swap(match: re.Match) -> str:
        new = html.escape(replace(html.unescape(match[2])), quote=True)
        return f"{match[1]}{new}{match[3]}"

    return Markup(_IMG_SRC.sub(swap, rendered))
