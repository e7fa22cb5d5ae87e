"""How a question's citations read as text, the same on an Anki back, an answer key and a web page."""

from __future__ import annotations

from typing import Sequence

from quizgen.bank.model import SourceRef


def describe(refs: Sequence[SourceRef], words=None, *, evidence: bool = False) -> str:
    """`section “TL;DR”, paragraph 2; section “The competitive gap”, paragraph 1`, and with
    `evidence`, each citation's terms to look for: `... paragraph 2 (look for “April 8”)`, in the
    language of `words` (quizgen.present.i18n.translations; English without)."""
    if words is None:
        from quizgen.present import i18n

        words = i18n.translations(None)
    _ = words.gettext
    parts = []
    for ref in refs:
        text = _("section “%(section)s”, paragraph %(paragraph)s") % {
            "section": ref.section,
            "paragraph": ref.paragraph,
        }
        if evidence and ref.evidence:
            text += " " + _("(look for %(terms)s)") % {
                "terms": ", ".join(_("“%(term)s”") % {"term": term} for term in ref.evidence)
            }
        parts.append(text)
    return "; ".join(parts)
