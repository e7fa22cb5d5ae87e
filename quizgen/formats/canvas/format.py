"""`-f canvas`: `<bank-id>-canvas.zip`, a QTI 1.2 package in the shape Canvas (Classic Quizzes)
exports and imports: `imsmanifest.xml`, the assessment (`<quiz id>/<quiz id>.xml`), its Canvas
settings (`<quiz id>/assessment_meta.xml`) and the images (`images/`, referred to as
`$IMS-CC-FILEBASE$/images/...`, as Canvas's own exports do).

Each item carries the metadata Canvas reads (`question_type`, `points_possible`,
`original_answer_ids`, `assessment_question_identifierref`). Canvas grades by its own rules,
which match the grading model for most types; where they do not (case-sensitive answers, an
all-or-nothing question), or where Canvas has no type (order; cards, which the learner grades),
the build leaves a note and docs/lms.md says so. An essay is Canvas's essay question, graded by
hand, with the model answer as its general feedback; Canvas has no text for the grader alone, so
marking notes stay out (with a note) rather than be shown to students. Built with ElementTree:
bank text is escaped.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable, ClassVar
from urllib.parse import quote

from markupsafe import escape

from quizgen import grading
from quizgen.bank import assets
from quizgen.bank.dispatch import QuestionTypes, Unsupported
from quizgen.bank.model import (
    Bank,
    Card,
    Cloze,
    Essay,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Prompted,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quizgen.formats import BuildError, Format
from quizgen.present import answers, i18n
from quizgen.runtime.output import write_zip
from quizgen.text import cloze, formulas, markup
from quizgen.text.numbers import number_text

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
META_NAMESPACE = "http://canvas.instructure.com/xsd/cccv1p0"
FILEBASE = "$IMS-CC-FILEBASE$"  # Canvas replaces it with the course's files folder on import

QUESTION_TYPES = {
    SingleChoice: "multiple_choice_question",
    TrueFalse: "true_false_question",
    MultipleChoice: "multiple_answers_question",
    ShortAnswer: "short_answer_question",
    Numeric: "numerical_question",
    Cloze: "fill_in_multiple_blanks_question",
    Match: "matching_question",
    Essay: "essay_question",
}


def canvas_id(*names: str) -> str:
    """A stable identifier in Canvas's own style (`g` + 32 hex digits)."""
    return "g" + hashlib.sha256("\x1f".join(("quizgen", *names)).encode("utf-8")).hexdigest()[:32]


def percent(part: float) -> str:
    """A share of the question's score as Canvas writes it (SCORE runs from 0 to 100)."""
    return f"{100 * part:.2f}"


def sub(parent: ET.Element, tag: str, attrs: dict | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def xml_bytes(root: ET.Element, namespace: str) -> bytes:
    root.set("xmlns", namespace)
    ET.indent(root, space="  ")  # Canvas's XML has no mixed content: HTML travels as text
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def equation_image(tex: str, display: bool) -> str:
    """A formula as Canvas's own editor writes one: an image its `/equation_images/` service draws
    from the TeX (URL-quoted twice, as Canvas reads it), the TeX in its alt text and data. Canvas
    keeps no MathML through its HTML cleaning, but typesets these in every quiz."""
    text = escape(tex)
    image = (
        f'<img class="equation_image" title="{text}" src="/equation_images/{quote(quote(tex, safe=""), safe="")}" '
        f'alt="LaTeX: {text}" data-equation-content="{text}">'
    )
    return f'<span style="display: block; text-align: center;">{image}</span>' if display else image


class _Assessment:
    """The bank as one Canvas quiz (a QTI 1.2 `assessment`)."""

    def __init__(self, bank: Bank, notes):
        self.bank = bank
        self.notes = notes
        self.ident = canvas_id(bank.id)
        self.images = assets.Bundle(bank.folder)
        self.root = ET.Element("questestinterop")
        self.assessment = sub(self.root, "assessment", {"ident": self.ident, "title": bank.title})
        metadata = sub(self.assessment, "qtimetadata")
        field = sub(metadata, "qtimetadatafield")
        sub(field, "fieldlabel", text="cc_maxattempts")
        sub(field, "fieldentry", text="1")
        self.section = sub(self.assessment, "section", {"ident": "root_section"})
        self.points = 0.0

    # -- text -------------------------------------------------------------------------------

    def html(self, rendered: str, where) -> str:
        if "<img" in rendered:

            def package_path(src: str) -> str:
                try:
                    return f"{FILEBASE}/{quote(self.images.add(src), safe='/')}"
                except assets.AssetError as problem:
                    raise BuildError(where, f"image '{src}' {problem}") from problem

            rendered = markup.map_image_sources(rendered, package_path)
        return formulas.replace(str(rendered), equation_image)

    def material(self, parent: ET.Element, html: str, kind: str = "text/html") -> None:
        sub(sub(parent, "material"), "mattext", {"texttype": kind}, html)

    # -- items ------------------------------------------------------------------------------

    def add(self, question: Question) -> None:
        body = self.TYPES.handler(question, self.notes.note)
        if body is None:
            return
        kind = QUESTION_TYPES[type(question)]
        self._warn_about_grading(question)
        ident = canvas_id(self.bank.id, question.id)
        item = sub(self.section, "item", {"ident": ident, "title": answers.title(question)})
        metadata = sub(sub(item, "itemmetadata"), "qtimetadata")
        presentation = sub(item, "presentation")
        processing = ET.Element("resprocessing")
        outcomes = sub(processing, "outcomes")
        sub(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
        general = self._general_feedback(question)
        if general:  # Canvas's general feedback, shown whatever the answer
            shown = sub(processing, "respcondition", {"continue": "Yes"})
            sub(sub(shown, "conditionvar"), "other")
            sub(shown, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
        answer_ids = body(self, question, ident, presentation, processing)
        item.append(processing)
        if general:
            self.material(sub(sub(item, "itemfeedback", {"ident": "general_fb"}), "flow_mat"), general)
        for label, entry in (
            ("question_type", kind),
            ("points_possible", number_text(question.points)),
            ("original_answer_ids", ",".join(answer_ids)),
            ("assessment_question_identifierref", canvas_id(self.bank.id, question.id, "bank")),
        ):
            field = sub(metadata, "qtimetadatafield")
            sub(field, "fieldlabel", text=label)
            sub(field, "fieldentry", text=entry)
        self.points += question.points

    def _general_feedback(self, q: Question) -> str:
        """The explanation; for an essay, the model answer and the explanation under their headings."""
        if not isinstance(q, Essay):
            return self.html(markup.block(q.explanation), q.where("explanation")) if q.explanation else ""
        parts = answers.essay_texts(q, i18n.translations(self.bank), for_marker=False)
        return "\n".join(
            answers.heading_html(heading) + "\n" + self.html(markup.block(getattr(q, field)), q.where(field))
            for field, heading in parts
        )

    def _warn_about_grading(self, q: Question) -> None:
        if getattr(q, "case_sensitive", False):
            self.notes.note(
                q.where("case_sensitive"),
                "Canvas compares text answers ignoring case: case_sensitive is not carried to Canvas",
            )
        if isinstance(q, (MultipleChoice, Cloze, Match)) and not q.partial_credit:
            self.notes.note(
                q.where("partial_credit"),
                "Canvas always gives partial credit for this question type: partial_credit: false is not carried",
            )

    def _prompt(self, q: Prompted, presentation: ET.Element) -> None:
        self.material(presentation, self.html(markup.block(q.prompt), q.where("prompt")))

    def _scored(self, processing: ET.Element, test: ET.Element, score: str, action: str = "Set") -> None:
        condition = sub(processing, "respcondition", {"continue": "No" if action == "Set" else "Yes"})
        sub(condition, "conditionvar").append(test)
        sub(condition, "setvar", {"action": action, "varname": "SCORE"}, score)

    # -- each question type: its presentation and scoring; the ids of its answers -----------

    def _choices(
        self, q: SingleChoice | MultipleChoice | TrueFalse, ident: str, presentation: ET.Element, processing: ET.Element
    ) -> list[str]:
        if isinstance(q, TrueFalse):
            texts, correct = ["True", "False"], {0 if q.answer else 1}
            shown: list[str] = [markup.inline(text) for text in texts]
        else:
            texts = list(q.choices)
            correct = {texts.index(a) for a in q.correct}
            shown = [self.html(markup.inline(t), q.where(f"choices[{i}]")) for i, t in enumerate(texts)]
        ids = [f"{ident}_{i + 1}" for i in range(len(texts))]
        self._prompt(q, presentation)
        response = sub(
            presentation,
            "response_lid",
            {"ident": "response1", "rcardinality": "Multiple" if isinstance(q, MultipleChoice) else "Single"},
        )
        choices = sub(response, "render_choice", {"shuffle": "Yes" if getattr(q, "shuffle", False) else "No"})
        for answer_id, html in zip(ids, shown):
            self.material(sub(choices, "response_label", {"ident": answer_id}), str(html))
        if isinstance(q, MultipleChoice):  # Canvas's own export: every right one ticked, no wrong one
            test = ET.Element("and")
            for i, answer_id in enumerate(ids):
                equal = ET.Element("varequal", {"respident": "response1"})
                equal.text = answer_id
                (test if i in correct else sub(test, "not")).append(equal)
        else:
            test = ET.Element("varequal", {"respident": "response1"})
            test.text = ids[min(correct)]
        self._scored(processing, test, "100")
        return ids

    def _short(self, q: ShortAnswer, ident: str, presentation: ET.Element, processing: ET.Element) -> list[str]:
        self._prompt(q, presentation)
        response = sub(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
        sub(sub(response, "render_fib"), "response_label", {"ident": "answer1", "rshuffle": "No"})
        forms = grading.exact_forms(grading.spec(q, self.bank)["accepted"], q.case_sensitive, q.accents)
        condition = sub(processing, "respcondition", {"continue": "No"})
        tests = sub(condition, "conditionvar")
        for form in forms:
            sub(tests, "varequal", {"respident": "response1"}, form)
        sub(condition, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
        return [f"{ident}_{i + 1}" for i in range(len(forms))]

    def _essay(self, q: Essay, ident: str, presentation: ET.Element, processing: ET.Element) -> list[str]:
        """A text box and no score: Canvas's own export of an essay (a condition that sets
        nothing), so it waits for the teacher's mark."""
        if q.notes:
            self.notes.note(
                q.where("notes"),
                "Canvas has no text for the grader alone: the marking "
                "notes are left out of the Canvas package (the answer "
                "key and -f moodle carry them)",
            )
        self._prompt(q, presentation)
        response = sub(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
        sub(sub(response, "render_fib"), "response_label", {"ident": "answer1", "rshuffle": "No"})
        sub(sub(sub(processing, "respcondition", {"continue": "No"}), "conditionvar"), "other")
        return []

    def _numeric(self, q: Numeric, ident: str, presentation: ET.Element, processing: ET.Element) -> list[str]:
        if q.unit:
            self.notes.note(
                q.where("unit"),
                f"Canvas takes the number alone: an answer typed with its unit ('{q.unit}') is marked wrong there",
            )
        self._prompt(q, presentation)
        response = sub(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
        sub(sub(response, "render_fib", {"fibtype": "Decimal"}), "response_label", {"ident": "answer1"})
        spec = grading.spec(q, self.bank)
        low, high = spec["low"], spec["high"]
        condition = sub(processing, "respcondition", {"continue": "No"})
        tests = sub(condition, "conditionvar")
        if q.range is None:  # an exact answer with a margin, as Canvas exports it
            assert q.answer is not None  # validation requires an answer where there is no range
            either = sub(tests, "or")
            sub(either, "varequal", {"respident": "response1"}, number_text(q.answer))
            tests = sub(either, "and")
        sub(tests, "vargte", {"respident": "response1"}, number_text(low))
        sub(tests, "varlte", {"respident": "response1"}, number_text(high))
        sub(condition, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
        return [f"{ident}_1"]

    def _cloze(self, q: Cloze, ident: str, presentation: ET.Element, processing: ET.Element) -> list[str]:
        blanks = grading.spec(q, self.bank)["blanks"]
        # Canvas turns every [name] of the text into a blank: a bracket of the bank's own text is
        # written as an entity, which Canvas leaves alone and a browser shows as "[".
        html = self.html(markup.block(q.text), q.where("text")).replace("[", "&#91;")
        self.material(presentation, cloze.replace(html, lambda deletion, i: f"[blank{i + 1}]"))
        ids = []
        for number, accepted in enumerate(blanks, start=1):
            response = sub(presentation, "response_lid", {"ident": f"response_blank{number}"})
            self.material(response, f"blank{number}", "text/plain")
            choices = sub(response, "render_choice")
            forms = grading.exact_forms(accepted, q.case_sensitive, q.accents)
            test = ET.Element("or")
            for i, form in enumerate(forms):
                answer_id = f"{ident}_{number}_{i + 1}"
                ids.append(answer_id)
                self.material(sub(choices, "response_label", {"ident": answer_id}), form, "text/plain")
                sub(test, "varequal", {"respident": f"response_blank{number}"}, answer_id)
            self._scored(processing, test, percent(1 / len(blanks)), "Add")
        return ids

    def _match(self, q: Match, ident: str, presentation: ET.Element, processing: ET.Element) -> list[str]:
        self._prompt(q, presentation)
        rights = [f"{ident}_r{i + 1}" for i in range(len(q.pairs))]
        lefts = [f"{ident}_{i + 1}" for i in range(len(q.pairs))]
        for i, pair in enumerate(q.pairs):  # Canvas shows both sides as plain text
            response = sub(presentation, "response_lid", {"ident": f"response_{lefts[i]}"})
            self.material(response, markup.plain(pair.left), "text/plain")
            choices = sub(response, "render_choice")
            for right_id, other in zip(rights, q.pairs):
                self.material(
                    sub(choices, "response_label", {"ident": right_id}), markup.plain(other.right), "text/plain"
                )
            test = ET.Element("varequal", {"respident": f"response_{lefts[i]}"})
            test.text = rights[i]
            self._scored(processing, test, percent(1 / len(q.pairs)), "Add")
        return lefts

    TYPES: ClassVar[QuestionTypes[Callable[..., list[str]]]] = QuestionTypes(
        "canvas",
        {
            (SingleChoice, MultipleChoice, TrueFalse): _choices,
            ShortAnswer: _short,
            Numeric: _numeric,
            Cloze: _cloze,
            Match: _match,
            Essay: _essay,
            Order: Unsupported("left out of the Canvas package: Canvas Classic Quizzes have no ordering question"),
            Card: Unsupported(
                "left out of the Canvas package: a card is graded by the learner, which a Canvas quiz cannot do"
            ),
        },
    )


def _meta(bank: Bank, ident: str, points: float) -> ET.Element:
    """assessment_meta.xml: the quiz's title, description and settings as Canvas stores them."""
    quiz = ET.Element("quiz", {"identifier": ident})
    for tag, text in (
        ("title", bank.title),
        ("description", str(markup.block(bank.description)) if bank.description else ""),
        ("shuffle_answers", "true"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", number_text(points)),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ):
        sub(quiz, tag, text=text)
    return quiz


def _manifest(bank: Bank, ident: str, images: dict[str, bytes]) -> ET.Element:
    manifest = ET.Element("manifest", {"identifier": canvas_id(bank.id, "manifest")})
    metadata = sub(manifest, "metadata")
    sub(metadata, "schema", text="IMS Content")
    sub(metadata, "schemaversion", text="1.1.3")
    sub(manifest, "organizations")
    resources = sub(manifest, "resources")
    meta_id = canvas_id(bank.id, "meta")
    quiz = sub(resources, "resource", {"identifier": ident, "type": "imsqti_xmlv1p2"})
    sub(quiz, "file", {"href": f"{ident}/{ident}.xml"})
    sub(quiz, "dependency", {"identifierref": meta_id})
    meta = sub(
        resources,
        "resource",
        {
            "identifier": meta_id,
            "href": f"{ident}/assessment_meta.xml",
            "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
        },
    )
    sub(meta, "file", {"href": f"{ident}/assessment_meta.xml"})
    for name in sorted(images):
        image = sub(
            resources, "resource", {"identifier": canvas_id(bank.id, "file", name), "type": "webcontent", "href": name}
        )
        sub(image, "file", {"href": name})
    return manifest


class CanvasFormat(Format):
    name = "canvas"
    question_types = _Assessment.TYPES

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        quiz = _Assessment(bank, self.notes)
        for question in bank.questions:
            quiz.add(question)
        entries: dict[str, bytes] = {
            f"{quiz.ident}/{quiz.ident}.xml": xml_bytes(quiz.root, QTI_NAMESPACE),
            f"{quiz.ident}/assessment_meta.xml": xml_bytes(_meta(bank, quiz.ident, quiz.points), META_NAMESPACE),
            "imsmanifest.xml": xml_bytes(_manifest(bank, quiz.ident, quiz.images.files), MANIFEST_NAMESPACE),
            **quiz.images.files,
        }
        return [write_zip(out_dir / f"{bank.id}-canvas.zip", entries)]


FORMAT = CanvasFormat
