"""The Markdown a build parsed, kept in its output folder for the next build.

Parsing Markdown is most of a large bank's build. Each (bank, format) task owns one cache file
(`<output>/<bank>/.quizgen-cache/markdown-<format>.json`): the task loads it into the text
layer's memo before it runs, records which texts it rendered, and writes back those texts when it
used any the file did not hold, so the file follows the bank instead of growing forever.

Only the parser's output is stored; sanitising always happens when a text is used. The file is
sealed (`quizgen.runtime.seal`), so one that came with a download, or was edited to show text
that is nowhere in the bank, is ignored; so is a missing, corrupt or outdated one.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from quizgen.runtime import seal
from quizgen.runtime.output import write_atomic
from quizgen.text import markup

KINDS = ("block", "inline")


@contextmanager
def kept_in(path: Path) -> Iterator[None]:
    """Run a task with the Markdown parsed by earlier builds (in `path`), and store this one's."""
    on_disk = _load(path)
    with markup.recording() as used:
        yield
    if not used <= on_disk:  # this build used texts the file does not hold yet
        data: dict = {"version": markup.parser_version(), **{kind: {} for kind in KINDS}}
        for (kind, text), html in sorted(markup.parsed(used).items()):
            data[kind][text] = html
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        write_atomic(path, (seal.sign(payload) or "unsealed").encode("ascii") + b"\n" + payload)


def _load(path: Path) -> set[tuple[str, str]]:
    """Hand a cache file's entries to the text layer; the keys it held (none when it is missing,
    unsealed, corrupt or of another parser version)."""
    try:
        stamp, _, payload = path.read_bytes().partition(b"\n")
        if not seal.verify(payload, stamp.decode("ascii", errors="replace")):
            return set()
        stored = json.loads(payload)
    except (OSError, ValueError):
        return set()
    if not isinstance(stored, dict) or stored.get("version") != markup.parser_version():
        return set()
    found: dict[tuple[str, str], str] = {}
    for kind in KINDS:
        entries = stored.get(kind)
        if isinstance(entries, dict):
            found.update(
                {
                    (kind, text): html
                    for text, html in entries.items()
                    if isinstance(text, str) and isinstance(html, str)
                }
            )
    markup.remember(found)
    return set(found)
