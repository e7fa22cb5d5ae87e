"""Plain texts skip the Markdown parser and the sanitiser (quizgen.text.markup._PLAIN): what they
are written as must be exactly what those two would have written, whatever the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizgen.bank.load import load_bank
from quizgen.text import markup

ROOT = Path(__file__).resolve().parent.parent

# Letters of three scripts, digits, every ASCII punctuation mark (each starts some Markdown rule
# or none), spaces of several kinds and line breaks.
ALPHABET = st.sampled_from(
    list("abcXYZ019 éßقطع") + list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + ["\u00a0", "\t", "\n", "\u2028"]
)


# What a plain text may hold, at its edges too: the texts the fast path takes.
PLAIN_ALPHABET = st.sampled_from(list("abcXYZ019 éßقطع!\"#%'()+,-./:;=?@^{}") + ["\u00a0", "\u2028"])


def parsed(kind: str, text: str) -> str:
    parser = markup._parser()
    return parser.render(text) if kind == "block" else parser.renderInline(text)


def rendered(kind: str, text: str) -> str:
    """`text` through `markup._render`, fresh (not from the memo)."""
    markup.forget()
    return markup._render(kind, text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["block", "inline"]), st.text(ALPHABET, min_size=1, max_size=12))
@example("block", "1. first")
@example("block", "2026) was")
@example("block", "- item")
@example("block", "# title")
@example("block", 'He said "hi" {{c1::x}}')
@example("inline", "a  b")
def test_a_plain_text_is_written_as_parser_and_sanitiser_would(kind, text):
    assert rendered(kind, text) == markup._sanitise(parsed(kind, text))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["block", "inline"]), st.text(PLAIN_ALPHABET, min_size=1, max_size=12))
def test_a_text_of_plain_characters_is_written_as_parser_and_sanitiser_would(kind, text):
    assert rendered(kind, text) == markup._sanitise(parsed(kind, text))


def test_the_real_banks_plain_texts_are_written_as_parser_and_sanitiser_would():
    bank = load_bank(ROOT / "questions" / "muse-spark.yaml").bank
    texts = [
        value for q in bank.questions for value in vars(q).values() if isinstance(value, str) and value and " " in value
    ]
    plain = [text for text in texts if markup._PLAIN.match(text)]
    assert len(plain) > 20  # the fast path is taken for most of a real bank's prompts
    for text in plain:
        for kind in ("block", "inline"):
            assert rendered(kind, text) == markup._sanitise(parsed(kind, text)), text


@pytest.mark.parametrize("text", ["*a*", "a\nb", " a", "a ", "[x](y)", "$x$", "1. a", "a & b", "a <b>"])
def test_a_text_with_markdown_in_it_is_parsed(text):
    assert not markup._PLAIN.match(text)
