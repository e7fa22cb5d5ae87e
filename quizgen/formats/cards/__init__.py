"""`-f cards`: printable flashcards. `format.py` is the format (what the registry loads)."""

from quizgen.formats import Declaration
from quizgen.formats.options import PAPER, SEED, Option, shuffling

DECLARATION = Declaration(
    name="cards",
    description="printable flashcards, fronts and backs for double-sided printing (WeasyPrint)",
    suffixes=(".pdf",),
    options=(
        SEED,
        PAPER,
        Option(
            "card_answers",
            "also make cards of other question types (front: the question and its "
            "choices, items or sides; back: the answer and explanation).",
        ),
    ),
    seeded=shuffling("single", "multiple", "order", "match", flag="card_answers"),  # the fronts' choices, items, sides
)
