"""`-f json`: the validated bank as JSON. `format.py` is the format (what the registry loads)."""

from quizgen.formats import Declaration

DECLARATION = Declaration(name="json", description="the validated bank as JSON", suffixes=(".json",), order=0)
