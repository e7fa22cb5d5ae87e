"""`-f qti`: an IMS QTI 2.1 content package.

`format.py` is the format (what the registry loads); `processing.py` scores like the grading
model, `patterns.py` writes text answers as patterns, `xhtml.py` turns sanitised HTML into QTI's
XHTML.
"""

from quizgen.formats import Declaration
from quizgen.formats.options import SEED, shuffling

DECLARATION = Declaration(
    name="qti",
    description="an IMS QTI 2.1 content package (zip) for any QTI 2.1 system",
    suffixes=(".zip",),
    options=(SEED,),
    seeded=shuffling("order"),  # the items as written for an engine that does not shuffle
)
