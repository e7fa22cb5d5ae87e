"""`-f qti`: `<bank-id>-qti.zip`, an IMS QTI 2.1 content package any QTI 2.1 system can import.

The package holds `imsmanifest.xml`, one `assessmentItem` per question (`items/<id>.xml`), an
`assessmentTest` with every item in bank order (`assessment.xml`) and the images (`images/`).
Each item scores like the grading model (see `processing.py` and docs/lms.md); a card, which
only the learner can grade, is left out with a note. An essay has no scoring rule: its SCORE is
for a human to set, who reads the model answer and marking notes in a rubric for scorers.
Everything is built with ElementTree, so bank text is always escaped; Markdown is the sanitised
HTML of quizgen.text.markup, as XHTML elements.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable, ClassVar
from urllib.parse import quote

from quizgen import grading
from quizgen.bank import assets
from quizgen.bank.dispatch import QuestionTypes, Unsupported
from quizgen.bank.model import (
    DEFAULT_LINES,
    Bank,
    Card,
    Cloze,
    Essay,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quizgen.formats import BuildError, Format
from quizgen.formats.qti import processing as rp
from quizgen.formats.qti.patterns import pattern
from quizgen.formats.qti.processing import base, el, number
from quizgen.formats.qti.xhtml import NAMESPACE, XHTML_TAGS, append, q
from quizgen.present import answers, i18n
from quizgen.present.shuffle import shuffled
from quizgen.runtime.output import write_zip
from quizgen.text import cloze, markup
from quizgen.text.numbers import decimal_symbol

MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/imscp_v1p1"
ITEM_FOLDER = "items"
TEST_FILE = "assessment.xml"
_BLANK = "quizgen-blank"  # placeholder tag a cloze marker becomes before the HTML is converted


def identifier(prefix: str, name: str) -> str:
    """An XML identifier (NCName) from a bank or question id, which may start with a digit."""
    return f"{prefix}-{name}"


# Elements whose content is text (mixed content): indenting inside them would add spaces a
# reader sees, between `<strong>a</strong><em>b</em>` say.
_TEXT_HOLDERS = {
    q(tag) for tag in ("simpleChoice", "simpleAssociableChoice", "modalFeedback", "prompt", "value", "baseValue")
}


def _indent(element: ET.Element, depth: int = 0) -> None:
    """ET.indent for the structure only: never inside text (XHTML elements, choices)."""
    if (
        element.tag in _TEXT_HOLDERS
        or element.tag.startswith(f"{{{NAMESPACE}}}")
        and element.tag[len(NAMESPACE) + 2 :] in XHTML_TAGS
    ) or not len(element):
        return
    pad = "\n" + " " * (depth + 1)
    if not (element.text or "").strip():
        element.text = pad
    for child in element:
        _indent(child, depth + 1)
        if not (child.tail or "").strip():
            child.tail = pad
    element[-1].tail = "\n" + " " * depth


def xml_bytes(root: ET.Element, namespace: str = NAMESPACE) -> bytes:
    """The document, every element in `namespace` written as the default namespace (`xmlns=`),
    as importers expect; ElementTree would write `ns0:` prefixes."""
    _indent(root)
    prefix = f"{{{namespace}}}"
    for element in root.iter():
        if element.tag.startswith(prefix):
            element.tag = element.tag[len(prefix) :]
    root.set("xmlns", namespace)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


class _Item:
    """One question as an assessmentItem."""

    def __init__(self, question: Question, bank: Bank, images: assets.Bundle, seed: int, notes):
        self.q = question
        self.notes = notes
        self.bank = bank
        self.images = images
        self.seed = seed
        self.ident = identifier("Q", question.id)
        self.path = f"{ITEM_FOLDER}/{self.ident}.xml"
        self.used_images: list[str] = []
        self.root = el(
            "assessmentItem",
            {"identifier": self.ident, "title": answers.title(question), "adaptive": "false", "timeDependent": "false"},
        )
        self.body = el("itemBody")

    # -- text -------------------------------------------------------------------------------

    def html(self, rendered: str, where) -> str:
        def package_path(src: str) -> str:
            try:
                name = self.images.add(src)
            except assets.AssetError as problem:
                raise BuildError(where, f"image '{src}' {problem}") from problem
            if name not in self.used_images:
                self.used_images.append(name)
            return f"../{quote(name, safe='/')}"  # items sit one folder down

        return markup.map_image_sources(rendered, package_path) if "<img" in rendered else rendered

    def block(self, parent: ET.Element, field: str) -> None:
        append(parent, self.html(markup.block(getattr(self.q, field)), self.q.where(field)))

    def inline(self, parent: ET.Element, text: str, field: str) -> ET.Element:
        append(parent, self.html(markup.inline(text), self.q.where(field)))
        return parent

    def essay_parts(self, parent: ET.Element, for_marker: bool) -> ET.Element:
        """An essay's model answer and explanation (or marking notes), each under its heading in
        the bank's language (answers.essay_texts)."""
        for field, heading in answers.essay_texts(self.q, i18n.translations(self.bank), for_marker):
            append(parent, answers.heading_html(heading))
            self.block(parent, field)
        return parent

    # -- declarations -----------------------------------------------------------------------

    def response(
        self,
        ident: str,
        cardinality: str,
        kind: str,
        correct: list[str],
        mapping: dict[str, float] | None = None,
        bounds: tuple | None = None,
        case_sensitive: bool | None = None,
    ) -> None:
        declaration = ET.SubElement(
            self.root, q("responseDeclaration"), {"identifier": ident, "cardinality": cardinality, "baseType": kind}
        )
        if correct:
            ET.SubElement(declaration, q("correctResponse")).extend(el("value", text=v) for v in correct)
        if mapping is not None:
            attrs = {"defaultValue": number(0)}
            if bounds:
                attrs.update(lowerBound=number(bounds[0]), upperBound=number(bounds[1]))
            table = ET.SubElement(declaration, q("mapping"), attrs)
            for key, value in mapping.items():
                ET.SubElement(
                    table,
                    q("mapEntry"),
                    {
                        "mapKey": key,
                        "mappedValue": number(value),
                        "caseSensitive": "false" if case_sensitive is False else "true",
                    },
                )

    def outcomes(self, extra: tuple[str, ...] = ()) -> None:
        for name, default in (("SCORE", 0), ("MAXSCORE", self.q.points), *((n, 0) for n in extra)):
            declaration = ET.SubElement(
                self.root, q("outcomeDeclaration"), {"identifier": name, "cardinality": "single", "baseType": "float"}
            )
            ET.SubElement(ET.SubElement(declaration, q("defaultValue")), q("value")).text = number(default)
        if self.q.explanation or isinstance(self.q, Essay):
            ET.SubElement(
                self.root,
                q("outcomeDeclaration"),
                {"identifier": "FEEDBACK", "cardinality": "single", "baseType": "identifier"},
            )

    def finish(self, rules: list[ET.Element], template: str | None) -> ET.Element:
        self.root.append(self.body)
        processing = ET.SubElement(self.root, q("responseProcessing"))
        processing.extend(rules)
        if self.q.explanation or isinstance(self.q, Essay):
            # Shown after any answer: the explanation (an essay's model answer first) is the
            # question's general feedback.
            processing.append(rp.set_outcome("FEEDBACK", base("identifier", "EXPLANATION")))
            feedback = ET.SubElement(
                self.root,
                q("modalFeedback"),
                {"outcomeIdentifier": "FEEDBACK", "identifier": "EXPLANATION", "showHide": "show"},
            )
            if isinstance(self.q, Essay):
                self.essay_parts(feedback, for_marker=False)
            else:
                self.block(feedback, "explanation")
        elif template:
            processing.set("template", template)
        return self.root

    # -- types ------------------------------------------------------------------------------

    def build(self, make) -> ET.Element:
        """The item, made by the handler of its type (TYPES)."""
        return make(self, self.q, grading.spec(self.q, self.bank))  # the grading model's settings: what to score

    def short(self, question: ShortAnswer, spec: dict) -> ET.Element:
        points, accepted = question.points, spec["accepted"]
        forms = grading.exact_forms(accepted, question.case_sensitive, question.accents)
        self.response(
            "RESPONSE",
            "single",
            "string",
            [forms[0]] if forms else [],
            {form: points for form in forms},
            case_sensitive=question.case_sensitive,
        )
        self.outcomes()
        self.block(self.body, "prompt")
        self.text_entry(self.body, "RESPONSE", "")
        return self.finish(rp.text(self.patterns(question, accepted), points), None)

    def numeric(self, question: Numeric, spec: dict) -> ET.Element:
        self.number_note(question)
        low, high = spec["low"], spec["high"]
        self.response(
            "RESPONSE",
            "single",
            "float",
            [number(question.answer if question.answer is not None else (low + high) / 2)],
        )
        self.outcomes()
        self.block(self.body, "prompt")
        self.text_entry(self.body, "RESPONSE", question.unit)
        return self.finish(rp.in_interval(*grading.accepted_interval(low, high), question.points), None)

    def essay(self, question: Essay, spec: dict) -> ET.Element:
        """A box of `lines` lines and no rule that scores it: SCORE waits for a human, who sees
        the model answer and marking notes in a rubric only scorers are shown."""
        self.response("RESPONSE", "single", "string", [])
        self.outcomes()
        self.essay_parts(ET.SubElement(self.body, q("rubricBlock"), {"view": "scorer"}), for_marker=True)
        self.block(self.body, "prompt")
        ET.SubElement(
            self.body,
            q("extendedTextInteraction"),
            {"responseIdentifier": "RESPONSE", "expectedLines": str(question.lines or DEFAULT_LINES["essay"])},
        )
        return self.finish([], None)

    def number_note(self, question: Numeric) -> None:
        """A float response takes the number alone, written with a decimal point: say what the
        grading model would accept that a QTI engine will not."""
        lost = []
        if question.unit:
            lost.append(f"with its unit ('{question.unit}')")
        if decimal_symbol(self.bank.language) == ",":
            lost.append("with a decimal comma")
        if lost:
            self.notes.note(
                question.where("unit" if question.unit else ""),
                f"QTI reads the answer as a plain number: typed {' or '.join(lost)}, it is marked wrong there",
            )

    def choices(self, question: SingleChoice | MultipleChoice | TrueFalse, spec: dict) -> ET.Element:
        # The spec's answer: the indexes of the right choices, or True or False.
        answer, points, partial = spec["answer"], question.points, spec.get("partial", False)
        if isinstance(question, TrueFalse):
            texts, correct, shuffle = ["True", "False"], [0 if answer else 1], False
        else:
            texts, correct, shuffle = list(question.choices), answer, question.shuffle
        idents = [f"C{i + 1}" for i in range(len(texts))]
        keys = [idents[i] for i in correct]
        self.block(self.body, "prompt")
        interaction = ET.SubElement(
            self.body,
            q("choiceInteraction"),
            {
                "responseIdentifier": "RESPONSE",
                "shuffle": "true" if shuffle else "false",
                "maxChoices": "0" if isinstance(question, MultipleChoice) else "1",
            },
        )
        for i, (ident, text) in enumerate(zip(idents, texts)):
            choice = ET.SubElement(interaction, q("simpleChoice"), {"identifier": ident})
            if isinstance(question, TrueFalse):
                choice.text = text
            else:
                self.inline(choice, text, f"choices[{i}]")
        if not isinstance(question, MultipleChoice):
            self.response("RESPONSE", "single", "identifier", keys, {keys[0]: points})
            self.outcomes()
            return self.finish(rp.map_response(), rp.MAP_RESPONSE)
        if partial:  # (right ticks − wrong ticks) ÷ correct choices, never below 0
            share = points / len(keys)
            mapping = {ident: share if ident in keys else -share for ident in idents}
            self.response("RESPONSE", "multiple", "identifier", keys, mapping, bounds=(0, points))
            self.outcomes()
            return self.finish(rp.map_response(), rp.MAP_RESPONSE)
        self.response("RESPONSE", "multiple", "identifier", keys)
        self.outcomes()
        return self.finish(rp.all_or_nothing(points), rp.MATCH_CORRECT if points == 1 else None)

    def text_entry(self, parent: ET.Element, ident: str, unit: str) -> None:
        line = ET.SubElement(parent, q("p"))
        entry = ET.SubElement(line, q("textEntryInteraction"), {"responseIdentifier": ident, "expectedLength": "20"})
        if unit:
            entry.tail = f" {unit}"

    def cloze(self, question: Cloze, spec: dict) -> ET.Element:
        answers, points, partial = spec["blanks"], question.points, spec.get("partial", False)
        html = self.html(markup.block(question.text), question.where("text"))
        marked = cloze.replace(str(html), lambda deletion, i: f'<{_BLANK} data-index="{i}"></{_BLANK}>')

        def blank(tag: str, attrs: dict) -> ET.Element | None:
            if tag != _BLANK:
                return None
            return el(
                "textEntryInteraction",
                {"responseIdentifier": f"RESPONSE_{int(attrs['data-index']) + 1}", "expectedLength": "15"},
            )

        for i, accepted in enumerate(answers, start=1):
            forms = grading.exact_forms(accepted, question.case_sensitive, question.accents)
            self.response(
                f"RESPONSE_{i}",
                "single",
                "string",
                forms[:1],
                {form: 1 for form in forms},
                bounds=(0, 1),
                case_sensitive=question.case_sensitive,
            )
        self.outcomes(("BLANKS",))
        append(self.body, marked, blank)
        return self.finish(
            rp.blanks([self.patterns(question, accepted) for accepted in answers], points, partial), None
        )

    def patterns(self, question: ShortAnswer | Cloze, accepted: list[str]) -> list[str]:
        """The patterns of a text answer's accepted forms (see patterns.py), each once."""
        found = (pattern(text, question.case_sensitive, question.accents) for text in accepted)
        return sorted({p for p in found if p})

    def order(self, question: Order, spec: dict) -> ET.Element:
        points, partial = question.points, spec.get("partial", False)
        idents = [f"I{i + 1}" for i in range(len(question.items))]
        self.response("RESPONSE", "ordered", "identifier", idents)
        self.outcomes(("PAIRS",) if partial else ())
        self.block(self.body, "prompt")
        interaction = ET.SubElement(
            self.body,
            q("orderInteraction"),
            {"responseIdentifier": "RESPONSE", "shuffle": "true" if question.shuffle else "false"},
        )
        # Written scrambled too, so an engine that ignores `shuffle` does not show the answer.
        positions = list(range(len(idents)))
        if question.shuffle:
            positions = shuffled(positions, self.seed, self.bank.id, question.id, "items")
        for i in positions:
            self.inline(
                ET.SubElement(interaction, q("simpleChoice"), {"identifier": idents[i]}),
                question.items[i],
                f"items[{i}]",
            )
        rules = rp.neighbours(idents, points, partial)
        return self.finish(rules, rp.MATCH_CORRECT if not partial and points == 1 else None)

    def match(self, question: Match, spec: dict) -> ET.Element:
        points, partial = question.points, spec.get("partial", False)
        count = len(question.pairs)
        keys = [f"L{i + 1} R{i + 1}" for i in range(count)]
        if partial:  # pairs matched ÷ pairs
            self.response(
                "RESPONSE", "multiple", "directedPair", keys, {k: points / count for k in keys}, bounds=(0, points)
            )
        else:
            self.response("RESPONSE", "multiple", "directedPair", keys)
        self.outcomes()
        self.block(self.body, "prompt")
        interaction = ET.SubElement(
            self.body,
            q("matchInteraction"),
            {
                "responseIdentifier": "RESPONSE",
                "shuffle": "true" if question.shuffle else "false",
                "maxAssociations": str(count),
            },
        )
        for side, prefix in (("left", "L"), ("right", "R")):
            group = ET.SubElement(interaction, q("simpleMatchSet"))
            for i, pair in enumerate(question.pairs):
                choice = ET.SubElement(
                    group, q("simpleAssociableChoice"), {"identifier": f"{prefix}{i + 1}", "matchMax": "1"}
                )
                self.inline(choice, getattr(pair, side), f"pairs[{i}].{side}")
        if partial:
            return self.finish(rp.map_response(), rp.MAP_RESPONSE)
        return self.finish(rp.all_or_nothing(points), rp.MATCH_CORRECT if points == 1 else None)

    TYPES: ClassVar[QuestionTypes[Callable[..., ET.Element]]] = QuestionTypes(
        "qti",
        {
            (SingleChoice, MultipleChoice, TrueFalse): choices,
            ShortAnswer: short,
            Numeric: numeric,
            Cloze: cloze,
            Order: order,
            Match: match,
            Essay: essay,
            Card: Unsupported("left out of the QTI package: a card is graded by the learner, which QTI cannot score"),
        },
    )


def _manifest(bank: Bank, items: list[_Item], images: dict[str, bytes]) -> ET.Element:
    manifest = ET.Element(f"{{{MANIFEST_NAMESPACE}}}manifest", {"identifier": identifier("MANIFEST", bank.id)})
    m = lambda tag: f"{{{MANIFEST_NAMESPACE}}}{tag}"  # noqa: E731
    metadata = ET.SubElement(manifest, m("metadata"))
    ET.SubElement(metadata, m("schema")).text = "QTIv2.1 Package"
    ET.SubElement(metadata, m("schemaversion")).text = "1.0.0"
    ET.SubElement(manifest, m("organizations"))
    resources = ET.SubElement(manifest, m("resources"))
    test = ET.SubElement(
        resources,
        m("resource"),
        {"identifier": identifier("TEST", bank.id), "type": "imsqti_test_xmlv2p1", "href": TEST_FILE},
    )
    ET.SubElement(test, m("file"), {"href": TEST_FILE})
    for item in items:
        ET.SubElement(test, m("dependency"), {"identifierref": item.ident})
    for item in items:
        resource = ET.SubElement(
            resources, m("resource"), {"identifier": item.ident, "type": "imsqti_item_xmlv2p1", "href": item.path}
        )
        for href in [item.path, *item.used_images]:
            ET.SubElement(resource, m("file"), {"href": href})
    return manifest


def _test(bank: Bank, items: list[_Item]) -> ET.Element:
    test = el("assessmentTest", {"identifier": identifier("TEST", bank.id), "title": bank.title})
    for name, default in (("SCORE", 0), ("MAXSCORE", sum(item.q.points for item in items))):
        declaration = ET.SubElement(
            test, q("outcomeDeclaration"), {"identifier": name, "cardinality": "single", "baseType": "float"}
        )
        ET.SubElement(ET.SubElement(declaration, q("defaultValue")), q("value")).text = number(default)
    part = ET.SubElement(
        test, q("testPart"), {"identifier": "part-1", "navigationMode": "nonlinear", "submissionMode": "simultaneous"}
    )
    section = ET.SubElement(
        part, q("assessmentSection"), {"identifier": "section-1", "title": bank.title, "visible": "true"}
    )
    for item in items:
        ET.SubElement(section, q("assessmentItemRef"), {"identifier": item.ident, "href": item.path})
    ET.SubElement(test, q("outcomeProcessing")).append(
        rp.set_outcome("SCORE", el("sum", {}, el("testVariables", {"variableIdentifier": "SCORE"})))
    )
    return test


class QtiFormat(Format):
    name = "qti"
    question_types = _Item.TYPES

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        images = assets.Bundle(bank.folder)
        items: list[_Item] = []
        entries: dict[str, bytes] = {}
        for question in bank.questions:
            make = _Item.TYPES.handler(question, self.notes.note)
            if make is None:
                continue
            item = _Item(question, bank, images, self.options.seed, self.notes)
            entries[item.path] = xml_bytes(item.build(make))
            items.append(item)
        entries[TEST_FILE] = xml_bytes(_test(bank, items))
        entries["imsmanifest.xml"] = xml_bytes(_manifest(bank, items, images.files), MANIFEST_NAMESPACE)
        entries.update(images.files)
        return [write_zip(out_dir / f"{bank.id}-qti.zip", entries)]


FORMAT = QtiFormat
