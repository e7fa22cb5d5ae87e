"""Seals on the records and caches a build leaves in the output folder, so that only files this
user's own builds wrote are ever trusted.

An output folder can come from anywhere (a shared zip of a bank with its `output/`), and
everything in it can be edited: a build record that says "up to date" for a page carrying a
`<script>`, a Markdown cache that maps a prompt to text found nowhere in the bank. Checking a
file against what it claims is not enough, because its author can make the claims match. So
each record and cache entry carries an HMAC-SHA256 made with a random key that lives in the
user's cache folder (`$QUIZGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/quizgen`, else
`~/.cache/quizgen`), where no downloaded bank can put or read it. A file whose seal does not
verify is treated as missing: the output is rebuilt. Without a usable key nothing is trusted and
every build is a full one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

KEY_NAME = "seal.key"
_KEY_BYTES = 32


def key_folder() -> Path:
    configured = os.environ.get("QUIZGEN_CACHE_DIR") or ""
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if base else Path.home() / ".cache") / "quizgen"


def _key() -> bytes | None:
    return _key_in(key_folder())


@lru_cache(maxsize=8)
def _key_in(folder: Path) -> bytes | None:
    """This user's key, made on first use (readable by the user alone); None if impossible."""
    path = folder / KEY_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            _publish_new_key(folder, path)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _publish_new_key(folder: Path, path: Path) -> None:
    """Write a key in full under a name of its own, then hard-link it to `path`: the link appears
    whole or not at all, and fails if another process published first (its key is then everyone's).
    Creating `path` and writing it afterwards let a second build read it empty meanwhile."""
    draft = folder / f"{KEY_NAME}.{os.getpid()}.{os.urandom(4).hex()}"
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(os.urandom(_KEY_BYTES))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
    finally:
        draft.unlink(missing_ok=True)


def sign(data: bytes) -> str | None:
    """The seal of `data`, or None when there is no key (then nothing is trusted)."""
    key = _key()
    return hmac.new(key, data, hashlib.sha256).hexdigest() if key is not None else None


def verify(data: bytes, seal: object) -> bool:
    expected = sign(data)
    return expected is not None and isinstance(seal, str) and hmac.compare_digest(expected, seal)
