"""Math in bank texts: TeX between `$...$`, `$$...$$`, `\\(...\\)` or `\\[...\\]`.

The Markdown parser (quizgen.text.markup) finds the formulas and writes each as MathML at once
(latex2mathml), with its TeX kept in an `<annotation>`, so the sanitised HTML every format
receives carries both: the HTML page and QTI show the MathML, the PDF swaps each `<math>` for an
SVG drawn by ziamath (WeasyPrint cannot draw MathML), Anki swaps it for its own `\\(...\\)`
delimiters (MathJax, bundled with every Anki client: quizgen.formats.anki.notes), and plain text (sort fields, grading,
alt texts) reads the TeX.

Both converters are pure Python and offline: no script, font or request from a network.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Callable

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

# What latex2mathml writes, and nothing that can run or fetch anything: no `href`, no `style`,
# no event attribute. nh3 keeps only these (quizgen.text.markup adds them to its allowlist).
MATHML_TAGS = {
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "mtext",
    "mspace",
    "ms",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
}
MATHML_ATTRIBUTES = {
    "math": {"display", "xmlns"},
    "annotation": {"encoding"},
    **{
        tag: {
            "mathvariant",
            "stretchy",
            "fence",
            "separator",
            "form",
            "lspace",
            "rspace",
            "accent",
            "accentunder",
            "movablelimits",
            "largeop",
            "minsize",
            "maxsize",
            "linethickness",
            "displaystyle",
            "scriptlevel",
            "columnalign",
            "columnlines",
            "rowlines",
            "rowspacing",
            "columnspacing",
            "width",
            "height",
            "depth",
            "voffset",
            "notation",
            "mathsize",
            "mathcolor",
        }
        for tag in MATHML_TAGS - {"math", "annotation", "semantics"}
    },
}

_TEX = "application/x-tex"
# Sanitised HTML (nh3 re-serialises it) writes every formula the same way: one `<math>` element,
# never nested, whose `<annotation>` holds the TeX, escaped.
_MATH = re.compile(r"<math\b[^>]*>.*?</math>", re.DOTALL)
_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.DOTALL)
_DISPLAY = re.compile(r'^<math\b[^>]*\bdisplay="block"')


class TexError(ValueError):
    """A formula that cannot be typeset; the message says why, in the author's terms."""


# Commands that make a link, fetch something or put HTML attributes into the page where the TeX
# itself is typeset: Anki and Moodle hand it to MathJax, Canvas to its equation service, and
# KaTeX has its own set. latex2mathml writes some of them into MathML (`\\href` as an `href`
# attribute, which the page's sanitiser drops), the others it does not know; either way the TeX
# reaches those clients whole, so they are refused by name, wherever they stand in a formula.
ACTIVE_COMMANDS = {
    "href": "makes a link",
    "url": "makes a link",
    "class": "sets HTML attributes",
    "cssId": "sets HTML attributes",
    "style": "sets HTML attributes",
    "data": "sets HTML attributes",
    "htmlClass": "sets HTML attributes",
    "htmlId": "sets HTML attributes",
    "htmlStyle": "sets HTML attributes",
    "htmlData": "sets HTML attributes",
    "mmlToken": "writes any MathML element, links and styles included",
    "bbox": "takes any CSS, which can load a URL",
    "includegraphics": "loads an image from a URL",
    "require": "loads a MathJax extension",
}
# A control word is a backslash and every letter after it; `\\\\` (a line break) is one token, so
# `\\\\href` is a break and the letters "href", not the command.
_CONTROL_WORD = re.compile(r"\\(?:([A-Za-z]+)|.)", re.DOTALL)


def problem(tex: str) -> str | None:
    """Why this TeX cannot be typeset, or None. Validation asks, so a build never meets one.

    latex2mathml is lenient (an unclosed `{` or an unknown `\\command` passes through as text),
    so what it would silently print wrong is checked here as well."""
    for match in _CONTROL_WORD.finditer(tex):
        if match[1] in ACTIVE_COMMANDS:
            return (
                f"uses '\\{match[1]}', which {ACTIVE_COMMANDS[match[1]]} where the TeX itself is typeset "
                "(MathJax in Anki and Moodle): not allowed in a formula"
            )
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex, re.DOTALL):
        token = match[0]
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return "has a '}' without its '{'"
    if depth > 0:
        return "has a '{' without its '}'"
    try:
        converted = _mathml(tex, False)
    except Exception as error:  # latex2mathml raises many kinds, each a TeX mistake
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(error).__name__).lower().replace(" error", "")
        return f"is not valid TeX ({name}{': ' + str(error) if str(error) else ''})"
    unknown = re.search(r">(\\[A-Za-z]+)<", converted)
    if unknown:
        return f"uses the unknown command '{html.unescape(unknown[1])}'"
    return None


# `9{,}81`, the decimal comma as TeX writes it (braced, so TeX adds no space after it), comes
# from latex2mathml as three pieces, `<mn>9</mn><mrow><mo>,</mo></mrow><mn>81</mn>`; browsers
# give that `<mo>` a separator's space ("9, 81"). Put back together, it is one number.
_BRACED_COMMA = re.compile(r"<mn>([^<]*)</mn><mrow><mo>&#x0002C;</mo></mrow><mn>([^<]*)</mn>")


@lru_cache(maxsize=4096)
def _mathml(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    converted = convert(tex, display="block" if display else "inline")
    while "<mo>&#x0002C;</mo></mrow><mn>" in converted:  # 1{,}000{,}5: each merge makes one more
        merged = _BRACED_COMMA.sub(r"<mn>\1,\2</mn>", converted)
        if merged == converted:
            break
        converted = merged
    return _FUNCTION_BEFORE_ARGUMENT.sub(r"\1" + _APPLIED, converted)


# `\sin x`: latex2mathml writes <mi>sin</mi><mi>x</mi>, which browsers set as "sinx". MathML marks
# the application with U+2061 (read by screen readers) and a thin space shows it, as TeX does;
# not before a bracket (`\cos(x)`), where TeX adds none either.
_FUNCTIONS = (
    "arccos|arcsin|arctan|arg|cos|cosh|cot|coth|csc|deg|det|dim|exp|gcd|hom|inf|ker|lg|lim|"
    "liminf|limsup|ln|log|max|min|Pr|sec|sin|sinh|sup|tan|tanh"
)
_FUNCTION_BEFORE_ARGUMENT = re.compile(
    rf"(<mi>(?:{_FUNCTIONS})</mi>|<(msub|msup)><mi>(?:{_FUNCTIONS})</mi><m[in]>[^<]*</m[in]></\2>)"
    r"(?=<(?:mi|mn|mrow|mfrac|msqrt|msub|msup)\b)"
)
_APPLIED = '<mo>&#x2061;</mo><mspace width="0.1667em"></mspace>'


def to_mathml(tex: str, display: bool) -> str:
    """The formula as MathML, its TeX kept in an annotation (for screen readers and the other
    formats). A formula that cannot be converted is written as its TeX, as text."""
    try:
        converted = _mathml(tex, display)
    except Exception:  # validation has reported it; never fail a render on it
        return f"<code>{html.escape(tex)}</code>"
    opening, _, rest = converted.partition(">")
    body = rest[: rest.rfind("</math>")]
    return (
        f"{opening}><semantics><mrow>{body}</mrow>"
        f'<annotation encoding="{_TEX}">{html.escape(tex, quote=False)}</annotation>'
        f"</semantics></math>"
    )


def tex_of(math_html: str) -> tuple[str, bool]:
    """The TeX of one `<math>` element of sanitised HTML, and whether it is displayed."""
    found = _ANNOTATION.search(math_html)
    return (html.unescape(found[1]) if found else ""), bool(_DISPLAY.match(math_html))


def replace(rendered: str, swap: Callable[[str, bool], str]) -> str:
    """`rendered` with every formula replaced by `swap(tex, display)` (HTML)."""
    if "<math" not in rendered:
        return rendered
    return _MATH.sub(lambda match: swap(*tex_of(match[0])), rendered)


def as_tex(rendered: str) -> str:
    """Every formula as its TeX between `$` signs, as text (for plain text of a rendered HTML)."""
    return replace(rendered, lambda tex, display: html.escape(f"$${tex}$$" if display else f"${tex}$"))


def delimited(body: str, display: bool) -> str:
    """A formula's TeX (already escaped as its destination needs) between the delimiters MathJax
    reads by default, `\\(...\\)` inline and `\\[...\\]` displayed: Anki's and Moodle's."""
    return f"\\[{body}\\]" if display else f"\\({body}\\)"


def as_mathjax(rendered: str) -> str:
    """Every formula of sanitised HTML as its TeX between MathJax's delimiters (HTML-escaped), for
    targets that typeset TeX themselves and may strip MathML (Moodle's HTML cleaning does)."""
    return replace(rendered, lambda tex, display: delimited(html.escape(tex, quote=False), display))


# ziamath draws at this many pixels per em; the SVG is then sized in em, so it follows the text.
_SIZE = 24.0


@lru_cache(maxsize=4096)
def to_svg(tex: str, display: bool) -> tuple[str, float, float, float]:
    """The formula drawn as SVG (paths, with ziamath's own STIX Two Math font), and its width,
    height and depth below the baseline, in em."""
    import ziamath

    drawn = ziamath.Latex(tex, size=_SIZE, inline=not display)
    svg = drawn.svg()
    box = re.search(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"', svg)
    assert box is not None  # ziamath gives every drawing a viewBox
    _, top, width, height = (float(v) for v in box.groups())
    depth = max(0.0, top + height)  # the baseline is at y = 0
    return svg, width / _SIZE, height / _SIZE, depth / _SIZE


def as_svg_images(rendered: str) -> str:
    """Every formula as an `<img>` of its SVG (a data: URL), inline ones sitting on the baseline,
    displayed ones centred on a line of their own (for WeasyPrint, which cannot draw MathML)."""
    import base64

    def image(tex: str, display: bool, whole: bool = False) -> str:
        try:
            svg, width, height, depth = to_svg(tex, display or whole)
        except Exception:  # validation has reported it
            return f"<code>{html.escape(tex)}</code>"
        source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        style = f"width:{width:.3f}em;height:{height:.3f}em;vertical-align:{-depth:.3f}em"
        kind = "math-display" if display else "math-inline"
        # The TeX also rides along as invisible text taking no room, so text extraction, copy and
        # search find the formula (an image's alt text reaches only tagged-PDF readers).
        hidden = "display:inline-block;width:0;white-space:nowrap;color:transparent;font-size:1pt;line-height:0"
        return (
            f'<img class="{kind}" src="{source}" alt="{html.escape(tex)}" style="{style}">'
            f'<span class="math-tex" style="{hidden}">{html.escape(tex)}</span>'
        )

    if "<math" not in rendered:
        return rendered

    def swap(match: re.Match) -> str:
        # A formula that is a whole choice or answer is drawn in display style (a fraction at
        # full size, not shrunk to a line's height) but stays in its line, at the text's size.
        before = rendered[max(0, match.start() - 300) : match.start()]  # bounded: linear overall
        whole = bool(_OPENS_ANSWER.search(before)) and bool(_CLOSES_ANSWER.match(rendered, match.end()))
        tex, display = tex_of(match[0])
        return image(tex, display, whole and not display)

    return _MATH.sub(swap, rendered)


# A choice's or an answer's own element, right before or after a formula (papers, keys, cards).
_OPENS_ANSWER = re.compile(r'<span class="(?:text|accepted)"[^>]*>\s*$')
_CLOSES_ANSWER = re.compile(r"\s*</span>")
