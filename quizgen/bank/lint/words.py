"""Words as the rules compare them: folded, without function words, numbers apart, text as shown."""

from __future__ import annotations

import html
import os
import re
from functools import lru_cache
from typing import AbstractSet, Iterable

from quizgen.text import formulas, markup

# Function words carry no content: sharing them says nothing about two texts or a cue.
STOP_WORDS = frozenset(
    """
a an the and or but nor of to in on at by for from with without into onto about as than then
is are was were be been being do does did has have had will would can could should may might
it its it's this that these those there their they them he him his she her we our you your i
what which who whom whose when where why how not no yes so if also only just more most less
least very much many some any all each every both either neither one own same such other
""".split()
)

# Words that carry grammar, not a fact: a cloze blank on one of them tests reading, not knowing.
FUNCTION_WORDS = STOP_WORDS | frozenset(
    """
above across after against along among around away back before behind below beneath beside
besides between beyond down during except inside near off out outside over past round since
through throughout till toward towards under until up upon via within again ago almost already
always even ever here never now often once perhaps quite rather still too twice well yet
am must shall cannot
""".split()
)

# The most frequent English words (function words and everyday nouns, verbs and adjectives): a
# key made only of these says too little to be "given away" when another question uses it.
COMMON_WORDS = FUNCTION_WORDS | frozenset(
    """
able add age ago air answer area ask bad base become begin best better big black blue body book
bring build call came carry case cause change child city close cold come common country course
cut dark day deep different do door down draw early earth east easy eat end enough example eye
face fact fall family far fast feel few field figure find fire first fish follow food foot form
free friend front full game get give go good great green ground group grow half hand hard head
hear heart heavy help high hold home hot hour house idea important keep kind know land large last
late lead learn leave left life light line little live long look lot low made main make man mark
mean men might mind miss money move name need new next night north note number old open order
over page paper part people place plan play point power put question quick rain read real red
right river road room run say school sea see seem set short show side simple small sound south
speak stand start state stop story strong study sun take talk tell test thing think time top
tree true try turn use way week west white whole word work world write year young
""".split()
)

WORD = re.compile(r"[a-z0-9$%]+(?:[.'’-][a-z0-9]+)*", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """A lower-case word with its possessive and plural -s folded, so "Labs" meets "lab's"."""
    word = re.sub(r"['’]s$", "", word.casefold())
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


@lru_cache(maxsize=2048)  # the bank rules compare every question's text with every other's
def content_words(text: str) -> frozenset[str]:
    folded = (fold(w) for w in WORD.findall(text))
    return frozenset(w for w in folded if w not in STOP_WORDS and len(w) > 1)


KIN_PREFIX = 5  # letters two words must begin with alike to be forms of one word ...
KIN_SHARE = 0.8  # ... covering this much of the shorter one ("Athens", "Athena"; not "planet", "plan")


def kin(a: str, b: str) -> bool:
    """Whether two words look like forms of one ("composed", "composer"; "crossing", "cross")."""
    a, b = a.casefold(), b.casefold()
    common = len(os.path.commonprefix([a, b]))
    return a == b or common >= KIN_PREFIX and common >= KIN_SHARE * min(len(a), len(b))


def numbers_in(text: str) -> set[str]:
    """The numbers a text writes, as one spelling each ("1,000" and "1000.0" are "1000")."""
    found = set()
    for number in _NUMBER.findall(text):
        number = number.replace(",", "").rstrip(".")
        if "." in number:
            number = number.rstrip("0").rstrip(".")
        found.add(number)
    return found


def as_written(folded: AbstractSet[str], text: str) -> list[str]:
    """The words of `text` whose folded form is in `folded`, as the text spells them."""
    shown: dict[str, str] = {}
    for word in WORD.findall(text):
        if fold(word) in folded:
            shown.setdefault(fold(word), re.sub(r"['’]s$", "", word))
    return sorted(shown.values(), key=str.casefold)


@lru_cache(maxsize=4096)  # the same texts are compared many times over
def plain(text: str) -> str:
    return markup.plain(text) if text else ""


def shown_text(text: str) -> str:
    """The text a reader sees: Markdown marks dropped, a formula as its symbols alone, not its TeX
    source (`\\frac{1}{2}` shows two digits and a bar, not eleven characters)."""
    if not text:
        return ""

    def symbols(tex: str, display: bool) -> str:
        return html.escape(re.sub(r"\\[A-Za-z]+|\\.|[{}^_\s]", "", tex))

    rendered = formulas.replace(markup.inline(text), symbols)
    return html.unescape(markup.strip_tags(rendered)).strip()


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|‘[^’]*’|(?<!\w)\'[^\']*\'(?!\w)')


def unquoted(text: str) -> str:
    """The text without what it quotes: a quotation's words are not the writer's claim."""
    return _QUOTED.sub(" ", text)


def quoted(items: Iterable[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)
