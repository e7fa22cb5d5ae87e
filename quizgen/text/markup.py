"""Markdown → sanitised HTML, done once per text and shared by every format.

Raw HTML in Markdown is off (a `<script>` in a bank stays visible text), and the HTML that comes
out goes through nh3 with a small allowlist anyway: no `style`, no event handlers, links only to
http, https and mailto. The results are `Markup`, so autoescaping templates insert them as HTML
and escape everything else.
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Protocol
from urllib.parse import unquote

from markupsafe import Markup

from quizgen.text import formulas


class Limit(Protocol):
    """A limit the caller sets (`quizgen.bank.limits`: the text layer sits below the bank)."""

    def value(self) -> float: ...

    def exceeded(self, actual: str, verb: str = "is") -> str: ...


ALLOWED_TAGS = set(
    "p br hr strong em del s sub sup code pre blockquote ul ol li a img h1 h2 h3 h4 h5 h6 "
    "table thead tbody tr th td".split()
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
# Formulas arrive as MathML (quizgen.text.formulas), with an allowlist of their own.
ALLOWED_TAGS |= formulas.MATHML_TAGS
ALLOWED_ATTRIBUTES.update(formulas.MATHML_ATTRIBUTES)
LINK_SCHEMES = {"http", "https", "mailto"}

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def _commonmark():
    """A CommonMark parser with tables and strikethrough that keeps every link: markdown-it quietly
    turns links with schemes it dislikes (file:, javascript:) into plain text; accept them all here
    so validation sees and names them, and nh3 strips them anyway."""
    from markdown_it import MarkdownIt

    class AnyLink(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return True

    return AnyLink("commonmark", {"html": False}).enable(["table", "strikethrough"])


@lru_cache(maxsize=1)
def _parser():
    parser = _commonmark()
    _add_math(parser)
    _add_literal_braces(parser)
    # A table column's alignment (`|--:|`) comes out as a `style`, which the sanitiser drops (no
    # styles from banks): write it as the `align` attribute instead, which browsers honour and
    # the PDF's stylesheet maps to text-align.
    for cell in ("th_open", "td_open"):
        parser.add_render_rule(cell, _aligned_cell)
    return parser


def _add_math(parser) -> None:
    """`$...$` and `$$...$$` (mdit-py-plugins' dollarmath, with Pandoc's rules so prices stay
    prose: no space just inside the dollars, no digit just after the closing one), and
    `\\(...\\)`, `\\[...\\]`; each formula is written as MathML with its TeX alongside."""
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    parser.inline.ruler.at("math_inline", _dollar_math())
    parser.inline.ruler.before("escape", "math_brackets", _bracket_math)

    def inline_rule(renderer, tokens, idx, options, env):
        return formulas.to_mathml(tokens[idx].content, False)

    def display_rule(renderer, tokens, idx, options, env):
        return formulas.to_mathml(tokens[idx].content.strip(), True)

    # A formula on lines of its own is a paragraph of its own: MathML's `<math>` is phrasing
    # content, which QTI (and HTML) expect inside a block.
    def block_rule(renderer, tokens, idx, options, env):
        return f"<p>{display_rule(renderer, tokens, idx, options, env)}</p>\n"

    parser.add_render_rule("math_inline", inline_rule, fmt="html")
    parser.add_render_rule("math_inline_double", display_rule, fmt="html")
    for name in ("math_block", "math_block_label"):
        parser.add_render_rule(name, block_rule, fmt="html")


# A brace written `\\{` (or as a character reference, `&#123;`) is text the author means: it must
# never read as part of a cloze marker, neither to quizgen's scanner (which runs over the HTML)
# nor to Anki (which reads its field's HTML). It leaves the parser as a control character (banks
# cannot hold those: quizgen.bank.fields refuses them) that the sanitiser passes through, and
# `_sanitise` writes it as a character reference: `{{` never stands in the HTML for it.
LITERAL_BRACES = {"{": "\x0e", "}": "\x0f"}
_BRACE_REFERENCES = {"\x0e": "&#123;", "\x0f": "&#125;"}


def _add_literal_braces(parser) -> None:
    """Write an escaped brace as its stand-in before markdown-it's `text_join` merges it into
    the text around it (after that, nothing could tell `\\{{` from `{{`)."""

    def mark(tokens) -> None:
        for token in tokens:
            if token.type == "text_special" and token.content in LITERAL_BRACES:
                token.content = LITERAL_BRACES[token.content]
            if token.children:
                mark(token.children)  # an image's alt text

    parser.core.ruler.before("text_join", "literal_braces", lambda state: mark(state.tokens))


def _dollar_math():
    """dollarmath's inline rule, except at the very start of a text: there it looks for a digit
    before the `$` at index -1, the text's last character, so `$x$ costs 2` was not math."""
    from mdit_py_plugins.dollarmath.index import math_inline_dollar

    strict = math_inline_dollar(allow_space=False, allow_digits=False, allow_double=True)
    lenient = math_inline_dollar(allow_space=False, allow_digits=True, allow_double=True)

    def rule(state, silent: bool) -> bool:
        if state.pos or not state.src[-1:].isdigit():
            return strict(state, silent)
        tokens = len(state.tokens)
        if not lenient(state, silent):
            return False
        if state.src[state.pos : state.pos + 1].isdigit():  # the closing `$` is followed by a digit
            state.pos = 0
            del state.tokens[tokens:]
            return False
        return True

    return rule


def _bracket_math(state, silent: bool) -> bool:
    """`\\(...\\)` inline and `\\[...\\]` displayed, anywhere in a paragraph. (mdit-py-plugins'
    texmath reads `\\[` only at the start of a block and drops the rest of its line.)"""
    opening = state.src[state.pos : state.pos + 2]
    if opening not in ("\\(", "\\["):
        return False
    closing = "\\)" if opening == "\\(" else "\\]"
    end = state.src.find(closing, state.pos + 2)
    if end < 0 or not state.src[state.pos + 2 : end].strip():
        return False
    if not silent:
        token = state.push("math_inline" if opening == "\\(" else "math_inline_double", "math", 0)
        token.content = state.src[state.pos + 2 : end].strip()
        token.markup = opening
    state.pos = end + 2
    return True


def _aligned_cell(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    side = re.fullmatch(r"text-align:(left|center|right)", token.attrGet("style") or "")
    if side:
        token.attrs.pop("style")
        token.attrSet("align", side[1])
    return renderer.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _cleaner():
    """nh3's sanitiser with our allowlist, built once: `nh3.clean(..., tags=...)` converts the
    allowlists on every call, which made it 100 times slower (1.3 ms a text instead of 10 us)."""
    import nh3

    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
    )


@lru_cache(maxsize=1)
def _tag_stripper():
    """nh3 keeping no tag at all: the text of some HTML (built once, as `_cleaner`)."""
    import nh3

    return nh3.Cleaner(tags=set())


def strip_tags(rendered: str) -> str:
    """`rendered` without any tag, entities still escaped."""
    return _tag_stripper().clean(rendered)


def _sanitise(rendered: str) -> Markup:
    clean = _cleaner().clean(rendered).strip()
    if "\x0e" in clean or "\x0f" in clean:
        clean = re.sub("[\x0e\x0f]", lambda found: _BRACE_REFERENCES[found[0]], clean)
    return Markup(clean)


def block(text: str) -> Markup:
    """Markdown with paragraphs, lists and the like (prompts, explanations, card sides)."""
    return _render("block", text)


def inline(text: str) -> Markup:
    """Markdown without the surrounding paragraph (choices, items, pairs)."""
    return _render("inline", text)


# Every text is rendered once per process: parsing Markdown is most of a large bank's build. The
# memos hold what a pure function returns (the same text gives the same HTML whichever bank or
# thread asks), so every build in the process may share them. Only the parser's output can come
# from outside (a build's cache file, `remember`); sanitising always happens here, so a tampered
# cache cannot inject anything.
_sanitised: dict[tuple[str, str], Markup] = {}
_parsed: dict[tuple[str, str], str] = {}
# The texts rendered by the build running in this thread (or context), when it asked to know
# (`recording`): the build's cache file keeps those. None when nobody is recording.
_recording: ContextVar[set[tuple[str, str]] | None] = ContextVar("quizgen_markdown_recording", default=None)


def _render(kind: str, text: str) -> Markup:
    key = (kind, text)
    done = _sanitised.get(key)
    if done is None:
        if _PLAIN.match(text):  # nothing to parse and nothing to sanitise (test_markup_plain)
            done = _sanitised[key] = Markup(_plain_clean(kind, text))
        else:
            parsed = _parsed.get(key)
            if parsed is None:
                parsed = _parsed[key] = _parse(kind, text)
            done = _sanitised[key] = _sanitise(parsed) if text else Markup("")
    used = _recording.get()
    if used is not None:
        used.add(key)
    return done


def _parse(kind: str, text: str) -> str:
    if not text:
        return ""
    return _parser().render(text) if kind == "block" else _parser().renderInline(text)


# A text Markdown cannot read anything into: one line, no character any rule of our parser starts
# from (emphasis, code, links, images, escapes, entities, HTML, math, strikethrough, tables), not
# opening a block (heading, quote, list, thematic break) and without surrounding space. Most of
# a bank's texts are such, and `_render` writes them directly (`_plain_clean`), 30 times faster
# than parsing and sanitising them: a 10,000-question bank's page was mostly this work.
# tests/test_markup_plain.py checks that both give the same HTML, on generated texts.
_PLAIN = re.compile(r"(?![-+=#>]|\d+[.)])[^\s\\`*_\[\]<>&$~|](?:[^\n\r\t\f\v\\`*_\[\]<>&$~|]*[^\s\\`*_\[\]<>&$~|])?\Z")


def _plain_clean(kind: str, text: str) -> str:
    """What parser and sanitiser make of a `_PLAIN` text: the text itself (markdown-it's `&quot;`
    comes back from nh3 as `"`) with a no-break space as `&nbsp;` (as html5ever writes text), in a
    paragraph for a block."""
    escaped = text.replace("\u00a0", "&nbsp;")
    return f"<p>{escaped}</p>" if kind == "block" else escaped


# Markdown can say a lot in a few characters: a reference link repeats its whole target at every
# `[x][r]`, so 20 KB of text rendered to 12 MB of HTML (a 200 KB bank wrote a 257 MiB page), and a
# table fills every row up to its header's width. Real text renders to about 1-4 times its
# length; short texts get a fixed allowance.
GROWTH_ALLOWANCE = 1_000
# Without a reference definition or a table, the most any Markdown grows is about 10 times (a
# non-ASCII link target, percent-encoded and shown): such texts are not rendered at validation.
_NON_REFERENCE_GROWTH = 10


@lru_cache(maxsize=1)
def _block_parser():
    """The same parser without its inline pass: it finds reference definitions in microseconds."""
    blocks = _commonmark()
    blocks.disable("inline")
    return blocks


def _reference_bound(text: str) -> int:
    """At most how many characters reference links can add: every use needs a `]`, and repeats
    at most the longest target and title (as the renderer will write them)."""
    if "]:" not in text:  # a definition is `[label]: target`, always with a literal "]:"
        return 0
    env: dict = {}
    _block_parser().parse(text, env)
    longest = max(
        (len(ref.get("href") or "") + len(ref.get("title") or "") for ref in env.get("references", {}).values()),
        default=0,
    )
    return text.count("]") * 2 * longest  # twice: `&quot;` and the like can double a character


def growth_problem(kind: str, text: str, limit: Limit) -> str | None:
    """Why `text` renders to too much HTML for its length (more than `limit` times it), or None.
    Validation asks before any format renders it. Only when a cheap bound cannot rule it out is
    the text rendered; then the result is kept, so the build does not parse it again."""
    allowed = limit.value() * len(text) + GROWTH_ALLOWANCE
    if "|" not in text and _NON_REFERENCE_GROWTH * len(text) + _reference_bound(text) <= allowed:
        return None
    key = (kind, text)
    parsed = _parsed.get(key)
    if parsed is None:
        parsed = _parse(kind, text)
    if len(parsed) > allowed:
        return f"renders to {len(parsed):,} characters of HTML, which " + limit.exceeded(
            f"{len(parsed) / len(text):,.0f} times its length"
        )
    _parsed[key] = parsed
    return None


def links_problem(kind: str, text: str, limit: Limit) -> str | None:
    """Why `text` has more links than `limit` allows, or None. Every link needs a `[` or a `<` in
    the source, so a text with fewer of those than the limit is not rendered for this."""
    allowed = limit.value()
    if text.count("[") + text.count("<") <= allowed:
        return None
    key = (kind, text)
    parsed = _parsed.get(key)
    if parsed is None:
        parsed = _parsed[key] = _parse(kind, text)
    links = parsed.count("<a ")
    if links > allowed:
        return limit.exceeded(f"{links:,} links", verb="has")
    return None


def forget() -> None:
    """Drop everything rendered in this process (tests and benchmarks measure cold builds)."""
    _sanitised.clear()
    _parsed.clear()


@contextmanager
def recording() -> Iterator[set[tuple[str, str]]]:
    """Collect the (kind, text) of every text rendered in this context until the block ends."""
    used: set[tuple[str, str]] = set()
    token = _recording.set(used)
    try:
        yield used
    finally:
        _recording.reset(token)


def parsed(keys) -> dict[tuple[str, str], str]:
    """The parser's output for each (kind, text) key rendered in this process."""
    return {key: _parsed[key] for key in keys if key in _parsed}


def remember(entries: dict[tuple[str, str], str]) -> None:
    """Take the parser's output for these texts from elsewhere (a build's cache file): they are
    sanitised when used, like fresh output."""
    _parsed.update(entries)


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Changes with this module's parser settings, formulas, or markdown-it and its plugins: parsed
    output kept under another version is not this parser's."""
    import hashlib
    from importlib.metadata import version

    import markdown_it

    source = (
        Path(__file__).read_bytes()
        + Path(formulas.__file__).read_bytes()
        + markdown_it.__version__.encode()
        + version("latex2mathml").encode()
        + version("mdit-py-plugins").encode()
    )
    return hashlib.sha256(source).hexdigest()


def plain(markdown: str) -> str:
    """The text a reader sees, without any markup (for sort fields, alt texts and grading)."""
    return text_of(inline(markdown))


def text_of(rendered: str) -> str:
    """The text of a piece of HTML, tags dropped and entities decoded."""
    return html.unescape(strip_tags(formulas.as_tex(rendered))).strip()


def spoken(rendered: str) -> str:
    """The text of a piece of HTML as a control's accessible name: each formula as its bare TeX,
    without `$` signs, spaces collapsed. Chromium names a control whose label is only MathML by
    nothing (it ignores `alttext`), so a label holding a formula needs this as its aria-label."""
    bare = formulas.replace(rendered, lambda tex, display: html.escape(tex))
    return " ".join(html.unescape(strip_tags(bare)).split())


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


_MATH_TOKENS = {"math_inline", "math_inline_double", "math_block", "math_block_label"}


def formulas_in(text: str) -> list[str]:
    """The TeX of every formula the Markdown text holds, in order."""
    if "$" not in text and "\\(" not in text and "\\[" not in text:  # fast path
        return []
    found = []
    stack = list(reversed(_parser().parse(text)))
    while stack:
        token = stack.pop()
        if token.type in _MATH_TOKENS:
            found.append(token.content.strip())
        stack.extend(reversed(token.children or ()))
    return found


# What stands in `shown_text` for what is not text: a formula, an image, a code span in `prose`.
GAP = "\ufffc"


def shown_text(kind: str, text: str) -> tuple[str, str]:
    """The text a Markdown text shows, to look for cloze markers in it: `(prose, with_code)`.
    Markup is dropped (`{{c1::**mass**}}` shows `{{c1::mass}}`), formulas and images stand as
    GAP, an escaped brace (`\\{`, `&#123;`) as its stand-in in LITERAL_BRACES; `prose` has each
    code span and code block as GAP too (code is shown as written), `with_code` their characters
    (what a scanner of the rendered HTML meets)."""
    tokens = _parser().parse(text) if kind == "block" else _parser().parseInline(text)
    prose: list[str] = []
    code: list[str] = []

    def add(shown: str, as_code: str | None = None) -> None:
        prose.append(shown)
        code.append(shown if as_code is None else as_code)

    def walk(tokens) -> None:
        for token in tokens:
            if token.type == "inline":
                walk(token.children or ())
            elif token.type == "text":
                add(token.content)
            elif token.type == "code_inline":
                add(GAP, token.content)
            elif token.type in ("code_block", "fence"):
                add(GAP + "\n\n", token.content + "\n")
            elif token.type in ("softbreak", "hardbreak"):
                add("\n")
            elif token.type in _MATH_TOKENS or token.type == "image":
                add(GAP)
            elif token.nesting == -1 and token.block:
                add("\n\n")

    walk(tokens)
    return "".join(prose), "".join(code)


# Image syntax as an author types it: `![alt](path ...)`, possibly unclosed, or `![alt][ref]`.
_IMAGE_SYNTAX = re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)?|\[[^\]\n]*\])")


def unread_images(text: str) -> list[str]:
    """Image syntax the renderer did not turn into an image, left as text that would print as
    typed: `![diagram](my water.png)` (CommonMark ends a path at a space), an unclosed
    parenthesis, a reference to a missing `[ref]: path` definition. Code spans do not count."""
    if "![" not in text:
        return []
    found = []
    stack = list(_parser().parse(text))
    while stack:
        token = stack.pop()
        if token.type == "inline":
            # The inline's text as one string, markers of emphasis dropped, code kept apart.
            shown = "".join(
                child.content
                if child.type == "text"
                else "\n"
                if child.type in ("softbreak", "hardbreak", "code_inline")
                else ""
                for child in token.children or ()
            )
            found += _IMAGE_SYNTAX.findall(shown)
        stack.extend(token.children or ())
    return sorted(found)


def unread_image_hint(snippet: str) -> str:
    """How to write an image the renderer could not read."""
    target = re.match(r"!\[([^\]]*)\]\((.*?)\)?$", snippet)
    if target and re.search(r"\s", target[2].strip()) and not target[2].strip().startswith("<"):
        return (
            f"write the path in <angle brackets>, ![{target[1]}](<{target[2].strip()}>), "
            "or rename the file without spaces"
        )
    if target:
        return "write it as ![alt text](file.png), with the closing parenthesis"
    reference = re.search(r"\]\[([^\]]*)\]$", snippet)
    name = reference[1] if reference and reference[1] else "name"
    return f"define the reference on a line of its own ([{name}]: file.png) or write ![alt text](file.png)"


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
