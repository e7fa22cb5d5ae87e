"""The fixed words of every output (headers, buttons, verdicts, labels) in the bank's language.

The words are gettext messages; their translations are the catalogs in
`quizgen/present/locale/<language>/LC_MESSAGES/quizgen.po`, read with Babel when a build needs them (no
compiled `.mo` file is kept in the repository). The English text is the message id, so a word
with no translation reads in English. A bank may replace any word listed in `LABELS` with its
own (`labels: {name: "Student"}`); docs/languages.md says how to add a language.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from markupsafe import escape

LOCALE_FOLDER = Path(__file__).with_name("locale")
DOMAIN = "quizgen"

# The words a bank may replace (`labels:` in the bank), by the key it uses, and the message each
# key stands for.
LABELS = {
    "name": "Name",
    "class": "Class",
    "date": "Date",
    "score": "Score",
    "version": "Version",
    "answer_key": "Answer key",
    "answer": "Answer",
    "answer_grid": "Answer grid",
    "answers_and_explanations": "Answers and explanations",
    "why": "Why:",
    "source": "Source",
    "question": "Question",
    "true": "True",
    "false": "False",
    "check_answer": "Check answer",
    "your_answer": "Your answer",
    "your_score": "Your score",
    "correct_answer": "Correct answer",
    "explanation": "Explanation",
    "submit": "Submit all answers",
    "correct": "Correct",
    "partly_right": "Partly right",
    "wrong": "Not quite",
    "not_answered": "Not answered",
    "mode": "Mode",
    "practice": "Practice: check each answer as you go",
    "exam": "Exam: answer everything, then submit once",
    "start_over": "Start over",
    "show_answer": "Show the answer",
}


def shipped() -> list[str]:
    """The languages with a catalog, as folder names (`pt_BR` style)."""
    return sorted(p.parent.parent.name for p in LOCALE_FOLDER.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _candidates(language: str) -> list[str]:
    """`pt-BR` → pt_BR, pt: the most specific catalog first."""
    parts = language.replace("_", "-").split("-")
    names = []
    for end in range(len(parts), 0, -1):
        first, rest = parts[0].lower(), [p.upper() if len(p) == 2 else p.title() for p in parts[1:end]]
        names.append("_".join([first, *rest]))
    return names


def _po_path(name: str) -> Path:
    """Where the catalog of one language folder (`pt_BR` style) is."""
    return LOCALE_FOLDER / name / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_catalog(language: str) -> bool:
    """Whether quizgen has words in this language (its own catalog or its base language's)."""
    return any(_po_path(name).is_file() for name in _candidates(language))


@lru_cache(maxsize=None)
def _catalog(name: str) -> gettext.NullTranslations | None:
    """The catalog of one language folder, as gettext translations (plural rules included)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = _po_path(name)
    if not path.is_file():
        return None
    with path.open("rb") as po:
        catalog = read_po(po, locale=name, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class _Labels(gettext.NullTranslations):
    """The bank's own words first, then the language's catalog."""

    def __init__(self, words: Mapping[str, str]):
        super().__init__()
        self.words = dict(words)

    def gettext(self, message: str) -> str:
        if message in self.words:
            return self.words[message]
        return super().gettext(message)


@lru_cache(maxsize=64)
def _translations(language: str, labels: tuple[tuple[str, str], ...]) -> gettext.NullTranslations:
    words = _Labels({LABELS[key]: text for key, text in labels})
    words.language = language
    for name in _candidates(language):
        catalog = _catalog(name)
        if catalog is not None:
            words.add_fallback(catalog)
            break
    return words


def translations(bank) -> gettext.NullTranslations:
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


def number(value: float, language: str) -> str:
    """A number as the language writes it, with the decimal symbol the grading model reads for
    it (quizgen.grading.decimal_symbol): 299,8 in French, 299.8 in English; no grouping."""
    from quizgen.present.answers import number_text
    from quizgen.grading import decimal_symbol

    return number_text(value).replace(".", decimal_symbol(language))


def text_direction(html: str) -> str:
    """The direction of a text by its first strong letter (`rtl`, `ltr`), as HTML's `dir="auto"`
    decides it, for WeasyPrint, which lays out every paragraph in its parent's direction. An
    English prompt in an Arabic paper keeps its word order, and the reverse. A formula's TeX
    (`\\frac`, `x`) says nothing of the text's direction: formulas are skipped."""
    import unicodedata

    from quizgen.text import formulas
    from quizgen.text.markup import text_of

    for char in text_of(formulas.replace(str(html), lambda tex, display: "")):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "auto"


def plural_count(value: float) -> int:
    """The count that picks a plural form for an amount: itself when whole; a fraction takes the
    general form, which is that of 100 in every shipped language."""
    return int(value) if float(value).is_integer() else 100


def install(env) -> None:
    """Give a Jinja2 environment `_`, `gettext`, `ngettext` (Jinja2's i18n extension) and the
    filters `number`, `plural_count` and `text_direction`, all speaking the language of the bank
    `localised` last set (English until then). They look the bank up at each call: Jinja2 keeps
    imported macros and the filters a template uses from its first render, so functions bound
    to one bank would leak its words into the next bank's outputs."""
    env.quizgen_bank = None

    def words():
        return translations(env.quizgen_bank)

    def gettext_(message: str) -> str:
        labels = words().words
        if message in labels:  # the bank's own text: never markup, and `%` is no placeholder
            return str(escape(labels[message])).replace("%", "%%")
        return words().gettext(message)

    def ngettext_(singular: str, plural: str, n: int) -> str:
        return words().ngettext(singular, plural, n)

    env.install_gettext_callables(gettext_, ngettext_, newstyle=True)
    env.globals["text_direction"] = "ltr"
    env.filters["number"] = lambda value: number(value, getattr(env.quizgen_bank, "language", "en") or "en")
    env.filters["plural_count"] = plural_count
    env.filters["text_direction"] = text_direction


def localised(env, bank):
    """`env` (prepared by `install`) speaking the bank's language and running its direction; a
    build renders one bank at a time in each process."""
    env.quizgen_bank = bank
    env.globals["text_direction"] = direction(bank)
    return env


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
    decimal symbol. Read from the script itself, so a message cannot be left out."""
    from quizgen.grading import decimal_symbol

    words = translations(bank)
    catalog = getattr(words, "_fallback", None)
    rule = getattr(catalog, "plural", lambda n: int(n != 1))
    table = [rule(n) for n in range(PLURAL_TABLE_SIZE)]
    # A message is read as Python's `%` reads it (`%%` is a percent sign); a bank's label is text,
    # so its `%` is doubled, as the templates' `_` does.
    found: dict = {text: words.words[text].replace("%", "%%") if text in words.words else words.gettext(text)
                   for text in _SCRIPT_MESSAGE.findall(script)}
    for singular, plural in _SCRIPT_PLURAL.findall(script):
        # A form no count below 200 takes (French "many", for millions) reads as the general one.
        found[singular] = [words.ngettext(singular, plural, table.index(form) if form in table else 100)
                           for form in range(max(table) + 1)]
    return {"words": found, "plural": table, "decimal": decimal_symbol(bank.language or "en")}
