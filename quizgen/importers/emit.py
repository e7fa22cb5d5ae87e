"""The imported bank as YAML text written by hand, so it reads like a bank a person wrote: block
style, one blank line between questions, comments above what could not be carried over. Each
scalar goes through PyYAML's safe emitter, which quotes exactly the texts YAML would misread
("yes", "1.10", "a: b", "#tag"); texts of several lines become literal blocks (`|-`)."""

from __future__ import annotations

import re

import yaml

from quizgen.text.numbers import number_text

_UNSAFE_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]|[ \t]$", re.M)


def _quoted(text: str) -> str:
    dumped = yaml.safe_dump(text, allow_unicode=True, width=float("inf"), default_flow_style=True)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def scalar(prefix: str, value, indent: int) -> list[str]:
    """`prefix` followed by `value`; the lines of a literal block indented by `indent`."""
    if isinstance(value, bool):
        return [prefix + ("true" if value else "false")]
    if isinstance(value, (int, float)):
        return [prefix + number_text(value)]
    text = str(value)
    if "\n" in text.strip() and not _UNSAFE_IN_BLOCK.search(text.strip()) and not text.strip()[:1].isspace():
        pad = " " * indent
        return [prefix + "|-"] + [pad + line if line else "" for line in text.strip().split("\n")]
    return [prefix + _quoted(text)]


def mapping(fields: dict, indent: int, first_prefix: str | None = None) -> list[str]:
    """A mapping's lines; `first_prefix` replaces the first line's indentation (`  - `)."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += mapping(value, indent + 2)
        elif isinstance(value, (list, tuple)):
            if value and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
                lines.append(f"{pad}{key}: [{', '.join(number_text(v) for v in value)}]")
            else:
                lines.append(f"{pad}{key}:")
                lines += sequence(value, indent + 2)
        else:
            lines += scalar(f"{pad}{key}: ", value, indent + 2)
    if first_prefix is not None and lines:
        lines[0] = first_prefix + lines[0][indent:]
    return lines


def sequence(items, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            lines += mapping(item, indent + 2, first_prefix=pad + "- ")
        else:
            lines += scalar(pad + "- ", item, indent + 2)
    return lines


def comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}# {line}".rstrip() for line in " ".join(text.split()).split("\n")]


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]")


def source(lines: list[str], indent: int) -> list[str]:
    """A question that was not imported, as its source wrote it, in comments (characters a YAML
    comment cannot hold written as `\\x..`)."""
    pad = " " * indent
    shown = [_UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}", line).rstrip() for line in lines]
    return [f"{pad}# the question as written there:"] + [f"{pad}#     {line}".rstrip() for line in shown]
