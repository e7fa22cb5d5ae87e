"""A plain spreadsheet (.csv or .xlsx) a teacher fills in, one question per row under a header
row naming the columns (any order, any letter case): type, id, prompt, choices, answer,
explanation, tags, difficulty, points, tolerance, unit. docs/import.md shows the layout and
`quizgen new --csv FILE` writes an example.

The common layouts of other tools are read too, without reshaping: `question, option1..N,
correct_index` (0- or 1-based, or a letter; `optionA..D` too), `question, options, answer` (the
options in one cell), `question, answer`, `term, definition`, `front, back`, with headers in
several languages and other tools' type names (`choice`, `fill`); `--columns
prompt=Frage,answer=Lösung` names the columns of any other layout."""

from __future__ import annotations

import re
from pathlib import Path

from quizgen.importers import Collector, cells

NAME = "spreadsheet"
DESCRIPTION = "spreadsheet"
EXTENSIONS = (".csv", ".xlsx")
SNIFF_ORDER = 8
COLUMNS = (
    "type",
    "id",
    "prompt",
    "choices",
    "answer",
    "explanation",
    "tags",
    "difficulty",
    "points",
    "tolerance",
    "unit",
)
TYPES = ("single", "multiple", "truefalse", "short", "numeric", "cloze", "card", "order", "match", "essay")


# Other names of quizgen's columns, as other tools and other languages write them (compared
# lower case, with spaces, '-' and '_' alike).
ALIASES = {
    "prompt": (
        "question",
        "question_text",
        "questions",
        "q",
        "term",
        "front",
        "word",
        "stem",
        "item",
        "frage",
        "pregunta",
        "pergunta",
        "domanda",
        "vraag",
        "pytanie",
        "вопрос",
        "문제",
        "질문",
        "питання",
        "soru",
        "سؤال",
        "问题",
        "質問",
    ),
    "answer": (
        "correct",
        "correct_answer",
        "correct_answers",
        "correct_option",
        "correct_index",
        "correct_choice",
        "correct_options",
        "key",
        "answer_key",
        "right_answer",
        "solution",
        "definition",
        "back",
        "meaning",
        "translation",
        "antwort",
        "lösung",
        "respuesta",
        "réponse",
        "reponse",
        "resposta",
        "risposta",
        "antwoord",
        "odpowiedź",
        "ответ",
        "정답",
        "답",
        "відповідь",
        "cevap",
        "إجابة",
        "答案",
        "答え",
    ),
    "explanation": ("feedback", "rationale", "explanation_text", "erklärung", "explicación", "explication"),
    "tags": ("tag", "topic", "category", "categories"),
    "choices": ("options", "alternatives", "distractors"),
}
_OPTION = re.compile(
    r"^(option|opt|choice|answer|ans|alternative|alt|antwort|respuesta|réponse|reponse|resposta|opción|opcion|opção|"
    r"вариант|variant|distractor)_?(\d{1,2}|[a-h])$"
)
# A column whose name starts as an option's does but that _OPTION does not read (`Option A text`,
# `Choice one`): with answers written as letters or numbers, the sheet's options are unread.
_OPTION_LIKE = re.compile(r"^(option|opt|choice|answer|ans|alternative|alt|distractor|вариант|variant)")
# An answer that names options by letter or number (`C`, `2`, `1,3`), not by their text.
_BY_POSITION = re.compile(r"^\s*([a-h]|\d{1,2})(\s*[,;/|]\s*([a-h]|\d{1,2}))*\s*$", re.IGNORECASE)
# Other tools' names of question types (compared as column names are): quizgen's type, or
# "choice" for single or multiple, as the row's answers say.
TYPE_NAMES = {
    **{
        name: "choice" for name in ("choice", "choices", "mc", "mcq", "multiple_choice", "multichoice", "quiz", "radio")
    },
    **{name: "short" for name in ("fill", "fill_in", "fill_in_the_blank", "blank", "text", "input", "shortanswer")},
    **{name: "truefalse" for name in ("tf", "true_false", "true_or_false", "boolean")},
    **{name: "numeric" for name in ("number", "numerical")},
    **{name: "order" for name in ("ordering", "sequence")},
    **{name: "match" for name in ("matching", "pairs")},
    "flashcard": "card",
}
_CARDS = {"term", "front", "word"}  # a layout of flashcards: its rows are cards


def _key(name: str) -> str:
    """`Correct Answer`, `correct-answer`, `correctAnswer` -> `correct_answer`."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[\s_\-]+", "_", words.lower()).strip("_")


def _known(names: list[str]) -> bool:
    keys = {_key(n) for n in names}
    return (
        "prompt" in keys
        or bool(keys & set(ALIASES["prompt"]))
        and (bool(keys & set(ALIASES["answer"])) or any(_OPTION.match(k) for k in keys) or "type" in keys)
    )


def sniff(head: str) -> bool:
    first = head.splitlines()[0] if head else ""
    return _known(re.split(r"[,;\t|]", first))


def sniff_workbook(path: Path) -> bool:
    return _known(cells.workbook_header_cells(path, 3))


def split_list(value: str) -> list[str]:
    """`a | b | c`, or one item per line of the cell; `\\|` is a `|` inside an item."""
    parts = value.split("\n") if "\n" in value else re.split(r"(?<!\\)\|", value)
    return [p.replace("\\|", "|").strip() for p in parts if p.strip()]


def split_choices(value: str) -> list[str]:
    """A cell of choices: as split_list, or `a;b;c` when it holds neither `|` nor a line break
    (one choice alone is no choice, so a `;` there separates them)."""
    items = split_list(value)
    return [p.strip() for p in value.split(";") if p.strip()] if len(items) == 1 and ";" in value else items


def read(path: Path, out: Collector) -> None:
    if path.suffix.lower() == ".xlsx" or _is_zip(path):
        rows = cells.read_xlsx(path, out)
    else:
        given = out.separators[0]
        rows = cells.read_csv(path, given or None)
    header_index = next((i for i, row in enumerate(rows) if any(v.strip() for v in row.values)), None)
    if header_index is None:
        out.error(out.where(), "the spreadsheet is empty")
        return
    header = rows[header_index]
    layout = _Layout.of(out, header, rows[header_index + 1 :])
    if layout is None:
        return
    for i in layout.names.values():
        if i not in layout.columns.values() and i not in layout.options:
            out.drop(header.where(out, i), f"the column '{header.values[i]}' is not one quizgen reads; it is left out")
    for row in rows[header_index + 1 :]:
        if any(v.strip() for v in row.values):
            _row(out, row, layout, header)


class _Layout:
    """Which column holds what: quizgen's own names, their other names (ALIASES), option columns
    (`option1`..`optionN`), or what `--columns` says; and how a row's type and answer are read
    when the sheet has no `type` column."""

    def __init__(self, names: dict[str, int], columns: dict[str, int], options: list[int], header: cells.Row):
        self.names, self.columns, self.options, self.header = names, columns, options, header
        self.cards = "type" not in columns and _key(header.values[columns["prompt"]]) in _CARDS
        self.zero_based = False

    @classmethod
    def of(cls, out: Collector, header: cells.Row, rows: list[cells.Row]) -> "_Layout | None":
        names: dict[str, int] = {}
        for i, value in enumerate(header.values):
            if value.strip():
                names.setdefault(_key(value), i)
        named = [_short(v.strip()) for v in header.values if v.strip()]
        shown = ", ".join(named[:8]) + (f" and {len(named) - 8} more" if len(named) > 8 else "")
        columns: dict[str, int] = {}
        given: list[tuple[int, int]] = []  # (number, column) of the options --columns names
        # --columns prompt=question,answer=correct_index; options as choices=A+B+C or option1=A,option2=B
        for name, column in out.columns.items():
            found = _OPTION.match(_key(name))
            parts = column.split("+") if name == "choices" and "+" in column else [column]
            if name not in COLUMNS and not found:
                out.error(
                    header.where(out),
                    f"--columns: '{name}' is not a column quizgen reads ({', '.join(COLUMNS)}; option columns "
                    f"as choices=COLUMN+COLUMN+... or option1=COLUMN,option2=COLUMN)",
                )
                return None
            missing = [p for p in parts if _key(p) not in names]
            if missing:
                out.error(
                    header.where(out),
                    f"--columns {name}={column}: the header row has no column '{missing[0].strip()}' "
                    f"(its columns are: {shown})",
                )
                return None
            if found:
                given.append((_number(found[2]), names[_key(column)]))
            elif len(parts) > 1:
                given += [(n, names[_key(p)]) for n, p in enumerate(parts, 1)]
            else:
                columns[name] = names[_key(column)]
        for key, i in names.items():
            name = key if key in COLUMNS else next((n for n, other in ALIASES.items() if key in other), None)
            if name and name not in columns and i not in columns.values() and i not in (j for _, j in given):
                columns[name] = i
        numbered = given or [
            (_number(found[2]), i)
            for key, i in names.items()
            if (found := _OPTION.match(key)) and i not in columns.values()
        ]
        options = [i for _, i in sorted(numbered)]
        if "prompt" not in columns:
            out.error(
                header.where(out),
                f"no column holds the questions: name it 'prompt' (or question, term, front), or say which it is "
                f"with --columns prompt=COLUMN (the columns are: {shown}); a file without a header row, such as "
                f"an Anki or Quizlet text export, imports with --format anki or --format quizlet",
            )
            return None
        layout = cls(names, columns, options, header)
        if not options and "choices" not in columns and not layout.unread_options(out, rows, shown):
            return None
        if (options or "choices" in columns) and "type" not in columns:
            if "answer" not in columns:
                out.error(
                    header.where(out),
                    f"option columns but no column with the right answer: name it 'answer' (or correct, "
                    f"correct_index), or say which it is with --columns answer=COLUMN (the columns are: {shown})",
                )
                return None
            layout.zero_based = layout.counts_from_zero(out, rows)
        return layout

    def unread_options(self, out: Collector, rows: list[cells.Row], shown: str) -> bool:
        """False, with an error naming --columns, when columns that look like options are not
        read while the answers name options by letter or number: read as they are, the rows would
        become short questions whose answer is `C`."""
        if "type" in self.columns or "answer" not in self.columns:
            return True
        unread = [i for key, i in self.names.items() if i not in self.columns.values() and _OPTION_LIKE.match(key)]
        answers = [row.get(self.columns["answer"]) for row in rows]
        answers = [a for a in answers if a.strip()]
        # Options come two or more: one `Answer notes` column beside answers such as `8` is no sign.
        if len(unread) < 2 or not answers or not all(_BY_POSITION.match(a) for a in answers):
            return True
        named = "+".join(self.header.values[i].strip() for i in unread)
        out.error(
            self.header.where(out, unread[0]),
            f"the answers are letters or numbers and the columns {', '.join(_short(self.header.values[i].strip()) for i in unread)} "
            f"look like options, but quizgen does not know they are: say so with --columns choices={named} "
            f"(the columns are: {shown})",
        )
        return False

    def counts_from_zero(self, out: Collector, rows: list[cells.Row]) -> bool:
        """Whether the answers number the options from 0: a 0 says so, the last option's number
        says they count from 1; else a column named as an index counts from 0 (noted)."""
        numbers = []
        for row in rows:
            texts = self.choice_texts(row)
            if texts and row.get(self.columns["answer"]) not in texts:  # an answer written as its text tells nothing
                numbers += [(int(n), len(texts)) for n in re.findall(r"\d+", row.get(self.columns["answer"]))]
        if any(n == 0 for n, _ in numbers):
            return True
        if any(n == count for n, count in numbers) or not numbers:
            return False
        key = _key(self.header.values[self.columns["answer"]])
        zero = "index" in key
        out.drop(
            self.header.where(out, self.columns["answer"]),
            f"the answers number the options counting from {0 if zero else 1} (the first option is "
            f"{0 if zero else 1}): no row tells; check the first questions",
        )
        return zero

    def choice_texts(self, row: cells.Row) -> list[str]:
        """The row's choices: its option columns' cells, or its choices cell split."""
        if "choices" in self.columns:
            return split_choices(row.get(self.columns["choices"]))
        return [o for o in (row.get(i) for i in self.options) if o]

    def get(self, row: cells.Row, name: str) -> str:
        if name == "choices":
            return " | ".join(t.replace("|", "\\|") for t in self.choice_texts(row))
        if name == "type":
            given = row.get(self.columns["type"]) if "type" in self.columns else ""
            kind = TYPE_NAMES.get(_key(given), given.lower()) if given or "type" in self.columns else self.guess(row)
            if kind == "choice":
                return "multiple" if len(self.answers(row)) > 1 else "single"
            return kind
        if name == "answer" and self.choice_texts(row):
            return " | ".join(a.replace("|", "\\|") for a in self.answers(row))
        return row.get(self.columns.get(name))

    def guess(self, row: cells.Row) -> str:
        """A row's type when no column says: a card in a sheet of terms, a choice when the row
        has choices, else a short answer (a row of empty option cells is a question to type in)."""
        if self.cards:
            return "card"
        return "choice" if self.choice_texts(row) else "short"

    def answers(self, row: cells.Row) -> list[str]:
        """The right choices of a row: each as its text, or its number from 1 (written from 0,
        or as a letter A, B, ...)."""
        value = row.get(self.columns.get("answer"))
        texts = self.choice_texts(row)
        if value in texts:
            return [value]
        if split_list(value) and all(part in texts for part in split_list(value)):  # `Paris | Rome`
            return split_list(value)
        found = []
        for part in (p.strip() for p in re.split(r"[,;|/\s]+", value) if p.strip()):
            if part.isdigit():
                found.append(str(int(part) + 1 if self.zero_based else int(part)))
            elif len(part) == 1 and part.isalpha() and ord(part.upper()) - 64 <= len(texts):
                found.append(str(ord(part.upper()) - 64))
            else:
                return [value]  # a text that is not one of the options: the row's error says so
        return found


def _number(name: str) -> int:
    """An option column's number: `3` is 3, `c` is 3."""
    return int(name) if name.isdigit() else ord(name) - ord("a") + 1


def _short(text: str, limit: int = 40) -> str:
    """A cell as an error names it: its first line, cut at `limit` characters."""
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= limit and first == text else first[: limit - 1].rstrip() + "…"


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def _row(out: Collector, row: cells.Row, layout: _Layout, header: cells.Row) -> None:
    def get(name: str) -> str:
        return layout.get(row, name)

    def where(name: str):
        return row.where(
            out, layout.columns.get(name, layout.options[0] if name == "choices" and layout.options else None)
        )

    def fail(place, message: str) -> None:  # the row cannot be read: kept as a comment
        out.unreadable(place, message, row.source(header))

    kind = get("type").lower()
    if kind not in TYPES:
        fail(where("type"), f"unknown type '{get('type')}' (one of: {', '.join(TYPES)})")
        return
    prompt, choices, answer = get("prompt"), split_list(get("choices")), get("answer")
    fields: dict = {"type": kind}
    if kind in ("single", "multiple"):
        answers = [_choice(a, choices) for a in (split_list(answer) if kind == "multiple" else [answer])]
        if not choices or not all(answers):
            fail(
                where("answer") if choices else where("choices"),
                "write the choices separated by '|' and the answer as one of them (or its number)",
            )
            return
        fields.update(prompt=prompt, choices=choices, answer=answers if kind == "multiple" else answers[0])
    elif kind == "truefalse":
        value = answer.lower()
        if value not in ("true", "false", "t", "f", "yes", "no", "1", "0"):
            fail(where("answer"), f"'{answer}' is neither true nor false")
            return
        fields.update(prompt=prompt, answer=value in ("true", "t", "yes", "1"))
    elif kind == "short":
        accepted = split_list(answer)
        fields.update(prompt=prompt, answer=accepted if len(accepted) > 1 else answer)
    elif kind == "numeric":
        fields.update(prompt=prompt)
        if not _numeric(fail, fields, answer, get("tolerance"), where):
            return
    elif kind == "cloze":
        fields.update(text=prompt)
    elif kind == "card":
        fields.update(front=prompt, back=answer)
    elif kind == "essay":  # marked by hand against the model answer
        fields.update(prompt=prompt, answer=answer)
    elif kind == "order":
        fields.update(prompt=prompt, items=choices)
    elif kind == "match":
        pairs = []
        for item in choices:
            left, arrow, right = item.partition("->")
            if not arrow:
                fail(where("choices"), f"'{item}' is not a pair: write 'left -> right'")
                return
            pairs.append({"left": left.strip(), "right": right.strip()})
        fields.update(prompt=prompt, pairs=pairs)
    for name in ("explanation", "difficulty", "unit"):
        if get(name) and (name != "unit" or kind == "numeric"):
            fields[name] = get(name)
    if get("points"):
        try:
            fields["points"] = float(get("points").replace(",", "."))
        except ValueError:
            fail(where("points"), f"'{get('points')}' is not a number")
            return
    tags = [t for t in re.split(r"[\s,]+", get("tags")) if t]
    if tags:
        fields["tags"] = tags
    out.question(row.where(out), fields, preferred_id=get("id"), text=prompt)


def _choice(answer: str, choices: list[str]) -> str:
    """The answer as written in the choices, or the choice it numbers (1 for the first)."""
    if answer in choices:
        return answer
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    return ""


def _numeric(fail, fields: dict, answer: str, tolerance: str, where) -> bool:
    number = r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)"
    found = re.fullmatch(rf"\s*({number})\s*\.\.\s*({number})\s*", answer)
    try:
        if found:
            low, high = sorted(float(x.replace(",", ".")) for x in found.groups())
            fields["range"] = [low, high]
        else:
            fields["answer"] = float(answer.replace(",", "."))
            if tolerance:
                fields["tolerance"] = abs(float(tolerance.replace(",", ".")))
    except ValueError:
        fail(
            where("tolerance")
            if found is None and tolerance and re.fullmatch(number, answer.strip())
            else where("answer"),
            f"'{answer}' is not a number or a range low..high (and the tolerance, if any, a number)",
        )
        return False
    return True
