"""`-f gift`: the bank in GIFT (`<bank-id>.gift`), the text format Moodle imports.

GIFT's rules, as Moodle's importer (qformat_gift) applies them, decide how text is written:
- `~ = # { } :` are escaped with a backslash, and so is the backslash itself;
- each question stands on one line: a blank line ends a question and a line starting with `//`
  is a comment, so line breaks in the HTML become spaces (inside `<pre>`, `&#10;`);
- text is the same sanitised HTML as every other output, marked `[html]`: Moodle renders its own
  Markdown dialect (`[markdown]`) differently, and unsanitised;
- an answer that starts with `[` or `%` would be read as a format marker or a weight, so HTML
  answers begin with a character reference instead, and short answers carry an explicit
  `%100%` weight.
An essay is a question whose braces hold only general feedback (`{####model answer}`), which
Moodle imports as an essay graded by hand. What GIFT cannot hold (order questions, cards, images,
points, marking notes, a second blank) is reported as a located note; a cloze with several blanks
becomes one question per blank, the others shown.
There is no template: GIFT is not markup, and its escaping must be done here, in one place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, ClassVar

from quizgen import grading
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
from quizgen.formats import Format
from quizgen.grading import moodle as moodle_grading
from quizgen.present import i18n
from quizgen.present.answers import essay_texts, heading_html
from quizgen.runtime.output import write_atomic
from quizgen.text import cloze, formulas, markup
from quizgen.text.numbers import number_text

_SPECIAL = re.compile(r"([~=#{}:\\])")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)
_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')
_FORMAT_MARKER = re.compile(r"\[(html|moodle|plain|markdown)\]")


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, so Moodle reads back exactly `text`."""
    return _SPECIAL.sub(r"\\\1", text)


def one_line(html: str) -> str:
    """HTML on one line: a line break is white space in HTML, except inside <pre>."""
    parts = _PRE.split(html)
    return "".join(part.replace("\n", "&#10;") if i % 2 else part.replace("\n", " ") for i, part in enumerate(parts))


def _alt(img: str) -> str:
    """An `<img>` tag's description (alt text), or "image" when it has none."""
    alt = _ALT.search(img)
    return alt[1] if alt else "image"


class _Writer:
    """Turns one bank's questions into GIFT. One instance per build."""

    def __init__(self, bank: Bank, note):
        self.bank = bank
        self.note = note

    # -- text ---------------------------------------------------------------------------------

    def html(self, q: Question, field: str, rendered: str) -> str:
        if "<img" in rendered:
            self.note(
                q.where(field),
                "GIFT cannot carry images: each image is replaced by its description (alt text) in brackets",
            )
            rendered = _IMAGE.sub(lambda m: f"[{_alt(m[0])}]", rendered)
        # Moodle's HTML cleaning drops MathML; its MathJax filter (on by default) typesets TeX.
        return escape(one_line(formulas.as_mathjax(rendered)))

    def block(self, q: Question, field: str, text: str) -> str:
        return self.html(q, field, str(markup.block(text)))

    def answer(self, q: Question, field: str, text: str) -> str:
        """An inline HTML answer; a leading `[` or `%` written as a character reference."""
        rendered = str(markup.inline(text))
        if rendered[:1] in ("[", "%"):
            rendered = f"&#{ord(rendered[0])};{rendered[1:]}"
        return self.html(q, field, rendered)

    def typed_answers(self, q: Question, answers: list[str], sources: list[tuple[str, str]]) -> str | None:
        """`=%100%answer ...` for the accepted `answers` GIFT can hold, or None when it can hold
        none of them. `sources` are the (field, text) the answers come from, to place the notes."""
        for field, text in sources:
            if _FORMAT_MARKER.match(text.strip()):
                self.note(
                    q.where(field),
                    f"Moodle reads the start of the answer {text.strip()!r} as "
                    "a format marker and drops it: GIFT cannot escape it",
                )
            if "->" in text:
                # Moodle takes braces holding both '=' and '->' for a matching question, and '->'
                # has no escape.
                self.note(
                    q.where(field),
                    f"GIFT cannot hold the answer {text.strip()!r}: Moodle would "
                    "read '->' in it as a matching pair; it is left out",
                )
        kept = [a for a in answers if "->" not in a]
        if not kept:
            self.note(q.where(), "GIFT can hold none of this question's answers: it is left out")
            return None
        return " ".join(f"=%100%{escape(a)}" for a in kept)

    # -- questions ----------------------------------------------------------------------------

    def question(self, q: Question) -> list[str]:
        """The GIFT lines of one question (none when GIFT cannot hold it)."""
        write = self.TYPES.handler(q, self.note)
        if write is None:
            return []
        if getattr(q, "shuffle", True) is False:
            self.note(
                q.where("shuffle"),
                "GIFT cannot turn shuffling off: Moodle shuffles the "
                "choices by default (its question settings can change it)",
            )
        if q.points != 1:
            self.note(
                q.where("points"),
                f"GIFT has no points: Moodle gives the question its default mark (1), not {number_text(q.points)}",
            )
        return write(self, q)

    def lines(self, q: Prompted, body: str | None) -> list[str]:
        """A question whose answers `body` holds, after its prompt (none when body is None)."""
        if body is None:
            return []
        feedback = f"####{self.block(q, 'explanation', q.explanation)}" if q.explanation else ""
        prompt = self.block(q, "prompt", q.prompt)
        return [f"// {q.id} ({q.type})", f"::{escape(q.id)}::[html]{prompt}{{{body}{feedback}}}"]

    def truefalse(self, q: TrueFalse) -> list[str]:
        return self.lines(q, "TRUE" if q.answer else "FALSE")

    def short(self, q: ShortAnswer) -> list[str]:
        spec = grading.spec(q, self.bank)
        answers, notes = moodle_grading.short_answers(spec["accepted"], spec["accents"])
        for message in notes:
            self.note(q.where("accents"), message)
        if q.case_sensitive:
            self.note(
                q.where("case_sensitive"), "GIFT cannot make a short answer case-sensitive: Moodle will ignore case"
            )
        return self.lines(q, self.typed_answers(q, answers, [(f"answer[{i}]", a) for i, a in enumerate(q.answer)]))

    def match(self, q: Match) -> list[str]:
        if not q.partial_credit:
            self.note(q.where("partial_credit"), moodle_grading.MATCH_ALL_OR_NOTHING)
        return self.lines(
            q,
            " ".join(
                f"={self.answer(q, f'pairs[{i}].left', pair.left)} -> {escape(markup.plain(pair.right))}"
                for i, pair in enumerate(q.pairs)
            ),
        )

    def essay(self, q: Essay) -> list[str]:
        """`{####...}`: braces with nothing but general feedback make Moodle's importer create an
        essay (graded by hand); the feedback, shown to the learner after the attempt, is the
        model answer (and the explanation), each under its heading."""
        if q.notes:
            self.note(
                q.where("notes"),
                "GIFT has no place for marking notes (Moodle's information "
                "for graders): they are left out (-f moodle carries them)",
            )
        parts = essay_texts(q, i18n.translations(self.bank), for_marker=False)
        feedback = " ".join(
            self.html(q, field, heading_html(heading)) + " " + self.block(q, field, getattr(q, field))
            for field, heading in parts
        )
        return [f"// {q.id} (essay)", f"::{escape(q.id)}::[html]{self.block(q, 'prompt', q.prompt)}{{####{feedback}}}"]

    def choices(self, q: SingleChoice | MultipleChoice) -> list[str]:
        correct = set(grading.spec(q, self.bank)["answer"])
        if isinstance(q, SingleChoice):
            marks = ["=" if i in correct else "~" for i in range(len(q.choices))]
        else:
            fractions = moodle_grading.choice_fractions(len(correct), q.partial_credit)
            weight = {
                True: moodle_grading.percent_text(fractions.correct),
                False: moodle_grading.percent_text(fractions.wrong),
            }
            marks = [f"~%{weight[i in correct]}%" for i in range(len(q.choices))]
            if not q.partial_credit:
                self.note(q.where("partial_credit"), moodle_grading.MULTIPLE_ALL_OR_NOTHING)
        return self.lines(
            q,
            " ".join(
                f"{mark}{self.answer(q, f'choices[{i}]', choice)}"
                for i, (mark, choice) in enumerate(zip(marks, q.choices))
            ),
        )

    def numeric(self, q: Numeric) -> list[str]:
        if q.unit:
            self.note(q.where("unit"), f"GIFT has no units: Moodle expects the number alone, without '{q.unit}'")
        text, spec = moodle_grading.decimal_text, grading.spec(q, self.bank)
        if q.range is not None:
            return self.lines(q, f"#{text(spec['low'])}..{text(spec['high'])}")
        assert q.answer is not None  # validation requires an answer where there is no range
        if q.tolerance:
            return self.lines(q, f"#{text(q.answer)}:{text(q.tolerance)}")
        return self.lines(q, f"#{text(q.answer)}")

    def cloze(self, q: Cloze) -> list[str]:
        """One GIFT question per blank (missing-word format), the other blanks shown filled in
        (as Anki shows a cloze card's other deletions)."""
        feedback = f"####{self.block(q, 'explanation', q.explanation)}" if q.explanation else ""
        spec = grading.spec(q, self.bank)
        count = len(spec["blanks"])
        if count > 1:
            self.note(
                q.where(),
                f"GIFT holds one blank per question: this cloze becomes {count} "
                "questions, one per blank, each showing the other blanks' answers",
            )
        if q.case_sensitive:
            self.note(
                q.where("case_sensitive"), "GIFT cannot make a short answer case-sensitive: Moodle will ignore case"
            )
        if q.accents == "ignore":
            self.note(q.where("accents"), moodle_grading.CLOZE_ACCENTS)
        rendered = str(markup.block(q.text))
        lines = []
        for asked in range(count):
            marker = "\x00"  # where the asked blank goes, while the text around it is escaped

            def blank(deletion: cloze.Deletion, index: int) -> str:
                return marker if index == asked else deletion.answer  # noqa: B023 - called in this iteration only

            text = self.html(q, "text", cloze.replace(rendered, blank))
            answers, _ = moodle_grading.short_answers(spec["blanks"][asked], q.accents)
            hint = markup.text_of(cloze.deletions(rendered)[asked].hint)
            body = self.typed_answers(q, answers, [("text", a) for a in spec["blanks"][asked]])
            if body is None:
                continue
            shown = escape(f" ({hint})") if hint else ""
            title = q.id if count == 1 else f"{q.id} (blank {asked + 1} of {count})"
            lines += [
                f"// {q.id} (cloze)",
                f"::{escape(title)}::[html]" + text.replace(marker, f"{{{body}{feedback}}}{shown}"),
            ]
        return lines

    TYPES: ClassVar[QuestionTypes[Callable[..., list[str]]]] = QuestionTypes(
        "gift",
        {
            (SingleChoice, MultipleChoice): choices,
            TrueFalse: truefalse,
            ShortAnswer: short,
            Numeric: numeric,
            Cloze: cloze,
            Match: match,
            Essay: essay,
            Order: Unsupported("GIFT has no ordering question: this question is left out (-f moodle carries it)"),
            Card: Unsupported(
                "GIFT has no self-graded cards: this card is left out (-f moodle carries it as a description)"
            ),
        },
    )


def render(bank: Bank, note, tag_categories: bool = False) -> str:
    said: set = set()

    def once(location, message: str) -> None:  # a split cloze would say the same thing per part
        if (location, message) not in said:
            said.add((location, message))
            note(location, message)

    writer = _Writer(bank, once)
    title = " ".join(bank.title.split())
    blocks = [
        f"// {title}\n// Written by quizgen from the bank '{bank.id}'. "
        "Import it in Moodle: Question bank > Import > GIFT format."
    ]
    # Moodle's importer takes a category path as written (no GIFT escapes). The bank's own
    # category always comes first, so a file whose questions GIFT cannot hold still parses.
    current = moodle_grading.category_path(bank.title)
    blocks.append(f"$CATEGORY: {current}")
    for q in bank.questions:
        lines = writer.question(q)
        if not lines:
            continue
        category = moodle_grading.category_path(bank.title, *q.tags[:1]) if tag_categories else current
        if category != current:
            blocks.append(f"$CATEGORY: {category}")
            current = category
        blocks += ["\n".join(lines[i : i + 2]) for i in range(0, len(lines), 2)]
    return "\n\n".join(blocks) + "\n"


class GiftFormat(Format):
    name = "gift"
    question_types = _Writer.TYPES

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        text = render(bank, self.notes.note, self.options.tag_categories)
        return [write_atomic(out_dir / f"{bank.id}.gift", text)]


FORMAT = GiftFormat
