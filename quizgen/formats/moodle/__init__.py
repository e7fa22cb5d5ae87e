"""`-f moodle`: the bank as Moodle XML (`<bank-id>-moodle.xml`), for Question bank > Import.

`format.py` is the format (what the registry loads); `embedded.py` writes Moodle's embedded
answers (Cloze) syntax. The grading model in Moodle's terms, shared with `-f gift`, is
`quizgen/grading/moodle.py`.
"""

from quizgen.formats import Declaration
from quizgen.formats.options import TAG_CATEGORIES

DECLARATION = Declaration(
    name="moodle", description="Moodle XML for Question bank > Import", suffixes=(".xml",), options=(TAG_CATEGORIES,)
)
