"""Moodle's own reading of what quizgen writes, ported from its PHP: the grades an answer may
carry and the embedded-answers (cloze) parser. Written out again here so the tests do not trust
the code they check."""

from __future__ import annotations

import html
import re

# Moodle's allowed answer grades (question_bank::fraction_options_full).
MOODLE_FRACTIONS = [
    1,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0,
]

# From question/type/multianswer/questiontype.php. PHP's variable-length look-behind
# (?<!\\\\|&|&amp;) is written as three fixed-length ones, which Python's re accepts.
_FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALTERNATIVE = f"({_FRACTION})?({_ANSWER})(#({_FEEDBACK}))?"
_TYPES = r"(NUMERICAL|NM)|(MULTICHOICE|MC)|(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)"
_BLANK = re.compile(r"\{([0-9]*):(" + _TYPES + r"):(" + _ALTERNATIVE + "(~" + _ALTERNATIVE + r")*)\}", re.S)


def moodle_cloze(text: str) -> tuple[str, list[dict]]:
    """What Moodle makes of an embedded-answers question text: the text with {#n} where each
    blank was, and each blank's kind, weight and answers (with fractions)."""
    blanks = []
    while found := _BLANK.search(text):
        alternatives, answers = found[7], []
        while alternatives and (alt := re.match("~?" + _ALTERNATIVE, alternatives, re.S)):
            fraction = 100.0 if alt[1] == "=" else float(alt[2].replace(",", ".")) if alt[2] else 0.0
            answer = html.unescape(alt[3]).replace("\\}", "}").replace("\\#", "#")
            answers.append((fraction, answer))
            alternatives = alternatives.split(alt[0], 1)[1]
        kind = "SHORTANSWER_C" if found[6] else "SHORTANSWER" if found[5] else found[2]
        blanks.append({"kind": kind, "weight": found[1] or "1", "answers": answers})
        text = text.replace(found[0], f"{{#{len(blanks)}}}", 1)
    return text, blanks


def moodle_shortanswer(pattern: str) -> str:
    """The literal text a Moodle short-answer pattern stands for (`\\*` is a literal `*`)."""
    assert not re.search(r"(?<!\\)\*", pattern), f"an unescaped wildcard in {pattern!r}"
    return pattern.replace("\\*", "*")
