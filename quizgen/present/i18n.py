"""The fixed words of every output (headers, buttons, verdicts, labels) in the bank's language.

The words are gettext messages; their translations are the catalogs in
`quizgen/locale/<language>/LC_MESSAGES/quizgen.po` (`quizgen.bank.languages` says which there are), read with Babel when a build needs them (no
compiled `.mo` file is kept in the repository). The English text is the message id, so a word
with no translation reads in English. A bank may replace any word listed in `LABELS` with its
own (`labels: {name: "Student"}`); docs/languages.md says how to add a language.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import lru_cache
from typing import Mapping

from markupsafe import escape

from quizgen.bank.languages import DOMAIN, LABELS, candidates, po_path


@lru_cache(maxsize=None)
def _catalog(name: str) -> gettext.NullTranslations | None:
    """The catalog of one language folder, as gettext translations (plural rules included)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = po_path(name)
    if not path.is_file():
        return None
    with path.open("rb") as po:
        catalog = read_po(po, locale=name, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Words(gettext.NullTranslations):
    """A bank's fixed words in its `language`: the bank's own words first, then the language's catalog."""

    def __init__(self, words: Mapping[str, str], language: str):
        super().__init__()
        self.words = dict(words)
        self.language = language

    def gettext(self, message: str) -> str:
        if message in self.words:
            return self.words[message]
        return super().gettext(message)


@lru_cache(maxsize=64)
def _translations(language: str, labels: tuple[tuple[str, str], ...]) -> Words:
    words = Words({LABELS[key]: text for key, text in labels}, language)
    for name in candidates(language):
        catalog = _catalog(name)
        if catalog is not None:
            words.add_fallback(catalog)
            break
    return words


def translations(bank) -> Words:
    """The fixed words of this bank's outputs: its labels, then its language's catalog (English
    without a bank)."""
    if bank is None:
        return _translations("en", ())
    return _translations(bank.language or "en", tuple(sorted((bank.labels or {}).items())))


@lru_cache(maxsize=None)
def is_right_to_left(language: str) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, Persian, ...)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_")).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        return False


def direction(bank) -> str:
    """`rtl` or `ltr`, for `dir=` on the page, the paper and the cards."""
    return "rtl" if is_right_to_left(bank.language or "en") else "ltr"


def arrow(language: str) -> str:
    """The arrow from a matched item to its partner: "→", or "←" in a language written right to
    left, where the partner stands to the left (Unicode does not mirror arrows)."""
    return "←" if is_right_to_left(language or "en") else "→"


# The letters that label choices, order items and match options, as one message: a language
# letters them its own way (Arabic: أ ب ج د هـ و ..., in the abjad order Arabic exams use), and a
# bank may set its own (`labels: {letters: "a b c d"}`). Version letters stay A, B, C: they name
# a paper in the answer sheet's code and the teacher's files.
LATIN_LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def choice_letters(words) -> tuple[str, ...]:
    """This bank's letters for choices, items and match options (`words`: `translations(bank)`),
    A to Z unless its language or its `labels` say otherwise."""
    names = tuple(words.gettext("A B C D E F G H I J K L M N O P Q R S T U V W X Y Z").split())
    return names if len(names) >= 2 and len(set(names)) == len(names) else LATIN_LETTERS


def lettered(n: int, names: tuple[str, ...] = LATIN_LETTERS) -> str:
    """The label of the n-th (from 0) in `names`: A, B, ..., Z, then AA, AB, ... (the page
    script's shuffle.js names them alike)."""
    label, n = "", n + 1
    while n:
        n, rest = divmod(n - 1, len(names))
        label = names[rest] + label
    return label


def number(value: float, language: str) -> str:
    """A number as the language writes it, with the decimal symbol the grading model reads for
    it (quizgen.text.numbers.decimal_symbol): 299,8 in French, 299.8 in English; no grouping."""
    from quizgen.text.numbers import decimal_symbol, number_text

    return number_text(value).replace(".", decimal_symbol(language))


def decimal_hint(words, language: str) -> str:
    """What a verdict says of a number right only when read with the other decimal mark, in the
    bank's words (`translations`), `%(number)s` standing for that reading. The page script says
    the same (its render.js)."""
    from quizgen.text.numbers import decimal_symbol

    if decimal_symbol(language) == ",":
        return words.gettext("In this quiz a comma marks decimals: did you mean %(number)s?")
    return words.gettext("In this quiz a point marks decimals: did you mean %(number)s?")


def text_direction(html: str, *, numbers: bool = False) -> str:
    """The direction of a text by its first strong letter (`rtl`, `ltr`), as HTML's `dir="auto"`
    decides it, for WeasyPrint, which lays out every paragraph in its parent's direction. An
    English prompt in an Arabic paper keeps its word order, and the reverse. A formula's TeX
    (`\\frac`, `x`) says nothing of the text's direction: formulas are skipped.

    `numbers=True` is for a short run inside a line (a printed choice, item or match side): one
    with European digits and no letter runs left to right (`unicode-bidi: plaintext` would do so;
    WeasyPrint does not implement it), so a choice "0 1 2" in an Arabic paper is not printed
    "2 1 0", the order the bidi algorithm gives numbers apart in a right-to-left run."""
    import unicodedata

    from quizgen.text import formulas
    from quizgen.text.markup import text_of

    digits = False
    for char in text_of(formulas.replace(str(html), lambda tex, display: "")):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
        digits = digits or kind == "EN"
    return "ltr" if numbers and digits else "auto"


def plural_count(value: float) -> int:
    """The count that picks a plural form for an amount: itself when whole; a fraction takes the
    general form, which is that of 100 in every shipped language."""
    return int(value) if float(value).is_integer() else 100


def install(env) -> None:
    """Give a Jinja2 environment `_`, `gettext`, `ngettext` (Jinja2's i18n extension), the
    filters `number`, `plural_count` and `text_direction` and `decimal_mark()` (`.` or `,`), all
    speaking the language of the bank
    the template is rendered with (`bank` in its context, see `bank_context`; English without
    one). They read the bank from each render's own context, so one environment serves any
    number of banks, one after another or at once from several threads. Imported macros see
    the bank when imported `with context`."""
    from jinja2 import pass_context

    @pass_context
    def gettext_(context, message: str) -> str:
        words = translations(context.get("bank"))
        labels = words.words
        if message in labels:  # the bank's own text: never markup, and `%` is no placeholder
            return str(escape(labels[message])).replace("%", "%%")
        return words.gettext(message)

    @pass_context
    def ngettext_(context, singular: str, plural: str, n: int) -> str:
        return translations(context.get("bank")).ngettext(singular, plural, n)

    @pass_context
    def number_(context, value) -> str:
        return number(value, getattr(context.get("bank"), "language", "en") or "en")

    @pass_context
    def decimal_mark(context) -> str:
        from quizgen.text.numbers import decimal_symbol

        return decimal_symbol(getattr(context.get("bank"), "language", "en") or "en")

    env.install_gettext_callables(gettext_, ngettext_, newstyle=True)
    env.globals["text_direction"] = "ltr"
    env.globals["decimal_mark"] = decimal_mark
    env.filters["number"] = number_
    env.filters["plural_count"] = plural_count
    env.filters["text_direction"] = text_direction


def bank_context(bank) -> dict:
    """What a template needs to speak the bank's language and run its direction: pass it to
    every render (`quizgen.present.templating.render_for` does)."""
    return {"bank": bank, "text_direction": direction(bank)}


# The words a page script asks for: `T("text")` and `N("singular", "plural", n)`, read from the
# script as built (templates/html/quiz.js with its parts, templates/html/quiz/*.js, joined).
_SCRIPT_MESSAGE = re.compile(r'\bT\("((?:[^"\\]|\\.)*)"')
_SCRIPT_PLURAL = re.compile(r'\bN\("((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"')
# Which plural form a count takes, for counts 0-199; every CLDR rule of the shipped languages
# repeats with n % 100 above that (the script reads 100 + n % 100).
PLURAL_TABLE_SIZE = 200


def script_words(script: str, bank) -> dict:
    """What a page script needs to speak the bank's language: each message it uses (its English
    text the key; a plural message has a list of forms), the plural form of each count, and the
    decimal symbol and letters. Read from the script itself, so a message cannot be left out."""
    from quizgen.text.numbers import decimal_symbol

    words = translations(bank)
    catalog = getattr(words, "_fallback", None)
    rule = getattr(catalog, "plural", lambda n: int(n != 1))
    table = [rule(n) for n in range(PLURAL_TABLE_SIZE)]
    # A message is read as Python's `%` reads it (`%%` is a percent sign); a bank's label is text,
    # so its `%` is doubled, as the templates' `_` does.
    found: dict = {
        text: words.words[text].replace("%", "%%") if text in words.words else words.gettext(text)
        for text in _SCRIPT_MESSAGE.findall(script)
    }
    for singular, plural in _SCRIPT_PLURAL.findall(script):
        # A form no count below 200 takes (French "many", for millions) reads as the general one.
        found[singular] = [
            words.ngettext(singular, plural, table.index(form) if form in table else 100)
            for form in range(max(table) + 1)
        ]
    return {
        "words": found,
        "plural": table,
        "decimal": decimal_symbol(bank.language or "en"),
        "letters": list(choice_letters(words)),  # the match options' letters, named again after a shuffle
    }
