"""GIFT, Moodle's text format (docs.moodle.org "GIFT format"), as Moodle's importer reads it.

A question is `::title::[format]text{answers}`, questions are separated by blank lines, `//`
starts a comment line and `$CATEGORY: path` sets the category of the questions after it. Inside
answers `=` marks a right answer, `~` a wrong one (or a weighted one, `~%50%`), `#` feedback,
`####` general feedback, `->` a matching pair, `#` first a numeric answer (`#3.14:0.005`,
`#1..5`); `T`/`F` a true/false question. `\\` escapes `~ = # { } :` and itself; `\\n` is a new line.
"""

from __future__ import annotations

import re
from pathlib import Path

from quizgen.importers import Collector, essays, moodle_category
from quizgen.importers import text as texts

NAME = "gift"
DESCRIPTION = "GIFT"
EXTENSIONS = (".gift",)
SNIFF_ORDER = 2

# An escaped character is held as a private-use character while the structure is parsed.
_ESCAPABLE = "~=#{}:\\n"
_BASE = 0xF000
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_TOLERANCE = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")
_RANGE = re.compile(rf"^({_NUMBER})\.\.({_NUMBER})$")
_BLANK = "\ue000"  # where a missing-word question's answer stood in its text


def sniff(head: str) -> bool:
    return bool(re.search(r"^\s*(::[^\n]*::|\$CATEGORY:)|\{\s*(=|~|#|T\b|F\b|TRUE\b|FALSE\b)", head, re.M))


def _hide(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: chr(_BASE + ord(m[1])) if m[1] in _ESCAPABLE else m[0], text)


def _show(text: str) -> str:
    return re.sub("[\uf000-\uf0ff]", lambda m: "\n" if m[0] == chr(_BASE + ord("n")) else chr(ord(m[0]) - _BASE), text)


def _blocks(lines: list[str]):
    """(first line number, text) of each question, and `$CATEGORY` lines, comments left out."""
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                yield start, "\n".join(current)
                current = []
            continue
        if not current and stripped.startswith("$CATEGORY:"):
            yield number, stripped
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        yield start, "\n".join(current)


class _Question:
    def __init__(self, out: Collector, line: int, category: str):
        self.out, self.line, self.category = out, line, category
        self.drops: list[str] = []

    def where(self):
        return self.out.where(self.line, 1)

    def drop(self, message: str) -> None:
        self.drops.append(message)


def read(path: Path, out: Collector) -> None:
    category = ""
    text = path.read_text(encoding="utf-8-sig")
    for line, block in _blocks(text.splitlines()):
        if block.startswith("$CATEGORY:"):
            category = block.split(":", 1)[1].strip()
            continue
        _read_question(out, line, _hide(block), category)


def _read_question(out: Collector, line: int, block: str, category: str) -> None:
    q = _Question(out, line, category)
    title = ""
    body = block.lstrip()
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            out.error(q.where(), "the title is not closed: write '::title::' before the question text")
            return
        title, body = _show(body[2:end]).strip(), body[end + 2 :]
    fmt = "moodle"
    marker = _FORMAT.match(body)
    if marker:
        fmt, body = marker[1], body[marker.end() :]
    opening = body.find("{")
    if opening < 0:
        out.drop(
            q.where(),
            f"'{title or body.strip()[:40]}' has no answers (a GIFT description): "
            "quizgen has no question without answers; it is left out",
        )
        return
    closing = body.find("}", opening)
    if closing < 0:
        out.error(
            _at(out, line, block, block.find("{")),
            "the answers are not closed: a '}' is missing (write \\} for a brace in the text)",
        )
        return
    before, answers, after = body[:opening], body[opening + 1 : closing], body[closing + 1 :]
    if "{" in after:
        out.error(
            _at(out, line, block, len(block) - len(after) + after.find("{")),
            "a second '{': a GIFT question has one set of answers (write \\{ for a brace in the text)",
        )
        return
    general = ""
    if "####" in answers:
        answers, general = answers.split("####", 1)
    answers = answers.strip()
    prompt_html = before + (_BLANK if after.strip() else "") + after

    def text_of(raw: str) -> str:
        # A missing word's place shows as a line of (escaped) underscores.
        return texts.from_source(_show(raw), fmt).replace(_BLANK, "\\_" * 5)

    fields: dict = {}
    kind = _kind(answers)
    if kind == "essay":
        # Moodle's essay: its only text besides the prompt, the general feedback, is the model
        # answer; quizgen's own export heads it, with the explanation after it (essays.split).
        feedback = text_of(general)
        answer, explanation = essays.split(feedback, "explanation") or (feedback, "")
        fields = {"type": "essay", "prompt": text_of(prompt_html), "answer": answer}
        if explanation:
            fields["explanation"] = explanation
        if not answer:
            # Written with an empty answer, the bank's checks comment it out for the author to complete.
            q.drop(
                "the essay has no model answer (no general feedback), and quizgen needs one for the "
                "answer key: write one in"
            )
        general = ""
    elif kind == "truefalse":
        value, *feedbacks = answers.split("#")
        if any(f.strip() for f in feedbacks):
            q.drop("the feedback of each answer (GIFT '#') is not carried over")
        fields = {"type": "truefalse", "prompt": text_of(prompt_html), "answer": value.strip().upper() in ("T", "TRUE")}
    elif kind == "numeric":
        numeric = _numeric(q, answers[1:], text_of(prompt_html))
        if numeric is None:
            return
        fields = numeric
    else:
        options = _options(q, answers)
        if options is None:
            return
        if kind == "match":
            pairs = []
            for _mark, _weight, value, _feedback in options:
                left, sep, right = value.partition("->")
                if not left.strip():
                    q.drop(
                        f"the extra answer '{_show(right).strip()}' (a distractor without a question) "
                        "is not carried over"
                    )
                    continue
                pairs.append({"left": texts.inline(text_of(left)), "right": texts.inline(texts.plain(_show(right)))})
            fields = {"type": "match", "prompt": text_of(prompt_html), "pairs": pairs}
        elif kind == "short":
            accepted = []
            for _mark, weight, value, _feedback in options:
                if weight is not None and weight < 100:
                    q.drop(
                        f"the answer '{_show(value).strip()}' worth {weight:g}% (quizgen accepts an answer "
                        "or not) is not carried over"
                    )
                    continue
                accepted.append(_show(value).strip())
            if not accepted:
                out.drop(q.where(), "no answer is worth full marks: the question is left out")
                return
            if after.strip():  # missing word: the blank in the text is a cloze
                words = texts.from_source(_show(prompt_html), fmt)
                cloze_text = words.replace(_BLANK, "{{c1::" + accepted[0] + "}}")
                fields = {"type": "cloze", "text": cloze_text}
                if len(accepted) > 1:
                    fields["accept"] = {"c1": accepted[1:]}
            else:
                fields = {
                    "type": "short",
                    "prompt": text_of(prompt_html),
                    "answer": accepted if len(accepted) > 1 else accepted[0],
                }
        else:
            fields = _choices(q, options, text_of, prompt_html)
    if any(o[3] for o in (_options(q, answers, quiet=True) or [])) and kind not in ("truefalse", "numeric"):
        q.drop("the feedback of each answer (GIFT '#') is not carried over")
    if general.strip():
        fields["explanation"] = text_of(general)
    imported = out.question(
        q.where(), fields, preferred_id=title, text=_show(before + after), category=moodle_category(category)
    )
    for message in dict.fromkeys(q.drops):
        out.drop(q.where(), message, imported)


def _at(out: Collector, first_line: int, block: str, offset: int):
    before = block[: max(offset, 0)]
    return out.where(first_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1)


def _kind(answers: str) -> str:
    if not answers:
        return "essay"
    if answers.startswith("#"):
        return "numeric"
    if re.fullmatch(r"(T|F|TRUE|FALSE)\s*(#.*)?", answers, re.S):
        return "truefalse"
    if "->" in answers and "~" not in answers:
        return "match"
    if "~" not in answers:
        return "short"
    return "choice"


def _options(q: _Question, answers: str, quiet: bool = False):
    """[(mark, weight or None, text, feedback)] of `=`/`~` answers."""
    options = []
    for part in re.split(r"(?=[=~])", answers):
        part = part.strip()
        if not part:
            continue
        if part[0] not in "=~":
            if not quiet:
                q.out.error(
                    q.where(),
                    f"'{_show(part)[:40]}' is not an answer: start each answer with '=' "
                    "(right) or '~' (wrong), or escape the character (\\=, \\~)",
                )
            return None
        mark, rest = part[0], part[1:].strip()
        weight = None
        found = _WEIGHT.match(rest)
        if found:
            weight, rest = float(found[1]), rest[found.end() :]
        value, _, feedback = rest.partition("#")
        options.append((mark, weight, value.strip(), _show(feedback).strip()))
    return options


def _choices(q: _Question, options, text_of, prompt_html: str) -> dict:
    right = [o for o in options if o[0] == "=" or (o[1] or 0) > 0]
    choices = [texts.inline(text_of(o[2])) for o in options]
    correct = [texts.inline(text_of(o[2])) for o in right]
    prompt = text_of(prompt_html)
    single = len(right) == 1 and right[0][0] == "="
    if single:
        return {"type": "single", "prompt": prompt, "choices": choices, "answer": correct[0]}
    weights = {o[1] for o in right}
    if len(weights) > 1:
        q.drop("unequal weights of the right answers: quizgen gives each right answer an equal share")
    return {"type": "multiple", "prompt": prompt, "choices": choices, "answer": correct}


def _numeric(q: _Question, answers: str, prompt: str) -> dict | None:
    parts = [p.strip() for p in re.split(r"(?==)", answers) if p.strip()] if "=" in answers else [answers.strip()]
    chosen = None
    for part in parts:
        part = part.lstrip("=").strip()
        weight = 100.0
        found = _WEIGHT.match(part)
        if found:
            weight, part = float(found[1]), part[found.end() :].strip()
        value, _, feedback = part.partition("#")
        value = _show(value).strip()
        if feedback.strip():
            q.drop("the feedback of each answer (GIFT '#') is not carried over")
        parsed = _number_answer(value)
        if parsed is None:
            q.out.error(q.where(), f"'{value}' is not a number, a number:tolerance or a range low..high")
            return None
        if chosen is None and weight >= 100:
            chosen = parsed
        else:
            q.drop(
                f"the other numeric answer '{value}'"
                + (f" worth {weight:g}%" if weight < 100 else "")
                + " (quizgen keeps one answer or range) is not carried over"
            )
    if chosen is None:
        q.out.drop(q.where(), "no numeric answer is worth full marks: the question is left out")
        return None
    return {"type": "numeric", "prompt": prompt, **chosen}


def _number_answer(value: str) -> dict | None:
    found = _RANGE.match(value)
    if found:
        low, high = sorted((float(found[1]), float(found[2])))
        return {"range": [low, high]}
    found = _TOLERANCE.match(value)
    if found:
        answer = {"answer": float(found[1])}
        if found[2] and float(found[2]):
            answer["tolerance"] = abs(float(found[2]))
        return answer
    return None
