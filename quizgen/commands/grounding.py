"""Grounding: does every question point at the place in the source document that backs its answer?

A source document is UTF-8 text, read one of two ways (docs/format.md, "The source document",
says the same for users):

Plain text, one paragraph per line:

- A *heading* is a line shorter than 60 characters that does not end with `.`, `?`, `!` or `:`
  and does not start with `Q:` or `A:`. It opens a section named by its text.
- Every other non-blank line is a paragraph of the current section, numbered from 1. A `Q:` line
  directly followed by an `A:` line is *one* paragraph (a FAQ item).

Markdown, when the file ends in `.md` or has a `#` heading line:

- A heading is a line of one to six `#` and a space; its text (without the `#`s) names a section.
- A paragraph is a run of non-blank lines (hard-wrapped lines are one paragraph); blank lines
  separate paragraphs, and each list item (`- `, `* `, `+ `, `1. `) is a paragraph of its own.
  Emphasis and code marks and link targets are left out, so evidence matches the words a reader sees.

Both ways:

- Paragraphs before the first heading form the opening section, whose name is the empty text `""`.
- A heading that occurs twice continues the numbering of its first occurrence (one section can
  only be cited one way).

A question's `source` holds one citation, or several when its answer draws on several paragraphs
(a match question often does). Each citation names a section and a paragraph, and each of its
`evidence` terms must occur in that paragraph, ignoring letter case and runs of white space.
Every citation needs at least one evidence term: a citation nobody can check is not a citation,
and a paragraph cited without evidence would count as covered for free. Coverage counts every
paragraph a question cites.

`check` (the whole of `quizgen check`) reports broken citations as diagnostics and prints how
many questions cite each paragraph.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from quizgen.bank.collection import report_diagnostics
from quizgen.bank.diagnostics import Location, Report, plural
from quizgen.bank.load import DEFAULT_MAX_BYTES, load_bank
from quizgen.bank.model import Bank, Question

Echo = Callable[[str], None]

HEADING_MAX_CHARS = 60
MAX_EVIDENCE_WORDS = 5  # longer "evidence" is copied prose, not a fact to look up
OPENING = ""  # the name of the section before the first heading
BEGINS_WORDS = 6  # words of each paragraph shown in the coverage table


@dataclass(frozen=True)
class Paragraph:
    section: str
    number: int  # 1-based within its section
    line: int  # 1-based line of the source document where it starts
    text: str

    @property
    def label(self) -> str:
        return f"{section_label(self.section)} ¶{self.number}"

    def begins(self, words: int = BEGINS_WORDS) -> str:
        parts = self.text.split()
        return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


@dataclass(frozen=True)
class Document:
    path: str
    sections: dict[str, tuple[Paragraph, ...]]  # in document order; headings without text too

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for paragraphs in self.sections.values() for p in paragraphs]


def section_label(name: str) -> str:
    return name if name else "(opening)"


def is_heading(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) < HEADING_MAX_CHARS
        and not text.endswith((".", "?", "!", ":"))
        and not text.startswith(("Q:", "A:"))
    )


_MARKDOWN_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # [text](url) -> text
_MARKS = re.compile(r"\*\*|__|[*`]")


def is_markdown(text: str, path: str = "") -> bool:
    return path.lower().endswith((".md", ".markdown")) or any(
        _MARKDOWN_HEADING.match(line) for line in text.splitlines()
    )


def parse_document(text: str, path: str = "") -> Document:
    """Split a source document into sections of numbered paragraphs (see the module's rules)."""
    if is_markdown(text, path):
        return _parse_markdown(text, path)
    found: dict[str, list[Paragraph]] = {OPENING: []}
    current = OPENING
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if is_heading(line):
            current = line
            found.setdefault(current, [])
            continue
        paragraphs = found[current]
        last = paragraphs[-1] if paragraphs else None
        if line.startswith("A:") and last and last.text.startswith("Q:") and "\nA:" not in last.text:
            paragraphs[-1] = Paragraph(current, last.number, last.line, f"{last.text}\n{line}")
        else:
            paragraphs.append(Paragraph(current, len(paragraphs) + 1, lineno, line))
    if not found[OPENING]:
        del found[OPENING]
    return Document(path, {name: tuple(paragraphs) for name, paragraphs in found.items()})


def _parse_markdown(text: str, path: str) -> Document:
    found: dict[str, list[Paragraph]] = {OPENING: []}
    current = OPENING
    block: list[str] = []
    start = 0

    def close() -> None:
        if block:
            paragraphs = found[current]
            marker = _LIST_ITEM.match(block[0])
            if marker:
                block[0] = block[0][marker.end() :]
            shown = _MARKS.sub("", _LINK.sub(r"\1", "\n".join(block)))
            paragraphs.append(Paragraph(current, len(paragraphs) + 1, start, shown))
            block.clear()

    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        heading = _MARKDOWN_HEADING.match(raw)
        if heading or not line or _LIST_ITEM.match(raw):
            close()
        if heading:
            current = heading[2].strip()
            found.setdefault(current, [])
        elif line:
            if not block:
                start = lineno
            block.append(line)
    close()
    if not found[OPENING]:
        del found[OPENING]
    return Document(path, {name: tuple(paragraphs) for name, paragraphs in found.items()})


def normalize(text: str) -> str:
    """Case-folded, with every run of white space made one space."""
    return " ".join(text.split()).casefold()


def resolve(question: Question, index: int, document: Document, report: Report) -> Paragraph | None:
    """The paragraph the question's `index`-th citation names, after reporting every way it is broken."""
    source = question.source[index]
    at = f"source[{index}]"
    paragraphs = document.sections.get(source.section)
    if paragraphs is None:
        report.error(
            question.where(f"{at}.section"),
            f"unknown section {source.section!r} in {document.path}{_nearest(source.section, document)}",
        )
        return None
    if not 1 <= source.paragraph <= len(paragraphs):
        count = f"only {plural(len(paragraphs), 'paragraph')}" if paragraphs else "no paragraphs"
        report.error(
            question.where(f"{at}.paragraph"),
            f"paragraph {source.paragraph} is out of range: section {section_label(source.section)!r} has {count}",
        )
        return None
    paragraph = paragraphs[source.paragraph - 1]
    if not source.evidence:
        report.error(
            question.where(at),
            f"the citation of {paragraph.label} has no evidence; add 'evidence' with short "
            "terms from that paragraph (names, numbers, dates, key phrases)",
        )
    haystack = normalize(paragraph.text)
    for i, term in enumerate(source.evidence):
        key = f"{at}.evidence[{i}]"
        if normalize(term) not in haystack:
            report.error(
                question.where(key),
                f"evidence {term!r} is not in {paragraph.label} (line {paragraph.line} of {document.path})",
            )
        elif len(term.split()) > MAX_EVIDENCE_WORDS:
            report.warning(
                question.where(key),
                f"evidence {term!r} has {len(term.split())} words; keep evidence to short "
                f"terms of at most {MAX_EVIDENCE_WORDS} words, not copied sentences",
            )
    return paragraph


def _nearest(name: str, document: Document) -> str:
    headings = {normalize(h): h for h in document.sections}
    close = difflib.get_close_matches(normalize(name), list(headings), n=1, cutoff=0.5)
    if close:
        return f"; did you mean {headings[close[0]]!r}?"
    return "; its headings are " + ", ".join(repr(h) for h in document.sections if h != OPENING)


@dataclass(frozen=True)
class Coverage:
    rows: tuple[tuple[Paragraph, int], ...]  # every paragraph with how many questions cite it

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def covered(self) -> int:
        return sum(1 for _, count in self.rows if count)

    @property
    def uncovered(self) -> list[Paragraph]:
        return [paragraph for paragraph, count in self.rows if not count]

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 100.0

    @property
    def percent_text(self) -> str:
        """Rounded *down* to 0.1, so a bank that misses a threshold never appears to meet it."""
        tenths = self.covered * 1000 // self.total if self.total else 1000
        return f"{tenths // 10}.{tenths % 10}%"

    def at_least(self, percent: float) -> bool:
        return self.covered * 100 >= percent * self.total


def ground(bank: Bank, document: Document, report: Report) -> Coverage:
    """Check every citation of the bank against the document and count citations per paragraph."""
    cited: Counter[Paragraph] = Counter()
    for question in bank.questions:
        if not question.source:
            report.warning(question.where(), f"question {question.id!r} has no source")
            continue
        found = {resolve(question, i, document, report) for i in range(len(question.source))}
        cited.update(p for p in found if p is not None)  # a paragraph cited twice by one question counts once
    return Coverage(tuple((p, cited[p]) for p in document.paragraphs))


def coverage_table(coverage: Coverage, document: Document) -> list[str]:
    width = max([len("section")] + [len(section_label(p.section)) for p, _ in coverage.rows])
    lines = [f"Coverage of {document.path}:", f"  {'section':<{width}}  {'para':>4}  {'cited':>5}  begins with"]
    for paragraph, count in coverage.rows:
        lines.append(
            f"  {section_label(paragraph.section):<{width}}  {paragraph.number:>4}  {count:>5}  {paragraph.begins()}"
        )
    if coverage.uncovered:
        lines.append(f"Uncovered paragraphs ({len(coverage.uncovered)}):")
        lines += [f"  {p.label} (line {p.line}): {p.begins()}" for p in coverage.uncovered]
    else:
        lines.append("Uncovered paragraphs: none")
    lines.append(
        f"Coverage: {coverage.covered} of {plural(coverage.total, 'paragraph')} cited ({coverage.percent_text})"
    )
    return lines


def check(
    bank_path: Path,
    source_path: Path,
    *,
    min_coverage: float | None = None,
    echo: Echo,
    echo_err: Echo,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bool:
    """`quizgen check`, top to bottom: load the bank, ground it in the source, print the outcome.

    Diagnostics go to `echo_err`, the coverage table to `echo`. False when the bank does not
    load, a citation is broken, or fewer than `min_coverage` percent of paragraphs are cited.
    """
    loaded = load_bank(bank_path, max_bytes=max_bytes)
    report = Report()
    document = read_document(source_path, report, max_bytes)
    coverage = None
    if loaded.bank is not None and document is not None:
        coverage = ground(loaded.bank, document, report)
    loaded.diagnostics.extend(report.diagnostics)
    failed = report_diagnostics([loaded], echo_err)
    if coverage is None:
        return False
    assert document is not None  # the coverage is counted in it
    for line in coverage_table(coverage, document):
        echo(line)
    if min_coverage is not None and not coverage.at_least(min_coverage):
        echo_err(f"error: coverage {coverage.percent_text} is below --min-coverage {min_coverage:g}%")
        failed = True
    return not failed


def read_document(path: Path, report: Report, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | None:
    """The parsed source document, or None after reporting why it cannot be used."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            report.error(
                Location(name),
                f"source document is {size / 2**20:.1f} MiB; the limit is "
                f"{max_bytes / 2**20:g} MiB (raise it with --max-bank-mb)",
            )
            return None
        text = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark is not a heading
    except OSError as error:
        report.error(Location(name), f"cannot read source document: {error.strerror or error}")
        return None
    except UnicodeDecodeError as error:
        report.error(Location(name), f"source document is not valid UTF-8 (byte offset {error.start})")
        return None
    document = parse_document(text, name)
    if not document.paragraphs:
        report.error(Location(name), "source document has no paragraphs to cite")
        return None
    return document


def bank_document(
    bank: Bank, given: Path | None, report: Report, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document | None:
    """The source document of a bank: the file the user passes (`given`), else the one its
    `source.file` names, which must be a file in the bank's folder (a bank is untrusted input:
    it may not make quizgen read anything else). None, after reporting why, when there is none
    or it cannot be read."""
    if given is not None:
        return read_document(given, report, max_bytes)
    named = bank.source.file if bank.source else ""
    if not named:
        return None
    root = bank.folder.resolve()
    where = bank.where("source.file")
    try:
        target = (root / named).resolve()
        inside = not Path(named).is_absolute() and target.is_relative_to(root)
    except (OSError, RuntimeError, ValueError):  # a name too long, a loop of links, a NUL byte
        inside = False
    if not inside:
        report.error(where, f"source.file {named!r} must be a file in the bank's folder ({bank.folder})")
        return None
    if not target.is_file():
        report.error(where, f"source.file {named!r} was not found in the bank's folder ({bank.folder})")
        return None
    return read_document(target, report, max_bytes)


def paragraph_texts(document: Document | None) -> dict[tuple[str, int], str]:
    """Each paragraph's text by the (section, number) a citation names."""
    if document is None:
        return {}
    return {(p.section, p.number): p.text for p in document.paragraphs}
