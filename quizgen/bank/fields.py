"""Field kinds: each turns one composed YAML node into a clean Python value, or reports why not.

Like MkDocs' config options, a kind is a small validator object; unlike them, a kind never
raises: it reports through the `NodeReader` and returns `INVALID`, so one run finds every problem.
Each kind also describes itself as JSON Schema, so `quizgen schema` and the loader cannot drift.

Values always come from the scalar's *source text*, not from YAML 1.1's implicit typing: an author
who writes `yes`, `1.10`, `010` or `2024-01-02` as a choice gets exactly those characters.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import yaml

from quizgen.bank import limits
from quizgen.bank.diagnostics import Location, Report, plural

INVALID = object()  # a value that could not be converted; the problem is already reported

# YAML refuses control characters in the file but lets a double-quoted "\0" or "\e[31m" create
# them; no output format can show them, and several (XML, HTML, terminals) misbehave on them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A double-quoted `\t`, `\n`, `\r`, `\L`, `\P`, `\N` or `\_` before a letter (`\times`, `\nu`,
# `\Lambda`): YAML makes a tab, a line break or a space of it, and the formula a command short.
_ESCAPED_TEX = re.compile(r"(?<!\\)(?:\\\\)*\\[tnrLPN_][A-Za-z]")
_FORMULA_IN_SOURCE = re.compile(r"(?<!\\)\$(?=\S)(?:[^$\\]|\\.)*?(?<=\S)\$|\\\\\((?:.*?)\\\\\)")
# The control characters a double-quoted YAML escape makes of a backslash and a letter.
_YAML_ESCAPES = {"\x00": "0", "\x07": "a", "\x08": "b", "\x0b": "v", "\x0c": "f", "\x1b": "e", "\x85": "N"}


def _escape_in_formula(source: str) -> bool:
    """Whether a double-quoted text, as written, has an escape YAML turns into a character (a tab,
    a line break) where TeX meant a command (`\\theta`, `\\nu`, `\\Lambda`): one inside what the
    Markdown reads as a formula, `$...$` (no space inside either `$`) or `\\(...\\)` (written
    `\\\\(` in double quotes). "$5\\nThen $6" is two prices and a line break."""
    spans = [m.span() for m in _FORMULA_IN_SOURCE.finditer(source)]
    return any(start <= found.start() < end for found in _ESCAPED_TEX.finditer(source) for start, end in spans)


_BOOL_TEXT = {"true": True, "false": False}
_COMMENT_AFTER = re.compile(r"[ \t]*#")
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
# The common slips in a number: a decimal comma (3,5) and a unit typed after it (3.5 g).
_DECIMAL_COMMA = re.compile(r"([-+]?\d+),(\d+)")
# A unit starts with a letter or a sign; written right after the number it has no digit (0x1F is
# hexadecimal, not zero units of x1F).
_NUMBER_THEN_UNIT = re.compile(rf"({_NUMBER.pattern})(?:\s+((?:[^\W\d_]|[%°$€£]).*)|((?:[^\W\d_]|[%°$€£])\D*))")


def describe(node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if is_null(node):
        return "nothing"
    return repr(node.value)


def is_plain(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style


def is_null(node) -> bool:
    return is_plain(node) and node.value in ("", "~", "null", "Null", "NULL")


class NodeReader:
    """Converts nodes of one file, recording each value's location and reporting problems."""

    def __init__(self, path: str, report: Report, lines: list[str] | None = None):
        self.path = path
        self.report = report
        self.lines = lines or []  # the file's lines, to see what YAML dropped as a comment
        self.max_text_chars = limits.TEXT_CHARS.value()  # read once: Text checks every value

    def comment_after(self, mark) -> int | None:
        """The 0-based column of a `#` comment right after `mark` on its line, if there is one."""
        if not 0 <= mark.line < len(self.lines):
            return None
        line = self.lines[mark.line]
        if mark.column >= len(line) or line[mark.column] not in " \t":  # most texts end their line
            return None
        found = _COMMENT_AFTER.match(line, mark.column)
        return found.end() - 1 if found else None

    def source_of(self, node) -> str:
        """A node's text as written in the file (quotes and escapes included)."""
        start, end = node.start_mark, node.end_mark
        if not 0 <= start.line <= end.line < len(self.lines):
            return ""
        if start.line == end.line:
            return self.lines[start.line][start.column : end.column]
        return "\n".join(
            [
                self.lines[start.line][start.column :],
                *self.lines[start.line + 1 : end.line],
                self.lines[end.line][: end.column],
            ]
        )

    def where(self, node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def error(self, node, message: str):
        self.report.error(self.where(node), message)
        return INVALID

    def read_mapping(
        self, node, fields: dict[str, "Field"], locations: dict, prefix: str = "", what: str = "this mapping"
    ) -> dict[str, Any] | None:
        """Convert a mapping whose keys must be among `fields`; None if it is not a mapping.

        The result holds every value that converted cleanly; a value that did not is left out
        (and reported), so callers check `has_required` before building an object. Keeping the
        rest lets the cross-field checks still run when an optional value is wrong.
        """
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"expected a mapping of fields for {what}, got {describe(node)}")
            return None
        locations[prefix.rstrip(".")] = self.where(node)
        values: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.error(key_node, "a field name must be plain text")
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.error(
                    key_node,
                    f"duplicate key '{key}' (first given on line {first}); YAML would silently keep only the last one",
                )
                continue
            seen[key] = key_node
            spec = fields.get(key)
            if spec is None:
                self.error(key_node, unknown_key_message(key, fields, what))
                continue
            value = spec.kind.convert(self, value_node, prefix + key, locations)
            if value is not INVALID:
                values[key] = value
        for name, spec in fields.items():
            if spec.required and name not in seen:
                self.error(node, f"missing required field '{name}' for {what}")
        return values


def has_required(values: dict[str, Any] | None, fields: dict[str, "Field"]) -> bool:
    return values is not None and all(name in values for name, spec in fields.items() if spec.required)


def unknown_key_message(key: str, fields: dict, what: str) -> str:
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f" (valid: {', '.join(sorted(fields))})"
    return f"unknown field '{key}' for {what}{hint}"


@dataclass(frozen=True)
class Field:
    kind: "Kind"
    required: bool = False
    description: str = ""


class Kind:
    """Base of every kind: `convert` a node (recording its location) and describe the schema."""

    def convert(self, reader: NodeReader, node, key: str, locations: dict):
        locations[key] = reader.where(node)
        return self.clean(reader, node, key, locations)

    def clean(self, reader: NodeReader, node, key: str, locations: dict):
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError


class Text(Kind):
    """One piece of text, taken exactly as typed (YAML 1.1 typing is ignored)."""

    prose = True  # free text, where a ` #` is far likelier meant as text than as a comment

    def __init__(self, *, allow_empty: bool = False, list_hint: str = ""):
        self.allow_empty = allow_empty
        self.list_hint = list_hint

    def clean(self, reader, node, key, locations):
        if isinstance(node, yaml.SequenceNode) and self.list_hint:
            return reader.error(node, f"'{key}': {self.list_hint}")
        if not isinstance(node, yaml.ScalarNode):
            return reader.error(node, f"'{key}' must be text, got {describe(node)}")
        comment = reader.comment_after(node.end_mark) if self.prose and not node.style else None
        if is_null(node):
            if self.allow_empty:
                return ""
            if comment is not None:  # `prompt: #hashtag`
                return reader.error(
                    node,
                    f"'{key}' must not be empty: YAML reads everything from '#' "
                    "on as a comment; put the whole text in quotes",
                )
            return reader.error(node, f"'{key}' must not be empty")
        if comment is not None:  # `prompt: Which tag is #biology`
            line = node.end_mark.line
            dropped = reader.lines[line][comment:].strip()
            dropped = dropped if len(dropped) <= 40 else dropped[:40] + "..."
            reader.report.warning(
                Location(reader.path, line + 1, comment + 1),
                f"'{key}' ends before '#': YAML reads '{dropped}' as a comment and drops "
                "it; to keep it in the text, put the whole text in quotes",
            )
        text = node.value.strip()
        if not text and not self.allow_empty:
            return reader.error(node, f"'{key}' must not be empty")
        control = _CONTROL.search(text)
        if control:
            after = text[control.end() : control.end() + 1]
            tex_like = node.style == '"' and after.isascii() and after.isalpha()  # an ANSI "\e[31m" is not
            escape = _YAML_ESCAPES.get(control[0]) if tex_like else None
            if escape:  # TeX in double quotes: "$\frac12$" holds a form feed and "rac", not \frac
                return reader.error(
                    node,
                    f"'{key}' contains the control character U+{ord(control[0]):04X}, "
                    f"which YAML makes of \\{escape} in double quotes: write \\\\{escape} for a "
                    "backslash and the letter (TeX's \\frac is \\\\frac there), or use "
                    "single quotes, where a backslash is itself",
                )
            return reader.error(node, f"'{key}' contains the control character U+{ord(control[0]):04X}; remove it")
        if node.style == '"' and _escape_in_formula(reader.source_of(node)):
            return reader.error(
                node,
                f"'{key}' has a formula in double quotes, where YAML reads \\t, \\n, \\r, "
                "\\L and \\P as a tab, a line break or a separator, so TeX's \\times, \\nu, "
                "\\rho or \\Lambda lose their backslash: write \\\\times there, or use "
                "single quotes, where a backslash is itself",
            )
        if len(text) > reader.max_text_chars:
            return reader.error(node, f"'{key}' {limits.TEXT_CHARS.exceeded(f'{len(text):,} characters long')}")
        return text

    def json_schema(self):
        return (
            {"type": ["string", "number", "boolean"]}
            if self.allow_empty
            else {"type": ["string", "number", "boolean"], "minLength": 1}
        )


class Pattern(Text):
    """Text that must match a regular expression, such as an identifier."""

    prose = False  # identifiers and tags: a comment after them is a comment

    def __init__(self, regex: str, explain: str):
        super().__init__()
        self.regex = re.compile(regex)
        self.explain = explain

    def clean(self, reader, node, key, locations):
        text = super().clean(reader, node, key, locations)
        if text is not INVALID and not self.regex.fullmatch(text):
            return reader.error(node, f"'{key}' value {text!r} is not valid: {self.explain}")
        return text

    def json_schema(self):
        return {"type": "string", "pattern": f"^{self.regex.pattern}$"}


class Choice(Text):
    """Text from a fixed set: the values, or a function that gives them, asked the first time
    they are needed (the output names cost an entry-point scan no bank without `outputs:` needs)."""

    prose = False

    def __init__(self, values: Iterable[str] | Callable[[], Iterable[str]]):
        super().__init__()
        self._values = values if callable(values) else tuple(values)

    @functools.cached_property
    def values(self) -> tuple[str, ...]:
        return tuple(self._values()) if callable(self._values) else self._values

    def clean(self, reader, node, key, locations):
        text = super().clean(reader, node, key, locations)
        if text is INVALID or text in self.values:
            return text
        close = difflib.get_close_matches(text, self.values, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f" (expected one of: {', '.join(self.values)})"
        return reader.error(node, f"'{key}' value {text!r} is not valid{hint}")

    def json_schema(self):
        return {"enum": list(self.values)}


class Boolean(Kind):
    """Only `true` or `false`: YAML 1.1's `yes`/`no`/`on`/`off` are too easy to write by accident."""

    def clean(self, reader, node, key, locations):
        if is_plain(node) and node.value.lower() in _BOOL_TEXT:
            return _BOOL_TEXT[node.value.lower()]
        if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"') and node.value.strip().lower() in _BOOL_TEXT:
            return reader.error(
                node,
                f"'{key}' must be true or false, got {node.style}{node.value}{node.style}: "
                f"the quotes make it text; write {node.value.strip().lower()} "
                "without quotes",
            )
        return reader.error(node, f"'{key}' must be true or false, got {describe(node)}")

    def json_schema(self):
        return {"type": "boolean"}


class Number(Kind):
    """A finite decimal number read from its source text (`010` is ten, `1:30` is an error)."""

    def __init__(
        self,
        *,
        minimum: float | None = None,
        exclusive: bool = False,
        integer: bool = False,
        has_unit_field: bool = False,
        maximum: float | None = None,
    ):
        self.minimum = minimum
        self.exclusive = exclusive
        self.integer = integer
        self.has_unit_field = has_unit_field  # the question has a 'unit' field to suggest
        self.maximum = maximum

    def clean(self, reader, node, key, locations):
        text = node.value.strip() if isinstance(node, yaml.ScalarNode) else None
        if text is None or not _NUMBER.fullmatch(text):
            return reader.error(node, f"'{key}' must be a number, got {describe(node)}{self._hint(text)}")
        value = float(text.replace("_", ""))
        if not math.isfinite(value):
            limit = f"; it must be at most {self.maximum:g}" if self.maximum is not None else ""
            return reader.error(node, f"'{key}' is too large{limit}")
        if value == int(value) and not re.search(r"[.eE]", text):
            value = int(value)
        if self.integer and not isinstance(value, int):
            return reader.error(node, f"'{key}' must be a whole number, got {text}")
        if self.minimum is not None and (value < self.minimum or (self.exclusive and value == self.minimum)):
            relation = "greater than" if self.exclusive else "at least"
            return reader.error(node, f"'{key}' must be {relation} {self.minimum:g}, got {text}")
        if self.maximum is not None and value > self.maximum:
            return reader.error(node, f"'{key}' must be at most {self.maximum:g}, got {text}")
        return value

    def _hint(self, text: str | None) -> str:
        if text is None:
            return ""
        comma = _DECIMAL_COMMA.fullmatch(text)
        if comma:
            return (
                f"; write {comma[1]}.{comma[2]} (numbers take a decimal point; a decimal comma "
                "only stays as written in quoted text)"
            )
        with_unit = _NUMBER_THEN_UNIT.fullmatch(text)
        if with_unit and self.has_unit_field:
            unit = with_unit[2] or with_unit[3]
            return f"; write {with_unit[1]} and give the unit in its own field: unit: {unit}"
        return ""

    def json_schema(self):
        schema: dict = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["exclusiveMinimum" if self.exclusive else "minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


class ListOf(Kind):
    """A list of values of one kind. With `scalar_ok`, a lone value counts as a one-item list.

    `max_items` is part of the format (10 choices); a list without one is held to the raisable
    `limits.LIST_ITEMS` (unless `capped` is false), so no list makes one question unboundedly large."""

    def __init__(
        self,
        item: Kind,
        *,
        min_items: int = 0,
        max_items: int | None = None,
        scalar_ok: bool = False,
        too_few: str = "",
        capped: bool = True,
    ):
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.scalar_ok = scalar_ok
        self.too_few = too_few  # why the minimum is what it is, told to whoever gives fewer
        self.capped = capped and max_items is None

    def clean(self, reader, node, key, locations):
        if self.scalar_ok and isinstance(node, yaml.ScalarNode) and not is_null(node):
            value = self.item.convert(reader, node, f"{key}[0]", locations)
            return INVALID if value is INVALID else (value,)
        if not isinstance(node, yaml.SequenceNode):
            return reader.error(node, f"'{key}' must be a list, got {describe(node)}")
        count = len(node.value)
        if count < self.min_items or (self.max_items is not None and count > self.max_items):
            if self.max_items is None:
                wanted = f"at least {plural(self.min_items, 'item')}"
            elif self.min_items == self.max_items:
                wanted = f"exactly {plural(self.min_items, 'item')}"
            elif self.min_items:
                wanted = f"{self.min_items} to {self.max_items} items"
            else:
                wanted = f"at most {plural(self.max_items, 'item')}"
            why = f" ({self.too_few})" if self.too_few and count < self.min_items else ""
            return reader.error(node, f"'{key}' needs {wanted}, got {count}{why}")
        if self.capped and count > limits.LIST_ITEMS.value():
            return reader.error(node, f"'{key}' {limits.LIST_ITEMS.exceeded(f'{count:,} items long')}")
        items = [self.item.convert(reader, child, f"{key}[{i}]", locations) for i, child in enumerate(node.value)]
        return INVALID if INVALID in items else tuple(items)

    def json_schema(self):
        schema: dict = {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}
        if self.max_items is not None or self.capped:
            schema["maxItems"] = self.max_items if self.max_items is not None else int(limits.LIST_ITEMS.default)
        if self.scalar_ok:
            return {"anyOf": [self.item.json_schema(), schema]}
        return schema


class OneOrList(ListOf):
    """A list of records, or one record on its own (a mapping where a list was expected)."""

    item: Record

    def __init__(self, item: Record, **options: Any):
        super().__init__(item, **options)

    def clean(self, reader, node, key, locations):
        if isinstance(node, yaml.MappingNode):
            # Messages name the fields as written (`source.paragraph`); the locations are also
            # filed as the first item's (`source[0].paragraph`), so later checks find them either way.
            value = self.item.convert(reader, node, key, locations)
            for name in [k for k in locations if k.startswith(f"{key}.")]:
                locations[f"{key}[0]{name[len(key) :]}"] = locations[name]
            locations[f"{key}[0]"] = locations[key]
            return INVALID if value is INVALID else (value,)
        if not isinstance(node, yaml.SequenceNode):
            return reader.error(
                node, f"'{key}' must be {self.item.what} (a mapping of fields) or a list of them, got {describe(node)}"
            )
        return super().clean(reader, node, key, locations)

    def json_schema(self):
        return {"anyOf": [self.item.json_schema(), super().json_schema()]}


class MapOf(Kind):
    """A mapping whose keys follow a pattern (`c1`, `c2`...) and whose values are of one kind."""

    def __init__(self, key: Pattern, value: Kind):
        self.key = key
        self.value = value

    def clean(self, reader, node, key, locations):
        if not isinstance(node, yaml.MappingNode):
            return reader.error(node, f"'{key}' must be a mapping, got {describe(node)}")
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or not self.key.regex.fullmatch(key_node.value):
                reader.error(key_node, f"'{key}' cannot have an entry {describe(key_node)}: {self.key.explain}")
                continue
            name = key_node.value
            if name in result:
                reader.error(key_node, f"duplicate key '{name}' in '{key}'")
                continue
            value = self.value.convert(reader, value_node, f"{key}.{name}", locations)
            locations[f"{key}.{name}"] = reader.where(key_node)  # problems with an entry point at its key
            if value is not INVALID:
                result[name] = value
        return result

    def json_schema(self):
        return {
            "type": "object",
            "propertyNames": self.key.json_schema(),
            "additionalProperties": self.value.json_schema(),
        }


class Record(Kind):
    """A nested mapping with its own fields, built into a model object by `build`."""

    def __init__(self, what: str, fields: dict[str, Field], build: Callable[..., Any]):
        self.what = what
        self.fields = fields
        self.build = build

    def convert(self, reader, node, key, locations):
        values = reader.read_mapping(node, self.fields, locations, prefix=f"{key}.", what=self.what)
        return self.build(**values) if has_required(values, self.fields) else INVALID

    def json_schema(self):
        return object_schema(self.fields)


def object_schema(fields: dict[str, Field]) -> dict:
    properties = {}
    for name, spec in fields.items():
        properties[name] = dict(spec.kind.json_schema())
        if spec.description:
            properties[name]["description"] = spec.description
    return {
        "type": "object",
        "properties": properties,
        "required": [n for n, s in fields.items() if s.required],
        "additionalProperties": False,
    }
