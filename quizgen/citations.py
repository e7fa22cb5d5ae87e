"""How a question's citations read as text, the same on an Anki back, an answer key and a web page."""

from __future__ import annotations

from typing import Sequence

from quizgen.model import SourceRef


def describe(refs: Sequence[SourceRef], *, evidence: bool = False) -> str:
    """`section “TL;DR”, paragraph 2; section “The competitive gap”, paragraph 1`, and with
    `evidence`, each citation's terms to look for: `... paragraph 2 (look for “April 8”)`."""
    parts = []
    for ref in refs:
        text = f"section “{ref.section}”, paragraph {ref.paragraph}"
        if evidence and ref.evidence:
            text += " (look for " + ", ".join(f"“{term}”" for term in ref.evidence) + ")"
        parts.append(text)
    return "; ".join(parts)
