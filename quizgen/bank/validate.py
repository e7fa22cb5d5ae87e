"""Rules over the model that single fields cannot express. Each appends diagnostics; none raises.

Field-level problems (wrong kinds, unknown keys, missing fields) are found while loading; what is
here needs several values at once: answers among choices, unique ids, well-formed cloze markers,
images that stay inside the bank's folder.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, TypeVar
from urllib.parse import unquote

from quizgen.bank import assets, limits
from quizgen.bank.diagnostics import Report
from quizgen.bank.model import Bank, Cloze, Match, MultipleChoice, Numeric, Order, Question, ShortAnswer, SingleChoice
from quizgen.text import cloze, formulas, markup

# A rule takes a question of the classes it is registered for (SingleChoice...), the only ones
# check_bank gives it: a link between a key of _RULES and its values that no dict type states.
Rule = Callable[[Any, Path, Report], None]
_RULES: dict[type[Question], list[Rule]] = {}
R = TypeVar("R", bound=Rule)


def rule(*types: type[Question]) -> Callable[[R], R]:
    """Register a rule for the given question classes (all questions when none are given)."""

    def register(func: R) -> R:
        for cls in types or (Question,):
            _RULES.setdefault(cls, []).append(func)
        return func

    return register


def check_bank(bank: Bank, report: Report) -> None:
    first_seen: dict[str, Question] = {}
    folder = bank.folder
    for question in bank.questions:
        other = first_seen.setdefault(question.id, question)
        if other is not question:
            report.error(
                question.where("id"),
                f"duplicate question id '{question.id}' (first used on line {other.where('id').line})",
            )
        for cls in (Question, type(question)):
            for check in _RULES.get(cls, ()):
                check(question, folder, report)
    _check_images(bank.description, "description", bank.where, bank.folder, report)
    _check_formulas(bank.description, "description", bank.where, report)
    _check_images(bank.instructions, "instructions", bank.where, bank.folder, report)
    for key in ("description", "instructions"):
        _check_cloze_lookalikes("block", getattr(bank, key), key, bank.where, False, report)
    for section in bank.sections:
        _check_images(section.intro, "intro", section.where, bank.folder, report)
        _check_cloze_lookalikes("block", section.intro, "intro", section.where, False, report)
    _check_growth(bank, report)
    _check_language(bank, report)


def _check_language(bank: Bank, report: Report) -> None:
    """A language quizgen has no words for builds in English: say so, in case it is a slip
    (`fra`, `ee`) rather than a language still to be translated (docs/languages.md)."""
    from quizgen.bank import languages

    if bank.language and not languages.has_catalog(bank.language):
        report.warning(
            bank.where("language"),
            f"quizgen has no words in '{bank.language}', so its fixed words (headers, buttons, "
            f"verdicts) will be English; languages it has: {', '.join(languages.shipped())} "
            "(docs/languages.md says how to add one)",
        )


# Checking a text that does balloon means rendering it (a second or so for 20,000 characters of
# reference links); a bank with hundreds of them is refused after these many, not minutes later.
MAX_GROWTH_ERRORS = 10


def _check_growth(bank: Bank, report: Report) -> None:
    texts = [("block", "description", bank.description, bank.where)] if bank.description else []
    for question in bank.questions:
        for key, text in question.markdown_texts():
            texts.append((_kind(question, key), key, text, question.where))
    found = 0
    growth, links = limits.MARKUP_GROWTH.fixed(), limits.LINKS.fixed()  # read once, not per text
    for kind, key, text, where in texts:
        problem = markup.growth_problem(kind, text, growth) or markup.links_problem(kind, text, links)
        if problem:
            found += 1
            if found > MAX_GROWTH_ERRORS:
                report.error(
                    where(key),
                    f"'{key}' and the texts after it were not checked: "
                    f"{MAX_GROWTH_ERRORS} texts already render to too much HTML",
                )
                return
            report.error(where(key), f"'{key}' {problem}")


def _kind(question: Question, key: str) -> str:
    """How a question's text is rendered: "inline" (choices, items, pair sides) or "block"."""
    field = key.split("[")[0]
    return "inline" if field in question.inline_list_fields or field == "pairs" else "block"


@rule()
def _images_stay_inside_the_bank(question: Question, folder: Path, report: Report) -> None:
    for key, text in question.markdown_texts():
        _check_images(text, key, question.where, folder, report)


# The types the paper gives answer lines to (docs/format.md, `lines`).
WRITTEN_ANSWER_TYPES = ("essay", "card", "short")


@rule()
def _lines_only_where_answers_are_written(question: Question, folder: Path, report: Report) -> None:
    if question.lines is not None and question.type not in WRITTEN_ANSWER_TYPES:
        report.warning(
            question.where("lines"),
            f"'lines' sets the answer lines of a written answer ({', '.join(WRITTEN_ANSWER_TYPES)}); "
            f"a {question.type} question prints none, so it changes nothing",
        )


@rule()
def _formulas_are_valid_tex(question: Question, folder: Path, report: Report) -> None:
    for key, text in question.markdown_texts():
        _check_formulas(text, key, question.where, report)


def _check_formulas(text: str, key: str, where, report: Report) -> None:
    """A formula that cannot be typeset would print wrong (or as raw TeX) in some format."""
    for tex in markup.formulas_in(text):
        problem = formulas.problem(tex)
        if problem:
            shown = tex if len(tex) <= 60 else tex[:57] + "..."
            report.error(where(key), f"formula '{shown}' in '{key}' {problem}")


def _check_images(text: str, key: str, where, folder: Path, report: Report) -> None:
    for snippet in markup.unread_images(text):
        report.error(
            where(key),
            f"image '{snippet}' in '{key}' is not read as an image and would "
            f"print as text: {markup.unread_image_hint(snippet)}",
        )
    for src in markup.image_sources(text):
        try:
            assets.resolve(folder, src)
        except assets.AssetError as problem:
            report.error(where(key), f"image '{_shown(src)}' in '{key}' {problem}")


def _shown(src: str) -> str:
    """An image source as its author most likely typed it: Markdown percent-encodes spaces and
    accents (show `café.png`), but an encoded dot or slash was typed that way on purpose (show `%2e%2e/`)."""
    return src if re.search(r"%(2e|2f)", src, re.IGNORECASE) else unquote(src)


def _duplicates(values) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def _report_duplicates(question: Question, values: list, noun: str, key: Callable[[int], str], report: Report) -> None:
    for value in _duplicates(values):
        index = len(values) - 1 - values[::-1].index(value)  # point at the repeat, not the first
        report.error(question.where(key(index)), f"duplicate {noun} {value!r}")


@rule(SingleChoice, MultipleChoice)
def _choices_are_distinct(question, folder: Path, report: Report) -> None:
    _report_duplicates(question, list(question.choices), "choice", "choices[{}]".format, report)


@rule(SingleChoice)
def _answer_is_a_choice(question: SingleChoice, folder: Path, report: Report) -> None:
    if question.answer not in question.choices:
        report.error(
            question.where("answer"),
            f"answer {question.answer!r} is not one of the choices{_closest(question.answer, question.choices)}",
        )


@rule(MultipleChoice)
def _answers_are_choices(question: MultipleChoice, folder: Path, report: Report) -> None:
    for i, answer in enumerate(question.answer):
        if answer not in question.choices:
            report.error(
                question.where(f"answer[{i}]"),
                f"answer {answer!r} is not one of the choices{_closest(answer, question.choices)}",
            )
    _report_duplicates(question, list(question.answer), "answer", "answer[{}]".format, report)


def _closest(text: str, options) -> str:
    same_letters = [option for option in options if option.casefold() == text.casefold()]
    letter = _as_letter(text, options)
    if letter is not None and not same_letters:  # `answer: B`, as on a printed paper
        return f"; write the choice's text, not its letter: {options[letter]!r}"
    close = same_letters or difflib.get_close_matches(text, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _as_letter(text: str, options) -> int | None:
    """The index of the choice `text` would name as a letter (A, B, ...), if it is one."""
    if len(text) == 1 and "A" <= text.upper() <= "Z" and ord(text.upper()) - ord("A") < len(options):
        return ord(text.upper()) - ord("A")
    return None


@rule(ShortAnswer)
def _short_answers_are_distinct(question: ShortAnswer, folder: Path, report: Report) -> None:
    fold = (lambda s: " ".join(s.split())) if question.case_sensitive else (lambda s: " ".join(s.split()).casefold())
    _report_duplicates(question, [fold(a) for a in question.answer], "accepted answer", "answer[{}]".format, report)


@rule(Numeric)
def _numeric_has_an_answer(question: Numeric, folder: Path, report: Report) -> None:
    given = question.locations  # a value that was given but invalid is reported already
    if "answer" not in given and "range" not in given:
        report.error(
            question.where(), "a numeric question needs 'answer' (with an optional 'tolerance') or 'range: [low, high]'"
        )
    if "answer" in given and "range" in given:  # the key would print one, the JSON carry both
        report.error(
            question.where("range"),
            "give either 'answer' (with an optional 'tolerance') or 'range: [low, high]', not both",
        )
    elif "tolerance" in given and "range" in given:
        report.error(question.where("tolerance"), "give either 'tolerance' or 'range', not both")
    if question.range is not None:
        low, high = question.range
        if low > high:
            report.error(question.where("range"), f"range [{low:g}, {high:g}] has its low end above its high end")


# Only a backslash, a link, an image or an autolink can make Markdown read a cloze text's markers
# otherwise than they are written: a text without any is not parsed for this.
_MARKDOWN_MOVES_MARKERS = ("\\", "](", "]:", "<")


@rule(Cloze)
def _cloze_has_markers(question: Cloze, folder: Path, report: Report) -> None:
    lookalikes = _check_cloze_lookalikes("block", question.text, "text", question.where, True, report)
    for problem in cloze.problems(question.text):
        if problem != cloze.NO_MARKERS or not lookalikes:  # a lookalike says it better
            report.error(question.where("text"), problem)
    if not any(sign in question.text for sign in _MARKDOWN_MOVES_MARKERS):
        return
    as_written = len(cloze.deletions(cloze.flatten_nested(question.text)))
    _, shown = markup.shown_text("block", question.text)
    lost = as_written - len(cloze.deletions(cloze.flatten_nested(shown)))
    if lost > 0:
        report.error(
            question.where("text"),
            f"{lost} of the text's cloze markers would not be {'a blank' if lost == 1 else 'blanks'} "
            "once Markdown has read the text (a marker inside a link's address or an image, or right "
            "after a backslash), so it would print as written, answer included: keep each marker in "
            "plain text, with no backslash before it",
        )


@rule()
def _no_cloze_lookalikes(question: Question, folder: Path, report: Report) -> None:
    for key, text in question.markdown_texts():
        if not (isinstance(question, Cloze) and key == "text"):
            _check_cloze_lookalikes(_kind(question, key), text, key, question.where, False, report)


# A text full of lookalikes gets this many errors, the last one counting the rest.
MAX_LOOKALIKE_ERRORS = 3


def _check_cloze_lookalikes(kind: str, text: str, key: str, where, blanks: bool, report: Report) -> int:
    """Report what looks like a cloze marker but would print as typed (`{{ c1::mass }}` prints
    its answer), with the fix; `blanks`: `text` is a cloze question's text. Returns how many."""
    if not text or not cloze.lookalikes(text, blanks, source=True):
        return 0  # nothing there: Markdown shows no more than is written (most texts, unparsed)
    prose, _ = markup.shown_text(kind, text)
    found = cloze.lookalikes(prose, blanks)
    for index, lookalike in enumerate(found[:MAX_LOOKALIKE_ERRORS]):
        if blanks and not lookalike.closed:
            message = (
                f"'{lookalike.written}' opens a cloze marker that is never closed (with '}}}}'), so it "
                "would print as written, answer included: close it, as in {{c1::answer}}, or write "
                "\\{{ if the braces are meant as text"
            )
        elif blanks:
            fix = lookalike.fix or "a blank as {{c1::answer}} or {{c1::answer::hint}}"
            message = (
                f"'{lookalike.written}' looks like a cloze marker but is not one, so it would print "
                f"as written, answer included: write {fix}, or \\{{{{ if the braces are meant as text"
            )
        else:
            message = (
                f"'{lookalike.written}' would print as written, braces and all: only a cloze "
                f"question's text has blanks ({{{{c1::answer}}}}); if the braces are meant as text, "
                f"write {lookalike.fix}"
            )
        rest = len(found) - MAX_LOOKALIKE_ERRORS
        if index == MAX_LOOKALIKE_ERRORS - 1 and rest > 0:
            message += f" ('{key}' has {rest:,} more like {'it' if rest == 1 else 'these'})"
        report.error(where(key), message)
    return len(found)


# TeX in a blank: a formula, or its start cut off by the `}}` of TeX braces (`$\mathrm{m}}$`
# ends the blank at `}}`, leaving `$\mathrm{m` inside). A price ("$5") is neither.
_TEX_START = re.compile(r"\\[(\[]|\$[^\s$][^$]*[\\{}^_]")


@rule(Cloze)
def _blanks_hold_no_formula(question: Cloze, folder: Path, report: Report) -> None:
    """A learner types each blank, and nobody can type a typeset formula; a hint is shown where
    only text goes (the blank's placeholder, its label): neither can hold TeX."""
    for deletion in cloze.deletions(cloze.flatten_nested(question.text)):
        for part, text in (("answer", deletion.answer), ("hint", deletion.hint)):
            found = markup.formulas_in(text)
            if found and part == "answer":
                message = (
                    f"the answer of blank c{deletion.number} holds the formula '{found[0]}', which "
                    "cannot be typed: write it as it would be typed (x^2, x²) and keep formulas in "
                    "the text around the blank"
                )
            elif found:
                message = (
                    f"the hint of blank c{deletion.number} holds the formula '{found[0]}': a hint "
                    "is shown as plain text, so write it without TeX"
                )
            elif _TEX_START.search(text):
                message = (
                    f"blank c{deletion.number} ends inside a formula ('{text.strip()}'): the '}}}}' of "
                    "its TeX ended the blank; keep formulas out of blanks (a blank holds what a "
                    "learner types, its hint plain text)"
                )
            else:
                continue
            report.error(question.where("text"), message)


@rule(Cloze)
def _accepted_answers_name_real_blanks(question: Cloze, folder: Path, report: Report) -> None:
    blanks = {f"c{number}" for number in cloze.numbers(question.text)}
    for name in question.accept:
        if name not in blanks:
            report.error(
                question.where(f"accept.{name}"),
                f"'accept' names blank {name}, but the text has no {{{{{name}::...}}}}"
                f" (its blanks: {', '.join(sorted(blanks)) or 'none'})",
            )


@rule(Order)
def _order_items_are_distinct(question: Order, folder: Path, report: Report) -> None:
    _report_duplicates(question, list(question.items), "item", "items[{}]".format, report)


@rule(Match)
def _match_sides_are_distinct(question: Match, folder: Path, report: Report) -> None:
    for side in ("left", "right"):
        _report_duplicates(
            question,
            [getattr(pair, side) for pair in question.pairs],
            f"{side} side",
            ("pairs[{}]." + side).format,
            report,
        )
