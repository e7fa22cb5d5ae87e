"""`-f pdf`: the student paper and its answer key, rendered by WeasyPrint from Jinja2 templates.

Without `--versions`: `<bank-id>-paper.pdf` and `<bank-id>-key.pdf`. With `--versions N`:
`<bank-id>-paper-A.pdf`, `<bank-id>-key-A.pdf`, ... each with its own shuffle (see
`quizgen.present.versions`). Every PDF of a build is rendered in memory first and written only when all
of them succeeded, so a failed build leaves the previous files whole.

A short document is rendered whole. A long one (over WHOLE_MAX_QUESTIONS questions) is rendered
in parts of CHUNK_QUESTIONS whole questions, because WeasyPrint's memory and time grow with the
document and a part's do not: the parts of every document render on every core, are kept in
`<output>/<bank-id>/.quizgen-cache/pdf/` (see `quizgen.formats.pdf.cache`) so a rebuild renders only the
parts whose HTML or images changed, and are joined by `quizgen.formats.pdf.merge`. Parts carry no page
footers; each document's footers ("Page 3 of 40", title, version) come from its page frame, one
more rendering of blank pages laid over the joined pages, so a part's bytes do not depend on the
page it starts on.

Rendering itself (what WeasyPrint may load, fonts, dates) is `quizgen.printing.render`, shared with
the flashcards and the answer sheets.
"""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pypdf

from quizgen.bank.model import Bank
from quizgen.formats import Format, class_list, class_list_files
from quizgen.formats.pdf import cache as parts_cache
from quizgen.formats.pdf import layout, merge
from quizgen.present import i18n, versions
from quizgen.present.templating import environment, render_for
from quizgen.printing.merge import collate
from quizgen.printing.render import FINGERPRINT, BankFolderFetcher, Rendered, created_date, page_size, refusal, render
from quizgen.runtime import parallel
from quizgen.runtime.output import write_atomic

# Documents are rendered in parallel once a build prints this many questions per document on
# average; forking costs tens of milliseconds, rendering ten questions costs more (measured with
# benchmarks/bench_pdf.py: two processes nearly halve the time from 20 questions up).
PARALLEL_MIN_QUESTIONS = 10
# A document of more questions than this is rendered in parts of CHUNK_QUESTIONS questions (and
# GRID_TABLES_PER_CHUNK tables of the key's answer grid): WeasyPrint's memory grows with the
# document, a part's does not; parts render on every core and are kept in CACHE_FOLDER (inside
# the bank's output folder) so a rebuild renders again only the parts that changed.
CHUNK_QUESTIONS = 100
GRID_TABLES_PER_CHUNK = 8
WHOLE_MAX_QUESTIONS = 150
FRAME_PAGES = 200  # the page frame of a long document is rendered in parts of this many pages
CACHE_FOLDER = Path(".quizgen-cache") / "pdf"
# What, besides the HTML and the files it loads, decides a part's bytes: the renderer and this code.
_SALT = (*FINGERPRINT, hashlib.sha256(Path(__file__).read_bytes()).hexdigest())


def _render_job(job: tuple[str, Path]) -> tuple[Rendered, int]:
    rendered = render(*job)
    return rendered, len(pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages)


def _join_job(job: tuple[list[bytes], list[bytes]]) -> bytes:
    return merge.join(*job)


@dataclass
class Document:
    """One PDF file of a build: rendered whole (one part, with its footers), or in parts."""

    name: str
    kind: str  # "paper" | "key"
    version: versions.Version
    parts: list[str]  # the HTML of each part
    whole: bool
    student: object = None  # quizgen.present.roster.Student of a paper printed for one student


class PdfFormat(Format):
    name = "pdf"
    question_types = versions.PRINTERS

    def __init__(self, options):
        super().__init__(options)
        self._env = environment("pdf", options.templates)

    def _html(self, bank: Bank, kind: str, version: versions.Version, part: layout.Part, student=None) -> str:
        return render_for(
            self._env,
            bank,
            f"{kind}.html.j2",
            "PDF template",
            {
                "bank": bank,
                "page_size": page_size(self.options.paper),
                "created": created_date(),
                "version": version,
                "part": part,
                "student": student,  # a class list's student (`--roster`): named in the paper's header
            },
        )

    def _documents(self, bank: Bank) -> list[tuple[str, str, versions.Version, object]]:
        """(file name, kind, version, student) of every PDF: a paper and a key per version, or
        with `--roster` a paper per student (versions dealt out in class order) and a key per
        version."""
        made: list[tuple[str, str, versions.Version, object]] = []
        every = versions.versions(bank, self.options.seed, self.options.versions)
        students = class_list(self.options)
        for version in every:
            suffix = f"-{version.letter}" if version.letter else ""
            if students is None:
                made.append((f"{bank.id}-paper{suffix}.pdf", "paper", version, None))
            made.append((f"{bank.id}-key{suffix}.pdf", "key", version, None))
        if students is not None:
            papers = [
                (f"{bank.id}-paper-{student.id}.pdf", "paper", version, student)
                for student, version in students.dealt(every)
            ]
            made = papers + made
        return made

    def plan(self, bank: Bank) -> list[Document]:
        """Every PDF this build writes, papers and keys in version order, with their parts."""
        made = []
        whole = len(bank.questions) <= WHOLE_MAX_QUESTIONS
        for name, kind, version, student in self._documents(bank):
            parts = (
                [layout.whole(version, kind)]
                if whole
                else layout.parts(version, kind, CHUNK_QUESTIONS, GRID_TABLES_PER_CHUNK)
            )
            htmls = [self._html(bank, kind, version, part, student) for part in parts]
            made.append(Document(name, kind, version, htmls, whole, student))
        return made

    def documents(self, bank: Bank) -> list[tuple[str, str]]:
        """(file name, HTML) of every PDF as one whole document (what WeasyPrint alone would get)."""
        return [
            (name, self._html(bank, kind, version, layout.whole(version, kind), student))
            for name, kind, version, student in self._documents(bank)
        ]

    def extra_inputs(self, bank: Bank) -> list[Path]:
        return class_list_files(self.options)

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        workers = _Workers(self.options.processes(), len(bank.questions))
        if len(bank.questions) > WHOLE_MAX_QUESTIONS:
            workers.start()  # before the plan's HTML fills this process: forked workers share it all
        with workers:
            return self._build(bank, out_dir, workers)

    def _build(self, bank: Bank, out_dir: Path, workers: "_Workers") -> list[Path]:
        documents = self.plan(bank)
        cache = parts_cache.Cache(out_dir / CACHE_FOLDER, _reader(bank.folder), not self.options.force)
        # Not the bank's folder: parts print no path (links are http, https or mailto only), so
        # a project moved elsewhere keeps its cache.
        salt = _SALT
        # 1. Every part of every document, on every core; the cache holds those seen before.
        rendered = self._render(bank, [html for d in documents for html in d.parts], cache, salt, workers)
        # 2. The page frame of each document rendered in parts, once its page count is known.
        split = [d for d in documents if not d.whole]
        frames = []
        for document in split:
            pages = sum(rendered[html].pages for html in document.parts)
            frames.append(
                [
                    self._html(bank, document.kind, document.version, part, document.student)
                    for part in layout.frames(pages, FRAME_PAGES)
                ]
            )
        rendered.update(self._render(bank, [html for htmls in frames for html in htmls], cache, salt, workers))
        # 3. Join the parts and lay the frame over them.
        joined = list(
            workers.map(
                _join_job,
                [
                    ([rendered[html].pdf for html in d.parts], [rendered[html].pdf for html in frame])
                    for d, frame in zip(split, frames)
                ],
            )
        )
        pdfs = dict(zip((d.name for d in split), joined))
        for document in documents:
            if document.whole:
                pdfs[document.name] = rendered[document.parts[0]].pdf
        cache.prune()
        written = [write_atomic(out_dir / d.name, pdfs[d.name]) for d in documents]
        if self.options.collate:
            # Every version's paper in one file and every key in another, for the print shop.
            for kind, name in (("paper", "papers"), ("key", "keys")):
                chosen = [d for d in documents if d.kind == kind]
                words = i18n.translations(bank)
                labels = [f"{words.gettext('Version')} {d.version.letter}" for d in chosen]
                # Says the file holds every version: "Physics (Version A, B, C)".
                title = f"{bank.title} ({words.gettext('Version')} {', '.join(d.version.letter for d in chosen)})"
                collated = collate([pdfs[d.name] for d in chosen], title, labels)
                written.append(write_atomic(out_dir / f"{bank.id}-{name}.pdf", collated))
        return written

    def _render(
        self, bank: Bank, htmls: list[str], cache: parts_cache.Cache, salt, workers: "_Workers"
    ) -> dict[str, parts_cache.Entry]:
        """Each distinct HTML rendered, from the cache where it holds a valid entry."""
        found: dict[str, parts_cache.Entry] = {}
        keys = {html: parts_cache.key(html, *salt) for html in dict.fromkeys(htmls)}
        for html, entry_key in keys.items():
            entry = cache.get(entry_key)
            if entry is not None:
                found[html] = entry
        missing = [html for html in keys if html not in found]
        refused: set[str] = set()
        # Each part is kept as soon as it is rendered: a build that fails or is stopped later
        # has still done that work for the next one.
        for html, (rendered, pages) in zip(
            missing, workers.map(_render_job, [(html, bank.folder) for html in missing])
        ):
            if rendered.refused:
                refused.update(rendered.refused)
                continue
            entry = parts_cache.Entry(rendered.pdf, pages, rendered.loaded)
            cache.put(keys[html], entry)
            found[html] = entry
        if refused:
            raise refusal(bank, "the PDF", refused)
        return found


def _reader(folder: Path):
    """Reads a file a cached part loaded, again through the fetcher (and its rules)."""

    def read(relative: str) -> bytes:
        fetcher = BankFolderFetcher(folder)
        return fetcher.fetch(fetcher.base_url + quote(relative)).read()

    return read


class _Workers:
    """A process pool for a build's rendering, started when first needed (or by `start`), or none
    where it cannot help (one core, a tiny bank, threads that make forking unsafe)."""

    def __init__(self, processes: int, questions: int):
        self.processes = processes
        self.enabled = processes >= 2 and questions >= PARALLEL_MIN_QUESTIONS and parallel.can_fork()
        self.pool: ProcessPoolExecutor | None = None

    def map(self, func, jobs: list) -> Iterator:
        """func(job) for each job, in order, each as soon as it and those before it are done."""
        if not self.enabled or len(jobs) < 2:
            return map(func, jobs)
        self.start()
        assert self.pool is not None  # enabled, so started
        return self.pool.map(func, jobs)

    def start(self) -> None:
        if self.enabled and self.pool is None:
            # Forked workers inherit the imported WeasyPrint (and the font configuration, if this
            # process has made it): its start-up cost is paid once.
            self.pool = parallel.pool(self.processes)
            self.pool.submit(int).result()  # the workers fork now, not at the first real job

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=exc[0] is not None)
        return False


FORMAT = PdfFormat
