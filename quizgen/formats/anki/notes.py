"""Questions → Anki note fields, and the note types those fields belong to. No genanki here.

The note types are a contract with every collection that ever imported a quizgen deck: Anki
refuses to update notes whose note type changed its fields or card templates (by name or number).
So their field and template names never change within a version; a change of either needs a new
`version`, which gives a new note-type id (ids are hashed from the key and version). The HTML of
the templates and the CSS may change freely: the state file gives the note type a newer `mod`,
and Anki's importer then updates it.

Field values are sanitised HTML: bank text only ever enters through `quizgen.text.markup`, and the
few wrappers made here escape everything that is not already `Markup`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, ClassVar

from markupsafe import Markup, escape

from quizgen import grading
from quizgen.bank import assets
from quizgen.bank.dispatch import QuestionTypes
from quizgen.bank.model import (
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
from quizgen.formats import BuildError
from quizgen.present import citations, i18n
from quizgen.present.shuffle import scrambled
from quizgen.text import formulas, markup


@lru_cache(maxsize=None)
def stable_id(name: str) -> int:
    """An id for Anki (deck or note type) hashed from a stable name, in genanki's usual range."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


@dataclass(frozen=True)
class CardTemplate:
    name: str
    front: str  # template file names under templates/anki/
    back: str


@dataclass(frozen=True)
class NoteType:
    key: str
    title: str
    version: int
    fields: tuple[str, ...]
    templates: tuple[CardTemplate, ...]
    cloze: bool = False
    # "" for the bundled templates, which every bank shares; a bank id when that bank is built
    # with its own templates (`--templates`), so they restyle no other deck's cards.
    owner: str = ""

    @property
    def name(self) -> str:
        """The name learners see in Anki."""
        return f"quizgen {self.title} v{self.version}" + (f" ({self.owner})" if self.owner else "")

    @property
    def id(self) -> int:
        # The bundled note types keep the ids they always had, so existing notes keep updating.
        return stable_id(
            f"quizgen-note-type/{self.key}/v{self.version}" + (f"/bank/{self.owner}" if self.owner else "")
        )

    def owned_by(self, bank_id: str) -> "NoteType":
        return replace(self, owner=bank_id)


_COMMON = ("Explanation", "Source", "Id")

NOTE_TYPES: dict[str, NoteType] = {
    nt.key: nt
    for nt in (
        NoteType(
            "basic",
            "Basic (optional reverse)",
            1,
            ("Front", "Back", "Reverse", *_COMMON),
            (
                CardTemplate("Front to back", "basic-front.html", "basic-back.html"),
                CardTemplate("Back to front", "reverse-front.html", "reverse-back.html"),
            ),
        ),
        NoteType(
            "cloze",
            "Cloze",
            1,
            ("Text", *_COMMON),
            (CardTemplate("Cloze", "cloze-front.html", "cloze-back.html"),),
            cloze=True,
        ),
        NoteType(
            "choice",
            "Choice",
            1,
            ("Prompt", "Choices", "Multiple", "Shuffle", *_COMMON),
            (CardTemplate("Choice", "choice-front.html", "choice-back.html"),),
        ),
        NoteType(
            "typed",
            "Typed answer",
            1,
            ("Prompt", "Answer", "Accepted", *_COMMON),
            (CardTemplate("Typed answer", "typed-front.html", "typed-back.html"),),
        ),
        NoteType(
            "static",
            "Order and match",
            1,
            ("Prompt", "Items", "Answer", *_COMMON),
            (CardTemplate("Card", "static-front.html", "static-back.html"),),
        ),
    )
}

NOTE_TYPE_OF = {
    "card": "basic",
    "cloze": "cloze",
    "single": "choice",
    "multiple": "choice",
    "truefalse": "choice",
    "short": "typed",
    "numeric": "typed",
    "order": "static",
    "match": "static",
    "essay": "basic",
}  # an essay: a card, the model answer on its back


class Media:
    """Images found in fields, renamed to their content hash so no two files share a name.

    Only images go into a package, recognised by their content (`assets.read_image`), whatever
    their file name says. Anki's importer keeps only media that some note refers to, or whose
    name starts with `_`: images of the deck description, which no note refers to, get that `_`.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, bytes] = {}
        self._names: dict[tuple[str, bool], str] = {}

    def name_for(self, src: str, unreferenced: bool = False) -> str:
        name = self._names.get((src, unreferenced))
        if name is None:
            try:
                image = assets.read_image(self.folder, src)
            except assets.AssetError as problem:
                raise assets.AssetError(f"'{src}' {problem}") from None
            suffix = Path(src).suffix.lower()
            if suffix not in image.suffixes:
                suffix = image.suffixes[0]
            name = f"{'_' if unreferenced else ''}quizgen-{hashlib.sha256(image.data).hexdigest()[:24]}{suffix}"
            self.files[name] = image.data
            self._names[(src, unreferenced)] = name
        return name

    def rewrite(self, html: Markup, unreferenced: bool = False) -> Markup:
        """`html` with every image renamed to its packaged name; `unreferenced` for HTML that no
        note holds (the deck description)."""
        if "<img" not in html:
            return html
        return markup.map_image_sources(html, lambda src: self.name_for(src, unreferenced))


def inert(html: str) -> str:
    """Field HTML in which Anki finds none of its own syntax: `[sound:x]` would play a file and
    `[latex]`, `[$]`, `[$$]` would be typeset, although the bank only wrote text. Every `[` (text
    or attribute, where it means the same) becomes `&#91;`, which reads the same to a learner and
    to Anki's typed-answer comparison."""
    return html.replace("[", "&#91;").replace("\\(", "&#92;(")


def anki_field(html: str) -> str:
    """Field HTML as Anki should store it: inert (above), then every formula written in Anki's
    MathJax delimiters, `\\(...\\)` and `\\[...\\]`, which every Anki client typesets offline.
    Anki finds those delimiters in the raw field, so theirs stay as typed (`\\&#91;` would not be
    read as math); inside, a `[` is still `&#91;` (MathJax reads the decoded text)."""
    return formulas.replace(inert(html), _anki_formula)


def _anki_formula(tex: str, display: bool) -> str:
    return formulas.delimited(str(escape(tex)).replace("[", "&#91;"), display)


# The fields a learner reads as text (a typed answer's Answer is compared, not read: left bare;
# an order's or match's Answer is its solution, read on the back).
_SHOWN_FIELDS = ("Prompt", "Front", "Back", "Text", "Choices", "Items", "Accepted", "Explanation", "Source")
_SHOWN_FIELDS_OF = {"static": (*_SHOWN_FIELDS, "Answer")}


@dataclass(frozen=True)
class NoteData:
    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]


class NoteMaker:
    """Makes the fields of one bank's notes; `seed` fixes the order/match scrambles."""

    def __init__(self, bank: Bank, seed: int, media: Media, note_types: dict[str, NoteType] = NOTE_TYPES):
        self.note_types = note_types
        self.bank = bank
        self.seed = seed
        self.media = media
        self.words = i18n.translations(bank)
        self._ = self.words.gettext
        # Texts in a language other than English say which, and which way they run (Arabic,
        # Hebrew and Persian right to left): screen readers and the card's layout follow it.
        language = bank.language or "en"
        self.language = "" if language.lower() == "en" or language.lower().startswith("en-") else language
        self.direction = i18n.direction(bank)
        self._choice_words, self._typed_words = self._card_words()

    def note(self, question: Question) -> NoteData:
        note_type = self.note_types[NOTE_TYPE_OF[question.type]]
        try:
            values = self.TYPES.handler(question)(self, question)
            values["Explanation"] = self.block(question.explanation)
        except assets.AssetError as problem:
            raise BuildError(question.where(), f"image {problem}") from problem
        values["Source"] = self._source(question)
        if self.language:
            for name in _SHOWN_FIELDS_OF.get(NOTE_TYPE_OF[question.type], _SHOWN_FIELDS):
                if values.get(name):
                    values[name] = self._wrapped(values[name])
        values["Id"] = str(escape(f"{self.bank.id}/{question.id}"))
        return NoteData(
            note_type, tuple(anki_field(values.get(name, "")) for name in note_type.fields), self.tags(question)
        )

    def _wrapped(self, html: str) -> str:
        """A field's text with its language, running the way its first letter does (as on the
        page): an English prompt in an Arabic deck stays left to right, "B?" never turns "?B". A
        text running against its language's direction is in another language: it gets no `lang`,
        so a screen reader does not read English with an Arabic voice."""
        found = i18n.text_direction(html)
        direction = self.direction if found == "auto" else found
        language = f' lang="{escape(self.language)}"' if direction == self.direction else ""
        return f'<div{language} dir="{direction}">{html}</div>'

    def tags(self, question: Question) -> tuple[str, ...]:
        """`bank::topic` for each tag (so learners can pick one bank's topics in the tag tree)
        and `difficulty::easy`, shared by every bank."""
        tags = [f"{self.bank.id}::{tag}" for tag in question.tags]
        if question.difficulty:
            tags.append(f"difficulty::{question.difficulty}")
        return tuple(tags)

    # -- helpers --------------------------------------------------------------------------------

    def block(self, text: str) -> str:
        return str(self.media.rewrite(markup.block(text))) if text else ""

    def inline(self, text: str) -> Markup:
        return self.media.rewrite(markup.inline(text))

    def _source(self, question: Question) -> str:
        if not question.source:
            return ""
        document = self.bank.source.title if self.bank.source and self.bank.source.title else ""
        where = citations.describe(question.source, self.words)
        label = self._("%(label)s:") % {"label": self._("Source")}  # French: "Source :"
        if document:
            return str(Markup("{} {}, {}").format(label, document, where))
        return str(Markup("{} {}").format(label, where))

    def _card_words(self) -> tuple[str, str]:
        """The words the card scripts write (verdicts, "(your pick)"), in the bank's language and
        labels, as data attributes for the element of a field that the script reads: the note
        types are shared by every quizgen deck, whatever its language, so their templates hold
        only English fallbacks (for notes built before these attributes). `%(answer)s` stays for
        typed.js to replace with what was typed; the script sets every word as text."""
        correct, not_quite = self._("Correct"), self._("Not quite")  # the labels `correct`, `wrong`

        def attributes(words: dict[str, str]) -> str:
            return "".join(str(Markup(' data-qg-{}="{}"').format(name, text)) for name, text in words.items())

        choice = attributes(
            {
                "none": self._("You did not pick an answer."),
                "right": self._("%(correct)s.") % {"correct": correct},
                "wrong": self._("%(not_quite)s: compare your picks with the marked answer.") % {"not_quite": not_quite},
                "yours": self._("(your pick)"),
            }
        )
        typed = attributes(
            {
                "right": self._("%(correct)s: “%(answer)s” is accepted.")
                % {"correct": correct, "answer": "%(answer)s"},
                "wrong": self._("%(not_quite)s: “%(answer)s” is not accepted.")
                % {"not_quite": not_quite, "answer": "%(answer)s"},
                # A number right only when read with the other decimal mark: `%(number)s` is
                # that reading, written with the bank's mark, for typed.js to fill in.
                "decimal": i18n.decimal_hint(self.words, self.bank.language or "en"),
            }
        )
        return choice, typed

    @staticmethod
    def _list(tag: str, items: list[Markup], css: str) -> str:
        # Plain f-strings (Markup.format is several times slower): every item is Markup already.
        inner = "".join(f"<li>{item}</li>" for item in items)
        return f'<{tag} class="{css}">{inner}</{tag}>'

    # -- one maker per question type ------------------------------------------------------------

    def _card(self, q: Card) -> dict[str, str]:
        return {"Front": self.block(q.front), "Back": self.block(q.back), "Reverse": "y" if q.reverse else ""}

    def _essay(self, q: Essay) -> dict[str, str]:
        # The Basic note type's fields: no new note type for Anki to keep in step.
        back = self.block(q.answer)
        if q.notes:
            back += f'<div class="qg-marking-notes">{self.block(q.notes)}</div>'
        return {"Front": self.block(q.prompt), "Back": back, "Reverse": ""}

    def _cloze(self, q: Cloze) -> dict[str, str]:
        return {"Text": self.block(q.text)}

    def _choices(self, choices: list[Markup], right: list[bool], multiple: bool = False) -> str:
        # One item per line: Anki's Browse window shows fields as text, tags dropped, and the
        # line breaks keep "April 7" and "April 8" apart there. The hint is text of the field (in
        # the bank's language, shown without scripts too); the stylesheet hides it on the back.
        hint = self._("Choose all that apply.") if multiple else self._("Choose one.")
        inner = "\n".join(
            f'<li class="qg-right">{text}</li>' if ok else f"<li>{text}</li>" for text, ok in zip(choices, right)
        )
        return f'<p class="qg-hint">{escape(hint)}</p>\n<ol class="qg-choices"{self._choice_words}>\n{inner}\n</ol>'

    def _choice(self, q: SingleChoice | MultipleChoice) -> dict[str, str]:
        right = [choice in q.correct for choice in q.choices]
        multiple = isinstance(q, MultipleChoice)
        return {
            "Prompt": self.block(q.prompt),
            "Choices": self._choices([self.inline(c) for c in q.choices], right, multiple),
            "Multiple": "y" if multiple else "",
            "Shuffle": "y" if q.shuffle else "",
        }

    def _truefalse(self, q: TrueFalse) -> dict[str, str]:
        return {
            "Prompt": self.block(q.prompt),
            "Choices": self._choices([escape(self._("True")), escape(self._("False"))], [q.answer, not q.answer]),
            "Multiple": "",
            "Shuffle": "",
        }

    def _grading(self, q: ShortAnswer | Numeric) -> str:
        """The question's grading settings for the card's script (typed.js grades with the shared
        model, quizgen/grading/grading.js, in place of Anki's exact text comparison), and its verdicts."""
        spec = json.dumps(grading.spec(q, self.bank), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return str(Markup(' data-qg-grading="{}"').format(spec)) + self._typed_words

    def _short(self, q: ShortAnswer) -> dict[str, str]:
        # Every accepted answer is on the back, whatever was typed (or if nothing was).
        accepted = escape(self._("Accepted: %(answers)s.")) % {
            "answers": Markup("; ").join(Markup("<q>{}</q>").format(a) for a in q.answer)
        }
        rules = []
        if q.case_sensitive:
            rules.append(self._("Letter case matters."))
        if q.accents == "ignore":
            rules.append(self._("Accents are ignored."))
        if rules:
            accepted += Markup(" ") + escape(" ".join(rules))
        return {
            "Prompt": self.block(q.prompt),
            "Answer": str(escape(q.answer[0])),
            "Accepted": f"<span{self._grading(q)}>{accepted}</span>",
        }

    def _numeric(self, q: Numeric) -> dict[str, str]:
        low, high = q.bounds
        unit = f" {q.unit}" if q.unit else ""
        prompt = markup.block(q.prompt)
        if q.unit:
            # On a line of its own: Anki's sort field and Browse window read the field as one line
            # of text, where a line break is a space and a paragraph's end is nothing ("How
            # fast?Answer in m/s.").
            prompt += Markup('\n<p class="qg-hint">{}</p>').format(self._("Answer in %(unit)s.") % {"unit": q.unit})
        language = self.bank.language or "en"
        shown = {"low": i18n.number(low, language), "high": i18n.number(high, language), "unit": unit}
        if q.answer is not None and q.range is None:
            answer = i18n.number(q.answer, language)
            if q.tolerance:
                accepted = self._("Accepted: %(low)s to %(high)s%(unit)s (%(answer)s ± %(tolerance)s).") % {
                    **shown,
                    "answer": answer,
                    "tolerance": i18n.number(q.tolerance, language),
                }
            else:
                accepted = self._("Accepted: exactly %(answer)s%(unit)s.") % {**shown, "answer": answer}
        else:
            answer = i18n.number(q.answer, language) if q.answer is not None else self._("%(low)s to %(high)s") % shown
            accepted = self._("Accepted: any number from %(low)s to %(high)s%(unit)s.") % shown
        if q.other_decimal == "accept":
            accepted += " " + self._("Either decimal mark counts.")
        return {
            "Prompt": str(self.media.rewrite(prompt)),
            "Answer": str(escape(answer)),
            "Accepted": f"<span{self._grading(q)}>{escape(accepted)}</span>",
        }

    def _order(self, q: Order) -> dict[str, str]:
        # data-qg-pos (the place in the right order) lets the card reshuffle on every review
        # (static.js); the field's own order is the reproducible scramble shown without script.
        items = [self.inline(item) for item in q.items]
        positions = scrambled(list(range(len(items))), self.seed, self.bank.id, q.id, "anki")
        shown = "".join(f'<li data-qg-pos="{pos}">{items[pos]}</li>' for pos in positions)
        return {
            "Prompt": self.block(q.prompt),
            "Items": f'<ul class="qg-scrambled">{shown}</ul>',
            "Answer": self._list("ol", items, "qg-order"),
        }

    def _match(self, q: Match) -> dict[str, str]:
        lefts = [self.inline(p.left) for p in q.pairs]
        rights = [self.inline(p.right) for p in q.pairs]
        # Two lists, numbered and lettered, not a table: a table's rows put each left side next to
        # one right side, which reads as pairs (and a phone stacks them into boxed pairs). Never
        # every left side in its partner's place (that is the answer): the right sides are
        # scrambled, or with `shuffle: false` (kept as written) the left sides are. The right-hand
        # side carries its pair (data-qg-pair) so that the card can reshuffle it on every review
        # (static.js) and letter it again; the back pairs items without letters.
        written = list(range(len(rights)))
        scramble = scrambled(written, self.seed, self.bank.id, q.id, "anki")
        left_order, order = (written, scramble) if q.shuffle else (scramble, written)
        names = i18n.choice_letters(self.words)  # أ ب ج in Arabic: static.js letters again with them
        numbered = "".join(f"<li>{row + 1}. {lefts[left]}</li>" for row, left in enumerate(left_order))
        lettered = "".join(
            f'<li data-qg-pair="{index}"><span class="qg-letter">{escape(i18n.lettered(row, names))}.</span> '
            f"{rights[index]}</li>"
            for row, index in enumerate(order)
        )
        answers = "".join(f"<tr><td>{left}</td><td>{right}</td></tr>" for left, right in zip(lefts, rights))
        shuffle = "" if q.shuffle else ' data-qg-fixed="y"'
        own = "" if names == i18n.LATIN_LETTERS else f' data-qg-letters="{escape(" ".join(names))}"'
        return {
            "Prompt": self.block(q.prompt),
            "Items": f'<div class="qg-match qg-sides"{shuffle}{own}>\n<ul class="qg-lefts">{numbered}</ul>\n'
            f'<ul class="qg-rights">{lettered}</ul>\n</div>',
            "Answer": f'<table class="qg-match qg-pairs"><tbody>{answers}</tbody></table>',
        }

    TYPES: ClassVar[QuestionTypes[Callable[..., dict[str, str]]]] = QuestionTypes(
        "anki",
        {
            Card: _card,
            Cloze: _cloze,
            (SingleChoice, MultipleChoice): _choice,
            TrueFalse: _truefalse,
            ShortAnswer: _short,
            Numeric: _numeric,
            Order: _order,
            Match: _match,
            Essay: _essay,
        },
    )
