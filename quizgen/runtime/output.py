"""The one way quizgen writes a file: to a temporary file beside it, then `os.replace`; and the
one way it writes a zip archive (`write_zip`): the same entries give the same bytes.

A build that fails or is killed half-way leaves the previous file whole: readers see the old
bytes or the new ones, never a mix. Temporary names start with `.quizgen-` and end in `.tmp`, so a
later build (or a person) can tell them from outputs.

A build killed with SIGKILL cannot remove its temporary file. `sweep_stale` removes such leftovers
from the folders a later build writes, and only those: while it writes, `write_atomic` holds an
advisory lock (flock) on its temporary file, which the kernel releases when the process dies, so
a file whose lock can be taken belongs to a dead build. A file that is locked (another build
running at the same moment) or newer than the sweeping build's start is left alone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Mapping

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, so no sweeping either
    fcntl = None

TEMP_PREFIX = ".quizgen-"
TEMP_SUFFIX = ".tmp"


def source_date_epoch() -> int | None:
    """The time reproducible builds stamp into outputs (reproducible-builds.org), if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return max(0, int(value)) if value else None
    except ValueError:
        return None


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
    fd, temp_name = _locked_temp_file(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            os.chmod(temp_name, 0o666 & ~current_umask())  # mkstemp makes 0600 files
            os.replace(temp_name, path)  # still locked: a sweeper never sees it unlocked by name
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def _locked_temp_file(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, locked (see `sweep_stale`)."""
    while True:
        try:
            fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".", suffix=TEMP_SUFFIX, dir=path.parent)
        except OSError as error:  # name the folder the user chose, not a random temporary name
            raise type(error)(error.errno, error.strerror, str(path.parent)) from error
        if fcntl is None:
            return fd, temp_name
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.fstat(fd).st_ino == os.stat(temp_name).st_ino:
                return fd, temp_name
        except FileNotFoundError:
            pass
        # A sweeper took the lock in the instant between creating and locking (only possible for
        # a file made before that sweeper's build started) and removed it: make another.
        os.close(fd)


def problem_text(error: OSError, doing: str = "write") -> str:
    """`cannot write out/x: Permission denied`: an error of the system (a read-only folder, a
    full disk, a path through a file) as the user's situation, which it is, not as a bug."""
    where = f" {error.filename}" if error.filename else ""
    if isinstance(error, FileExistsError):  # what mkdir says of a file where a folder should be
        return f"cannot {doing}{where}: it is a file, not a folder"
    return f"cannot {doing}{where}: {error.strerror or error}"


def is_temporary(path: Path) -> bool:
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def sweep_stale(folder: Path, started: float) -> list[Path]:
    """Remove temporary files that killed builds left in `folder` (and below); return them.

    Only files last modified before `started` (the sweeping build's start, from `time.time()`)
    whose lock can be taken are removed: their writer is gone. Never raises.
    """
    if fcntl is None or not folder.is_dir():
        return []
    removed = []
    for candidate in folder.rglob(TEMP_PREFIX + "*" + TEMP_SUFFIX):
        try:
            if not candidate.is_file() or candidate.is_symlink() or candidate.stat().st_mtime >= started:
                continue
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # The name may have been replaced meanwhile; remove it only if it is still this file.
            if os.fstat(fd).st_ino == os.stat(candidate, follow_symlinks=False).st_ino:
                candidate.unlink()
                removed.append(candidate)
        except OSError:  # locked by a live build, or already gone
            pass
        finally:
            os.close(fd)
    return removed


ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip file can hold


def zip_bytes(entries: Mapping[str, bytes | str], stamp: int | None = None) -> bytes:
    """A zip archive of `entries` (name -> content) whose bytes depend on nothing else: sorted
    names, one fixed date (`stamp`, else SOURCE_DATE_EPOCH, else 1980-01-01; never later than
    SOURCE_DATE_EPOCH), fixed permissions (0644, made on Unix), fixed compression. The same
    settings the Anki package has always used, so it can move here without changing its bytes."""
    import io
    import time
    import zipfile

    epoch = source_date_epoch()
    when = stamp if stamp is not None else epoch if epoch is not None else ZIP_EPOCH
    if epoch is not None:
        when = min(when, epoch)
    date_time = time.gmtime(max(ZIP_EPOCH, when))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            data = entries[name]
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=3)
    return buffer.getvalue()


def write_zip(path: Path, entries: Mapping[str, bytes | str], stamp: int | None = None) -> Path:
    """Write a reproducible zip archive (see `zip_bytes`) to `path` atomically."""
    return write_atomic(path, zip_bytes(entries, stamp))
