"""WeasyPrint, the one way quizgen turns HTML into PDF: papers and keys (`-f pdf`), flashcards
(`-f cards`) and answer sheets (`-f sheets`) all print through `render`.

WeasyPrint reads what a document points at (images, stylesheets, attachments) through
`BankFolderFetcher`: `data:` URLs and files inside the bank's folder, nothing else; a refused URL
fails the build (`refusal`). Presentational hints stay off. Formulas are drawn as SVG (WeasyPrint
does not lay out MathML). The output carries no creation date unless `SOURCE_DATE_EPOCH` gives one
(`created_date`), so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from quizgen import __version__
from quizgen.bank import assets
from quizgen.bank.diagnostics import BuildError
from quizgen.bank.model import Bank
from quizgen.runtime.output import source_date_epoch
from quizgen.text import formulas

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# What, besides the HTML and the files it loads, decides a PDF's bytes: WeasyPrint and this code.
FINGERPRINT = (weasyprint.__version__, __version__ + hashlib.sha256(Path(__file__).read_bytes()).hexdigest())


def page_size(paper: str) -> str:
    """The CSS page size of a `--paper` name."""
    return PAGE_SIZES.get(paper, "A4")


class RefusedURL(ValueError):
    """A document asked for something outside the bank's folder."""


class BankFolderFetcher(URLFetcher):
    """Lets WeasyPrint load `data:` URLs and files inside one folder; refuses everything else.

    Files are found through `quizgen.bank.assets.resolve`, which also refuses links that lead out of
    the folder. HTTP is never tried, so there are no redirects to follow. Refusals are kept in
    `refused` so the build can report them (WeasyPrint itself only logs fetch errors).
    """

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=5)
        self.folder = Path(folder).resolve()
        self.refused: list[str] = []
        self.loaded: list[tuple[str, str]] = []  # (path in the folder, SHA-256) of each file read

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
        data = target.read_bytes()
        self.loaded.append((relative.as_posix(), hashlib.sha256(data).hexdigest()))
        return URLFetcherResponse(url, data, {"Content-Type": content_type})


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """One FontConfiguration per process: building it scans the system's fonts (a cache of the
    system's state, the same for every bank)."""
    return FontConfiguration()


class Rendered(NamedTuple):
    pdf: bytes
    refused: list[str]  # URLs the fetcher refused: the build fails
    loaded: tuple[tuple[str, str], ...]  # (path in the bank's folder, SHA-256) of the files read


def render(html: str, folder: Path) -> Rendered:
    """One HTML document to PDF bytes, with the URLs the fetcher refused and the files it read.

    A question is kept on one page (`break-inside: avoid`), so one that does not fit where it
    starts moves to the next page. One longer than a whole page then splits anyway, after leaving
    the page before it nearly empty: such questions are found in the laid-out pages and the
    document is laid out again with them free to start where they are and split."""
    html = formulas.as_svg_images(html)  # WeasyPrint draws SVG, not MathML (papers, cards, sheets)
    fetcher = BankFolderFetcher(folder)
    document = _layout(html, fetcher)
    freed: set[str] = set()
    # A freed block (a section's head with its first question) may hold a question that is
    # itself longer than a page: a second pass frees that one too.
    for _ in range(2):
        too_long = set(_questions_over_several_pages(document)) - freed
        if not too_long:
            break
        freed |= too_long
        rule = ", ".join(f"#{name}" for name in sorted(freed)) + " { break-inside: auto; }"
        document = _layout(html.replace("</head>", f"<style>{rule}</style>\n</head>", 1), fetcher)
    pdf = document.write_pdf(**pdf_options(html))
    return Rendered(pdf, fetcher.refused, tuple(sorted(set(fetcher.loaded))))


def heights(html: str, folder: Path) -> tuple[dict[str, float], list[str]]:
    """The height in millimetres of each element carrying a `data-measure` name, laid out as
    `html` lays it out (the flashcards measure their sides with it, to give each card room
    enough), and the URLs the fetcher refused."""
    fetcher = BankFolderFetcher(folder)
    document = _layout(formulas.as_svg_images(html), fetcher)
    found: dict[str, float] = {}
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            name = element.get("data-measure") if element is not None and hasattr(element, "get") else None
            if name and getattr(box, "element_tag", None):
                found[name] = found.get(name, 0.0) + box.border_height() * 25.4 / 96  # CSS px to mm
                continue
            stack.extend(getattr(box, "children", ()))
    return found, fetcher.refused


def pdf_options(html: str) -> dict:
    """How every PDF is written: tagged, as PDF/UA-1 asks (structure tree, `/Lang` from the
    `<html lang>`, the `<title>` shown by viewers: `DisplayDocTitle`), so screen readers and
    text extraction follow the questions; an `<img alt>` (a formula's TeX) becomes `/Alt`."""
    options: dict = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    if _RTL_ROOT.search(html):
        options["finisher"] = _right_to_left
    return options


_RTL_ROOT = re.compile(r"<html\b[^>]*\bdir=\"rtl\"")


def _right_to_left(document, pdf) -> None:
    """A right-to-left document says so (`/Direction /R2L`): viewers then show two pages side by
    side and turn them as a right-to-left reader expects."""
    preferences = pdf.catalog.get("ViewerPreferences")
    if preferences is not None:
        preferences["Direction"] = "/R2L"


def _layout(html: str, fetcher: BankFolderFetcher):
    document = weasyprint.HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
    return document.render(font_config=font_config(), presentational_hints=False)


def _questions_over_several_pages(document) -> list[str]:
    """The ids of the question sections (`<section class="q" id="q7">`) and of the blocks
    holding a section's head with its first question (`<div class="q-group" id="g7">`) laid out
    on two pages or more: with `break-inside: avoid`, only those longer than a page."""
    pages_of: dict[str, set[int]] = {}
    for number, page in enumerate(document.pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if (
                getattr(box, "element_tag", None) in ("section", "div")
                and element is not None
                and re.fullmatch(r"[qg]\d+", element.get("id") or "")
            ):
                pages_of.setdefault(element.get("id"), set()).add(number)
                if element.get("id", "").startswith("q"):
                    continue  # its own boxes hold no other question

            stack.extend(getattr(box, "children", ()))
    return sorted(name for name, pages in pages_of.items() if len(pages) > 1)


def created_date() -> str | None:
    """The document date from SOURCE_DATE_EPOCH, or None for no date at all."""
    epoch = source_date_epoch()
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def refusal(bank: Bank, what: str, refused) -> BuildError:
    """The build error for URLs a document of `bank` tried to load and the fetcher refused."""
    return BuildError(
        bank.where(),
        f"{what} refused to load "
        + "; ".join(sorted(set(refused)))
        + " (only data: URLs and files inside the bank's folder are allowed)",
    )
