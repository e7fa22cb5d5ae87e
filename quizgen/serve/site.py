"""What the preview serves, rebuilt after each save.

A page is the same HTML `quizgen build -f html` writes, with one addition made only here: a
small script that reloads the page when the server says the banks changed. The page's
Content-Security-Policy allows exactly that script (by its hash) and a connection back to the
serving address; built files keep their strict policy.
"""

from __future__ import annotations

import base64
import hashlib
import html
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from quizgen.bank.collection import find_banks, load_all, report_diagnostics
from quizgen.bank.load import DEFAULT_MAX_BYTES
from quizgen.bank.model import Bank
from quizgen.formats import BuildError, BuildOptions

RELOAD_SCRIPT = (
    "(function(){var v=document.querySelector('meta[name=quizgen-serve-version]').content;"
    "var s=new EventSource('/__events');s.onmessage=function(e){if(e.data!==v){s.close();"
    "location.reload();}};})();"
)
_RELOAD_HASH = "sha256-" + base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode()).digest()).decode()
_ERROR_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
    "pre{white-space:pre-wrap;background:#fdecea;color:#5f2120;padding:1rem;border-radius:4px}"
)
_STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_ERROR_STYLE.encode()).digest()).decode()
_OWN_CSP = (
    f"default-src 'none'; style-src '{_STYLE_HASH}'; script-src '{_RELOAD_HASH}'; connect-src 'self'; "
    "form-action 'none'; base-uri 'none'"
)


def with_reload(page: str, version: int) -> str:
    """A built quiz page that reloads itself: the script, and a policy that lets it run."""
    page = page.replace("script-src '", f"script-src '{_RELOAD_HASH}' '", 1)
    page = page.replace("default-src 'none';", "default-src 'none'; connect-src 'self';", 1)
    addition = f'<meta name="quizgen-serve-version" content="{version}"><script>{RELOAD_SCRIPT}</script>'
    return page.replace("</body>", addition + "</body>", 1)


def relative_link(*segments: str) -> str:
    """An `href` for the preview's own address of `segments`, escaped for an attribute: relative
    (`./`) and every segment percent-encoded, so no name a bank file has (`\\evil.example`,
    `//evil.example`, `javascript:`) can make a link that leaves the preview."""
    return html.escape("./" + "/".join(quote(segment, safe="") for segment in segments))


def own_page(title: str, body: str, version: int) -> str:
    """An index or error page of the preview itself, reloading like the quiz pages."""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_OWN_CSP}">'
        f'<meta name="quizgen-serve-version" content="{version}">'
        f"<title>{html.escape(title)}</title><style>{_ERROR_STYLE}</style></head><body>{body}"
        f"<script>{RELOAD_SCRIPT}</script></body></html>"
    )


@dataclass
class Entry:
    """One bank as last built: its page, or the errors that stop it."""

    path: Path
    bank_id: str = ""
    title: str = ""
    page: str = ""
    errors: str = ""
    bank: Bank | None = None


@dataclass
class Site:
    paths: list[Path]
    max_bytes: int = DEFAULT_MAX_BYTES
    version: int = 0
    entries: list[Entry] = field(default_factory=list)
    problem: str = ""  # no bank found, say
    changed: threading.Condition = field(default_factory=threading.Condition)
    _pdfs: dict = field(default_factory=dict)
    _pdf_lock: threading.Lock = field(default_factory=threading.Lock)
    _pdf_dir: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="quizgen-serve-"))

    def rebuild(self) -> None:
        """Load, check and render every bank again, then tell the open pages."""
        from quizgen.bank.collection import NoBanks
        from quizgen.formats.html.format import render_page

        entries, problem = [], ""
        try:
            results = load_all(find_banks(self.paths), self.max_bytes)
        except NoBanks as error:
            results, problem = [], str(error)
        for result in results:
            entry = Entry(Path(result.path))
            if result.ok:
                assert result.bank is not None  # ok: loaded
                entry.bank, entry.bank_id, entry.title = result.bank, result.bank.id, result.bank.title
                try:
                    entry.page = render_page(result.bank)
                except BuildError as error:
                    entry.errors = f"{error.location}: error: {error}"
            else:
                lines: list[str] = []
                report_diagnostics([result], lines.append)
                entry.errors = "\n".join(lines)
                entry.bank_id = entry.path.stem
            entries.append(entry)
        with self.changed:
            self.entries, self.problem = entries, problem
            self.version += 1
            self._pdfs.clear()
            self.changed.notify_all()

    # -- what each address shows --------------------------------------------------------------

    def entry(self, bank_id: str | None) -> Entry | None:
        if bank_id is None:
            return self.entries[0] if len(self.entries) == 1 else None
        return next((e for e in self.entries if e.bank_id == bank_id), None)

    def page(self, entry: Entry) -> str:
        if entry.errors:
            return own_page(
                f"{entry.path.name}: errors",
                f"<h1>{html.escape(entry.path.name)} has errors</h1>"
                "<p>The quiz shows again as soon as you save a version without them.</p>"
                f'<pre id="errors">{html.escape(entry.errors)}</pre>',
                self.version,
            )
        return with_reload(entry.page, self.version)

    def index(self) -> str:
        if self.problem:
            return own_page("quizgen serve", f'<pre id="errors">{html.escape(self.problem)}</pre>', self.version)
        rows = []
        for e in self.entries:
            state = " (has errors)" if e.errors else ""
            links = (
                ""
                if e.errors
                else (
                    f' · <a href="{relative_link(e.bank_id, "paper.pdf")}">paper</a>'
                    f' · <a href="{relative_link(e.bank_id, "key.pdf")}">key</a>'
                )
            )
            rows.append(
                f'<li><a href="{relative_link(e.bank_id, "")}">{html.escape(e.title or e.path.name)}</a>'
                f"{state}{links}</li>"
            )
        return own_page("quizgen serve", f"<h1>Banks</h1><ul>{''.join(rows)}</ul>", self.version)

    def pdf(self, entry: Entry, kind: str) -> bytes | None:
        """The paper or key, built when first asked for after a save (PDFs take seconds)."""
        if entry.errors or entry.bank is None:
            return None
        with self._pdf_lock:
            version = self.version  # one save may land while the PDFs build: keep them apart
            key = (entry.bank_id, kind, version)
            if key not in self._pdfs:
                from quizgen import formats

                out = Path(self._pdf_dir) / entry.bank_id
                builder = formats.load("pdf")(BuildOptions(output_dir=out, jobs=1, force=True))
                for path in builder.build(entry.bank, out):
                    self._pdfs[(entry.bank_id, "key" if "-key" in path.name else "paper", version)] = path.read_bytes()
            return self._pdfs.get(key)
