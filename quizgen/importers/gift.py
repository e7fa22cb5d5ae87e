"""GIFT, Moodle's text format (docs.moodle.org "GIFT format"), read as Moodle's own reader
(question/format/gift) reads it, and a little more.

A question is `::title::[format]text{answers}`, questions are separated by blank lines, `//`
starts a comment line and `$CATEGORY: path` sets the category of the questions after it. Inside
answers `=` marks a right answer, `~` a wrong one (or a weighted one, `~%50%`; `~=x` is a right
one, as Moodle reads it), `#` feedback, `####` general feedback, `->` a matching pair, `#` first
a numeric answer (`#3.14:0.005`, `#1..5`); `T`/`F` a true/false question. `\\` escapes
`~ = # { } :` and itself; `\\n` is a new line.

Beyond Moodle's reader: a question that starts on the line after another one's `}` (or a
`$CATEGORY` line there) without the blank line between them is read as the next question, with a
note; a question with several sets of answers on one line, or with Moodle's embedded answers
(`{1:MC:~a~=b}`), is a cloze with a blank for each. A question that cannot be read is reported
and kept in the bank as a comment; the reader goes on with the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.importers import Collector, Imported, essays, moodle_category
from quizgen.importers import answers as answer_rules
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
_MARKER = "\ue001{}\ue001"  # where a cloze's blank stands while its text is converted
_TITLE_LINE = re.compile(r"^\s*::.*?::")
_EMBEDDED_SET = re.compile(r"^\s*(\d*):([A-Z_]+):(.*)$", re.S)
_BLANK_LINE_HINT = (
    "no blank line between this question and the one above: read as the next question "
    "(Moodle needs the blank line, and would read both as one broken question)"
)


def sniff(head: str) -> bool:
    return bool(re.search(r"^\s*(::[^\n]*::|\$CATEGORY:)|\{\s*(=|~|#|T\b|F\b|TRUE\b|FALSE\b)", head, re.M))


def _hide(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: chr(_BASE + ord(m[1])) if m[1] in _ESCAPABLE else m[0], text)


def _show(text: str) -> str:
    return re.sub("[\uf000-\uf0ff]", lambda m: "\n" if m[0] == chr(_BASE + ord("n")) else chr(ord(m[0]) - _BASE), text)


@dataclass
class _Piece:
    """One question's lines (escapes hidden, comment lines left out) and its source lines as
    written, comments included; or a `$CATEGORY` line."""

    line: int
    lines: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    category: str | None = None
    cut_at: int = 0  # the line of a question that began inside this one's open answers

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _pieces(lines: list[str], out: Collector):
    """The questions and `$CATEGORY` lines of the file, in order. Blank lines separate questions,
    as Moodle reads them; inside a run of lines without a blank one, a line outside any answers
    that starts with `$CATEGORY:` or with a `::title::`, or that opens answers after the question
    above closed its own on an earlier line, starts the next question (noted: the blank line is
    missing)."""
    current: _Piece | None = None
    depth = 0  # inside `{...}`
    closed = False  # the current question's answers were closed on an earlier line
    embedded = False  # the current question has embedded answers (`{1:MC:...}`): one cloze
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            if current is not None:
                yield current
            current, depth, closed, embedded = None, 0, False, False
            continue
        if stripped.startswith("//"):  # a comment line, anywhere (as Moodle reads it)
            if current is not None:
                current.source.append(line)
            continue
        hidden = _hide(line)
        if current is not None and current.lines and depth and _TITLE_LINE.match(hidden):
            # A title inside open answers: the '}' above is missing; this is the next question.
            current.cut_at = number
            yield current
            current, depth, closed, embedded = None, 0, False, False
        if current is not None and current.lines and depth == 0:
            starts_set = re.search(r"\{(?!\s*\d*:[A-Z_]+:)", hidden) is not None
            if (
                stripped.startswith("$CATEGORY:")
                or _TITLE_LINE.match(hidden)
                or (closed and starts_set and not embedded)
            ):
                out.report.note(
                    out.where(number, 1),
                    _BLANK_LINE_HINT
                    if not stripped.startswith("$CATEGORY:")
                    else (
                        "no blank line before this $CATEGORY line: read as a change of category "
                        "(Moodle would read it as part of the question above)"
                    ),
                )
                yield current
                current, closed, embedded = None, False, False
        if current is None and stripped.startswith("$CATEGORY:"):
            yield _Piece(number, category=stripped.split(":", 1)[1].strip())
            continue
        if current is None:
            current = _Piece(number)
        current.lines.append(hidden)
        current.source.append(line)
        embedded = embedded or re.search(r"\{\s*\d*:[A-Z_]+:", hidden) is not None
        for char in hidden:
            if char == "{":
                depth += 1
            elif char == "}" and depth:
                depth -= 1
        closed = closed or ("}" in hidden and depth == 0)
    if current is not None:
        yield current


def read(path: Path, out: Collector) -> None:
    category = ""
    text = path.read_text(encoding="utf-8-sig")
    blanks: list[tuple[Imported, str, int, int]] = []  # quizgen's export of a cloze, one question per blank
    for piece in _pieces(text.splitlines(), out):
        if piece.category is not None:
            category = piece.category
            continue
        question = _Question(out, piece, moodle_category(category))
        try:
            question.read()
        except _Unreadable as problem:
            out.unreadable(problem.where or question.where(), str(problem), _trimmed(piece.source), error=problem.error)
            for message in dict.fromkeys(question.drops):
                out.drop(question.where(), message, out.questions[-1])
            continue
        found = _BLANK_TITLE.match(question.title)
        if found and out.questions and out.questions[-1].fields.get("type") == "cloze":
            blanks.append((out.questions[-1], found[1], int(found[2]), int(found[3])))
    _join_blanks(out, blanks)


_BLANK_TITLE = re.compile(r"^(.+) \(blank (\d+) of (\d+)\)$")


def _join_blanks(out: Collector, blanks: list[tuple[Imported, str, int, int]]) -> None:
    """quizgen's GIFT export writes a cloze of n blanks as n questions `::id (blank k of n)::`,
    each showing the others filled in: n such questions in a row, whose texts agree, are that
    cloze again, under its id."""
    i = 0
    while i < len(blanks):
        _, base, k, n = blanks[i]
        run = blanks[i : i + n]
        i += 1
        if k != 1 or n < 2 or [b[1:] for b in run] != [(base, j, n) for j in range(1, n + 1)]:
            continue
        joined = _joined_text([b[0].fields for b in run])
        if joined is None:
            continue
        first = run[0][0]
        first.fields = {**{k: v for k, v in first.fields.items() if k not in ("text", "accept")}, **joined}
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", base) and base.lower() not in out.ids.used:
            out.ids.used.add(base.lower())
            first.fields["id"] = base
        for other, *_ in run[1:]:
            first.comments += [c for c in other.comments if c not in first.comments]
            out.questions.remove(other)
        i += n - 1


def _joined_text(parts: list[dict]) -> dict | None:
    """The one cloze whose blanks `parts` ask one at a time, or None if their texts disagree. A
    blank asked shows its hint after it, `answer (hint)`, which the others do not."""
    marker = re.compile(r"\{\{c1::(.*?)\}\}")
    # per part: (text without the hint, text as shown, where its blank starts, answer, hint)
    readings: list[tuple[str, str, int, str, str]] = []
    for fields in parts:
        found = list(marker.finditer(fields["text"]))
        if len(found) != 1:
            return None
        m = found[0]
        before, answer, after = fields["text"][: m.start()], m[1], fields["text"][m.end() :]
        hint = re.match(r" \(([^()]*)\)", after)
        stripped = before + answer + (after[hint.end() :] if hint else after)
        readings.append((stripped, before + answer + after, m.start(), answer, hint[1] if hint else ""))
    full: str
    for full in dict.fromkeys(text for r in readings[:1] for text in (r[1], r[0])):
        if all(full in (r[0], r[1]) for r in readings):
            break
    else:
        return None
    text: list[str] = []
    last, accept = 0, {}
    spans = sorted((r[2], number, r[3], r[4] if full == r[0] != r[1] else "") for number, r in enumerate(readings, 1))
    for start, number, blank_answer, blank_hint in spans:
        if start < last:
            return None
        text += [full[last:start], "{{c%d::%s%s}}" % (number, blank_answer, "::" + blank_hint if blank_hint else "")]
        last = start + len(blank_answer)
        if parts[number - 1].get("accept", {}).get("c1"):
            accept[f"c{number}"] = parts[number - 1]["accept"]["c1"]
    joined: dict[str, Any] = {"text": "".join(text) + full[last:]}
    if accept:
        joined["accept"] = accept
    return joined


def _trimmed(source: list[str]) -> list[str]:
    while source and source[-1].strip().startswith("//"):
        source = source[:-1]
    return source


class _Unreadable(Exception):
    """A question that cannot be read (an error), or that the bank cannot hold (`error=False`)."""

    def __init__(self, message: str, where=None, error: bool = True):
        super().__init__(message)
        self.where, self.error = where, error


class _Question:
    def __init__(self, out: Collector, piece: _Piece, category: tuple[str, ...]):
        self.out, self.piece, self.category = out, piece, category
        self.drops: list[str] = []
        self.fmt = "moodle"
        self.title = ""

    def where(self):
        return self.out.where(self.piece.line, 1)

    def at(self, offset: int):
        """The place of `offset` in the question's text."""
        before = self.piece.text[: max(offset, 0)]
        return self.out.where(self.piece.line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1)

    def drop(self, message: str) -> None:
        self.drops.append(message)

    def text_of(self, raw: str) -> str:
        # A missing word's place shows as a line of (escaped) underscores.
        return texts.from_source(_show(raw), self.fmt, self.image).replace(_BLANK, "\\_" * 5)

    def image(self, src: str, alt: str) -> str:
        """A GIFT file carries no image: Moodle's export refers to the course's files."""
        name = src.rsplit("/", 1)[-1] or src
        self.drop(f"the image '{name}' is not in the GIFT file (Moodle XML carries images): it is left out")
        return ""

    def read(self) -> None:
        block = self.piece.text
        title, body, offset = "", block.lstrip(), len(block) - len(block.lstrip())
        if body.startswith("::"):
            end = body.find("::", 2)
            if end < 0:  # Moodle reads on without a title
                self.drop("the title is not closed (write '::title::' before the question text): read without one")
                body, offset = body[2:], offset + 2
            else:
                title, body, offset = _show(body[2:end]).strip(), body[end + 2 :], offset + end + 2
        self.title = title
        marker = _FORMAT.match(body)
        if marker:
            self.fmt, body, offset = marker[1], body[marker.end() :], offset + marker.end()
        sets = self.answer_sets(body, offset)
        if not sets:  # a description: the bank's instructions or a section's intro
            intro = self.text_of(body)
            heading = title or texts.inline(intro)[:60].rstrip()
            for message in dict.fromkeys(self.drops):
                self.out.report.note(self.where(), message)
            if not intro:
                raise _Unreadable(f"'{title}' has neither text nor answers", error=False)
            self.out.describe(self.where(), heading, intro, _trimmed(self.piece.source))
            return
        embedded = any(_EMBEDDED_SET.match(body[start + 1 : end]) for start, end in sets)
        if len(sets) > 1 or embedded:
            fields = self.cloze(body, sets, offset)
        else:
            fields = self.single_set(body, *sets[0])
        text = _show(re.sub(r"\{[^}]*\}", " ", body))
        linked = sorted(set(re.findall(r"href\s*=\s*[\"']@@PLUGINFILE@@/([^\"']+)", _show(block))))
        if linked:
            self.drop(
                f"{', '.join(linked)}: files of the Moodle course, which a GIFT file does not carry; "
                "links to them lead nowhere"
            )
        imported = self.out.question(self.where(), fields, preferred_id=title, text=text, category=self.category)
        for message in dict.fromkeys(self.drops):
            self.out.drop(self.where(), message, imported)

    def answer_sets(self, body: str, offset: int) -> list[tuple[int, int]]:
        """The (start, end) of each `{...}` in `body`."""
        sets: list = []
        i = 0
        while True:
            start = body.find("{", i)
            stray = body.find("}", i, start if start >= 0 else len(body))
            if stray >= 0 and not sets:
                raise _Unreadable(
                    "a '}' without a '{' before it: open the answers with '{' (write \\} for a brace in the text)",
                    self.at(offset + stray),
                )
            if start < 0:
                return sets
            end = body.find("}", start)
            inner = body.find("{", start + 1, end if end >= 0 else len(body))
            if end < 0 or inner >= 0:
                where = f" before the question on line {self.piece.cut_at}" if end < 0 and self.piece.cut_at else ""
                raise _Unreadable(
                    f"the answers are not closed: a '}}' is missing{where} (write \\{{ for a brace in the text)",
                    self.at(offset + start),
                )
            sets.append((start, end))
            i = end + 1

    # -- one set of answers: the question types of GIFT ------------------------------------

    def single_set(self, body: str, start: int, end: int) -> dict:
        before, answers, after = body[:start], body[start + 1 : end], body[end + 1 :]
        general = ""
        if "####" in answers:  # Moodle takes the last one
            answers, _, general = answers.rpartition("####")
        answers = answers.strip()
        prompt_html = before + (_BLANK if after.strip() else "") + after
        kind = _kind(answers)
        fields: dict[str, Any]
        if kind == "essay":
            fields = self.essay(prompt_html, general)
            general = ""
        elif kind == "truefalse":
            value, *feedback = answers.split("#")
            if any(f.strip() for f in feedback):
                self.drop("the feedback of each answer (GIFT '#') is not carried over")
            fields = {
                "type": "truefalse",
                "prompt": self.text_of(prompt_html),
                "answer": value.strip() in ("T", "TRUE"),
            }
        elif kind == "numeric":
            fields = self.numeric(answers[1:], self.text_of(prompt_html))
        elif kind == "match":
            fields = self.match(answers, prompt_html)
        elif kind == "short":
            fields = self.short(answers, prompt_html, after)
        else:
            fields = self.choices(self.options(answers), prompt_html)
        if general.strip():
            fields["explanation"] = self.text_of(general)
        return fields

    def essay(self, prompt_html: str, general: str) -> dict:
        # Moodle's essay: its only text besides the prompt, the general feedback, is the model
        # answer; quizgen's own export heads it, with the explanation after it (essays.split).
        feedback = self.text_of(general)
        answer, explanation = essays.split(feedback, "explanation") or (feedback, "")
        fields = {"type": "essay", "prompt": self.text_of(prompt_html), "answer": answer}
        if explanation:
            fields["explanation"] = explanation
        if not answer:
            # Written with an empty answer, the bank's checks comment it out for the author to complete.
            self.drop(essays.no_model_answer("general feedback"))
        return fields

    def options(self, answers: str, unmarked: str = "~") -> list[tuple[str, float | None, str, str]]:
        """[(mark, weight or None, text, feedback)] of `=`/`~` answers, as Moodle splits them: an
        answer with no text (the `~` of `~=right`) is no answer, and text before the first mark
        is an answer marked `unmarked` (a wrong choice; a short answer's accepted one)."""
        options = []
        parts = re.split(r"(?=[=~])", answers)
        if parts and parts[0].strip():
            if unmarked == "~":
                self.drop(
                    f"'{_show(parts[0]).strip()[:40]}' has no '=' or '~' before it: read as a wrong answer, as Moodle "
                    "reads it (escape a '=' or '~' in an answer as \\= or \\~)"
                )
            parts[0] = unmarked + parts[0]
        else:
            parts = parts[1:]
        for part in parts:
            mark, rest = part[0], part[1:].strip()
            weight = None
            found = _WEIGHT.match(rest)
            if found:
                weight, rest = float(found[1]), rest[found.end() :].strip()
            value, _, feedback = rest.partition("#")
            if not value.strip():
                if feedback.strip() or weight:
                    self.drop("an answer without text (only its weight or feedback) is left out")
                continue
            options.append((mark, weight, value.strip(), _show(feedback).strip()))
        if any(o[3] for o in options):
            self.drop("the feedback of each answer (GIFT '#') is not carried over")
        return options

    def choices(self, options, prompt_html: str) -> dict:
        right = [o for o in options if o[0] == "=" or (o[1] or 0) > 0]
        choices = [texts.inline(self.text_of(o[2])) for o in options]
        correct = [texts.inline(self.text_of(o[2])) for o in right]
        prompt = self.text_of(prompt_html)
        if not right:
            raise _Unreadable(
                "no answer is right: mark the right one with '=' (or a weight such as ~%100%)", self.where()
            )
        if any((o[1] or 0) < 0 for o in options):
            self.drop("the negative weights of wrong answers (penalties) are not carried over")
        if len(right) == 1 and right[0][0] == "=":
            return {"type": "single", "prompt": prompt, "choices": choices, "answer": correct[0]}
        if len({o[1] for o in right}) > 1:
            self.drop("unequal weights of the right answers: quizgen gives each right answer an equal share")
        return {"type": "multiple", "prompt": prompt, "choices": choices, "answer": correct}

    def short(self, answers: str, prompt_html: str, after: str) -> dict:
        accepted = []
        for _mark, weight, value, _feedback in self.options(answers, unmarked="="):
            shown = _show(value).strip()
            if weight is not None and weight < 100:
                self.drop(
                    f"the answer '{shown}' worth {weight:g}% (quizgen accepts an answer or not) is not carried over"
                )
                continue
            if re.search(r"(?<!\\)\*", value):
                self.drop(f"the answer '{shown}' uses Moodle's wildcard '*', which quizgen does not have")
                continue
            accepted.append(shown)
        accepted = answer_rules.distinct(accepted)
        if not accepted:
            raise _Unreadable("no answer quizgen can hold is worth full marks", self.where(), error=False)
        if after.strip():  # missing word: the blank in the text is a cloze
            words = texts.from_source(_show(prompt_html), self.fmt)
            fields: dict[str, Any] = {"type": "cloze", "text": words.replace(_BLANK, "{{c1::" + accepted[0] + "}}")}
            if len(accepted) > 1:
                fields["accept"] = {"c1": accepted[1:]}
            return fields
        return {
            "type": "short",
            "prompt": self.text_of(prompt_html),
            "answer": accepted if len(accepted) > 1 else accepted[0],
        }

    def match(self, answers: str, prompt_html: str) -> dict:
        pairs = []
        for part in re.split(r"(?==)", answers)[1:]:
            left, arrow, right = part[1:].partition("->")
            if not arrow:
                raise _Unreadable(
                    f"'{_show(part[1:]).strip()[:40]}' is not a pair: write each as '=left -> right'", self.where()
                )
            if not left.strip():
                self.drop(
                    f"the extra answer '{_show(right).strip()}' (a distractor without a question) is not carried over"
                )
                continue
            pairs.append({"left": texts.inline(self.text_of(left)), "right": texts.inline(texts.plain(_show(right)))})
        return {"type": "match", "prompt": self.text_of(prompt_html), "pairs": pairs}

    def numeric(self, answers: str, prompt: str) -> dict:
        answers, tilde, wrong = answers.partition("~")  # Moodle: feedback for any other answer
        if tilde and wrong.strip():
            self.drop("the feedback for a wrong answer (GIFT '~#') is not carried over")
        parts = [p.strip() for p in re.split(r"(?==)", answers) if p.strip()]
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
                self.drop("the feedback of each answer (GIFT '#') is not carried over")
            parsed = _number_answer(value)
            if parsed is None:
                raise _Unreadable(f"'{value}' is not a number, a number:tolerance or a range low..high", self.where())
            if chosen is None and weight >= 100:
                chosen = parsed
            else:
                self.drop(
                    f"the other numeric answer '{value}'"
                    + (f" worth {weight:g}%" if weight < 100 else "")
                    + " (quizgen keeps one answer or range) is not carried over"
                )
        if chosen is None:
            raise _Unreadable("no numeric answer is worth full marks", self.where(), error=False)
        return {"type": "numeric", "prompt": prompt, **chosen}

    # -- several sets, or embedded answers: a cloze ------------------------------------------

    def cloze(self, body: str, sets: list[tuple[int, int]], offset: int) -> dict:
        blanks: list[list[str]] = []
        case_sensitive = False
        pieces, last = [], 0
        for start, end in sets:
            inner = body[start + 1 : end]
            embedded = _EMBEDDED_SET.match(inner)
            if embedded:
                right, drops = answer_rules.blank(embedded[2], embedded[3], lambda v: _show(v))
                self.drops.extend(drops)
                case_sensitive = case_sensitive or embedded[2] in answer_rules.CASE_SENSITIVE
            else:
                right = self.blank_answers(inner, body, start, offset)
            if not right:
                raise _Unreadable("this blank has no right answer: mark it with '=' (or '~=')", self.at(offset + start))
            blanks.append(right)
            pieces += [body[last:start], _MARKER.format(len(blanks))]
            last = end + 1
        text = self.text_of("".join(pieces) + body[last:])
        accept = {}
        for number, right in enumerate(blanks, 1):
            text = text.replace(_MARKER.format(number), "{{c%d::%s}}" % (number, right[0]))
            if len(right) > 1:
                accept[f"c{number}"] = right[1:]
        fields: dict = {"type": "cloze", "text": text}
        if case_sensitive:
            fields["case_sensitive"] = True
        if accept:
            fields["accept"] = accept
        return fields

    def blank_answers(self, inner: str, body: str, start: int, offset: int) -> list[str]:
        """The right answers of one plain set of a question with several: `=` or `~`
        answers; any other kind of set means the question is not a cloze."""
        answers = inner.rpartition("####")[0] if "####" in inner else inner
        kind = _kind(answers.strip())
        if kind not in ("choice", "short"):
            between = body[:start]
            missing_line = "\n" in between[between.rfind("}") + 1 :] if "}" in between else False
            cause = (
                "a blank line is probably missing before this line (each GIFT question ends with a blank line); "
                if missing_line
                else ""
            )
            raise _Unreadable(
                f"{cause}a second '{{': a GIFT question has one set of answers, or several blanks with "
                "'=' or '~' answers (write \\{ for a brace in the text)",
                self.at(offset + start),
            )
        options = self.options(answers.strip(), unmarked="=" if kind == "short" else "~")
        right = [_show(o[2]).strip() for o in options if (o[1] is None and o[0] == "=") or (o[1] or 0) >= 100]
        if kind == "choice":
            self.drop(
                "the other choices of each blank are not carried over: each blank takes its right answer typed in"
            )
        return answer_rules.distinct(right)


def _kind(answers: str) -> str:
    """The question type Moodle's reader gives these answers, in its order of tests."""
    if not answers:
        return "essay"
    if answers.startswith("#"):
        return "numeric"
    if "~" in answers:
        return "choice"
    if "=" in answers and "->" in answers:
        return "match"
    if re.fullmatch(r"(T|F|TRUE|FALSE)\s*(#.*)?", answers, re.S):
        return "truefalse"
    return "short"


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
