"""`-f cards`: printable flashcards, `<bank>-cards.pdf`, several to a sheet with cut lines.

Sheets alternate: an odd page holds the fronts, the even page after it their backs. Printed
double-sided with a long-edge flip, a sheet's back is its front mirrored left to right, so each
row's cards are laid out right to left on the back page: cut apart, every card has its own back.
The grid is centred on the page, which makes the mirrored places line up exactly.

Made from `card` questions (and essays: prompt and model answer); with `--card-answers`, every
other question too, its prompt (and its choices, items or sides) on the front and its answer and
explanation on the back. Rendering (the bank-folder fetcher, fonts, the long-question handling)
is `quizgen.printing.render`, shared with the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

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
from quizgen.formats import Format
from quizgen.formats.cards import layout
from quizgen.present import i18n, versions
from quizgen.present.templating import environment, render_for
from quizgen.printing.render import heights, page_size, refusal, render
from quizgen.runtime.output import write_atomic


@dataclass(frozen=True)
class Flashcard:
    number: int
    question: Question
    front: Markup
    back: Markup


# -- each question type's two sides ------------------------------------------------------------


def _prompt(p: versions.Printed) -> Markup:
    return p.prompt


def _with_choices(p: versions.Printed) -> Markup:
    """The prompt and the choices, labelled as on the paper so the back's answer can name them."""
    return p.prompt + Markup('<ul class="options">{}</ul>').format(
        Markup("").join(Markup("<li><b>{}</b> {}</li>").format(o.label, o.html) for o in p.options)
    )


def _with_items(p: versions.Printed) -> Markup:
    """The prompt and the items to order, scrambled."""
    return p.prompt + Markup('<ul class="options">{}</ul>').format(
        Markup("").join(Markup("<li>{}</li>").format(o.html) for o in p.options)
    )


def _with_sides(p: versions.Printed) -> Markup:
    """The prompt and the two sides to match."""
    return p.prompt + Markup('<table class="options">{}</table>').format(
        Markup("").join(
            Markup("<tr><td>{}</td><td><b>{}</b> {}</td></tr>").format(left.html, right.label, right.html)
            for left, right in zip(p.options, p.right)
        )
    )


def _key(p: versions.Printed) -> Markup:
    return p.key_html


def _marked(p: versions.Printed) -> Markup:
    """The right choices, each on its own line with its letter as on the front's list, one key
    as several (a single choice's back read "Paris" where a multiple one's read "B La Seine"):
    several keys run together with "; " read as one long answer."""
    return Markup('<ul class="keys">{}</ul>').format(
        Markup("").join(Markup("<li><b>{}</b> {}</li>").format(o.label, o.html) for o in p.options if o.mark)
    )


def _truth(p: versions.Printed) -> Markup:
    """True or False, in words: the front lists no lettered choices for a letter to name."""
    return Markup("").join(o.html for o in p.options if o.mark)


def _accepted(p: versions.Printed) -> Markup:
    words = p.words or i18n.translations(None)  # the bank's language
    return Markup(" {} ").format(words.gettext("or")).join(Markup("<q>{}</q>").format(a) for a in p.accepted)


def _number(p: versions.Printed) -> Markup:
    return Markup("{}").format(p.numeric)


def _ranked(p: versions.Printed) -> Markup:
    """The items in their right order."""
    ranked = sorted(p.options, key=lambda o: int(o.mark))
    return Markup("<ol>{}</ol>").format(Markup("").join(Markup("<li>{}</li>").format(o.html) for o in ranked))


def _pairs(p: versions.Printed) -> Markup:
    words = p.words or i18n.translations(None)  # the bank's language
    right = {o.label: o.html for o in p.right}
    return Markup("<ul>{}</ul>").format(
        Markup("").join(
            Markup("<li>{} {} {}</li>").format(o.html, i18n.arrow(words.language), right[o.mark]) for o in p.options
        )
    )


@dataclass(frozen=True)
class Sides:
    front: Callable[[versions.Printed], Markup]
    back: Callable[[versions.Printed], Markup]
    own: bool = False  # the question's own front and back (its explanation stays off): made without --card-answers


SIDES = QuestionTypes(
    "cards",
    {
        (SingleChoice, MultipleChoice): Sides(_with_choices, _marked),
        TrueFalse: Sides(_prompt, _truth),
        ShortAnswer: Sides(_prompt, _accepted),
        Numeric: Sides(_prompt, _number),
        Cloze: Sides(_prompt, _key),
        Order: Sides(_with_items, _ranked),
        Match: Sides(_with_sides, _pairs),
        Card: Sides(_prompt, _key, own=True),
        Essay: Sides(_prompt, _key, own=True),
    },
)


def answer_html(p: versions.Printed) -> Markup:
    """A printed question's answer as one block, for the back of its card."""
    return SIDES.handler(p.question).back(p)


def front_html(p: versions.Printed) -> Markup:
    """A printed question's front: its prompt, with what it asks about when the prompt alone
    does not say (the choices, the items to order scrambled, the two sides to match)."""
    return SIDES.handler(p.question).front(p)


def flashcards(bank: Bank, seed: int, every_type: bool) -> list[Flashcard]:
    made: list[Flashcard] = []
    for p in versions.every_question(bank, seed):  # a section's `draw` is for papers, not for study
        own = SIDES.handler(p.question).own
        if not own and not every_type:
            continue
        back = answer_html(p)
        if not own and p.question.explanation:
            back += Markup('<div class="explanation" dir="{}">{}</div>').format(
                i18n.text_direction(p.explanation), p.explanation
            )  # its own way, as on the key
        made.append(Flashcard(len(made) + 1, p.question, front_html(p), back))
    return made


def rooms(cards: list[Flashcard], grid: layout.Grid, measure) -> list[layout.Room]:
    """The room each card takes: the first of `layout.ROOMS` both its sides fit in. `measure`
    lays out (room, card, side) triples and gives each one's height in millimetres. A card too
    long for a sheet in the smallest type gets a sheet of its own in that type anyway."""
    chosen: dict[int, layout.Room] = {}
    for room in layout.ROOMS:
        waiting = [card for card in cards if card.number not in chosen]
        if not waiting:
            break
        height = measure(room, waiting)
        for card in waiting:
            if max(height[card.number]) <= room.inner(grid)[1] + 0.01:
                chosen[card.number] = room
    return [chosen.get(card.number, layout.ROOMS[-1]) for card in cards]


class CardsFormat(Format):
    name = "cards"
    question_types = SIDES

    def __init__(self, options):
        super().__init__(options)
        self._env = environment("cards", options.templates)
        self.treated: list[tuple[Flashcard, layout.Room]] = []  # cards given more room or smaller type
        self.overflowing: list[Flashcard] = []  # cards too long for a sheet even in the smallest type

    def _render(self, bank: Bank, template: str, what: str, **context) -> str:
        return render_for(
            self._env,
            bank,
            template,
            what,
            {"bank": bank, "page_size": page_size(self.options.paper), "pad_x": layout.PAD_X, "pad_y": layout.PAD_Y}
            | context,
        )

    def layout(self, bank: Bank) -> tuple[list[layout.Sheet[Flashcard]], dict[int, tuple[float, float]]]:
        """The sheets, and each card's two sides' heights in its room (for centring them)."""
        cards = flashcards(bank, self.options.seed, self.options.card_answers)
        grid = layout.GRIDS.get(self.options.paper, layout.GRIDS["a4"])
        measured: dict[tuple[layout.Room, int], tuple[float, float]] = {}

        def measure(room: layout.Room, waiting: list[Flashcard]) -> dict[int, tuple[float, float]]:
            html = self._render(
                bank, "measure.html.j2", "flashcards template", cards=waiting, room=room, inner=room.inner(grid)
            )
            found, refused = heights(html, bank.folder)
            if refused:
                raise refusal(bank, "the flashcards", refused)
            for card in waiting:
                measured[room, card.number] = (
                    found.get(f"{card.number}-front", 0.0),
                    found.get(f"{card.number}-back", 0.0),
                )
            return {card.number: measured[room, card.number] for card in waiting}

        chosen = rooms(cards, grid, measure)
        self.treated = [(card, room) for card, room in zip(cards, chosen) if room != layout.ROOMS[0]]
        last = layout.ROOMS[-1]
        self.overflowing = [
            card for card in cards if max(measured.get((last, card.number), (0.0, 0.0))) > last.inner(grid)[1] + 0.01
        ]
        sizes = {card.number: measured.get((room, card.number), (0.0, 0.0)) for card, room in zip(cards, chosen)}
        return layout.sheets(list(zip(cards, chosen)), grid), sizes

    def html(self, bank: Bank) -> str:
        grid = layout.GRIDS.get(self.options.paper, layout.GRIDS["a4"])
        made, sizes = self.layout(bank)
        return self._render(bank, "cards.html.j2", "flashcards template", sheets=made, sizes=sizes, grid=grid)

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        if not flashcards(bank, self.options.seed, self.options.card_answers):
            self.notes.note(
                bank.where(),
                "no flashcards: the bank has no card or essay question (--card-answers makes cards of the other types)",
            )
            return []
        html = self.html(bank)
        for card, room in self.treated:
            self.notes.note(
                card.question.where(),
                f"flashcard {card.number} ({card.question.id}) is too long for its cell: printed {room.describe()}",
            )
        for card in self.overflowing:
            self.notes.warning(
                card.question.where(),
                f"flashcard {card.number} ({card.question.id}) does not fit on a sheet even in type "
                f"{round(layout.ROOMS[-1].scale * 100)}% of the normal size: its end is cut off",
                hint="shorten it or split it into two cards",
            )
        rendered = render(html, bank.folder)
        if rendered.refused:
            raise refusal(bank, "the flashcards", rendered.refused)
        return [write_atomic(out_dir / f"{bank.id}-cards.pdf", rendered.pdf)]


FORMAT = CardsFormat
