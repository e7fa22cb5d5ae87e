"""`-f gift`: the bank in GIFT, the text format Moodle imports. `format.py` is the format (what the
registry loads)."""

from quizgen.formats import Declaration
from quizgen.formats.options import TAG_CATEGORIES

DECLARATION = Declaration(
    name="gift",
    description="GIFT text for Moodle's Question bank > Import",
    suffixes=(".gift",),
    options=(TAG_CATEGORIES,),
)
