"""How to fix a YAML syntax error, in the author's terms rather than the parser's.

libyaml says *what* it could not parse ("found character that cannot start any token"); nearly
every such error in a question bank comes from one of a few slips, each visible on the line the
error points at: a text that starts with a character YAML reserves, a `: ` inside a text, a tab,
or a line indented differently from its neighbours. `hint` looks at that line and names the fix.
"""

from __future__ import annotations

import re

# `  - key: value` (dashes and key optional): the parts of one block line.
_LINE = re.compile(
    r"(?P<indent>[ \t]*)(?P<dashes>(?:-[ \t]+)*)(?:(?P<key>[A-Za-z_][\w.-]*):(?:[ \t]+|$))?"
    r"(?P<value>.*)"
)

# Characters that make YAML read a value as something other than plain text, and what it reads.
_RESERVED = {
    "*": "an alias",
    "&": "an anchor",
    "!": "a tag",
    "@": "a reserved character",
    "`": "a reserved character",
    "[": "a list",
    "{": "a mapping",
    "%": "a directive",
    "|": "a block of text",
    ">": "a block of text",
    "- ": "a list item",
    "? ": "a complex key",
    '"': "a quoted text that ends at the next '\"'",
    "'": 'a quoted text that ends at the next "\'"',
}

# Lines where the reserved character is used as YAML means it, so the error lies elsewhere: a
# quoted text with nothing after its closing quote, a whole [list] or {mapping}, a block header.
_WHOLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"\s*(?:#.*)?|\'(?:[^\']|\'\')*\'\s*(?:#.*)?')
_WHOLE_FLOW = re.compile(r"[\[{].*[\]}]\s*(?:#.*)?")
_BLOCK_HEADER = re.compile(r"[|>][-+1-9]*\s*(?:#.*)?")
_COMMENT = re.compile(r"\s#")
_SHOWN_MAX = 60  # longer texts are not repeated in the hint


def hint(problem: str, lines: list[str], line: int, opened: int | None = None) -> str:
    """A fix for the syntax error `problem` reported on `lines[line]` (0-based), or ''.
    `opened` is the line where the construct the parser was reading began, when it knows."""
    if not 0 <= line < len(lines):
        return ""
    text = lines[line]
    if "unknown escape character" in problem:
        return (
            "in double quotes a backslash starts an escape, and YAML has none for this one; TeX "
            "in double quotes doubles each backslash (\\\\sqrt), and so does a brace meant as text "
            "(\\\\{{), or put the text in single quotes, where a backslash is itself"
        )
    if (
        "expected ',' or" in problem
        and opened is not None
        and any(_COMMENT.search(lines[n]) for n in range(max(opened, 0), line + 1))
    ):
        return (
            "a ' #' inside [...] or {...} starts a comment that hides the rest of the line, "
            "closing bracket included; put the text with '#' in quotes"
        )
    if "tab" in problem or "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
        return "indent with spaces, not tabs (YAML does not allow tabs in indentation)"
    parts = _LINE.fullmatch(text.rstrip("\r\n"))
    value = parts["value"].rstrip() if parts else ""
    key = parts["key"] if parts else None
    start = value[:2] if value[:2] in _RESERVED else value[:1]
    if start and start in _RESERVED and not _meant_as_syntax(start, value, problem):
        return (
            f"a text cannot start with {start!r}, which YAML reads as {_RESERVED[start]}; "
            f"put the whole text in quotes{_example(key, value)}"
        )
    if key is not None and re.search(r":(\s|$)", value) and "mapping values" in problem:
        return (
            f"the text contains ': ', which YAML reads as a new field; put the whole text in "
            f"quotes{_example(key, value)}"
        )
    if (
        "mapping values" in problem
        or "expected key" in problem
        or "indicator" in problem
        or ("block" in problem and "expected" in problem)
    ):
        return (
            "check the indentation of this line and the one before: the fields of one question "
            "line up under each other, indented with spaces"
        )
    return ""


def _meant_as_syntax(start: str, value: str, problem: str) -> bool:
    if start in "\"'":
        return bool(_WHOLE_QUOTED.fullmatch(value))
    if start in "[{":
        return "expected ',' or" in problem or bool(_WHOLE_FLOW.fullmatch(value))
    if start in "|>":
        return bool(_BLOCK_HEADER.fullmatch(value))
    return False


def _example(key: str | None, value: str) -> str:
    """`: prompt: "Note: this"`, when it is short enough to show."""
    if len(value) > _SHOWN_MAX or not key:
        return ""
    quoted = f'"{value}"' if '"' not in value and "\\" not in value else "'" + value.replace("'", "''") + "'"
    return f": {key}: {quoted}"
