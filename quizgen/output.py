"""The one way quizgen writes a file: to a temporary file beside it, then `os.replace`.

A build that fails or is killed half-way leaves the previous file whole: readers see the old
bytes or the new ones, never a mix. Temporary names start with `.quizgen-` and end in `.tmp`, so a
later build (or a person) can tell them from outputs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".quizgen-"
TEMP_SUFFIX = ".tmp"


def current_umask() -> int:
    """The process umask. Linux shows it in /proc; elsewhere it can only be read by setting it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write `data` to `path` atomically, with the permissions a plain `open()` would give."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".", suffix=TEMP_SUFFIX,
                                     dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o666 & ~current_umask())  # mkstemp makes 0600 files
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path
