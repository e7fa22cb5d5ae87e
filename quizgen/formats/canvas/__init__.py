"""`-f canvas`: a QTI 1.2 package as Canvas (Classic Quizzes) imports it.

`format.py` is the format (what the registry loads).
"""

from quizgen.formats import Declaration

DECLARATION = Declaration(
    name="canvas", description="a Canvas (Classic Quizzes) QTI 1.2 package (zip)", suffixes=(".zip",)
)
