"""What a printed version holds: questions in their order, choices in theirs, and the answers.

Shared by everything printed or read back from print: the paper and key (`-f pdf`), flashcards,
answer sheets and the grader of scanned sheets, which must all agree on a version's order and
letters. Pure data for the templates, with no WeasyPrint in sight, so the shuffles and the answer
letters can be tested on their own. Every shuffle goes through `quizgen.present.shuffle` with the seed,
the bank id, the version letter and the question id as names, so one seed always prints the same
papers. A question with `shuffle: false` keeps its choices (items, right-hand sides) as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from markupsafe import Markup, escape

from quizgen import grading
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
    Section,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quizgen.present import citations, i18n
from quizgen.present.answers import numeric_answer
from quizgen.present.shuffle import drawn_sections, scrambled, shuffled, unsolved
from quizgen.text import cloze, markup
from quizgen.text.numbers import number_text

# A blank is about as wide as its answer, within bounds a hand can write in.
BLANK_MIN_EM, BLANK_MAX_EM, BLANK_EM_PER_CHAR = 4.0, 16.0, 0.62
WIDTH = "\x00blank-width\x00"  # stands for a cloze's blank width until all its answers are known
GRID_ANSWER_CHARS = 60


@dataclass(frozen=True)
class Option:
    """One line a student marks: a choice to tick, an item to number, a left side to match.

    `mark` is what the answer key writes in its box: "✓" for a correct choice, the rank of an
    order item, the letter of a match's right side; "" when the box stays empty.
    """

    label: str
    html: Markup
    mark: str = ""


# The header's table of points per section is a summary that fits the first page. A bank of
# 10,000 sections made it a table of 10,000 rows in the header, which WeasyPrint laid out in one
# part no other core could share: minutes for the PDF, however short its sections.
SECTION_TABLE_MAX = 30


@dataclass(frozen=True)
class PrintedSection:
    """A section's heading as a version prints it, before its first question."""

    section: Section
    intro: Markup
    count: int  # questions this version prints from it
    total: float  # their points

    @property
    def title(self) -> str:
        return self.section.title


@dataclass(frozen=True)
class Printed:
    """One question as a version prints it."""

    number: int
    question: Question
    prompt: Markup  # prompt, cloze text with blanks, or card front
    box: str = ""  # "round" (one answer) | "square" (several) | ""
    options: tuple[Option, ...] = ()
    right: tuple[Option, ...] = ()  # match: the lettered right-hand column
    key_html: Markup = Markup("")  # cloze: the text with its blanks filled; card: back
    accepted: tuple[str, ...] = ()  # short: accepted answers
    numeric: str = ""  # numeric: the accepted value or range, with unit
    unit: str = ""
    blanks: int = 0
    grid: str = ""  # the answer in a few characters, for the grid
    columns: int = 1  # choices short enough sit 2 or 4 to a row
    pictures: bool = False  # choices with images: each in a box, its label on top
    words: i18n.Words | None = field(default=None, compare=False)  # the bank's fixed words
    lines: int = 0  # answer lines for a written answer
    notes: Markup = Markup("")  # essay: the marking notes
    section: PrintedSection | None = None  # set on the first question of a titled section

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def explanation(self) -> Markup:
        return _block(self.question.explanation)

    @property
    def source(self) -> str:
        return citations.describe(self.question.source, self.words)

    @property
    def marking(self) -> str:
        """How to mark a partly right or differently written answer, for the key (the rules of
        quizgen.grading, so a teacher marking by hand gives what the page and the deck give)."""
        return marking_note(self.question, self.words)


@dataclass(frozen=True)
class Version:
    """One paper and its key: `letter` is "" when only one version is printed."""

    bank: Bank
    letter: str
    questions: tuple[Printed, ...] = field(repr=False)
    sections: tuple[PrintedSection, ...] = ()

    @property
    def instructions(self) -> Markup:
        return _block(self.bank.instructions) if self.bank.instructions else Markup("")

    @property
    def section_table(self) -> tuple[PrintedSection, ...]:
        """The sections listed with their points in the header: none for one section, and none
        past SECTION_TABLE_MAX (each section's heading carries its points anyway)."""
        return self.sections if 1 < len(self.sections) <= SECTION_TABLE_MAX else ()

    @property
    def total(self) -> float:
        return sum(q.question.points for q in self.questions)

    def grid(self, columns: int = 3, rows: int = 40) -> list[list[list[Printed | None]]]:
        """The answer grid as tables of `rows` rows, numbers running down each column.

        A table is filled column by column, the way a teacher reads while marking. A plain table
        is also many times faster for WeasyPrint to lay out than CSS columns.
        """
        tables = []
        per_table = columns * rows
        for start in range(0, len(self.questions), per_table):
            chunk = self.questions[start : start + per_table]
            height = -(-len(chunk) // columns)
            tables.append(
                [
                    [chunk[c * height + r] if c * height + r < len(chunk) else None for c in range(columns)]
                    for r in range(height)
                ]
            )
        return tables

    def has(self, *types: str) -> bool:
        return any(q.type in types for q in self.questions)

    @property
    def has_round(self) -> bool:
        return any(q.box == "round" for q in self.questions)

    @property
    def has_square(self) -> bool:
        return any(q.box == "square" for q in self.questions)


def letters(count: int, names: tuple[str, ...] = i18n.LATIN_LETTERS) -> list[str]:
    """A, B, ..., Z, AA, AB, ... (a version has at most 26, choices at most 10); with `names`,
    the bank's letters (`i18n.choice_letters`: أ, ب, ج... in Arabic)."""
    return [i18n.lettered(i, names) for i in range(count)]


def after_the_printed(letter: str, printed: set[str]) -> list[str]:
    """The versions known to be printed, in order, when `letter` comes after all of them, else
    []: versions are printed from A on, so such a letter (a `C` beside sheets of A and B) may
    never have been printed."""
    order = letters(26)
    known = sorted((v for v in printed if v in order), key=order.index)
    if letter not in order or not known or order.index(letter) <= order.index(known[-1]):
        return []
    return known


def versions(bank: Bank, seed: int, count: int) -> list[Version]:
    """The versions to print. One version keeps the bank's question order; several shuffle it
    (within each section). Each version draws its questions per section (`draw`) with the seed."""
    made = []
    for letter in letters(count) if count > 1 else [""]:
        made.append(_version(bank, seed, letter, drawn_sections(bank, seed, letter, reorder=count > 1)))
    return made


def every_question(bank: Bank, seed: int) -> list[Printed]:
    """Every question of the bank in its order, none drawn out, printed as the unlettered version
    prints it (for flashcards, which hold the whole bank)."""
    names, words = (seed, bank.id, "A"), i18n.translations(bank)
    return [_printed(q, number, names, words) for number, q in enumerate(bank.questions, start=1)]


def _printed(q: Question, number: int, names, words) -> Printed:
    """One question as printed, with the bank's fixed words for its templates."""
    return replace(_print(q, number, names, words), words=words)


def _version(bank: Bank, seed: int, letter: str, sections) -> Version:
    # The single unlettered version shuffles choices exactly as version A does.
    names = (seed, bank.id, letter or "A")
    words = i18n.translations(bank)
    printed: list[Printed] = []
    heads = []
    for section, questions in sections:
        head = None
        if section.title or section.intro:
            head = PrintedSection(
                section,
                _block(section.intro) if section.intro else Markup(""),
                len(questions),
                sum(q.points for q in questions),
            )
            heads.append(head)
        for i, q in enumerate(questions):
            one = _printed(q, len(printed) + 1, names, words)
            printed.append(replace(one, section=head) if i == 0 and head else one)
    return Version(bank=bank, letter=letter, questions=tuple(printed), sections=tuple(heads))


def _maybe_shuffled(items, question: Question, names, part: str) -> list:
    if not getattr(question, "shuffle", True):
        return list(items)
    return shuffled(items, *names, question.id, part)


_PARTIAL_RULES = {
    "multiple": "Part marks: (right ticks − wrong ticks) ÷ %(n)s of the points, never below 0.",
    "order": "Part marks: one share of the points for each of the %(pairs)s neighbouring pairs in the right order.",
    "match": "Part marks: one share of the points for each of the %(n)s right pairs.",
    "cloze": "Part marks: one share of the points for each of the %(n)s right blanks.",
}


def _marking_messages() -> None:  # pragma: no cover - never called: lists the messages for extraction
    _ = str
    _("Part marks: (right ticks − wrong ticks) ÷ %(n)s of the points, never below 0.")
    _("Part marks: one share of the points for each of the %(pairs)s neighbouring pairs in the right order.")
    _("Part marks: one share of the points for each of the %(n)s right pairs.")
    _("Part marks: one share of the points for each of the %(n)s right blanks.")


def marking_note(q: Question, words=None) -> str:
    words = words if words is not None else i18n.translations(None)
    _ = words.gettext
    number = (lambda value: i18n.number(value, words.language)) if hasattr(words, "language") else number_text
    notes = []
    if isinstance(q, (MultipleChoice, Order, Match, Cloze)) and q.partial_credit:
        if isinstance(q, MultipleChoice):
            n = len(q.answer)
        elif isinstance(q, Order):
            n = len(q.items)
        elif isinstance(q, Match):
            n = len(q.pairs)
        else:  # the blanks as the grading model counts them (a nested deletion is one)
            n = len(grading.blank_answers(q))
        parts = n - 1 if q.type == "order" else n  # an order's parts are its neighbouring pairs
        if parts > 1:  # one part (one blank, one right choice) is all or nothing: no share to state
            notes.append(_(_PARTIAL_RULES[q.type]) % {"n": n, "pairs": n - 1})
    if isinstance(q, (ShortAnswer, Cloze)):
        if getattr(q, "case_sensitive", False):
            notes.append(_("Letter case matters."))
        if q.accents == "ignore":
            notes.append(_("Accents may be left out."))
    if isinstance(q, Cloze) and q.accept:
        also = "; ".join(
            _("blank %(n)s: %(answers)s") % {"n": name[1:], "answers": f" {_('or')} ".join(accepted)}
            for name, accepted in sorted(q.accept.items())
        )
        notes.append(_("Also accepted: %(answers)s.") % {"answers": also})
    if isinstance(q, Numeric):
        low, high = q.bounds
        if low != high:
            notes.append(
                _("Any number from %(low)s to %(high)s is right.") % {"low": number(low), "high": number(high)}
            )
        if q.unit:
            notes.append(_("The unit (%(unit)s) may be left out.") % {"unit": q.unit})
        if q.other_decimal == "accept":
            notes.append(_("Either decimal mark counts."))
    return " ".join(notes)


def _print(q: Question, number: int, names, words) -> Printed:
    return PRINTERS.handler(q)(q, number, names, words)


# -- each question type as printed: printer(question, number, shuffle names, the bank's words) ------


def true_false_letters(words) -> list[str]:
    """The letters of a true/false question's two answers, on the paper and in the answer
    sheet's bubbles alike: the initials of the bank's own words for True and False (`labels:`,
    "Oui"/"Non": O, N) when it has them and they differ, else the language's letters (T/F, V/F,
    W/F, ص/خ)."""
    own = getattr(words, "words", {})
    if "True" in own or "False" in own:
        initials = [words.gettext(word).strip()[:1].upper() for word in ("True", "False")]
        if all(initials) and initials[0] != initials[1]:
            return initials
    return [words.pgettext("answer sheet bubble", "T"), words.pgettext("answer sheet bubble", "F")]


def _truefalse(q: TrueFalse, number: int, names, words) -> Printed:
    true, false = words.gettext("True"), words.gettext("False")  # the bank's language
    first, second = true_false_letters(words)
    options = (
        Option(first, escape(true), "✓" if q.answer else ""),
        Option(second, escape(false), "" if q.answer else "✓"),
    )
    return Printed(
        number, q, _block(q.prompt), box="round", options=options, grid=true if q.answer else false, columns=4
    )


def _short(q: ShortAnswer, number: int, names, words) -> Printed:
    return Printed(number, q, _block(q.prompt), accepted=q.answer, grid=_clip(" / ".join(q.answer)), lines=q.lines or 0)


def _card(q: Card, number: int, names, words) -> Printed:
    return Printed(
        number,
        q,
        _block(q.front),
        key_html=_block(q.back),
        grid=_card_grid(q.back),
        lines=q.lines or DEFAULT_LINES["card"],
    )


def _essay(q: Essay, number: int, names, words) -> Printed:
    return Printed(
        number,
        q,
        _block(q.prompt),
        key_html=_block(q.answer),
        notes=_block(q.notes) if q.notes else Markup(""),
        grid=words.gettext("see the model answer"),
        lines=q.lines or DEFAULT_LINES["essay"],
    )


def _choices(q: SingleChoice | MultipleChoice, number: int, names, words) -> Printed:
    order = _maybe_shuffled(q.choices, q, names, "choices")
    labels = letters(len(order), i18n.choice_letters(words))
    correct = set(q.correct)
    options = tuple(
        Option(label, markup.inline(text), "✓" if text in correct else "") for label, text in zip(labels, order)
    )
    grid = ", ".join(o.label for o in options if o.mark)
    box = "round" if isinstance(q, SingleChoice) else "square"
    return Printed(
        number,
        q,
        _block(q.prompt),
        box=box,
        options=options,
        grid=grid,
        columns=_columns(order),
        pictures=any("<img" in o.html for o in options),
    )


def _columns(choices) -> int:
    """How many choices fit on one row: short ones sit side by side to save paper, pictures two
    to a row."""
    if any("<img" in markup.inline(text) for text in choices):
        return 2
    longest = max(len(markup.plain(text)) for text in choices)
    if longest <= 12 and len(choices) <= 4:
        return 4
    if longest <= 28 and len(choices) <= 6:
        return 2
    return 1


def _numeric(q: Numeric, number: int, names, words) -> Printed:
    shown = numeric_answer(q, words)
    return Printed(number, q, _block(q.prompt), numeric=shown, unit=q.unit, grid=_clip(shown))


def _blank_width(answer_html: str) -> float:
    chars = len(Markup(answer_html).striptags())
    return round(min(BLANK_MAX_EM, max(BLANK_MIN_EM, chars * BLANK_EM_PER_CHAR + 2)), 1)


def _cloze(q: Cloze, number: int, names, words) -> Printed:
    rendered = str(_block(cloze.flatten_nested(q.text)))  # a nested deletion is one blank
    answers: list[str] = []

    def blank(deletion: cloze.Deletion, index: int) -> str:
        # The marker's inner text is a slice of sanitised HTML: keep its text only, escaped
        # again, so a marker cut across tags cannot unbalance the page.
        answer = Markup(deletion.answer).striptags()
        answers.append(answer)
        hint = Markup(deletion.hint).striptags()
        hint_html = f'<span class="hint">({escape(hint)})</span>' if hint else ""
        widths.append(_blank_width(deletion.answer))
        return (
            f'<span class="blank" style="width: {WIDTH}em"><span class="blank-no">{index + 1}</span></span>{hint_html}'
        )

    def filled(deletion: cloze.Deletion, index: int) -> str:
        answer = Markup(deletion.answer).striptags()
        return f'<span class="blank filled"><span class="blank-no">{index + 1}</span>{escape(answer)}</span>'

    # Every blank of a question as wide as its longest answer's: a blank as wide as its own
    # answer would tell the student the answer's length.
    widths: list[float] = []
    paper = Markup(cloze.replace(rendered, blank).replace(WIDTH, str(max(widths, default=BLANK_MIN_EM))))
    key = Markup(cloze.replace(rendered, filled))
    grid = "  ".join(f"({i}) {a}" for i, a in enumerate(answers, start=1))
    return Printed(number, q, paper, key_html=key, blanks=len(answers), grid=_clip(grid))


def _order(q: Order, number: int, names, words) -> Printed:
    # Always scrambled, whatever `shuffle` says: items printed in their order are the answer.
    ranks = {item: rank for rank, item in enumerate(q.items, start=1)}
    shown = unsolved(q.items, *names, q.id, "items")  # neither in order nor reversed
    options = tuple(
        Option(label, markup.inline(item), str(ranks[item]))
        for label, item in zip(letters(len(shown), i18n.choice_letters(words)), shown)
    )
    grid = " ".join(f"{o.label}{o.mark}" for o in options)
    return Printed(number, q, _block(q.prompt), options=options, grid=_clip(grid))


def _match(q: Match, number: int, names, words) -> Printed:
    """Numbered left sides, lettered right sides, never printed side by side with their partner
    all the way down (1A 2B 3C would be the answer). `shuffle: false` keeps the right-hand side
    as written (a scale, years in order) and scrambles the left-hand side instead."""
    pairs = list(q.pairs)
    if q.shuffle:
        rights = scrambled([p.right for p in pairs], *names, q.id, "right")
    else:
        rights = [p.right for p in pairs]
        pairs = scrambled(pairs, *names, q.id, "left")
    right_letters = dict(zip(rights, letters(len(rights), i18n.choice_letters(words))))
    left = tuple(Option(str(i), markup.inline(p.left), right_letters[p.right]) for i, p in enumerate(pairs, start=1))
    right = tuple(Option(right_letters[r], markup.inline(r)) for r in rights)
    grid = " ".join(f"{o.label}{o.mark}" for o in left)
    return Printed(number, q, _block(q.prompt), options=left, right=right, grid=_clip(grid))


# The papers, keys, flashcards and answer sheets print every question through this table.
PRINTERS: QuestionTypes[Callable[..., Printed]] = QuestionTypes(
    "pdf",
    {
        (SingleChoice, MultipleChoice): _choices,
        TrueFalse: _truefalse,
        ShortAnswer: _short,
        Numeric: _numeric,
        Cloze: _cloze,
        Order: _order,
        Match: _match,
        Card: _card,
        Essay: _essay,
    },
)


_LIST_START = re.compile(r'<ol start="(\d+)">')


def _block(text: str) -> Markup:
    """A Markdown block for the PDF, its lists numbered as written.

    WeasyPrint honours `<ol start="41">` only with presentational hints, which stay off for bank
    text, so "41. Do not confuse..." would print as "1.": the start is carried by the list's
    counter instead (the number comes from sanitised HTML: digits only)."""

    def numbered(match: re.Match) -> str:
        start = int(match[1])
        return f'<ol start="{start}" style="counter-reset: list-item {start}; counter-increment: list-item -1">'

    return Markup(_LIST_START.sub(numbered, markup.block(text)))


def _card_grid(back: str) -> str | Markup:
    """A card's back in the answer grid: its text, or, when it holds formulas, the formulas
    typeset (their TeX would print as code), if it is short enough for the grid."""
    shown = _clip(markup.plain(back))
    if not markup.formulas_in(back):
        return shown
    one_line = " ".join(back.split())
    return markup.inline(one_line) if len(shown) == len(markup.plain(one_line)) else "…"


def _clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= GRID_ANSWER_CHARS else text[: GRID_ANSWER_CHARS - 1].rstrip() + "…"
