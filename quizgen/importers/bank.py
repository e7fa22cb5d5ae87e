"""What `quizgen import` does with a source file: detect its format, read it, and write the bank
(plus the images it carried, in a folder beside the bank)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from quizgen import importers
from quizgen.bank import limits
from quizgen.bank.diagnostics import Diagnostic, Location, Report, shown_path
from quizgen.bank.ids import bank_id_for
from quizgen.bank.load import DEFAULT_MAX_BYTES
from quizgen.importers import Collector, emit, language
from quizgen.importers.ids import tag
from quizgen.runtime.output import write_atomic
from quizgen.text.numbers import byte_size


class UnknownFormat(Exception):
    pass


@dataclass
class Outcome:
    """What an import did: its diagnostics, the files it wrote (the bank first), how many
    questions the bank holds, and how many the source has that could not be read (each kept in
    the bank as a comment, and an error among the diagnostics)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    count: int = 0
    unreadable: int = 0

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def valid_bank_id(bank_id: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", bank_id))


def read(
    source: Path,
    format_name: str | None = None,
    image_folder: str = "images",
    separators: tuple[str | None, str | None] = (None, None),
    columns: dict[str, str] | None = None,
) -> tuple[str, Collector]:
    """Read `source` (in `format_name`, else the detected format) into a collector. A separator
    given on a command line may spell a tab `\\t` and a line break `\\n`: the readers get the
    characters."""
    given = tuple(None if sep is None else sep.replace("\\t", "\t").replace("\\n", "\n") for sep in separators)
    collector = Collector(source, image_folder=image_folder, separators=given, columns=dict(columns or {}))
    problem = source_problem(source)
    if problem:
        collector.error(collector.where(), problem)
        return format_name or "", collector
    name = format_name or importers.detect(source)
    if name is None:
        raise UnknownFormat(
            f"cannot tell the format of {shown_path(source)}; name it with --format ({', '.join(importers.names())})"
        )
    module = importers.load(name)
    try:
        module.read(source, collector)
    except UnicodeDecodeError as error:
        collector.error(collector.where(), f"not UTF-8 text (byte {error.start + 1}); save it as UTF-8")
    except importers.TooMany as error:
        collector.error(
            error.origin,
            limits.IMPORT_QUESTIONS.exceeded(str(error), verb="the file holds") + "; split it, or import part of it",
        )
    return name, collector


def source_problem(source: Path) -> str:
    """Why `source` is refused before a byte of it is read: not a regular file (`/dev/zero`
    never ends, a named pipe blocks until someone writes to it), or larger than the limit."""
    try:
        status = os.stat(source)
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    if not stat.S_ISREG(status.st_mode):
        return "is not a regular file (a device, a pipe or a folder): quizgen imports only files"
    if status.st_size > limits.IMPORT_MB.value() * 2**20:
        return limits.IMPORT_MB.exceeded(f"{status.st_size / 2**20:.1f} MiB", verb="the file is")
    return ""


def image_folder(output: Path) -> str:
    return f"{output.stem}-files"


@dataclass
class _Layout:
    """Where each collected entry goes: the bank's instructions (descriptions before every
    question), its sections (a description heads the questions after it, up to the next one),
    or a flat `questions:` list; descriptions that head no question are kept as comments."""

    instructions: str = ""
    sections: list[tuple[int | None, list[int]]] | None = None  # (description index, entry indices)
    flat: list[int] = field(default_factory=list)  # entry indices, when there are no sections
    orphans: set[int] = field(default_factory=set)  # descriptions written as comments


def _layout(collector: Collector, refused: dict[int, list[str]], descriptions: bool = True) -> _Layout:
    entries = collector.questions
    described = [i for i, e in enumerate(entries) if e.description]
    others = [i for i, e in enumerate(entries) if not e.description]
    if not descriptions or not described:
        return _Layout(flat=list(range(len(entries))), orphans=set(described))
    if all(i < others[0] for i in described) if others else True:
        text = "\n\n".join(entries[i].fields["intro"] for i in described)
        return _Layout(instructions=text, flat=others)

    def live(i: int) -> bool:
        return not entries[i].description and not entries[i].kept_as_comment and i not in refused

    groups: list[tuple[int | None, list[int]]] = [(None, [])]
    for i, entry in enumerate(entries):
        if entry.description:
            groups.append((i, []))
        else:
            groups[-1][1].append(i)
    sections: list[tuple[int | None, list[int]]] = []
    layout = _Layout(sections=sections)
    pending: list[int] = []  # entries of a group without a question to hold, for the next one
    for head, members in groups:
        if head is None and not members:
            continue
        if not any(live(i) for i in members):
            if head is not None:
                layout.orphans.add(head)
            group = ([head] if head is not None else []) + members
            if sections:
                sections[-1][1].extend(group)
            else:
                pending += group
            continue
        sections.append((head, pending + members))
        pending = []
    if pending:  # nothing after them held a question either: they cannot all be orphans
        sections[-1][1].extend(pending)
    return layout


def render(
    collector: Collector,
    name: str,
    bank_id: str,
    title: str,
    refused: dict[int, list[str]] | None = None,
    descriptions: bool = True,
) -> tuple[str, dict[int, tuple[int, int]]]:
    """The bank text, and the (first, last) line of each question by its index. A question in
    `refused` (index -> why) is written commented out, with why, for the author to fix by hand;
    one the reader kept as a comment is written as its reason and its source lines; descriptions
    become the instructions or sections' intros (`descriptions=False`: comments)."""
    module = importers.load(name)
    refused = refused or {}
    layout = _layout(collector, refused, descriptions)
    lines = emit.comment(f"Imported by `quizgen import` from {collector.path.name} ({module.DESCRIPTION}).", 0)
    lines += emit.comment("Check it with `quizgen validate`; comments mark what could not be carried over.", 0)
    head = {"id": bank_id, "title": title}
    if collector.language:
        head["language"] = collector.language
    if layout.instructions:
        head["instructions"] = layout.instructions
    lines += [""] + emit.mapping(head, 0)
    spans: dict[int, tuple[int, int]] = {}

    def entries(indices: list[int], indent: int) -> None:
        pad = " " * indent
        for n, i in enumerate(indices):
            question = collector.questions[i]
            if n:
                lines.append("")
            if i in layout.orphans:
                place = (
                    ":".join(str(x) for x in (question.origin.line, question.origin.col) if x)
                    if question.origin
                    else ""
                )
                lines.extend(
                    emit.comment(
                        f"not imported ({collector.path.name}{':' + place if place else ''}): text without answers "
                        "(a description) with no question after it to introduce",
                        indent,
                    )
                )
                lines.extend(emit.source(question.source or [], indent))
                continue
            for text in question.comments:
                lines.extend(emit.comment(text, indent))
            if question.kept_as_comment:
                lines.extend(emit.source(question.source or [], indent))
                continue
            body = emit.mapping(question.fields, indent + 2, first_prefix=pad + "- ")
            if i in refused:
                why = refused[i]  # what no note of the reader's explains already
                lines.extend(
                    emit.comment(
                        f"not imported: quizgen would refuse it ({'; '.join(why)}); fix it and remove the '#' marks:"
                        if why
                        else "fix it as the comment above says, and remove the '#' marks:",
                        indent,
                    )
                )
                body = [pad + "# " + line[indent:] if line else pad + "#" for line in body]
            spans[i] = (len(lines) + 1, len(lines) + len(body))
            lines.extend(body)

    if layout.sections is None:
        lines += ["", "questions:"]
        entries(layout.flat, 2)
    else:
        lines += ["", "sections:"]
        for n, (head_index, members) in enumerate(layout.sections):
            if n:
                lines.append("")
            heading = collector.questions[head_index].fields if head_index is not None else {"title": title}
            lines += emit.mapping({k: v for k, v in heading.items() if v}, 4, first_prefix="  - ")
            lines.append("    questions:")
            entries(members, 6)
    if len(lines) > 0 and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n", spans


def run(
    source: Path,
    output: Path | None,
    format_name: str | None,
    bank_id: str | None,
    separators: tuple[str | None, str | None] = (None, None),
    columns: dict[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Outcome:
    output = output or source.with_suffix(".yaml")
    name, collector = read(source, format_name, image_folder(output), separators, columns)
    report = collector.report
    readable = collector.readable()
    unreadable = sum(q.failed for q in collector.questions)
    if not collector.questions and not report.has_errors:
        report.error(collector.where(), "found no question to import")
    if not readable or _whole_file_errors(collector):
        # Nothing to write, or a problem of the whole file (it is not UTF-8, not XML...): a bank
        # of what could be read would hide that the rest was never looked at.
        return Outcome(report.sorted(), count=0, unreadable=unreadable)
    bank_id = bank_id or bank_id_for(output)
    categories_as_tags(collector)
    _language(collector)
    title = _printable(" ".join((collector.title or source.stem.replace("_", " ")).split()))[:200] or bank_id
    descriptions = True
    try:
        try:
            refused = _refused(collector, name, bank_id, title, output, max_bytes=max_bytes)
        except _Unplaced:  # quizgen refuses a description as instructions or intro: keep them as comments
            descriptions = False
            refused = _refused(collector, name, bank_id, title, output, descriptions, max_bytes)
    except _Refused as why:
        report.error(collector.where(), str(why))
        return Outcome(report.sorted(), count=0, unreadable=unreadable)
    if len(refused) == len(readable):
        report.error(collector.where(), "none of the questions could be imported; see the notes above")
        return Outcome(report.sorted(), count=0, unreadable=unreadable)
    for index in sorted(_layout(collector, refused, descriptions).orphans):
        report.note(
            collector.questions[index].origin or collector.where(),
            "text without answers (a description) "
            + ("with no question after it" if descriptions else "that quizgen would refuse as a section's intro")
            + ": kept as a comment",
        )
    text, _ = render(collector, name, bank_id, title, refused, descriptions)
    # Only now, with the bank accepted, is anything written: the images first, then the bank.
    written = [
        write_atomic(output.parent / image_folder(output) / file_name, data)
        for file_name, data in sorted(collector.files.items())
    ]
    written.insert(0, write_atomic(output, text))
    return Outcome(report.sorted(), written, len(readable) - len(refused), unreadable)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _printable(text: str) -> str:
    """A name from the source (a deck, a category) without the control characters and direction
    overrides a bank's title may not hold."""
    return _CONTROL.sub("", text)


def _whole_file_errors(collector: Collector) -> bool:
    """Errors that are not about one question the bank keeps as a comment."""
    kept = {q.origin for q in collector.questions if q.failed}
    return any(d.is_error and d.location not in kept for d in collector.report.diagnostics)


def _language(collector: Collector) -> None:
    """The bank's `language:`: the one the source names, else the one its text tells (noted, to
    be checked), else a note suggesting one when most of the text is in a script of several."""
    if collector.language:
        return

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("id", "type"):
                    yield from strings(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from strings(item)

    texts = [collector.title, *(s for q in collector.questions if not q.kept_as_comment for s in strings(q.fields))]
    names = [part for q in collector.readable() for part in q.category if part != "top" and not part.startswith("$")]
    tag, why = language.guess(texts + names)
    if not tag and not why:
        # Questions in Latin letters filed under categories in another script (English words for
        # Russian pupils, say): the teacher's own names tell the language the class reads.
        tag, why = language.guess(names)
        why = why.replace("most of the text is", "the categories' names are", 1)
    if tag:
        collector.language = tag
        collector.report.note(collector.where(), f"language: {tag} ({why}); change it if that is wrong")
    elif why:
        collector.report.note(collector.where(), why)


def categories_as_tags(collector: Collector) -> None:
    """The categories every question shares name the bank (its title); what is below them
    becomes a tag (`Topic/Sub` -> `topic::sub`, an Anki tag hierarchy)."""
    questions = collector.readable()
    paths = [q.category for q in questions]
    if not any(paths):
        return
    common = 0
    while all(len(p) > common and p[common] == paths[0][common] for p in paths):
        common += 1
    if common and not collector.title:
        collector.title = paths[0][common - 1]
    for question in questions:
        path = "::".join(filter(None, (tag(part, 30) for part in question.category[common:])))[:64]
        if path:
            tags = question.fields.setdefault("tags", [])
            if path not in tags:
                tags.insert(0, path)


class _Unplaced(Exception):
    """The bank's checks refuse something outside the questions: a description as instructions."""


class _Refused(Exception):
    """The bank as a whole would be refused (larger than the bank size limit): nothing is written."""


def _refused(
    collector: Collector,
    name: str,
    bank_id: str,
    title: str,
    output: Path,
    descriptions: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[int, list[str]]:
    """The questions quizgen's own checks refuse (a choice written twice, too few pairs...), each
    with why, also reported as notes at their place in the source. The bank is checked by the
    same code as `quizgen validate`, with its images, in a temporary folder: nothing is written
    where the bank goes until it is accepted."""
    from quizgen.bank.load import load_bank

    text, spans = render(collector, name, bank_id, title, descriptions=descriptions)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise _Refused(
            f"the bank would be {byte_size(size)}; the limit is {byte_size(max_bytes)} "
            "(raise it with --max-bank-mb, here and when you build it), or split the source"
        )
    probe_folder = Path(tempfile.mkdtemp(prefix="quizgen-import-"))
    try:
        for file_name, data in collector.files.items():
            (probe_folder / image_folder(output)).mkdir(exist_ok=True)
            (probe_folder / image_folder(output) / file_name).write_bytes(data)
        probe = probe_folder / output.name
        probe.write_text(text, encoding="utf-8")
        result = load_bank(probe, max_bytes=max_bytes)
    finally:
        shutil.rmtree(probe_folder, ignore_errors=True)
    refused: dict[int, list[str]] = {}
    for diagnostic in result.diagnostics:
        if not diagnostic.is_error:
            continue
        line = diagnostic.location.line
        index = next((i for i, (first, last) in spans.items() if first <= line <= last), None)
        if index is None and descriptions:
            raise _Unplaced(diagnostic.format())
        if index is None:  # not inside a question: say what quizgen refuses, write nothing
            raise _Refused(f"quizgen would refuse the bank made of this file: {diagnostic.message}")
        refused.setdefault(index, []).append(diagnostic.message)
    for index, reasons in refused.items():
        question = collector.questions[index]
        why = refused[index] = [r for r in reasons if not _explained(question, r)]
        if why:
            collector.report.note(
                question.origin or collector.where(), f"left out (commented out in the bank): {'; '.join(why)}"
            )
    return refused


def _explained(question, reason: str) -> bool:
    """A refusal the reader has already explained in a note of its own: an essay without a model
    answer (one clear note, not a second one about an empty field)."""
    return question.fields.get("type") == "essay" and not question.fields.get("answer") and "'answer'" in reason


__all__ = ["run", "read", "render", "Outcome", "UnknownFormat", "Location", "Report"]
