"""Sanitised HTML (quizgen.text.markup) → elements of QTI 2.1's XHTML subset, in the QTI namespace.

QTI 2.1 items hold their text as XML elements, not as an HTML string, and allow fewer elements
and attributes than the sanitiser lets through: `del` and `s` have no QTI element (their text
is kept, unstruck), `ol start`, `rel` and `title` have no attribute, `img` must have an `alt`.
Formulas stay MathML, in MathML's namespace, which QTI 2.1 items may hold.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Callable

from quizgen.text import formulas, markup

NAMESPACE = "http://www.imsglobal.org/xsd/imsqti_v2p1"
_VOID = {"br", "hr", "img"}
_RENAMED = {"del": "span", "s": "span"}
# What markup.ALLOWED_TAGS becomes here: the sanitiser's HTML tags, those QTI lacks renamed.
XHTML_TAGS = {_RENAMED.get(tag, tag) for tag in markup.ALLOWED_TAGS - formulas.MATHML_TAGS}
ET.register_namespace("m", formulas.MATHML_NAMESPACE)  # `<m:math>`, as QTI's examples write it
_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}


def q(tag: str) -> str:
    """`tag` in the QTI namespace."""
    return f"{{{NAMESPACE}}}{tag}"


class _Builder(HTMLParser):
    def __init__(self, parent: ET.Element, special: Callable[[str, dict], ET.Element | None]):
        super().__init__(convert_charrefs=True)
        self.stack = [parent]
        self.special = special

    def _text(self, text: str) -> None:
        top = self.stack[-1]
        if len(top):
            top[-1].tail = (top[-1].tail or "") + text
        else:
            top.text = (top.text or "") + text

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        made = self.special(tag, attributes)
        if made is not None:  # an interaction in place of a placeholder: no children
            self.stack[-1].append(made)
            self.stack.append(made)
            return
        if tag in formulas.MATHML_TAGS:
            keep = formulas.MATHML_ATTRIBUTES.get(tag, set()) - {"xmlns"}
            parent = self.stack[-1]
            if tag == "math":  # in a span, which every text container takes (pyslet reads
                parent = ET.SubElement(parent, q("span"))  # math in a choice only this way)
            element = ET.SubElement(
                parent, f"{{{formulas.MATHML_NAMESPACE}}}{tag}", {k: v for k, v in attributes.items() if k in keep}
            )
            self.stack.append(element)
            return
        keep = _ATTRIBUTES.get(tag, set())
        element = ET.SubElement(
            self.stack[-1], q(_RENAMED.get(tag, tag)), {k: v for k, v in attributes.items() if k in keep}
        )
        if tag == "img":
            element.set("alt", attributes.get("alt", ""))
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in _VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        self._text(data)


def append(
    parent: ET.Element, html: str, special: Callable[[str, dict], ET.Element | None] = lambda tag, attrs: None
) -> ET.Element:
    """Append the elements of `html` (sanitised, so balanced) to `parent`. `special(tag, attrs)`
    may return an element to put in place of a tag of its own (a cloze blank's placeholder)."""
    builder = _Builder(parent, special)
    builder.feed(html)
    builder.close()
    return parent
