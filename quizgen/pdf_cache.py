"""Rendered PDF parts kept on disk, so a rebuild renders only the parts whose content changed.

An entry is found by the SHA-256 of everything that decides its bytes except the files it loads:
the HTML (which holds the text, the CSS, the page size and the date), the folder its relative
URLs resolve in, the WeasyPrint version and quizgen's own code. The files a rendering loaded
(images, a template's `url(...)`) are listed in the entry with their SHA-256, and read again
through the same fetcher before the entry is used: a changed, missing or now refused file means
the part is rendered again.

One file per entry, `<key>.part`: a line of JSON (page count, loaded files, the PDF's SHA-256),
then the PDF. A file that cannot be read, parsed or whose PDF does not match its checksum is
treated as missing. Entries are written atomically; `prune` removes those a build did not use.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from quizgen.output import is_temporary, write_atomic

SUFFIX = ".part"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Entry:
    pdf: bytes
    pages: int
    loaded: tuple[tuple[str, str], ...]  # (URL, SHA-256 of its bytes) for every file it loaded


def key(html: str, *salt: str) -> str:
    digest = hashlib.sha256(f"quizgen-pdf-part {FORMAT_VERSION}\0".encode())
    for text in salt:
        digest.update(text.encode() + b"\0")
    digest.update(html.encode())
    return digest.hexdigest()


class Cache:
    """A folder of rendered parts. `read_url(url)` returns a loaded file's bytes again, or raises."""

    def __init__(self, folder: Path, read_url: Callable[[str], bytes], use_existing: bool = True):
        self.folder = Path(folder)
        self.read_url = read_url
        self.use_existing = use_existing
        self.used: set[str] = set()
        self._url_digests: dict[str, str | None] = {}

    def path(self, entry_key: str) -> Path:
        return self.folder / (entry_key + SUFFIX)

    def get(self, entry_key: str) -> Entry | None:
        self.used.add(entry_key)
        if not self.use_existing:
            return None
        try:
            data = self.path(entry_key).read_bytes()
        except OSError:
            return None
        entry = _parse(data)
        if entry is None or not all(self._url_digest(url) == sha for url, sha in entry.loaded):
            return None
        return entry

    def put(self, entry_key: str, entry: Entry) -> None:
        self.used.add(entry_key)
        head = {"pages": entry.pages, "loaded": [list(item) for item in entry.loaded],
                "sha256": hashlib.sha256(entry.pdf).hexdigest()}
        write_atomic(self.path(entry_key), json.dumps(head, sort_keys=True).encode() + b"\n" + entry.pdf)

    def prune(self) -> None:
        """Remove the entries this build did not ask for (temporary files are `sweep_stale`'s)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix == SUFFIX and path.stem not in self.used and not is_temporary(path):
                path.unlink(missing_ok=True)

    def _url_digest(self, url: str) -> str | None:
        if url not in self._url_digests:
            try:
                self._url_digests[url] = hashlib.sha256(self.read_url(url)).hexdigest()
            except Exception:  # missing, unreadable or refused: the part must be rendered again
                self._url_digests[url] = None
        return self._url_digests[url]


def _parse(data: bytes) -> Entry | None:
    head, newline, pdf = data.partition(b"\n")
    if not newline:
        return None
    try:
        meta = json.loads(head)
        pages = meta["pages"]
        loaded = tuple((str(url), str(sha)) for url, sha in meta["loaded"])
        expected = meta["sha256"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(pages, int) or pages < 0 or hashlib.sha256(pdf).hexdigest() != expected:
        return None
    return Entry(pdf, pages, loaded)

