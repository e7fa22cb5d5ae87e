"""`-f json`: the validated bank as JSON. `format.py` is the format (what the registry loads)."""

from quizgen.formats import Declaration, build_module_names

DECLARATION = Declaration(
    name="json", description="the validated bank as JSON", suffixes=(".json",), order=0)

# `from quizgen.formats.json import ...` (from when the format was one module) finds format.py's names.
__getattr__ = build_module_names(__name__)
