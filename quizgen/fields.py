"""Field kinds: each turns one composed YAML node into a clean Python value, or reports why not.

Like MkDocs' config options, a kind is a small validator object; unlike them, a kind never
raises: it reports through the `NodeReader` and returns `INVALID`, so one run finds every problem.
Each kind also describes itself as JSON Schema, so `quizgen schema` and the loader cannot drift.

Values always come from the scalar's *source text*, not from YAML 1.1's implicit typing: an author
who writes `yes`, `1.10`, `010` or `2024-01-02` as a choice gets exactly those characters.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from quizgen import limits
from quizgen.diagnostics import Location, Report

INVALID = object()  # a value that could not be converted; the problem is already reported

# YAML refuses control characters in the file but lets a double-quoted "\0" or "\e[31m" create
# them; no output format can show them, and several (XML, HTML, terminals) misbehave on them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_BOOL_TEXT = {"true": True, "false": False}
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


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

    def __init__(self, path: str, report: Report):
        self.path = path
        self.report = report
        self.max_text_chars = limits.TEXT_CHARS.value()  # read once: Text checks every value

    def where(self, node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def error(self, node, message: str):
        self.report.error(self.where(node), message)
        return INVALID

    def read_mapping(self, node, fields: dict[str, "Field"], locations: dict, prefix: str = "",
                     what: str = "this mapping") -> dict[str, Any] | None:
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
                self.error(key_node, f"duplicate key '{key}' (first given on line {first}); "
                                     "YAML would silently keep only the last one")
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

    def __init__(self, *, allow_empty: bool = False, list_hint: str = ""):
        self.allow_empty = allow_empty
        self.list_hint = list_hint

    def clean(self, reader, node, key, locations):
        if isinstance(node, yaml.SequenceNode) and self.list_hint:
            return reader.error(node, f"'{key}': {self.list_hint}")
        if not isinstance(node, yaml.ScalarNode):
            return reader.error(node, f"'{key}' must be text, got {describe(node)}")
        if is_null(node):
            if self.allow_empty:
                return ""
            return reader.error(node, f"'{key}' must not be empty")
        text = node.value.strip()
        if not text and not self.allow_empty:
            return reader.error(node, f"'{key}' must not be empty")
        control = _CONTROL.search(text)
        if control:
            return reader.error(node, f"'{key}' contains the control character U+{ord(control[0]):04X}; "
                                      "remove it")
        if len(text) > reader.max_text_chars:
            return reader.error(node, f"'{key}' {limits.TEXT_CHARS.exceeded(f'{len(text):,} characters long')}")
        return text

    def json_schema(self):
        return {"type": ["string", "number", "boolean"]} if self.allow_empty else {
            "type": ["string", "number", "boolean"], "minLength": 1}


class Pattern(Text):
    """Text that must match a regular expression, such as an identifier."""

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
    """Text from a fixed set."""

    def __init__(self, values):
        super().__init__()
        self.values = tuple(values)

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
        return reader.error(node, f"'{key}' must be true or false, got {describe(node)}")

    def json_schema(self):
        return {"type": "boolean"}


class Number(Kind):
    """A finite decimal number read from its source text (`010` is ten, `1:30` is an error)."""

    def __init__(self, *, minimum: float | None = None, exclusive: bool = False, integer: bool = False):
        self.minimum = minimum
        self.exclusive = exclusive
        self.integer = integer

    def clean(self, reader, node, key, locations):
        text = node.value.strip() if isinstance(node, yaml.ScalarNode) else None
        if text is None or not _NUMBER.fullmatch(text):
            return reader.error(node, f"'{key}' must be a number, got {describe(node)}")
        value = float(text.replace("_", ""))
        if not math.isfinite(value):
            return reader.error(node, f"'{key}' is too large")
        if value == int(value) and not re.search(r"[.eE]", text):
            value = int(value)
        if self.integer and not isinstance(value, int):
            return reader.error(node, f"'{key}' must be a whole number, got {text}")
        if self.minimum is not None and (value < self.minimum or (self.exclusive and value == self.minimum)):
            relation = "greater than" if self.exclusive else "at least"
            return reader.error(node, f"'{key}' must be {relation} {self.minimum:g}, got {text}")
        return value

    def json_schema(self):
        schema: dict = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["exclusiveMinimum" if self.exclusive else "minimum"] = self.minimum
        return schema


class ListOf(Kind):
    """A list of values of one kind. With `scalar_ok`, a lone value counts as a one-item list."""

    def __init__(self, item: Kind, *, min_items: int = 0, max_items: int | None = None,
                 scalar_ok: bool = False):
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.scalar_ok = scalar_ok

    def clean(self, reader, node, key, locations):
        if self.scalar_ok and isinstance(node, yaml.ScalarNode) and not is_null(node):
            value = self.item.convert(reader, node, f"{key}[0]", locations)
            return INVALID if value is INVALID else (value,)
        if not isinstance(node, yaml.SequenceNode):
            return reader.error(node, f"'{key}' must be a list, got {describe(node)}")
        count = len(node.value)
        if count < self.min_items or (self.max_items is not None and count > self.max_items):
            if self.max_items is None:
                wanted = f"at least {self.min_items} item{'s' if self.min_items != 1 else ''}"
            elif self.min_items == self.max_items:
                wanted = f"exactly {self.min_items} items"
            elif self.min_items:
                wanted = f"{self.min_items} to {self.max_items} items"
            else:
                wanted = f"at most {self.max_items} items"
            return reader.error(node, f"'{key}' needs {wanted}, got {count}")
        items = [self.item.convert(reader, child, f"{key}[{i}]", locations)
                 for i, child in enumerate(node.value)]
        return INVALID if INVALID in items else tuple(items)

    def json_schema(self):
        schema: dict = {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        if self.scalar_ok:
            return {"anyOf": [self.item.json_schema(), schema]}
        return schema


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
            name = getattr(key_node, "value", None)
            if not isinstance(key_node, yaml.ScalarNode) or not self.key.regex.fullmatch(name):
                reader.error(key_node, f"'{key}' cannot have an entry {describe(key_node)}: {self.key.explain}")
                continue
            if name in result:
                reader.error(key_node, f"duplicate key '{name}' in '{key}'")
                continue
            value = self.value.convert(reader, value_node, f"{key}.{name}", locations)
            locations[f"{key}.{name}"] = reader.where(key_node)  # problems with an entry point at its key
            if value is not INVALID:
                result[name] = value
        return result

    def json_schema(self):
        return {"type": "object", "propertyNames": self.key.json_schema(),
                "additionalProperties": self.value.json_schema()}


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
    return {"type": "object", "properties": properties,
            "required": [n for n, s in fields.items() if s.required], "additionalProperties": False}
