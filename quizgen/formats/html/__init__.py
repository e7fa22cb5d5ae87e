"""`-f html`: one self-contained, self-grading quiz page per bank. `format.py` is the format (what
the registry loads)."""

from quizgen.formats import Declaration
from quizgen.formats.options import SEED, Option

DECLARATION = Declaration(
    name="html",
    description="a self-grading quiz page: one offline HTML file",
    suffixes=(".html",),
    options=(SEED, Option("draw", "a practice page of the questions each section draws.")),
    order=1,
)
