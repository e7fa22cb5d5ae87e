"""The question bank as plain, frozen data. No I/O, no rendering: every format reads this.

Text fields hold the author's Markdown source; `quizgen.text.markup` turns it into sanitised HTML.
Each object keeps `locations`, a map from a dotted field path (`"answer"`, `"choices[2]"`,
`"source.evidence[0]"`, `""` for the object itself) to where that value stands in the bank file,
so later checks can point at the exact spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar, Mapping

from quizgen.bank.diagnostics import Location

DIFFICULTIES = ("easy", "medium", "hard")


def parent_key(key: str) -> str:
    """`"pairs[1].left"` -> `"pairs[1]"` -> `"pairs"` -> `""`."""
    if key.endswith("]"):
        return key[: key.rindex("[")]
    return key.rpartition(".")[0]


def _locations():
    return field(default_factory=dict, compare=False, repr=False)


class Located:
    """Mixin for objects that remember where each of their values stands in the bank file."""

    locations: Mapping[str, Location]

    def where(self, key: str = "") -> Location:
        """The location of a field, falling back to its parent and then to the object itself."""
        while key and key not in self.locations:
            key = parent_key(key)
        return self.locations[key]


@dataclass(frozen=True, kw_only=True)
class SourceRef:
    """One paragraph of the source document that states (part of) a question's answer."""

    section: str
    paragraph: int
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LintSettings:
    """Lint rules an author has silenced for one question or a whole bank, and why."""

    ignore: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True, kw_only=True)
class Question(Located):
    type: ClassVar[str]
    # Fields whose text is Markdown (rendered as blocks) or inline Markdown; formats and
    # validation use these lists instead of knowing every type.
    block_fields: ClassVar[tuple[str, ...]] = ()
    inline_list_fields: ClassVar[tuple[str, ...]] = ()

    id: str
    explanation: str = ""
    tags: tuple[str, ...] = ()
    difficulty: str | None = None
    points: float = 1
    # Every paragraph the answer draws on (a match question may use several); empty: uncited.
    source: tuple[SourceRef, ...] = ()
    lint: LintSettings | None = None
    # The formats this question appears in (`quizgen.formats` names); empty: every format.
    outputs: tuple[str, ...] = ()
    lines: int | None = None  # answer lines on the paper for a written answer; None: the type's default
    locations: Mapping[str, Location] = _locations()

    def appears_in(self, format_name: str) -> bool:
        return not self.outputs or format_name in self.outputs

    def markdown_texts(self) -> list[tuple[str, str]]:
        """Every Markdown text of the question as (field path, text)."""
        texts = [(name, getattr(self, name)) for name in self.block_fields]
        for name in self.inline_list_fields:
            texts += [(f"{name}[{i}]", item) for i, item in enumerate(getattr(self, name))]
        if self.explanation:
            texts.append(("explanation", self.explanation))
        return texts


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    type = "single"
    block_fields = ("prompt",)
    inline_list_fields = ("choices",)
    prompt: str
    choices: tuple[str, ...]
    answer: str
    shuffle: bool = True

    @property
    def correct(self) -> tuple[str, ...]:
        return (self.answer,)


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(Question):
    type = "multiple"
    block_fields = ("prompt",)
    inline_list_fields = ("choices",)
    prompt: str
    choices: tuple[str, ...]
    answer: tuple[str, ...]
    shuffle: bool = True
    partial_credit: bool = True

    @property
    def correct(self) -> tuple[str, ...]:
        return self.answer


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    type = "truefalse"
    block_fields = ("prompt",)
    prompt: str
    answer: bool


@dataclass(frozen=True, kw_only=True)
class ShortAnswer(Question):
    type = "short"
    block_fields = ("prompt",)
    prompt: str
    answer: tuple[str, ...]
    case_sensitive: bool = False
    accents: str = "keep"  # "ignore": é counts as e (quizgen.grading)


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    type = "numeric"
    block_fields = ("prompt",)
    prompt: str
    answer: float | None = None
    tolerance: float = 0
    range: tuple[float, float] | None = None
    unit: str = ""
    # A number right only when read with the other decimal mark: "hint" (wrong, with a word why)
    # or "accept" (quizgen.grading).
    other_decimal: str = "hint"

    @property
    def bounds(self) -> tuple[float, float]:
        """The closed interval of accepted answers."""
        if self.range is not None:
            return self.range
        assert self.answer is not None
        return (self.answer - self.tolerance, self.answer + self.tolerance)


@dataclass(frozen=True, kw_only=True)
class Cloze(Question):
    type = "cloze"
    block_fields = ("text",)
    text: str
    accept: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)  # "c1" -> alternatives
    case_sensitive: bool = False
    accents: str = "keep"
    partial_credit: bool = True


@dataclass(frozen=True, kw_only=True)
class Card(Question):
    type = "card"
    block_fields = ("front", "back")
    front: str
    back: str
    reverse: bool = False


@dataclass(frozen=True, kw_only=True)
class Order(Question):
    type = "order"
    block_fields = ("prompt",)
    inline_list_fields = ("items",)
    prompt: str
    items: tuple[str, ...]  # in the correct order
    shuffle: bool = True
    partial_credit: bool = True


@dataclass(frozen=True, kw_only=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True, kw_only=True)
class Match(Question):
    type = "match"
    block_fields = ("prompt",)
    prompt: str
    pairs: tuple[Pair, ...]
    shuffle: bool = True
    partial_credit: bool = True

    def markdown_texts(self) -> list[tuple[str, str]]:
        texts = super().markdown_texts()
        for i, pair in enumerate(self.pairs):
            texts += [(f"pairs[{i}].left", pair.left), (f"pairs[{i}].right", pair.right)]
        return texts


@dataclass(frozen=True, kw_only=True)
class Essay(Question):
    """A written answer marked by hand (or self-assessed) against a model answer."""

    type = "essay"
    block_fields = ("prompt", "answer", "notes")
    prompt: str
    answer: str  # the model answer
    notes: str = ""  # marking notes for whoever marks it

    def markdown_texts(self) -> list[tuple[str, str]]:
        return [(name, text) for name, text in super().markdown_texts() if text]


# The question types that ask with a `prompt` (all but cloze, whose text holds its blanks, and card).
Prompted = SingleChoice | MultipleChoice | TrueFalse | ShortAnswer | Numeric | Order | Match | Essay

QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Numeric, Cloze, Card, Order, Match, Essay)
}

# Answer lines on the paper when a question does not set `lines`.
DEFAULT_LINES = {"essay": 8, "card": 3}


@dataclass(frozen=True, kw_only=True)
class BankSource:
    """The document a bank is drawn from."""

    title: str = ""
    published: str = ""
    url: str = ""
    author: str = ""
    # The document itself, a file in the bank's folder: `quizgen lint` reads its cited paragraphs.
    file: str = ""


@dataclass(frozen=True, kw_only=True)
class Section(Located):
    """A part of a paper: its questions (by id, in written order) and how versions draw them."""

    title: str = ""
    intro: str = ""  # Markdown shown once before the section's questions (a shared passage)
    draw: int | None = None  # each version draws this many of the questions; None: all
    shuffle: bool = True  # False: versions keep the written order within the section
    questions: tuple[str, ...] = ()
    locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True, kw_only=True)
class Bank(Located):
    id: str
    title: str
    description: str = ""
    instructions: str = ""  # Markdown for the student, under the paper's header and atop the page
    language: str = "en"
    # Fixed words the bank replaces, by their key in quizgen.bank.languages.LABELS.
    labels: Mapping[str, str] | None = field(default=None, compare=False)
    source: BankSource | None = None
    lint: LintSettings | None = None
    # Every question, sections flattened in order: formats that know no sections read only this.
    questions: tuple[Question, ...]
    # Empty when the bank has top-level `questions:` (see `parts`).
    sections: tuple[Section, ...] = ()
    # The bank file; images and other assets may only come from its folder.
    path: Path = field(default=Path("."), compare=False)
    locations: Mapping[str, Location] = _locations()

    @property
    def folder(self) -> Path:
        return self.path.parent

    def parts(self) -> list[tuple[Section, tuple[Question, ...]]]:
        """Each section with its questions, in order; a bank without sections is one untitled
        section holding every question."""
        if not self.sections:
            return [(Section(questions=tuple(q.id for q in self.questions)), self.questions)]
        by_id = {q.id: q for q in self.questions}
        return [(section, tuple(by_id[i] for i in section.questions if i in by_id)) for section in self.sections]

    def for_output(self, format_name: str) -> "Bank":
        """The bank as one format sees it: without the questions whose `outputs` leave it out
        (sections keep only the ids left; a section left empty is dropped)."""
        if all(q.appears_in(format_name) for q in self.questions):
            return self
        kept = tuple(q for q in self.questions if q.appears_in(format_name))
        ids = {q.id for q in kept}
        sections = []
        for section in self.sections:
            left = tuple(i for i in section.questions if i in ids)
            if left:
                draw = min(section.draw, len(left)) if section.draw is not None else None
                sections.append(replace(section, questions=left, draw=draw))
        return replace(self, questions=kept, sections=tuple(sections))
