"""Other ways to write the same word or phrase, with no dictionary of meanings: British and
American spellings, a hyphen or space in a compound, a number in digits or in words, and an
acronym and its expansion. A cloze blank that accepts one form marks a student wrong for another."""

from __future__ import annotations

import re
from functools import lru_cache

from quizgen.bank.lint.words import fold

# British and American spellings, and the two ways of joining a compound: (pattern, replacement).
_SPELLINGS = [
    (r"our(s|ed|ing|ful|ite|able)?$", r"or\1"),
    (r"([a-z]{2})or(s|ed|ing|ful|ite|able)?$", r"\1our\2"),
    (r"is(e|ed|es|ing|ation|ations)$", r"iz\1"),
    (r"iz(e|ed|es|ing|ation|ations)$", r"is\1"),
    (r"ys(e|ed|es|ing)$", r"yz\1"),
    (r"yz(e|ed|es|ing)$", r"ys\1"),
    (r"([bc])re(s?)$", r"\1er\2"),
    (r"([bc])er(s?)$", r"\1re\2"),
    (r"([aeiou])ll(ed|ing|er|ers|or)$", r"\1l\2"),
    (r"([aeiou])l(ed|ing|er|ers|or)$", r"\1ll\2"),
    (r"ogue(s?)$", r"og\1"),
]


# Pairs no pattern above makes.
_PAIRS = [
    ("grey", "gray"),
    ("aluminium", "aluminum"),
    ("plough", "plow"),
    ("tyre", "tire"),
    ("mould", "mold"),
    ("jewellery", "jewelry"),
    ("programme", "program"),
    ("draught", "draft"),
    ("sceptic", "skeptic"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("cheque", "check"),
]
_OTHER = {a: b for pair in _PAIRS for a, b in (pair, pair[::-1])}


def spellings(word: str) -> set[str]:
    """Other ways to spell one word ("colour": "color"; "labeling": "labelling"; "e-mail": "email")."""
    word = word.casefold()
    found = {re.sub(pattern, replacement, word) for pattern, replacement in _SPELLINGS}
    stem = fold(word)
    if stem in _OTHER:
        found.add(_OTHER[stem] + word[len(stem) :])
    if "-" in word:
        found |= {word.replace("-", ""), word.replace("-", " ")}
    return found - {word}


# A word's spelling with no hyphen or space, chosen the same way for every spelling of it:
# "colour" and "color" are both "color", "lift-off" and "liftoff" are both "liftoff".
@lru_cache(maxsize=16384)  # a paragraph repeats its words, and each blank reads it again
def _canonical(word: str) -> str:
    return min(re.sub(r"[-\s]", "", form) for form in {word.casefold()} | spellings(word))


_PART = re.compile(r"[A-Za-z0-9]+")  # a word, or a part of a hyphenated one
MAX_EXTRA_PARTS = 2  # a form may have this many more parts than the answer ("lift off" for "liftoff")


def _respellings(answer: str, text: str) -> list[str]:
    """Phrases of `text` that are the answer spelled or joined another way."""
    wanted = "".join(_canonical(p) for p in _PART.findall(answer))
    if not wanted:
        return []
    parts = list(_PART.finditer(text))
    size = len(_PART.findall(answer)) + MAX_EXTRA_PARTS
    found = []
    for i in range(len(parts)):
        key = ""
        for j in range(i, min(i + size, len(parts))):
            key += _canonical(parts[j][0])
            if len(key) > len(wanted):
                break
            if key == wanted and (j == i or _joined(text[parts[i].end() : parts[j].start()])):
                found.append(text[parts[i].start() : parts[j].end()])
    return found


def _joined(between: str) -> bool:
    """Whether the text between two parts keeps them one phrase: only spaces and hyphens apart
    from the parts (no comma, full stop or bracket between them)."""
    return re.fullmatch(r"[\sA-Za-z0-9-]*", between) is not None


# Numbers to a hundred in words: what a text writes out instead of digits.
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(value: int) -> str | None:
    if 0 <= value < 20:
        return _UNITS[value]
    if 20 <= value < 100:
        tens, unit = divmod(value, 10)
        return _TENS[tens - 2] + (f"-{_UNITS[unit]}" if unit else "")
    return None


def number_value(text: str) -> int | None:
    """The number a text is, in digits ("12") or words ("twelve", "twenty-one"), if it is one."""
    text = text.strip().casefold()
    if re.fullmatch(r"\d{1,2}", text):
        return int(text)
    for value in range(100):
        words = number_words(value)
        if words and text in {words, words.replace("-", " ")}:
            return value
    return None


def _numbers(answer: str, text: str) -> list[str]:
    """The answer's number as `text` writes it the other way (words for digits, digits for words)."""
    value = number_value(answer)
    if value is None:
        return []
    words = number_words(value) or ""
    other = words if answer.strip().isdigit() else str(value)
    pattern = re.escape(other).replace("\\-", "[- ]")
    return [m[0] for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", text, re.IGNORECASE)]


_ACRONYM = re.compile(r"[A-Z]{2,6}")
# Small words an expansion may hold without giving them a letter ("Department of Energy": DOE or DE).
_SKIPPED = {"of", "and", "for", "the", "on", "in", "to", "a", "an", "&"}


def _initials(phrase: list[str]) -> str:
    return "".join(w[0] for w in phrase if w.casefold() not in _SKIPPED).upper()


def _capitalised_runs(text: str, initial: str, longest: int) -> list[list[str]]:
    """Every run of capitalised words starting with the letter `initial`, up to `longest` words,
    small words inside allowed ("Department of Energy")."""
    words = re.findall(r"[A-Za-z&][\w&]*", text)
    runs = []
    for i, word in enumerate(words):
        if word[0] != initial or word.casefold() in _SKIPPED:  # "The" opening a sentence is not in the name
            continue
        for j in range(i, min(i + longest, len(words))):
            if not (words[j][0].isupper() or words[j].casefold() in _SKIPPED):
                break
            if words[j][0].isupper() and words[j].casefold() not in _SKIPPED:
                runs.append(words[i : j + 1])
    return runs


def _acronyms(answer: str, text: str) -> list[str]:
    """The expansion of an acronym answer, or the acronym of a name, when `text` writes it: a
    run of capitalised words whose initials spell it, or any words the text itself pairs with it
    in parentheses ("central processing unit (CPU)", "CPU (central processing unit)"). Lower-case
    words are not paired otherwise, so a run of ordinary words whose initials happen to spell the
    acronym ("every satellite arrives", ESA) is no expansion."""
    if _ACRONYM.fullmatch(answer):
        runs = _capitalised_runs(text, answer[0], 2 * len(answer) + 2)
        found = [" ".join(run) for run in runs if _initials(run) == answer and len(run) > 1]
        for bracket in re.finditer(rf"\(\s*{answer}\s*\)", text):
            words = re.findall(r"[\w&]+", text[max(0, bracket.start() - 200) : bracket.start()])[-2 * len(answer) :]
            found += [" ".join(words[i:]) for i in range(len(words) - 1) if _initials(words[i:]) == answer][-1:]
        for inside in re.finditer(rf"\b{answer}\s*\(([^()]*)\)", text):
            words = re.split(r"[\s-]+", inside[1].strip())
            found += [inside[1].strip()] if _initials(words) == answer else []
        return found
    words = answer.split()
    if len(words) < 2:
        return []
    acronym = _initials(words)
    named = all(w[0].isupper() or w.casefold() in _SKIPPED for w in words) and re.search(rf"\b{acronym}\b", text)
    paired = re.search(
        rf"{re.escape(answer)}\s*\(\s*{acronym}\s*\)|\b{acronym}\s*\(\s*{re.escape(answer)}\s*\)", text, re.I
    )
    return [acronym] if named or paired else []


def other_forms(answer: str, text: str) -> list[str]:
    """Every other way `text` writes `answer` (its spelling, hyphen or spacing, a number in words
    or digits, an acronym or its expansion), as the text writes it; not the answer itself."""
    forms = _respellings(answer, text) + _numbers(answer, text) + _acronyms(answer, text)
    same = " ".join(answer.casefold().split())
    return [f for f in dict.fromkeys(forms) if " ".join(f.casefold().split()) != same]
