"""`-f pdf`: the student paper and its answer key, rendered by WeasyPrint from Jinja2 templates.

Without `--versions`: `<bank-id>-paper.pdf` and `<bank-id>-key.pdf`. With `--versions N`:
`<bank-id>-paper-A.pdf`, `<bank-id>-key-A.pdf`, ... each with its own shuffle (see
`quizgen.pdf_layout`). Every PDF of a build is rendered in memory first and written only when all
of them succeeded, so a failed build leaves the previous files whole.

WeasyPrint reads what a document points at (images, stylesheets, attachments) through our
`BankFolderFetcher`: `data:` URLs and files inside the bank's folder, nothing else. Presentational
hints stay off. The output carries no creation date unless `SOURCE_DATE_EPOCH` gives one, so the
same bank and seed give the same bytes.
"""

from __future__ import annotations

import mimetypes
import os
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from quizgen import assets, parallel, pdf_layout
from quizgen.diagnostics import Location
from quizgen.formats import BuildError, Format
from quizgen.model import Bank
from quizgen.output import write_atomic
from quizgen.templating import environment

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# Documents are rendered in parallel once a build prints this many questions per document on
# average; forking costs tens of milliseconds, rendering ten questions costs more (measured with
# benchmarks/bench_pdf.py: two processes nearly halve the time from 20 questions up).
PARALLEL_MIN_QUESTIONS = 10


class RefusedURL(ValueError):
    """A document asked for something outside the bank's folder."""


class BankFolderFetcher(URLFetcher):
    """Lets WeasyPrint load `data:` URLs and files inside one folder; refuses everything else.

    Files are found through `quizgen.assets.resolve`, which also refuses links that lead out of
    the folder. HTTP is never tried, so there are no redirects to follow. Refusals are kept in
    `refused` so the build can report them (WeasyPrint itself only logs fetch errors).
    """

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=5)
        self.folder = Path(folder).resolve()
        self.refused: list[str] = []

    @property
    def base_url(self) -> str:
        return self.folder.as_uri() + "/"

    def fetch(self, url, headers=None):
        try:
            return self._fetch(url, headers)
        except RefusedURL as why:
            shown = url if len(url) <= 200 else url[:200] + "..."
            self.refused.append(f"{shown}: {why}")
            raise

    def _fetch(self, url: str, headers) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL("only files in the bank's folder and data: URLs may be loaded")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL("only files in the bank's folder may be loaded")
        path = Path(url2pathname(parts.path))
        try:
            relative = path.relative_to(self.folder)
        except ValueError:
            raise RefusedURL("is outside the bank's folder") from None
        try:
            target = assets.resolve(self.folder, relative.as_posix())
        except assets.AssetError as why:
            raise RefusedURL(str(why)) from None
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": content_type})


_FONT_CONFIG: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    """One FontConfiguration per process: building it scans the system's fonts."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def render(html: str, folder: Path) -> tuple[bytes, list[str]]:
    """One HTML document to PDF bytes, and the URLs the fetcher refused."""
    fetcher = BankFolderFetcher(folder)
    document = weasyprint.HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
    pdf = document.write_pdf(font_config=font_config(), presentational_hints=False)
    return pdf, fetcher.refused


def _render_job(job: tuple[str, Path]) -> tuple[bytes, list[str]]:
    return render(*job)


def created_date() -> str | None:
    """The document date from SOURCE_DATE_EPOCH, or None for no date at all."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class PdfFormat(Format):
    name = "pdf"
    description = "printable student papers and answer keys (WeasyPrint)"

    def documents(self, bank: Bank) -> list[tuple[str, str]]:
        """(file name, HTML) for every PDF this build writes, papers and keys in version order."""
        env = environment("pdf", self.options.templates)
        context = {"bank": bank, "page_size": PAGE_SIZES.get(self.options.paper, "A4"),
                   "created": created_date()}
        made = []
        for version in pdf_layout.versions(bank, self.options.seed, self.options.versions):
            suffix = f"-{version.letter}" if version.letter else ""
            for kind in ("paper", "key"):
                try:
                    html = env.get_template(f"{kind}.html.j2").render(context, version=version)
                except jinja2.TemplateError as error:
                    raise _template_error(error, bank) from error
                made.append((f"{bank.id}-{kind}{suffix}.pdf", html))
        return made

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        documents = self.documents(bank)
        rendered = self._render_all([html for _, html in documents], bank)
        refused = sorted({url for _, urls in rendered for url in urls})
        if refused:
            raise BuildError(bank.where(), "the PDF refused to load " + "; ".join(refused)
                             + " (only data: URLs and files inside the bank's folder are allowed)")
        return [write_atomic(out_dir / name, pdf) for (name, _), (pdf, _) in zip(documents, rendered)]

    def _render_all(self, htmls: list[str], bank: Bank) -> list[tuple[bytes, list[str]]]:
        jobs = [(html, bank.folder) for html in htmls]
        workers = min(len(jobs), self.options.processes())
        if workers < 2 or len(bank.questions) < PARALLEL_MIN_QUESTIONS or not parallel.can_fork():
            return [_render_job(job) for job in jobs]
        # Each document is independent: render them on every core. Forked workers inherit the
        # imported WeasyPrint (and the font configuration, if this process has made it).
        with parallel.pool(workers) as pool:
            return list(pool.map(_render_job, jobs))


def _template_error(error: jinja2.TemplateError, bank: Bank) -> BuildError:
    """Point at the template line: syntax errors carry it, runtime errors have it in the traceback."""
    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not name:
        tb = error.__traceback__
        while tb is not None:  # Jinja rewrites tracebacks so template lines appear as frames
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    where = Location(str(name), line or 0, 1) if name else bank.where()
    return BuildError(where, f"PDF template: {error.message or error}")


FORMAT = PdfFormat
