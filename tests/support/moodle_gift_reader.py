"""Moodle's own GIFT importer (question/format/gift/format.php, qformat_gift::readquestion, and
qformat_default's split on blank lines), ported to Python for the tests: what Moodle makes of a
GIFT file, step for step, including its quirks (a format marker at the start of any text, a
weight at the start of an answer, placeholders for escaped characters).

Only what quizgen writes is ported: categories, names, descriptions, essays, multiple choice,
true/false, short answer, numerical and matching.
"""

from __future__ import annotations

import re

_ESCAPES = {
    "\\:": "&&058;",
    "\\#": "&&035;",
    "\\=": "&&061;",
    "\\{": "&&123;",
    "\\}": "&&125;",
    "\\~": "&&126;",
    "\\n": "&&010",
}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"moodle", "html", "plain", "markdown"}


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(placeholder, "\n" if escaped == "\\n" else escaped[1])
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """(format, text), as parse_text_with_format reads a leading [format] marker."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if text[1:end] in _FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return fmt, _post(text).strip()


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def _comment(answer: str, fmt: str) -> str:
    return _with_format(answer.split("#", 1)[0].strip(), fmt)[1]


def read_question(lines: list[str]) -> dict | None:
    lines = [" " if line.strip().startswith("//") else line for line in lines]
    text = "\n".join(lines).strip()
    if not text:
        return None
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return {"qtype": "category", "category": text[10:].strip()}
    name = None
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name, text = _post(text[:end]), text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        fmt, body = _with_format(text)
        return {"qtype": "description", "name": name, "format": fmt, "text": body}
    assert start >= 0 and finish >= 0, "braceerror: Moodle refuses the question"
    answertext = text[start + 1 : finish].strip()
    if text.endswith("}"):
        questiontext = text[:start] + text[finish + 1 :]
    else:
        questiontext = text[:start] + "_____" + text[finish + 1 :]
    feedback = ""
    if "####" in answertext:
        at = answertext.rindex("####")
        feedback, answertext = answertext[at + 4 :], answertext[:at].strip()
    fmt, body = _with_format(questiontext)
    question = {
        "name": name,
        "format": fmt,
        "text": body,
        "generalfeedback": _with_format(feedback, fmt)[1] if feedback else "",
    }
    if answertext == "":  # braces holding nothing but (maybe) general feedback
        kind = "essay"
    elif answertext.startswith("#"):
        kind = "numerical"
    elif "~" in answertext:
        kind = "multichoice"
    elif "=" in answertext and "->" in answertext:
        kind = "match"
    else:
        check = answertext.split("#", 1)[0].strip() if answertext.find("#") > 0 else answertext
        kind = "truefalse" if check in ("T", "TRUE", "F", "FALSE") else "shortanswer"
    question["qtype"] = kind
    if kind == "multichoice":
        question["single"] = "=" in answertext
        parts = answertext.replace("=", "~=").split("~")
        parts = parts[1:] if not parts[0].strip() else parts
        question["answers"] = []
        for part in (p.strip() for p in parts):
            if part.startswith("="):
                fraction, part = 1.0, part[1:]
            elif _WEIGHT.match(part):
                fraction, part = _weight(part)
            else:
                fraction = 0.0
            question["answers"].append((fraction, _comment(part, fmt)))
    elif kind == "match":
        parts = answertext.split("=")
        parts = parts[1:] if not parts[0].strip() else parts
        pairs = []
        for part in (p.strip() for p in parts):
            marker = part.index("->")
            pairs.append((_with_format(part[:marker], fmt)[1], _post(part[marker + 2 :]).strip()))
        question["pairs"] = pairs
    elif kind == "truefalse":
        question["answer"] = _comment(answertext, fmt) in ("T", "TRUE")
    elif kind == "shortanswer":
        parts = answertext.split("=")
        parts = parts[1:] if not parts[0].strip() else parts
        question["answers"] = []
        for part in (p.strip() for p in parts):
            fraction = 1.0
            if _WEIGHT.match(part):
                fraction, part = _weight(part)
            question["answers"].append((fraction, _comment(part, fmt)))
    elif kind == "essay":  # graded by hand: Moodle sets a 15-line editor and no grader information
        question.update(responseformat="editor", responsefieldlines=15, graderinfo="")
    else:  # numerical
        body = answertext[1:]
        answers = []
        for part in (p.strip() for p in body.split("=") if p.strip()):
            if _WEIGHT.match(part):
                part = _weight(part)[1]
            value = _comment(part, fmt)
            if ".." in value[1:]:
                low, high = (float(v) for v in value.split("..", 1))
                answers.append(((low + high) / 2, high - (low + high) / 2))
            elif ":" in value[1:]:
                answer, tolerance = value.split(":", 1)
                answers.append((float(answer), float(tolerance)))
            else:
                answers.append((float(value), 0.0))
        question["answers"] = answers
    return question


def read(text: str) -> list[dict]:
    """Every question of a GIFT file, split on blank lines as Moodle's importer splits them."""
    questions, current = [], []
    for line in text.splitlines() + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            question = read_question(current)
            if question:
                questions.append(question)
            current = []
    return questions
