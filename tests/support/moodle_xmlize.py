"""Moodle's XML reader (lib/xmlize.php, `core_xml_parser`, which `qformat_xml::readquestions`
calls as `xmlize($text, 0, 'UTF-8', true)`), ported to Python for the tests: what Moodle's
question import reads of a file, with the quirk that matters, step for step.

`characterdata` keeps a piece of character data only when PHP's `trim` leaves something of it
(`($data == "0") || (!empty($data) && trim($data) != "")`), and the XML parser hands it the text
in pieces: each character reference (`&lt;`, `&#39;`), each line break (expat splits there, in
CDATA sections too) and the text between them, and whatever the 4096-byte blocks `parse` feeds
it cut off. A piece that is only white space is dropped: escaped, `&lt;/b&gt; &lt;i&gt;` loses
its space. The pieces kept are joined, as `characterdata` concatenates them.

The port is expat (PHP's XML extension is expat's interface, over expat or over libxml2, which
splits at references in the same way) with `buffer_text` off, so each piece arrives as expat cuts
it. It returns an ElementTree tree instead of xmlize's nested arrays: an element's text is what
xmlize would keep as its `#`. Elements that hold both text and elements (xmlize would overwrite
one with the other) are not expected in a Moodle XML file and raise.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

# PHP's trim() strips these, and only these (not U+00A0 or other Unicode spaces).
PHP_TRIM = " \t\n\r\0\x0b"
BLOCK = 4096  # core_xml_parser::parse feeds xml_parse this many bytes at a time


def kept(data: str) -> bool:
    """Whether core_xml_parser::characterdata keeps a piece of character data."""
    return data == "0" or (data not in ("", "0") and data.strip(PHP_TRIM) != "")


def xmlize(data: bytes) -> ET.Element:
    """The file as Moodle's question import reads it."""
    data = data.strip(PHP_TRIM.encode())  # parse() starts with trim($data)
    parser = expat.ParserCreate("UTF-8")
    parser.buffer_text = False
    stack: list[ET.Element] = []
    pieces: list[list[str]] = []
    root: list[ET.Element] = []

    def start(name, attrs):
        element = ET.SubElement(stack[-1], name, attrs) if stack else ET.Element(name, attrs)
        root[:] = root or [element]
        stack.append(element)
        pieces.append([])

    def end(name):
        element = stack.pop()
        text = "".join(pieces.pop())
        if text and len(element):
            raise ValueError(f"<{name}> holds text and elements, which xmlize does not keep apart")
        element.text = text

    def characters(piece):
        if kept(piece):
            pieces[-1].append(piece)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    for at in range(0, len(data), BLOCK):
        parser.Parse(data[at : at + BLOCK], False)
    parser.Parse(b"", True)
    return root[0]
