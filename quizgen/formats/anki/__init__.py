"""`-f anki`: the Anki deck.

`format.py` is the format (what the registry loads); `notes.py` turns questions into notes of
the stable note types, `state.py` keeps when each question last changed. Only `format.py`
imports genanki.
"""

from quizgen.formats import Declaration
from quizgen.formats.options import SEED, Option, shuffling

DECLARATION = Declaration(
    name="anki",
    description="an Anki package (.apkg) that updates in place when imported again",
    suffixes=(".apkg",),
    options=(SEED, Option("subdecks", "one subdeck per tag (Bank::tag).")),
    order=2,
    seeded=shuffling("order", "match"),  # the scrambles a card shows without its script
)
