"""Bank file → model, keeping every value's location, and reporting every problem on the way.

Steps, each of which may add diagnostics and stop *this* file (never the run):
1. read bytes (size cap) and decode strictly as UTF-8;
2. scan the YAML events once: refuse aliases and absurd nesting before anything is built
   (the "billion laughs" bomb and deep nesting are cheap to compose but explode or crash later);
3. compose nodes with libyaml's safe loader (no Python objects are constructed, no code runs);
4. convert nodes to the frozen model with the field tables of `quizgen.bank.schema`;
5. run the cross-field rules of `quizgen.bank.validate`.
"""

from __future__ import annotations

import codecs
import gc
import itertools
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from quizgen.bank import schema, validate, yaml_hints
from quizgen.bank.diagnostics import Diagnostic, Location, Report
from quizgen.bank.fields import NodeReader
from quizgen.bank.model import Bank

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    # The same interface in another class: mypy cannot type a base class chosen at run time,
    # so it checks _Loader against the C one.
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """The safe loader, minus implicit tag resolution: quizgen reads every scalar from its source
    text (see quizgen.bank.fields), so matching YAML 1.1's type regexes on each one is wasted work."""

    def resolve(self, kind, value, implicit):
        return "tag:yaml.org,2002:str"


DEFAULT_MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64  # real banks nest about 5 levels; libyaml's composer recurses on the C stack
# The line breaks libyaml counts (its marks are what every diagnostic points at); Python's
# str.splitlines() also breaks at \v, \f and \x1c-\x1e, which would shift the caret lines.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_OPENING = re.compile(r"[\[{]")
_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels; a bank needs only a few"
_NESTING = {yaml.SequenceStartEvent: 1, yaml.MappingStartEvent: 1, yaml.SequenceEndEvent: -1, yaml.MappingEndEvent: -1}


@dataclass
class LoadResult:
    path: str
    bank: Bank | None
    diagnostics: list[Diagnostic]
    lines: list[str] = field(default_factory=list, repr=False)  # for caret lines under messages

    @property
    def ok(self) -> bool:
        return self.bank is not None and not any(d.is_error for d in self.diagnostics)


def load_bank(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load and validate one bank file. Never raises for anything the file contains."""
    with cyclic_gc_paused():
        return _load_bank(path, max_bytes)


@contextmanager
def cyclic_gc_paused():
    """Loading makes hundreds of thousands of small, acyclic objects (nodes, values, locations);
    the cyclic collector would re-scan them all again and again, nearly doubling the time for a
    large bank while finding nothing to free. Reference counting still frees everything. (Also
    around reading a class's result files, `quizgen.report.read`: the same kind of work.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_bank(path: str | Path, max_bytes: int) -> LoadResult:
    name = str(path)
    report = Report()
    text = read_text(Path(path), name, report, max_bytes)
    if text is None:
        return LoadResult(name, None, report.sorted(), [])
    lines = _LINE_BREAK.split(text)
    bank = None
    root = compose(text, name, report)
    if root is not None:
        bank = build_bank(root, Path(path), name, report, lines)
    if bank is not None:
        validate.check_bank(bank, report)
    return LoadResult(name, bank, _inside(report.sorted(), name, text, len(lines)), lines)


def _inside(diagnostics: list[Diagnostic], name: str, text: str, line_count: int) -> list[Diagnostic]:
    """libyaml ends a file that lacks a final newline with one of its own, so a problem at the very
    end (an unclosed '{', a missing value) points at a line the file does not have: move it to the
    end of the last line, where an editor can show it."""
    if not any(d.location.line > line_count for d in diagnostics):
        return diagnostics
    end = _text_location(name, text, None)
    return [
        replace(d, location=end) if d.location.path == name and d.location.line > line_count else d for d in diagnostics
    ]


def read_text(path: Path, name: str, report: Report, max_bytes: int) -> str | None:
    here = Location(name, 1, 1)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            report.error(
                here,
                f"file is {size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:g} MiB (raise it with --max-bank-mb)",
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        report.error(Location(name), f"cannot read file: {error.strerror or error}")
        return None
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            report.error(here, f"file is {encoding}-encoded; save it as UTF-8")
            return None
    data = data.removeprefix(codecs.BOM_UTF8)  # harmless, and some editors add it
    nul = data.find(b"\0")
    if nul >= 0:
        report.error(
            _byte_location(name, data, nul),
            "file contains a NUL byte; is it a binary file, or UTF-16 without a byte-order mark?",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        report.error(
            _byte_location(name, data, error.start),
            f"file is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8",
        )
        return None
    if not text.strip():
        report.error(here, "file is empty; a bank needs at least 'id', 'title' and 'questions'")
        return None
    return text


def _byte_location(name: str, data: bytes, offset: int) -> Location:
    return _text_location(name, data[:offset].decode("utf-8", errors="replace"), offset=None)


def _text_location(name: str, text: str, offset: int | None) -> Location:
    """Line and column of `text[offset]` (or of the end of `text`), counting lines as libyaml does,
    so a file with old Mac (CR) or mixed line endings gets the same numbers everywhere."""
    before = text if offset is None else text[:offset]
    breaks = list(_LINE_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    return Location(name, len(breaks) + 1, len(before) - line_start + 1)


def compose(text: str, name: str, report: Report):
    """The YAML node tree, or None after reporting why there is none."""
    try:
        if _needs_event_scan(text) and not _scan_events(text, name, report):
            return None
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        assert mark is not None  # PyYAML's parser and libyaml mark where every syntax error stands
        problem = error.problem or error.context or "syntax error"
        context = ""
        if error.context and error.problem:
            context = f" ({error.context}"
            if error.context_mark is not None and error.context_mark.line != mark.line:
                context += f" that starts at line {error.context_mark.line + 1}"
            context += ")"
        opened = error.context_mark.line if error.context_mark is not None else None
        fix = yaml_hints.hint(problem, _LINE_BREAK.split(text), mark.line, opened)
        report.error(
            Location.from_mark(name, mark), f"YAML syntax error: {problem}{context}{'; ' + fix if fix else ''}"
        )
        return None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow in a file
        # The C reader counts `position` in UTF-8 bytes, the Python one in characters; the first
        # occurrence of the refused character is what both stopped at.
        at = text.find(chr(error.character)) if isinstance(error.character, int) else -1
        report.error(
            _text_location(name, text, at) if at >= 0 else Location(name, 1, 1),
            f"file contains the control character U+{error.character:04X}, which YAML does not allow; remove it",
        )
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every other error the C loader raises is marked
        report.error(Location(name, 1, 1), f"YAML error: {' '.join(str(error).split())}")
        return None
    if root is None:
        report.error(Location(name, 1, 1), "file holds no YAML document")
    return root


# Cheap tests that prove a file has no alias, no second document and no deep nesting, so the
# event scan can be skipped. Each may say "maybe" wrongly (then the scan decides), never "no".
# They run on the text with every line break libyaml knows (CR, CRLF, NEL, U+2028, U+2029)
# turned into "\n": a test that knew only "\n" let an alias after a CR through unscanned.
# Nesting depth <= indentation + block indicators opened on one line + flow brackets + 1.
_DEEP_INDENT = re.compile(r"\n[ \t]{24}")
_TWO_BLOCK_INDICATORS = re.compile(r"[-?][ \t]+[-?][ \t]")  # "- - x" nests on one line
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_PAIR = re.compile(r"\[\]|\{\}|\[\}|\{\]")
_FLOW_PASSES = 16  # 24 + 1 + 16 + 1 < MAX_DEPTH
_MANY_BRACKETS = 200_000  # a 10,000-question bank has about 30,000
# An alias `*name`, an anchor `&name` or a tag `!name` starts a node: at a line's start or after an indicator, blanks between. A `*`
# inside text (Markdown emphasis) follows a word or a space within a scalar. Only an indicator or
# a line start can begin a match, so each blank is looked at a bounded number of times: linear.
_MAYBE_NODE_PROPERTY = re.compile(r"(?:^|[-?:,\[{])[ \t]*[*&!]", re.MULTILINE)


def _needs_event_scan(text: str) -> bool:
    if any(other in text for other in "\r\x85\u2028\u2029"):  # one fast pass each when absent
        text = _LINE_BREAK.sub("\n", text)
    if text.startswith(("---", "...")) or "\n---" in text or "\n..." in text:
        return True  # maybe a second document
    if _DEEP_INDENT.search(text) or _TWO_BLOCK_INDICATORS.search(text):
        return True
    if _MAYBE_NODE_PROPERTY.search(text):
        return True
    # Keep only the brackets, then strip innermost pairs level by level: when none are left
    # within the passes, flow nesting is shallower than that. Quoted brackets only make it look
    # deeper (or unbalanced), which just means scanning. Millions of brackets (16 MB of `{{c1::`)
    # cost the passes several times what the scan costs: scan those files directly.
    if text.count("[") + text.count("{") > _MANY_BRACKETS:
        return True
    brackets = _NOT_A_BRACKET.sub("", text)
    for _ in range(_FLOW_PASSES):
        if not brackets:
            return False
        brackets, removed = _INNERMOST_PAIR.subn("", brackets)
        if not removed:
            return True
    return True


def _scan_events(text: str, name: str, report: Report) -> bool:
    """One cheap pass over the event stream (it keeps its own stack, so depth cannot crash it)."""
    parser = _Loader(text)
    try:
        return _check_events(parser, name, report)
    except yaml.MarkedYAMLError as error:
        if _too_deep_for_libyaml(text, error, name, report):
            return False
        raise
    finally:
        parser.dispose()


def _too_deep_for_libyaml(text: str, error: yaml.MarkedYAMLError, name: str, report: Report) -> bool:
    """libyaml has a nesting limit of its own (1000 levels in PyYAML 6.0.4's wheels), which its
    scanner can reach before the parser hands us the 65th level: it reads ahead up to 1024
    characters of one line. When the line it stopped on opens more brackets than we allow,
    replay the text up to that line, cut just after its 65th opening bracket (too few for
    libyaml's limit, enough for ours), so the user gets quizgen's message at the place the
    nesting crossed quizgen's limit."""
    mark = error.problem_mark
    if mark is None:
        return False
    lines = _LINE_BREAK.split(text, maxsplit=mark.line + 1)
    line = lines[mark.line] if mark.line < len(lines) else ""
    openings = _OPENING.finditer(line)
    past_limit = next(itertools.islice(openings, MAX_DEPTH, None), None)
    if past_limit is None:
        return False
    prefix = "\n".join(lines[: mark.line] + [line[: past_limit.end()]]) + "\n"
    parser = _Loader(prefix)
    replayed = Report()
    try:
        _check_events(parser, name, replayed)
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    too_deep = [d for d in replayed.diagnostics if d.message == _TOO_DEEP]
    report.extend(too_deep)
    return bool(too_deep)


def _check_events(parser, name: str, report: Report) -> bool:
    depth = 0
    ok = True
    documents = 0
    anchors: dict[str, object] = {}  # without aliases, an anchor is a text that starts with '&'
    aliased = False
    while True:
        event = parser.get_event()
        kind = event.__class__
        if kind is yaml.StreamEndEvent:
            if aliased:  # the alias errors already say that anchors have no use in a bank
                return ok
            for anchor, start in anchors.items():
                report.error(
                    Location.from_mark(name, start),
                    f"YAML reads '&{anchor}' as an anchor and drops it; to start a text with "
                    "'&', put the whole text in quotes",
                )
            return ok and not anchors
        step = _NESTING.get(kind)
        if step:
            depth += step
            if depth > MAX_DEPTH:
                report.error(Location.from_mark(name, event.start_mark), _TOO_DEEP)
                return False
        elif kind is yaml.AliasEvent:
            report.error(
                Location.from_mark(name, event.start_mark),
                f"YAML aliases (*{event.anchor}) are not allowed in banks; write the value out",
            )
            aliased = True
            ok = False
        if kind in _WITH_PROPERTIES:
            if event.anchor is not None:
                anchors.setdefault(event.anchor, event.start_mark)
            if not _tag_allowed(event, name, report):
                ok = False
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents == 2:
                report.error(
                    Location.from_mark(name, event.start_mark),
                    "a bank file holds one YAML document; remove the second '---'",
                )
                ok = False


_WITH_PROPERTIES = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _tag_allowed(event, name: str, report: Report) -> bool:
    """A tag (`!important text`), like an anchor never aliased (`&x text`), is almost always a text
    that happens to start with `!`: YAML would silently drop that word. Standard tags (`!!str`)
    are harmless."""
    if event.tag is not None and event.tag != "!" and not event.tag.startswith("tag:yaml.org,2002:"):
        report.error(
            Location.from_mark(name, event.start_mark),
            f"YAML reads '{event.tag}' as a tag and drops it; to start a text with '!', put the whole text in quotes",
        )
        return False
    return True


def build_bank(root, path: Path, name: str, report: Report, lines: list[str] | None = None) -> Bank | None:
    reader = NodeReader(name, report, lines)
    if not isinstance(root, yaml.MappingNode):
        reader.error(
            root,
            "a bank must be a mapping with 'id', 'title' and 'questions' at the top, "
            f"not {'a list' if isinstance(root, yaml.SequenceNode) else 'a single value'}",
        )
        return None
    locations: dict = {}
    values = reader.read_mapping(root, schema.BANK_FIELDS, locations, what="the bank")
    assert values is not None  # root is a mapping (checked above)
    if not _questions_or_sections(root, values, reader):
        return None
    # A bad id or title is already reported; placeholders let the questions still be checked.
    values.setdefault("id", "")
    values.setdefault("title", "")
    return Bank(**values, path=path, locations=locations)


def _questions_or_sections(root, values: dict, reader: NodeReader) -> bool:
    """A bank holds its questions at the top or in sections, exactly one of the two. Sections are
    flattened into `questions` (every format reads those) and kept as `sections` of ids."""
    # Only plain keys: a complex key (a list or mapping) is already reported as one.
    given = {key.value: key for key, _ in root.value if isinstance(key, yaml.ScalarNode)}
    if "questions" in given and "sections" in given:
        reader.error(
            given["sections"],
            "give either 'questions' or 'sections', not both (a bank without sections is one untitled section)",
        )
        return False
    if "sections" not in given:
        if "questions" not in given:
            reader.error(root, "missing required field 'questions' (or 'sections') for the bank")
        return "questions" in values
    if "sections" not in values:
        return False
    sections = []
    questions = []
    for section_values, where in values["sections"]:
        section = schema.SECTION.build(**section_values)
        section = replace(section, locations=where)
        count = len(section.questions)
        if section.draw is not None and section.draw > count:
            reader.report.error(
                section.where("draw"),
                f"'draw' is {section.draw} but the section has only {count} question{'' if count == 1 else 's'}",
            )
        sections.append(section)
        questions += section_values["questions"]
    values["sections"] = tuple(sections)
    values["questions"] = tuple(questions)
    return True
