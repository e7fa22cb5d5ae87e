"""Groups of formats the tests treat alike, read from the registry (never a list of names)."""

from __future__ import annotations

from quizgen import formats

# The formats whose builds render through WeasyPrint: those that write PDFs.
PRINTED_FORMATS = frozenset(name for name in formats.names() if ".pdf" in formats.declaration(name).suffixes)
