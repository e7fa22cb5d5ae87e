"""The bank format as data: which fields each object takes, of which kind, and which are required.

The loader converts banks with these tables and `quizgen schema` prints them as JSON Schema, so the
documentation an editor sees and the rules the loader applies are one and the same.
"""

from __future__ import annotations

import yaml

from quizgen.bank import languages, lint, model, outputs
from quizgen.bank.fields import (
    INVALID,
    Boolean,
    Choice,
    Field,
    Kind,
    ListOf,
    MapOf,
    Number,
    OneOrList,
    Pattern,
    Record,
    Text,
    describe,
    has_required,
    object_schema,
)

# Identifiers become Anki GUIDs, file names and HTML ids: keep them boring.
IDENTIFIER = Pattern(
    r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
    "use up to 64 ASCII letters (a-z, A-Z), digits, '.', '_' or '-', starting with a letter or digit",
)
# Anki tags cannot contain spaces; '::' makes a tag hierarchy.
TAG = Pattern(r"[^\s\"]{1,64}", "a tag is one word of at most 64 characters (no spaces or quotes)")

MAX_CHOICES = 10
MAX_ITEMS = 20
# Totals must stay finite: `points: 1.7e308` twice summed to infinity, which JSON cannot hold.
MAX_POINTS = 1000
MAX_LINES = 60  # a page and a half of writing; more is a typo

SOURCE_REF = Record(
    "a source citation",
    {
        "section": Field(
            Text(allow_empty=True),
            True,
            'The heading of the section in the source document ("" for the opening paragraphs).',
        ),
        "paragraph": Field(Number(minimum=1, integer=True), True, "1-based paragraph number within the section."),
        "evidence": Field(ListOf(Text(), scalar_ok=True), False, "Short terms the cited paragraph must contain."),
    },
    model.SourceRef,
)
SOURCES = OneOrList(SOURCE_REF, min_items=1)

_LINT_IGNORE = Field(
    ListOf(Choice(lint.CODES), min_items=1, scalar_ok=True), True, "Lint rules to silence (see docs/lint.md)."
)
QUESTION_LINT = Record(
    "a question's lint settings",
    {
        "ignore": _LINT_IGNORE,
        "why": Field(Text(), True, "Why the rules do not apply here: a silenced warning needs a reason."),
    },
    model.LintSettings,
)
BANK_LINT = Record(
    "the bank's lint settings",
    {
        "ignore": _LINT_IGNORE,
        "why": Field(Text(), False, "Why the rules do not apply to this bank."),
    },
    model.LintSettings,
)

COMMON_FIELDS = {
    "id": Field(IDENTIFIER, True, "Unique in the bank and stable forever: the Anki note identity."),
    "type": Field(Choice(model.QUESTION_TYPES), True, "The question type."),
    "explanation": Field(Text(), False, "Markdown shown after answering and in answer keys."),
    "tags": Field(ListOf(TAG, scalar_ok=True), False, "Topics; they become Anki tags."),
    "difficulty": Field(Choice(model.DIFFICULTIES), False),
    "points": Field(
        Number(minimum=0, exclusive=True, maximum=MAX_POINTS),
        False,
        f"Points for a right answer (default 1, at most {MAX_POINTS:,}).",
    ),
    "source": Field(
        SOURCES,
        False,
        "Where in the source document the answer is stated: one citation, "
        "or a list when the answer draws on several paragraphs.",
    ),
    "lint": Field(QUESTION_LINT, False, "Lint rules silenced for this question, and why."),
    "outputs": Field(
        ListOf(Choice(lambda: sorted(outputs.names())), min_items=1, scalar_ok=True),
        False,
        "Only these formats show the question (default: every format).",
    ),
    "lines": Field(
        Number(minimum=1, maximum=MAX_LINES, integer=True), False, "Answer lines on the paper for a written answer."
    ),
}

_PROMPT = Field(Text(), True, "Markdown.")
_CHOICES = Field(ListOf(Text(), min_items=2, max_items=MAX_CHOICES), True, "2-10 distinct choices (inline Markdown).")
_SHUFFLE = Field(Boolean(), False, "Shuffle in outputs (default true).")
# Outputs never show an order's items (a match's pairs) in their right order, which is the
# answer: with two, the only other order is the answer reversed.
_TOO_FEW = (
    "fewer than 3 cannot be shown out of order without giving the answer away; "
    "add one, or ask a single or truefalse question instead"
)
# Grading settings (quizgen.grading, docs/grading.md).
_PARTIAL = Field(Boolean(), False, "Give part of the points for a partly right answer (default true).")
_CASE = Field(Boolean(), False, "Match letter case too (default false).")
_ACCENTS = Field(Choice(("keep", "ignore")), False, "ignore: é counts as e (default keep).")

TYPE_FIELDS: dict[str, dict[str, Field]] = {
    "single": {
        "prompt": _PROMPT,
        "choices": _CHOICES,
        "shuffle": _SHUFFLE,
        "answer": Field(
            Text(list_hint="a single-choice question has exactly one answer; use type: multiple for several"),
            True,
            "The correct choice, written exactly as in choices.",
        ),
    },
    "multiple": {
        "prompt": _PROMPT,
        "choices": _CHOICES,
        "shuffle": _SHUFFLE,
        "answer": Field(ListOf(Text(), min_items=1, scalar_ok=True), True, "The correct choices."),
        "partial_credit": _PARTIAL,
    },
    "truefalse": {
        "prompt": Field(Text(), True, "The statement to judge (Markdown)."),
        "answer": Field(Boolean(), True),
    },
    "short": {
        "prompt": _PROMPT,
        "answer": Field(ListOf(Text(), min_items=1, scalar_ok=True), True, "Accepted answers."),
        "case_sensitive": _CASE,
        "accents": _ACCENTS,
    },
    "numeric": {
        "prompt": _PROMPT,
        "answer": Field(Number(has_unit_field=True), False, "The exact answer."),
        "tolerance": Field(Number(minimum=0, has_unit_field=True), False, "Absolute tolerance around the answer."),
        "range": Field(
            ListOf(Number(has_unit_field=True), min_items=2, max_items=2),
            False,
            "Accepted closed interval [low, high].",
        ),
        "unit": Field(Text(), False, "Unit shown after the answer box."),
        "other_decimal": Field(
            Choice(("hint", "accept")),
            False,
            "A number right only when read with the other decimal mark (4.905 for 4,905 in a bank "
            "that writes decimal commas): hint (default: wrong, and the verdict says why) or accept.",
        ),
    },
    "cloze": {
        "text": Field(Text(), True, "Markdown with {{c1::answer}} or {{c1::answer::hint}} markers."),
        "accept": Field(
            MapOf(Pattern(r"c[1-9]\d{0,2}", "name a blank as c1, c2..."), ListOf(Text(), min_items=1, scalar_ok=True)),
            False,
            "More accepted answers per blank: {c1: [Zuckerberg]}.",
        ),
        "case_sensitive": _CASE,
        "accents": _ACCENTS,
        "partial_credit": _PARTIAL,
    },
    "card": {
        "front": Field(Text(), True),
        "back": Field(Text(), True),
        "reverse": Field(Boolean(), False, "Also make a back-to-front card."),
    },
    "essay": {
        "prompt": _PROMPT,
        "answer": Field(Text(), True, "The model answer (Markdown), printed in the key."),
        "notes": Field(Text(), False, "Marking notes for the key (Markdown)."),
    },
    "order": {
        "prompt": _PROMPT,
        "shuffle": _SHUFFLE,
        "partial_credit": _PARTIAL,
        "items": Field(
            ListOf(Text(), min_items=3, max_items=MAX_ITEMS, too_few=_TOO_FEW),
            True,
            "Items in their correct order (at least 3).",
        ),
    },
    "match": {
        "prompt": _PROMPT,
        "shuffle": _SHUFFLE,
        "partial_credit": _PARTIAL,
        "pairs": Field(
            ListOf(
                Record("a pair", {"left": Field(Text(), True), "right": Field(Text(), True)}, model.Pair),
                min_items=3,
                max_items=MAX_CHOICES,
                too_few=_TOO_FEW,
            ),
            True,
            "Pairs, left to right (at least 3).",
        ),
    },
}


def question_fields(type_name: str) -> dict[str, Field]:
    return {**COMMON_FIELDS, **TYPE_FIELDS[type_name]}


class QuestionKind(Kind):
    """One question: its `type` decides which other fields it takes and which model class it is."""

    def convert(self, reader, node, key, locations):
        locations[key] = reader.where(node)
        if not isinstance(node, yaml.MappingNode):
            return reader.error(node, f"each question must be a mapping of fields, got {describe(node)}")
        type_node = next((v for k, v in node.value if getattr(k, "value", None) == "type"), None)
        if type_node is None:
            return reader.error(
                node, f"missing required field 'type' for a question (one of: {', '.join(model.QUESTION_TYPES)})"
            )
        type_name = COMMON_FIELDS["type"].kind.convert(reader, type_node, "type", {})
        if type_name is INVALID:
            return INVALID
        question_locations: dict = {}
        fields = question_fields(type_name)
        article = "an" if type_name[0] in "aeiou" else "a"  # an essay, an order question
        values = reader.read_mapping(node, fields, question_locations, what=f"{article} {type_name} question")
        if not has_required(values, fields):
            return INVALID
        del values["type"]
        return model.QUESTION_TYPES[type_name](**values, locations=question_locations)

    def json_schema(self):
        variants = []
        for type_name in TYPE_FIELDS:
            schema = object_schema(question_fields(type_name))
            schema["properties"]["type"] = {"const": type_name}
            variants.append(
                {"if": {"properties": {"type": {"const": type_name}}, "required": ["type"]}, "then": schema}
            )
        return {
            "type": "object",
            "required": ["id", "type"],
            "properties": {"type": COMMON_FIELDS["type"].kind.json_schema()},
            "allOf": variants,
        }


class QuestionList(ListOf):
    """The bank's questions. Unlike other lists, a broken question does not discard the rest:
    the good ones still go through the cross-question checks (duplicate ids and the like)."""

    def __init__(self):
        super().__init__(QuestionKind(), min_items=1, capped=False)  # the file size bounds them

    def clean(self, reader, node, key, locations):
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            return super().clean(reader, node, key, locations)
        items = [self.item.convert(reader, child, f"{key}[{i}]", locations) for i, child in enumerate(node.value)]
        return tuple(item for item in items if item is not INVALID)


BANK_SOURCE = Record(
    "the bank's source",
    {name: Field(Text()) for name in ("title", "published", "url", "author")}
    | {
        "file": Field(
            Text(),
            False,
            "The source document, a file in the bank's folder (plain text or Markdown, as for `quizgen check`): "
            "`quizgen lint` reads the paragraphs the questions cite.",
        )
    },
    model.BankSource,
)


def _section(*, questions, **values) -> model.Section:
    return model.Section(questions=tuple(q.id for q in questions), **values)


SECTION = Record(
    "a section",
    {
        "title": Field(Text(), True, "The section's heading on the paper and the page."),
        "intro": Field(
            Text(),
            False,
            "Markdown shown once before the section's questions, such as a passage several questions share.",
        ),
        "draw": Field(
            Number(minimum=1, integer=True),
            False,
            "Each version draws this many of the section's questions (default: all).",
        ),
        "shuffle": Field(Boolean(), False, "Shuffle the questions within the section (default true)."),
        "questions": Field(QuestionList(), True, "The section's questions."),
    },
    _section,
)


class SectionList(ListOf):
    """The bank's sections. Like `QuestionList`, a broken section does not discard the others;
    each keeps its questions (the loader flattens them into the bank's questions)."""

    def __init__(self):
        super().__init__(SECTION, min_items=1, capped=False)

    def clean(self, reader, node, key, locations):
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            return super().clean(reader, node, key, locations)
        found = []
        for i, child in enumerate(node.value):
            where: dict = {}
            values = reader.read_mapping(child, SECTION.fields, where, prefix=f"{key}[{i}].", what="a section")
            # Section locations are its own fields, unprefixed.
            own = {
                name[len(f"{key}[{i}].") :] if name.startswith(f"{key}[{i}].") else "": at for name, at in where.items()
            }
            locations.update(where)
            if values is not None and "questions" in values:
                found.append((values, own))
        return tuple(found)

    def json_schema(self):
        return {"type": "array", "items": SECTION.json_schema(), "minItems": 1}


# `labels: {letters: "a b c d"}`: two letters or more, apart, none twice (a choice would have
# two names, or two choices one).
LETTERS = Pattern(
    r"(?!.*(?:^|\s)(\S+)\s(?:.*\s)?\1(?:\s|$))\S+(?: \S+)+",
    'write two letters or more, each once, separated by single spaces, such as "a b c d"',
)

BANK_FIELDS = {
    "id": Field(IDENTIFIER, True, "Stable forever: Anki deck and note identities derive from it."),
    "title": Field(Text(), True),
    "description": Field(Text(), False, "Markdown."),
    "instructions": Field(
        Text(), False, "Markdown for the student: under the paper's header and at the start of the HTML page."
    ),
    "language": Field(
        Pattern(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", "use a language tag such as en or pt-BR"),
        False,
        "BCP 47 language tag (default en).",
    ),
    "labels": Field(
        Record(
            "the bank's labels",
            {
                key: Field(Text(), False, f"Replaces the fixed word {message!r} in every output.")
                for key, message in languages.LABELS.items()
                if key != "letters"
            }
            | {"letters": Field(LETTERS, False, "The letters of choices, order items and match options.")},
            dict,
        ),
        False,
        "Fixed words of the outputs the bank replaces with its own, e.g. {name: Student}.",
    ),
    "source": Field(BANK_SOURCE, False),
    "lint": Field(BANK_LINT, False, "Lint rules silenced for the whole bank."),
    "questions": Field(QuestionList(), False, "The questions (or give 'sections' instead)."),
    "sections": Field(SectionList(), False, "The questions in titled sections (instead of 'questions')."),
}


def json_schema() -> dict:
    """A JSON Schema (draft 2020-12) of a bank, for editors with the YAML language server."""
    bank = object_schema(BANK_FIELDS)
    bank["oneOf"] = [{"required": ["questions"]}, {"required": ["sections"]}]  # exactly one
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quizgen.invalid/schema/bank.json",
        "title": "quizgen question bank",
        **bank,
    }
