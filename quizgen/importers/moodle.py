"""Moodle XML (docs.moodle.org "Moodle XML format"): what `quizgen build -f moodle` writes and
what Moodle's Question bank > Export writes. Categories become the bank title and tags, images
(`<file>` elements that the HTML calls `@@PLUGINFILE@@/name`) are written beside the bank."""

from __future__ import annotations

import base64
import binascii
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

from quizgen.bank.assets import AssetError
from quizgen.importers import Collector, essays, moodle_category
from quizgen.importers import answers as answer_rules
from quizgen.importers import text as texts
from quizgen.importers.ids import tag

NAME = "moodle"
DESCRIPTION = "Moodle XML"
EXTENSIONS = (".xml",)
SNIFF_ORDER = 1

_LINE = "{quizgen}line"
_COLUMN = "{quizgen}column"
_END = "{quizgen}end"
_SHOWN_LINES = 40  # of a question that cannot be read, kept as a comment
_MARKER = "\ue001{}\ue001"
# Moodle's text formats, as quizgen.importers.text names them.
_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "markdown": "markdown", "plain_text": "plain"}


def _after_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def sniff(head: str) -> bool:
    """Whether the text starts `<quiz`, after an XML declaration and comments. Read with `find`,
    not a regular expression: `(<!--.*?-->\\s*)*` backtracks exponentially on `<!--a-->` repeated,
    and 330 bytes of them hung detection."""
    at = _after_space(head, 0)
    if head.startswith("<?xml", at):
        end = head.find(">", at)
        if end < 0:
            return False
        at = end + 1
    while True:
        at = _after_space(head, at)
        if not head.startswith("<!--", at):
            break
        end = head.find("-->", at + 4)
        if end < 0:
            return False
        at = end + 3
    return head.startswith("<quiz", at) and head[at + 5 : at + 6] in (">", " ", "\t", "\n", "\r")


def parse(path: Path, out: Collector):
    """The XML as ElementTree elements, each with the line it starts on (ElementTree keeps none,
    so the tree is built from expat's events)."""
    data = path.read_bytes()
    if re.search(rb"<!(DOCTYPE|ENTITY)", data[:4096]):
        out.error(
            out.where(1, 1),
            "a document type declaration (<!DOCTYPE>) is not accepted: Moodle "
            "never writes one, and entities could make a small file enormous",
        )
        return None
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def start(tag, attrs):
        builder.start(
            tag, {**attrs, _LINE: str(parser.CurrentLineNumber), _COLUMN: str(parser.CurrentColumnNumber + 1)}
        )

    def end(tag):
        builder.end(tag).set(_END, str(parser.CurrentLineNumber))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = lambda *args: (_ for _ in ()).throw(ValueError("entity declarations are not accepted"))
    try:
        parser.Parse(data, True)
        return builder.close()
    except expat.ExpatError as error:
        out.error(out.where(error.lineno, error.offset + 1), f"not well-formed XML: {expat.ErrorString(error.code)}")
    except ValueError as error:
        out.error(out.where(parser.CurrentLineNumber, 1), str(error))
    return None


def _text(element, path: str = "text") -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "") if found is not None else ""


class _Reader:
    def __init__(self, out: Collector):
        self.out = out
        self.drops: list[str] = []

    def where(self, element):
        return self.out.where(int(element.get(_LINE, "0")), int(element.get(_COLUMN, "0")))

    def rich(self, element, inline: bool = False) -> str:
        """A Moodle text element (`<questiontext format="html"><text>..</text><file/>..`) as Markdown."""
        if element is None:
            return ""
        files = {}
        for file in element.findall("file"):
            try:
                files[file.get("name", "")] = base64.b64decode(file.text or "", validate=False)
            except (binascii.Error, ValueError):
                self.drops.append(f"the image '{file.get('name', '')}' is not valid base64 and is left out")

        def image(src: str, alt: str) -> str:
            if src.startswith("@@PLUGINFILE@@/"):
                name = unquote(src.split("/", 1)[1].split("?")[0])
                if name in files:
                    try:
                        return self.out.image(name, files[name])
                    except AssetError as why:
                        self.drops.append(f"the file '{name}' {why}; it is left out and shown as its description")
                        return ""
            self.drops.append(
                f"the image '{src}' is not in the file (quizgen keeps only images the "
                "file carries) and is shown as its description"
            )
            return ""

        value = texts.from_source(_text(element), _FORMATS.get(element.get("format", "html"), "plain"), image)
        return texts.inline(value) if inline else value


def read(path: Path, out: Collector) -> None:
    root = parse(path, out)
    if root is None:
        return
    # Read once: the language below, and the source lines a question that cannot be read is kept as.
    text = path.read_bytes().decode("utf-8", errors="replace")
    lines = text.splitlines()
    if root.tag != "quiz":
        out.error(out.where(1, 1), f"a Moodle XML file has <quiz> at the top, not <{root.tag}>")
        return
    # One `lang` for the whole file (an attribute, or in the questions' HTML), not Moodle's
    # multilang spans of several languages: the bank's language.
    named = set(
        re.findall(
            r"\blang\s*=\s*(?:[\"']|&quot;)([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)(?:[\"']|&quot;)",
            text,
        )
    )
    if len(named) == 1:
        out.language = named.pop().replace("_", "-")
    category: tuple[str, ...] = ()
    for element in root.findall("question"):
        kind = element.get("type", "")
        if kind == "category":
            category = moodle_category(_text(element, "category/text"))
            continue
        reader = _Reader(out)
        try:
            fields = _QUESTIONS.get(kind, _unsupported)(reader, element)
        except _Invalid as problem:
            out.unreadable(
                reader.where(problem.element if problem.element is not None else element),
                str(problem),
                _source(lines, element),
            )
            continue
        name = _text(element, "name/text").strip()
        if fields is None:
            for message in reader.drops:
                out.drop(reader.where(element), f"'{name}': {message}")
            continue
        feedback = reader.rich(element.find("generalfeedback"))
        if feedback and "explanation" not in fields and fields["type"] not in ("card", "essay"):
            fields["explanation"] = feedback
        tags = [tag(t.text or "", 64) for t in element.findall("tags/tag/text")]
        if [t for t in tags if t]:
            fields["tags"] = list(dict.fromkeys(t for t in tags if t))
        grade = _number(_text(element, "defaultgrade"))
        if grade and grade != 1 and fields["type"] not in ("cloze", "card") and 0 < grade <= 1000:
            fields["points"] = grade
        idnumber = (element.findtext("idnumber") or "").strip()
        imported = out.question(
            reader.where(element),
            fields,
            preferred_id=idnumber or name,
            text=fields.get("prompt") or fields.get("text") or fields.get("front") or "",
            category=category,
        )
        for message in dict.fromkeys(reader.drops):
            out.drop(reader.where(element), message, imported)


def _source(file_lines: list[str], element) -> list[str]:
    """The lines of the file `element` spans (its first ones, for a long question)."""
    first, last = int(element.get(_LINE, "1")), int(element.get(_END, "1"))
    lines = file_lines[first - 1 : last]
    if len(lines) > _SHOWN_LINES:
        lines = lines[:_SHOWN_LINES] + [f"... ({len(lines) - _SHOWN_LINES} more lines, to line {last})"]
    return lines


class _Invalid(Exception):
    def __init__(self, message: str, element=None):
        super().__init__(message)
        self.element = element


def _number(value: str) -> float | None:
    try:
        return float(value.strip().replace(",", "."))
    except ValueError:
        return None


def _fraction(answer) -> float:
    value = _number(answer.get("fraction", "0"))
    if value is None:
        raise _Invalid(f"the fraction '{answer.get('fraction')}' is not a number", answer)
    return value


def _feedback(reader: _Reader, answers) -> None:
    if any(_text(a, "feedback/text").strip() for a in answers):
        reader.drops.append("the feedback of each answer is not carried over")


def _multichoice(reader: _Reader, q) -> dict:
    answers = q.findall("answer")
    single = (q.findtext("single") or "true").strip().lower() in ("true", "1")
    choices = [reader.rich(a, inline=True) for a in answers]
    fractions = [_fraction(a) for a in answers]
    _feedback(reader, answers)
    fields: dict[str, Any] = {"prompt": reader.rich(q.find("questiontext")), "choices": choices}
    if single:
        best = max(fractions, default=0)
        if best <= 0:
            raise _Invalid("no answer has a positive fraction: which one is right?", q)
        if sorted(fractions).count(best) > 1 or any(0 < f < best for f in fractions):
            reader.drops.append("answers worth part of the marks: quizgen keeps the best one as the answer")
        fields = {"type": "single", **fields, "answer": choices[fractions.index(best)]}
    else:
        right = [c for c, f in zip(choices, fractions) if f > 0]
        if not right:
            raise _Invalid("no answer has a positive fraction: which ones are right?", q)
        if len({f for f in fractions if f > 0}) > 1:
            reader.drops.append("unequal fractions of the right answers: quizgen gives each an equal share")
        fields = {"type": "multiple", **fields, "answer": right}
    if (q.findtext("shuffleanswers") or "true").strip().lower() in ("false", "0"):
        fields["shuffle"] = False
    return fields


def _truefalse(reader: _Reader, q) -> dict:
    answers = q.findall("answer")
    _feedback(reader, answers)
    right = [(_text(a) or "").strip().lower() for a in answers if _fraction(a) > 0]
    if not right or right[0] not in ("true", "false"):
        raise _Invalid("a true/false question needs an answer 'true' or 'false' with fraction 100", q)
    return {"type": "truefalse", "prompt": reader.rich(q.find("questiontext")), "answer": right[0] == "true"}


def _wildcard_free(reader: _Reader, answer: str) -> str | None:
    """Moodle's `*` matches anything, `\\*` is a star: quizgen has no wildcard."""
    if re.search(r"(?<!\\)\*", answer):
        reader.drops.append(f"the answer '{answer}' uses Moodle's wildcard '*', which quizgen does not have")
        return None
    return answer.replace("\\*", "*")


def _shortanswer(reader: _Reader, q) -> dict | None:
    answers = q.findall("answer")
    _feedback(reader, answers)
    accepted = []
    for a in answers:
        value = html.unescape(_text(a)).strip()
        if _fraction(a) < 100:
            reader.drops.append(f"the answer '{value}' worth {_fraction(a):g}% is not carried over")
            continue
        kept = _wildcard_free(reader, value)
        if kept:
            accepted.append(kept)
    case_sensitive = (q.findtext("usecase") or "0").strip() == "1"
    accepted = answer_rules.distinct(accepted, case_sensitive)
    if not accepted:
        reader.drops.append("no answer quizgen can hold is worth full marks: the question is left out")
        return None
    fields: dict[str, Any] = {
        "type": "short",
        "prompt": reader.rich(q.find("questiontext")),
        "answer": accepted if len(accepted) > 1 else accepted[0],
    }
    if case_sensitive:
        fields["case_sensitive"] = True
    return fields


def _numerical(reader: _Reader, q) -> dict | None:
    answers = q.findall("answer")
    _feedback(reader, answers)
    fields: dict[str, Any] = {"type": "numeric", "prompt": reader.rich(q.find("questiontext"))}
    for a in answers:
        value = _text(a).strip()
        if _fraction(a) < 100 or "answer" in fields:
            reader.drops.append(f"the other answer '{value}' is not carried over (quizgen keeps one)")
            continue
        number, tolerance = _number(value), _number(a.findtext("tolerance") or "0") or 0
        if number is None:
            reader.drops.append(f"the answer '{value}' is not a number: the question is left out")
            return None
        fields["answer"] = number
        if tolerance:
            fields["tolerance"] = abs(tolerance)
    if "answer" not in fields:
        raise _Invalid("no answer has fraction 100", q)
    units = [(_text(u, "unit_name").strip(), _number(u.findtext("multiplier") or "1")) for u in q.findall("units/unit")]
    base = [name for name, multiplier in units if multiplier == 1 and name]
    if base:
        fields["unit"] = base[0]
    if len(units) > len(base[:1]):
        reader.drops.append("other units and their multipliers are not carried over (quizgen has one unit)")
    return fields


def _embedded_answer(text: str) -> str:
    return html.unescape(text).replace("\\}", "}").replace("\\#", "#").replace("\\~", "~").strip()


def _cloze(reader: _Reader, q) -> dict | None:
    element = q.find("questiontext")
    raw = _text(element)
    blanks: list[list[str]] = []

    def blank(found: re.Match) -> str:
        right, drops = answer_rules.blank(found[2], found[3], _embedded_answer)
        reader.drops.extend(drops)
        if not right:
            reader.drops.append(f"a blank ({found[2]}) without a right answer is shown as '_____'")
            return "\\_\\_\\_\\_\\_"
        blanks.append(right)
        return _MARKER.format(len(blanks))

    element_copy = ET.Element(
        "questiontext", {"format": element.get("format", "html") if element is not None else "html"}
    )
    ET.SubElement(element_copy, "text").text = answer_rules.EMBEDDED.sub(blank, raw)
    for file in element.findall("file") if element is not None else []:
        element_copy.append(file)
    text = reader.rich(element_copy)
    accept = {}
    for number, answers in enumerate(blanks, 1):
        text = text.replace(_MARKER.format(number), "{{c%d::%s}}" % (number, answers[0]))
        if len(answers) > 1:
            accept[f"c{number}"] = answers[1:]
    if not blanks:
        reader.drops.append("an embedded-answers question without a blank is left out")
        return None
    fields: dict[str, Any] = {"type": "cloze", "text": text}
    if any(kind in answer_rules.CASE_SENSITIVE for kind in re.findall(r"\{\d*:([A-Z_]+):", raw)):
        fields["case_sensitive"] = True
    if accept:
        fields["accept"] = accept
    return fields


def _matching(reader: _Reader, q) -> dict:
    pairs = []
    for sub in q.findall("subquestion"):
        left = reader.rich(sub, inline=True)
        right = texts.plain(html.unescape(_text(sub, "answer/text")).strip())
        if not left:
            reader.drops.append(f"the extra answer '{right}' (a distractor without a question) is not carried over")
            continue
        pairs.append({"left": left, "right": right})
    fields: dict[str, Any] = {"type": "match", "prompt": reader.rich(q.find("questiontext")), "pairs": pairs}
    if (q.findtext("shuffleanswers") or "true").strip().lower() in ("false", "0"):
        fields["shuffle"] = False
    return fields


def _ordering(reader: _Reader, q) -> dict:
    answers = q.findall("answer")
    ranked = sorted(enumerate(answers), key=lambda pair: (_fraction(pair[1]), pair[0]))
    fields: dict[str, Any] = {
        "type": "order",
        "prompt": reader.rich(q.find("questiontext")),
        "items": [reader.rich(a, inline=True) for _, a in ranked],
    }
    if (q.findtext("gradingtype") or "").strip() == "ALL_OR_NOTHING":
        fields["partial_credit"] = False
    return fields


def _description(reader: _Reader, q) -> dict | None:
    front = reader.rich(q.find("questiontext"))
    back = reader.rich(q.find("generalfeedback"))
    if not back:
        reader.drops.append("a description with no general feedback (nothing to ask) is left out")
        return None
    return {"type": "card", "front": front, "back": back}


def _essay(reader: _Reader, q) -> dict:
    """An essay graded by hand. Its model answer is the information for graders, else the general
    feedback; quizgen's own export writes both in a headed form (essays.split) that gives back
    the model answer, the marking notes and the explanation."""
    grader = reader.rich(q.find("graderinfo"))
    feedback = reader.rich(q.find("generalfeedback"))
    graders = essays.split(grader, "notes")
    headed = essays.split(feedback, "explanation", graders[0] if graders else "")
    answer, notes = graders or (grader or (headed[0] if headed else feedback), "")
    explanation = headed[1] if headed else feedback if feedback != answer else ""
    if not answer:
        # Written with an empty answer, the bank's checks comment the essay out for the author to complete.
        reader.drops.append(essays.no_model_answer("information for graders, no general feedback"))
    fields: dict[str, Any] = {"type": "essay", "prompt": reader.rich(q.find("questiontext")), "answer": answer}
    if notes:
        fields["notes"] = notes
    if explanation:
        fields["explanation"] = explanation
    lines = _number(q.findtext("responsefieldlines") or "")  # the answer box's height
    boxed = (q.findtext("responseformat") or "").strip() != "noinline"  # noinline: attachments only
    if boxed and lines and lines.is_integer() and 1 <= lines <= 60:
        fields["lines"] = int(lines)
    if _text(q, "responsetemplate/text").strip():
        reader.drops.append("the response template (text the answer box starts with) is not carried over")
    if (_number(q.findtext("attachments") or "0") or 0) != 0:
        reader.drops.append("file attachments to the answer are not carried over (quizgen's essay is written)")
    if any(_number(q.findtext(limit) or "") for limit in ("minwordlimit", "maxwordlimit")):
        reader.drops.append("the word limits are not carried over (quizgen gives answer lines, not a word count)")
    return fields


def _unsupported(reader: _Reader, q) -> None:
    reader.drops.append(f"quizgen has no question like Moodle's '{q.get('type', '')}'; it is left out")
    return None


_QUESTIONS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "cloze": _cloze,
    "multianswer": _cloze,
    "matching": _matching,
    "ordering": _ordering,
    "description": _description,
    "essay": _essay,
}
