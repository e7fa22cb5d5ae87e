"""Rendered PDF parts kept on disk, so a rebuild renders only the parts whose content changed.

An entry is found by the SHA-256 of everything that decides its bytes except the files it loads:
the HTML (which holds the text, the CSS, the page size and the date), the WeasyPrint version and
the rendering code. The files a rendering loaded (images, a template's `url(...)`) are listed in
the entry by their path in the bank's folder, with their SHA-256, and read again through the
same fetcher before the entry is used: a changed, missing or now refused file means the part is
rendered again.

One file per entry, `<key>.part`: a line of JSON (page count, loaded files, the PDF's SHA-256),
then the PDF. A file that cannot be read, parsed or whose PDF does not match its checksum is
treated as missing, and so is one whose head does not carry this user's seal (`quizgen.runtime.seal`):
an output folder from a download could otherwise put any PDF into the next build.
Entries are written atomically; `prune` removes those a build did not use.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from quizgen.runtime import seal
from quizgen.runtime.output import is_temporary, write_atomic

SUFFIX = ".part"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Entry:
    pdf: bytes
    pages: int
    loaded: tuple[tuple[str, str], ...]  # (path in the bank's folder, SHA-256) of each file it read


def key(html: str, *salt: str) -> str:
    digest = hashlib.sha256(f"quizgen-pdf-part {FORMAT_VERSION}\0".encode())
    for text in salt:
        digest.update(text.encode() + b"\0")
    digest.update(html.encode())
    return digest.hexdigest()


class Cache:
    """A folder of rendered parts. `read_file(path)` returns a loaded file's bytes again, or raises.

    With `use_existing` false (`--force`) every part is rendered again and the entries replaced.
    """

    def __init__(self, folder: Path, read_file: Callable[[str], bytes], use_existing: bool = True):
        self.folder = Path(folder)
        self.read_file = read_file
        self.use_existing = use_existing
        self.used: set[str] = set()
        self._file_digests: dict[str, str | None] = {}

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
        if (
            entry is None
            or not _sealed(entry_key, data)
            or not all(self._file_digest(path) == sha for path, sha in entry.loaded)
        ):
            return None
        return entry

    def put(self, entry_key: str, entry: Entry) -> None:
        self.used.add(entry_key)
        head = {
            "pages": entry.pages,
            "loaded": [list(item) for item in entry.loaded],
            "sha256": hashlib.sha256(entry.pdf).hexdigest(),
        }
        head["seal"] = seal.sign(_head_bytes(entry_key, head))
        write_atomic(self.path(entry_key), json.dumps(head, sort_keys=True).encode() + b"\n" + entry.pdf)

    def prune(self) -> None:
        """Remove the entries this build did not ask for (temporary files are `sweep_stale`'s)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix == SUFFIX and path.stem not in self.used and not is_temporary(path):
                path.unlink(missing_ok=True)

    def _file_digest(self, path: str) -> str | None:
        if path not in self._file_digests:
            try:
                self._file_digests[path] = hashlib.sha256(self.read_file(path)).hexdigest()
            except Exception:  # missing, unreadable or refused: the part must be rendered again
                self._file_digests[path] = None
        return self._file_digests[path]


def _head_bytes(entry_key: str, head: dict) -> bytes:
    return entry_key.encode() + b"\0" + json.dumps(head, sort_keys=True).encode()


def _sealed(entry_key: str, data: bytes) -> bool:
    """The head (which holds the PDF's SHA-256) was written by this user's build, for this key."""
    try:
        head = json.loads(data.partition(b"\n")[0])
    except ValueError:
        return False
    stamp = head.pop("seal", None) if isinstance(head, dict) else None
    return seal.verify(_head_bytes(entry_key, head), stamp)


def _parse(data: bytes) -> Entry | None:
    head, newline, pdf = data.partition(b"\n")
    if not newline:
        return None
    try:
        meta = json.loads(head)
        pages = meta["pages"]
        loaded = tuple((str(path), str(sha)) for path, sha in meta["loaded"])
        expected = meta["sha256"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(pages, int) or pages < 0 or hashlib.sha256(pdf).hexdigest() != expected:
        return None
    return Entry(pdf, pages, loaded)
