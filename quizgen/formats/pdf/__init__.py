"""`-f pdf`: the student paper and its answer key.

`format.py` is the format (what the registry loads); `layout.py` decides what goes on each
version's pages, `cache.py` keeps rendered parts between builds and `merge.py` joins them.
Only `format.py` imports WeasyPrint, so the layout can be used without it.
"""

from quizgen.formats import Declaration
from quizgen.formats.options import COLLATE, PAPER, ROSTER, SEED, VERSIONS

DECLARATION = Declaration(
    name="pdf",
    description="printable student papers and answer keys (WeasyPrint)",
    suffixes=(".pdf",),
    options=(
        SEED,
        VERSIONS,
        PAPER,
        COLLATE,
        ROSTER,
    ),
    order=3,
)
