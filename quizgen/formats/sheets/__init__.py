"""`-f sheets`: answer sheets that `quizgen grade` reads back from scans. `format.py` is the format
(what the registry loads)."""

from quizgen.formats import Declaration
from quizgen.formats.options import COLLATE, PAPER, ROSTER, SEED, VERSIONS

# Built only when named with -f: it needs an optional extra (`quizgen[grade]`) and serves one
# purpose (answer sheets for scanning), so a plain `quizgen build` neither makes nor requires it.
DECLARATION = Declaration(
    name="sheets",
    description="answer sheets to print, fill with a pencil, scan and `quizgen grade`",
    suffixes=(".pdf",),
    options=(SEED, VERSIONS, PAPER, COLLATE, ROSTER),
    opt_in=True,
)
