"""`-f moodle`: every question of a bank as Moodle XML, for Moodle's Question bank > Import.

Each question type becomes the Moodle type that grades it like the grading model
(docs/grading.md) as far as Moodle can; where it cannot, the build leaves a located note, and
docs/lms.md lists them all. Text is the same sanitised HTML as every other output; images travel
inside the file as base64 `<file>` elements that the HTML refers to as `@@PLUGINFILE@@/<name>`.
The XML is written by a Jinja2 template (templates/moodle/quiz.xml) with autoescaping on, and
every text as Moodle's own exporter writes it (`cdata_html`, `cdata_text`): see `_cdata`.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from pathlib import Path
from typing import Callable, ClassVar
from urllib.parse import unquote

from markupsafe import Markup, escape

from quizgen import grading
from quizgen.bank.diagnostics import Location
from quizgen.bank.dispatch import QuestionTypes
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
from quizgen.formats import Format, read_image
from quizgen.formats.moodle import embedded
from quizgen.grading import moodle as moodle_grading
from quizgen.present import answers, i18n
from quizgen.present.templating import environment
from quizgen.runtime.output import write_atomic
from quizgen.text import cloze, formulas, markup
from quizgen.text.numbers import number_text

TEMPLATE = "quiz.xml"
# The answer box heights Moodle's essay form offers (qtype_essay::response_sizes): a bank's
# `lines` becomes the smallest at least as high, or the highest.
BOX_LINES = tuple(range(5, 41, 5))


class _Questions:
    """Turns one bank's questions into the values quiz.xml needs. One instance per build."""

    def __init__(self, bank: Bank, note):
        self.bank = bank
        self.note = note  # note(location, message): tell the author what Moodle cannot hold
        self._files: dict[str, tuple[str, str]] = {}  # image source -> (file name, base64)

    # -- text ---------------------------------------------------------------------------------

    def _file(self, src: str, where: Location) -> tuple[str, str]:
        if src not in self._files:
            data = read_image(self.bank, src, where).data
            # Named by content: two images called a.png in different folders stay apart, and the
            # name needs no escaping in a URL.
            extension = posixpath.splitext(unquote(src))[1].lower()
            name = hashlib.sha256(data).hexdigest()[:16] + extension
            self._files[src] = (name, base64.b64encode(data).decode("ascii"))
        return self._files[src]

    def text(self, html: str, where: Location) -> dict:
        """An HTML text and the files its images need, as one Moodle text element holds them."""
        files: dict[str, str] = {}

        def plugin_file(src: str) -> str:
            name, data = self._file(src, where)
            files[name] = data
            return f"@@PLUGINFILE@@/{name}"

        if "<img" in html:
            html = markup.map_image_sources(html, plugin_file)
        # Moodle's HTML cleaning drops MathML; its MathJax filter (on by default) typesets TeX.
        return {"html": formulas.as_mathjax(str(html)), "files": sorted(files.items())}

    def block(self, q: Question, field: str, text: str) -> dict:
        return self.text(markup.block(text), q.where(field))

    def inline(self, q: Question, field: str, text: str) -> dict:
        return self.text(markup.inline(text), q.where(field))

    @staticmethod
    def joined(*texts: dict) -> dict:
        """Texts one after the other, as one Moodle text element with all their files."""
        return {
            "html": "\n".join(t["html"] for t in texts),
            "files": sorted(dict(f for t in texts for f in t["files"]).items()),
        }

    # -- questions ----------------------------------------------------------------------------

    def view(self, q: Question) -> dict:
        spec = grading.spec(q, self.bank)
        view = {
            "id": q.id,
            "name": q.id,
            "grade": moodle_grading.decimal_text(q.points),
            "tags": list(q.tags),
            "feedback": self.block(q, "explanation", q.explanation),
        }
        view.update(self.TYPES.handler(q)(self, q, spec))
        return view

    def truefalse(self, q: TrueFalse, spec: dict) -> dict:
        return {
            "qtype": "truefalse",
            "text": self.block(q, "prompt", q.prompt),
            "answers": [
                {"fraction": "100" if q.answer else "0", "text": "true"},
                {"fraction": "0" if q.answer else "100", "text": "false"},
            ],
        }

    def short(self, q: ShortAnswer, spec: dict) -> dict:
        answers, notes = moodle_grading.short_answers(spec["accepted"], spec["accents"])
        self._notes(q, notes, "accents")
        return {
            "qtype": "shortanswer",
            "text": self.block(q, "prompt", q.prompt),
            "usecase": int(q.case_sensitive),
            "answers": [{"fraction": "100", "text": a} for a in answers],
        }

    def match(self, q: Match, spec: dict) -> dict:
        view = {
            "qtype": "matching",
            "text": self.block(q, "prompt", q.prompt),
            "shuffle": q.shuffle,
            "pairs": [
                {
                    "left": self.inline(q, f"pairs[{i}].left", pair.left),
                    # Moodle shows the right-hand sides in a menu: plain text.
                    "right": markup.plain(pair.right),
                }
                for i, pair in enumerate(q.pairs)
            ],
        }
        if not q.partial_credit:
            self.note(q.where("partial_credit"), moodle_grading.MATCH_ALL_OR_NOTHING)
        return view

    def order(self, q: Order, spec: dict) -> dict:
        view = {
            "qtype": "ordering",
            "text": self.block(q, "prompt", q.prompt),
            # Neighbouring pairs kept / (items - 1) is qtype_ordering's "relative to
            # the next item, last one excluded".
            "gradingtype": "RELATIVE_NEXT_EXCLUDE_LAST" if q.partial_credit else "ALL_OR_NOTHING",
            "order_items": [self.inline(q, f"items[{i}]", item) for i, item in enumerate(q.items)],
        }
        if not q.shuffle:
            self.note(
                q.where("shuffle"), "Moodle always shuffles an ordering question's items: shuffle: false is not carried"
            )
        return view

    def card(self, q: Card, spec: dict) -> dict:
        back = self.block(q, "back", q.back)
        if q.explanation:
            back = self.joined(back, self.block(q, "explanation", q.explanation))
        self.note(
            q.where(),
            "a card becomes a Moodle 'description' (its front, with its back as "
            "general feedback): Moodle has no self-graded cards, so it earns no marks",
        )
        return {"qtype": "description", "text": self.block(q, "front", q.front), "feedback": back, "grade": "0"}

    def _notes(self, q: Question, notes: list[str], field: str = "") -> None:
        for message in notes:
            self.note(q.where(field), message)

    def essay(self, q: Essay, spec: dict) -> dict:
        """A manually graded essay: the learner sees the model answer (and explanation) as general
        feedback after the attempt; the marker sees it, with the marking notes, as the
        information for graders beside each response."""
        words = i18n.translations(self.bank)

        def shown(for_marker: bool) -> dict:
            return self.joined(
                *[
                    part
                    for field, heading in answers.essay_texts(q, words, for_marker)
                    for part in (
                        {"html": answers.heading_html(heading), "files": []},
                        self.block(q, field, getattr(q, field)),
                    )
                ]
            )

        lines = q.lines or DEFAULT_LINES["essay"]
        return {
            "qtype": "essay",
            "text": self.block(q, "prompt", q.prompt),
            "feedback": shown(False),
            "graderinfo": shown(True),
            "lines": next((n for n in BOX_LINES if n >= lines), BOX_LINES[-1]),
        }

    def choices(self, q: SingleChoice | MultipleChoice, spec: dict) -> dict:
        correct = set(spec["answer"])
        if isinstance(q, SingleChoice):
            right, wrong = 100.0, 0.0
        else:
            fractions = moodle_grading.choice_fractions(len(correct), q.partial_credit)
            right, wrong = fractions.correct, fractions.wrong
            if not q.partial_credit:
                self.note(q.where("partial_credit"), moodle_grading.MULTIPLE_ALL_OR_NOTHING)
        return {
            "qtype": "multichoice",
            "single": isinstance(q, SingleChoice),
            "shuffle": q.shuffle,
            "text": self.block(q, "prompt", q.prompt),
            "answers": [
                {
                    "fraction": moodle_grading.percent_text(right if i in correct else wrong),
                    "content": self.inline(q, f"choices[{i}]", choice),
                }
                for i, choice in enumerate(q.choices)
            ],
        }

    def numerical(self, q: Numeric, spec: dict) -> dict:
        low, high = spec["low"], spec["high"]
        # Moodle keeps an answer and a tolerance: a range is its midpoint give or take half its width.
        if q.range is None:
            assert q.answer is not None  # validation requires an answer where there is no range
            middle, tolerance = q.answer, q.tolerance
        else:
            middle, tolerance = (low + high) / 2, (high - low) / 2
        units, notes = moodle_grading.unit_names(q.unit, spec)
        self._notes(q, notes, "unit")
        self._notes(q, moodle_grading.number_notes(spec, q.unit), "answer" if q.range is None else "range")
        return {
            "qtype": "numerical",
            "text": self.block(q, "prompt", q.prompt),
            "units": units,
            "answer": moodle_grading.decimal_text(middle),
            "tolerance": moodle_grading.decimal_text(tolerance),
        }

    def cloze(self, q: Cloze, spec: dict) -> dict:
        shown: list[str] = []

        def blank(deletion: cloze.Deletion, index: int) -> str:
            answers, _ = moodle_grading.short_answers(spec["blanks"][index], q.accents)
            hint = markup.text_of(deletion.hint)
            shown.append(
                embedded.shortanswer(answers, q.case_sensitive)
                + (embedded.plain_braces(str(escape(f" ({hint})"))) if hint else "")
            )
            return f"\x00{index}\x00"  # a stand-in while the text around the blanks is escaped

        # Formulas become TeX before braces are escaped, so no `{` of theirs can open a blank.
        text = embedded.plain_braces(formulas.as_mathjax(cloze.replace(str(markup.block(q.text)), blank)))
        text = re.sub("\x00([0-9]+)\x00", lambda m: shown[int(m[1])], text)
        count = len(spec["blanks"])
        if q.accents == "ignore":
            self.note(q.where("accents"), moodle_grading.CLOZE_ACCENTS)
        if not q.partial_credit and count > 1:
            self.note(
                q.where("partial_credit"),
                "Moodle's embedded answers always give a share for "
                "each blank filled right: partial_credit: false is not carried",
            )
        if count != q.points:
            self.note(
                q.where(),
                f"Moodle gives an embedded-answers question one mark per blank: its "
                f"default mark is {count}, not its points ({number_text(q.points)}); set the mark "
                "in the quiz",
            )
        return {"qtype": "cloze", "text": self.text(text, q.where("text"))}

    TYPES: ClassVar[QuestionTypes[Callable[..., dict]]] = QuestionTypes(
        "moodle",
        {
            (SingleChoice, MultipleChoice): choices,
            TrueFalse: truefalse,
            ShortAnswer: short,
            Numeric: numerical,
            Cloze: cloze,
            Match: match,
            Order: order,
            Essay: essay,
            Card: card,
        },
    )


def _cdata(text: str) -> Markup:
    """A text as a CDATA section, as Moodle's exporter writes one (qformat_xml::xml_escape): a
    `]]>` inside is split between two sections.

    Moodle's XML reader (lib/xmlize.php) drops every piece of character data that is only white
    space, and the XML parser hands it the text between two character references, and each line
    break, as pieces of their own: escaped, `**Muse** *Spark*` (`&lt;/strong&gt; &lt;em&gt;`)
    came in as "MuseSpark", and the short answer `'a' 'b'` as `'a''b'`. In a CDATA section no
    reference splits the text; the callers leave no line break in it either."""
    if not text:
        return Markup("")
    return Markup("<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>")


def cdata_html(html: str) -> Markup:
    """HTML for a Moodle text: each line break as `&#10;`, the same character to the HTML but no
    piece of its own to the XML parser (expat, which PHP may use, splits at every line break,
    CDATA or not, and xmlize would drop it: the two lines of a paragraph or of a code block
    would run together)."""
    return _cdata(str(html).replace("\r\n", "\n").replace("\n", "&#10;"))


def cdata_text(text: str) -> Markup:
    """Plain text for a Moodle text (names, answers, menu entries, tags): a line break is a space."""
    return _cdata(re.sub(r"\r\n?|\n", " ", str(text)))


def _category(bank: Bank, q: Question, per_tag: bool) -> str:
    if per_tag and q.tags:
        return moodle_grading.category_path(bank.title, q.tags[0])
    return moodle_grading.category_path(bank.title)


def render(bank: Bank, note, templates: Path | None = None, tag_categories: bool = False) -> str:
    questions = _Questions(bank, note)
    entries: list[dict] = []
    current = None
    for q in bank.questions:
        category = _category(bank, q, tag_categories)
        if category != current:  # a category entry applies to the questions after it
            entries.append({"category": category})
            current = category
        entries.append({"question": questions.view(q)})
    info = markup.text_of(markup.block(bank.description)) if bank.description else ""
    env = environment("moodle", templates)
    env.filters.update(cdata_html=cdata_html, cdata_text=cdata_text)
    return env.get_template(TEMPLATE).render(entries=entries, info=info)


class MoodleFormat(Format):
    name = "moodle"
    question_types = _Questions.TYPES

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        text = render(bank, self.notes.note, self.options.templates, self.options.tag_categories)
        return [write_atomic(out_dir / f"{bank.id}-moodle.xml", text)]


FORMAT = MoodleFormat
