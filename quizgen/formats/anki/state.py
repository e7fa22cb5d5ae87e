"""When each question's Anki note last changed: the small state file kept beside the bank.

Anki updates an existing note on import only when the package's note `mod` time is newer than
the learner's copy. So `mod` must mean "this question's content last changed at": stable while
the question stays the same, newer as soon as it is edited. A content hash alone cannot give an
order, so `<bank>.anki-state.json` remembers, for every question (and every note type), the hash
of what was put into the package, the time that hash first appeared and the note type it used.

Times only ever move forward for content a learner may hold (see docs/anki.md):
- content seen for the first time gets `SOURCE_DATE_EPOCH` when set, else the bank file's
  modification time, so even a first build without a state file is deterministic;
- changed content gets `max(now, previous + 1)`, `now` being `SOURCE_DATE_EPOCH` or the clock:
  never an old time, even if the bank file kept an old modification time;
- a `git revert` of an edit restores the bank *and* the committed state file, so the state alone
  would hand the reverted text its old, older time. The build therefore also keeps what it last
  published in the output folder (`.quizgen-anki-published.json`, beside the package): content that differs
  from what was published there, at a time not newer than it, is stamped after it.

Both files are untrusted input (a bank folder may come from anyone): they are read only as small
regular files, and every value is checked; a bad file is a located error, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.bank.diagnostics import Location
from quizgen.formats import BuildError
from quizgen.formats.anki.notes import NOTE_TYPES
from quizgen.runtime.output import source_date_epoch, write_atomic

STATE_VERSION = 1
SUFFIX = ".anki-state.json"
PUBLISHED_NAME = ".quizgen-anki-published.json"
SECTIONS = ("note_types", "questions")
_HASH = re.compile(r"[0-9a-f]{24}")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # question ids and note-type keys
LATEST_TIME = 4102444800  # 2100-01-01: later is a damaged or hostile file, not a real edit
_BYTES_PER_ENTRY = 512  # a state file is about 100 bytes per question; this is ample


def state_path(bank_path: Path) -> Path:
    """`questions/muse-spark.yaml` -> `questions/muse-spark.anki-state.json`."""
    return bank_path.with_name(bank_path.stem + SUFFIX)


def content_hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]


def baseline_time(bank_path: Path) -> int:
    """The time given to content seen for the first time in this build."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    return int(bank_path.stat().st_mtime)


def now() -> int:
    """The time given to changed content: never before anything built earlier on this machine."""
    epoch = source_date_epoch()
    return epoch if epoch is not None else int(time.time())


@dataclass
class Entry:
    hash: str
    changed: int
    note_type: str = ""  # the note-type key a question's note was built with ("" if unknown)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read_small_file(path: Path, folder: Path, limit: int) -> str | None:
    """The text of `path` when it is a regular file inside `folder` of at most `limit` bytes;
    None when it does not exist. Raises BuildError otherwise.

    Never blocks on a FIFO (O_NONBLOCK, then fstat), never reads a device, never follows a link
    out of the folder, and never reads more than `limit` + 1 bytes.
    """
    where = Location(str(path))
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(folder.resolve()):
                raise BuildError(
                    where, "is a link that leads outside the bank's folder; replace it with the file itself"
                )
            path = target
        descriptor = os.open(
            path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        )
    except FileNotFoundError:
        return None
    except (OSError, RuntimeError) as error:
        raise BuildError(where, f"cannot be read ({getattr(error, 'strerror', None) or error})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise BuildError(where, "is not a regular file; delete it (the next build writes a new one)")
        if info.st_size > limit:
            raise BuildError(
                where,
                f"is {info.st_size:,} bytes, more than the {limit:,} a state file "
                "of this bank can need; delete it (the next build writes a new one)",
            )
        data = os.read(descriptor, limit + 1)
    except OSError as error:
        raise BuildError(where, f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise BuildError(where, f"grew past {limit:,} bytes while being read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _line_col(data[: error.start].decode("utf-8", "replace"), error.start)
        raise BuildError(Location(str(path), line, col), "is not UTF-8 text") from None


# What the "type" of an entry may be, per section: the note-type key a question used, and the
# template set a note type came from.
_TYPES = {"questions": tuple(NOTE_TYPES), "note_types": ("bundled", "own")}


def parse_entries(
    text: str, path: Path, bank_id: str, remedy: str = "delete the file (every note is then updated once)"
) -> dict[str, dict[str, Entry]]:
    """The sections of a state (or published) file, every value checked. BuildError on the first
    problem, located at its line; the file is machine-written, so one problem means a damaged or
    hand-edited file, and the remedy is the same for all of them."""
    remedy = f"; fix it, or {remedy}"

    def fail(message: str, needle: str | None = None) -> BuildError:
        offset = text.find(needle) if needle else -1
        line, col = _line_col(text, offset) if offset >= 0 else (1, 1)
        return BuildError(Location(str(path), line, col), message + remedy)

    try:
        data = json.loads(text)
    except ValueError as error:
        line, col = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        raise BuildError(
            Location(str(path), line, col), f"is not valid JSON ({getattr(error, 'msg', error)})" + remedy
        ) from None
    if not isinstance(data, dict):
        raise fail("must hold a JSON object")
    if data.get("version") != STATE_VERSION:
        raise fail(f"has version {data.get('version')!r}; this quizgen reads version {STATE_VERSION}", '"version"')
    if data.get("bank") != bank_id:
        raise fail(f"belongs to bank {data.get('bank')!r}, not to '{bank_id}'", '"bank"')
    sections: dict[str, dict[str, Entry]] = {}
    for section in SECTIONS:
        entries = data.get(section, {})
        if not isinstance(entries, dict):
            raise fail(f"'{section}' must be an object", f'"{section}"')
        found = sections[section] = {}
        for key, value in entries.items():
            needle = json.dumps(key, ensure_ascii=False) + ":"
            if not _KEY.fullmatch(key):
                raise fail(f"'{section}' has a key that is not an id: {key!r}", needle)
            if not isinstance(value, dict) or set(value) - {"hash", "changed", "type"}:
                raise fail(f"entry '{key}' must be an object with hash, changed and type", needle)
            digest, changed, kind = value.get("hash"), value.get("changed"), value.get("type", "")
            if not isinstance(digest, str) or not _HASH.fullmatch(digest):
                raise fail(f"entry '{key}' has a hash that is not 24 hexadecimal digits", needle)
            if type(changed) is not int or not 0 <= changed <= LATEST_TIME:
                raise fail(
                    f"entry '{key}' has a time that is not a whole number of seconds between "
                    f"1970 and 2100: {changed!r}",
                    needle,
                )
            if not isinstance(kind, str) or (kind and kind not in _TYPES[section]):
                raise fail(f"entry '{key}' has the type {kind!r}, not one of {', '.join(_TYPES[section])}", needle)
            found[key] = Entry(digest, changed, kind)
    return sections


def _render(bank_id: str, sections: dict[str, dict[str, Entry]], about: str) -> str:
    """JSON with one line per entry, so a commit's diff shows exactly which questions changed."""
    lines = [
        "{",
        '  "about": ' + json.dumps(about) + ",",
        f'  "version": {STATE_VERSION},',
        f'  "bank": {json.dumps(bank_id, ensure_ascii=False)},',
    ]
    for number, section in enumerate(SECTIONS):
        entries = sorted(sections.get(section, {}).items())
        body = []
        for key, e in entries:
            kind = f', "type": "{e.note_type}"' if e.note_type else ""
            body.append(
                f'    {json.dumps(key, ensure_ascii=False)}: {{"hash": "{e.hash}", "changed": {e.changed}{kind}}}'
            )
        closing = "  }" + ("," if number < len(SECTIONS) - 1 else "")
        lines += [f'  "{section}": {{', ",\n".join(body), closing] if body else [f'  "{section}": {{' + closing.strip()]
    lines.append("}")
    return "\n".join(line for line in lines if line != "") + "\n"


_STATE_ABOUT = (
    "Written by `quizgen build -f anki`: when each question last changed, so that "
    "re-importing the deck updates exactly the edited notes. Commit it with the bank."
)
_PUBLISHED_ABOUT = (
    "Written by `quizgen build -f anki`: what the package beside it holds, so that "
    "a later build never gives changed content an older time (a reverted edit)."
)


@dataclass
class State:
    path: Path
    bank_id: str
    baseline: int
    sections: dict[str, dict[str, Entry]] = field(default_factory=dict)
    published: dict[str, dict[str, Entry]] = field(default_factory=dict)
    published_path: Path | None = None
    _seen: dict[str, dict[str, Entry]] = field(default_factory=dict)
    _original_text: str | None = None
    _published_text: str | None = None

    @classmethod
    def load(cls, bank_path: Path, bank_id: str, entries: int, out_dir: Path | None = None) -> "State":
        """The state beside the bank, and what the package in `out_dir` was last built from.

        `entries` (questions and note types) bounds how big either file may reasonably be."""
        path = state_path(bank_path)
        state = cls(path=path, bank_id=bank_id, baseline=baseline_time(bank_path))
        limit = 64 * 1024 + _BYTES_PER_ENTRY * entries
        text = read_small_file(path, bank_path.parent, limit)
        if text is not None:
            state._original_text = text
            state.sections = parse_entries(text, path, bank_id)
        if out_dir is not None:
            state.published_path = out_dir / PUBLISHED_NAME
            published = read_small_file(state.published_path, out_dir, limit)
            if published is not None:
                state._published_text = published
                state.published = parse_entries(
                    published, state.published_path, bank_id, "delete the file (the next build writes it again)"
                )
        return state

    def previous(self, section: str, key: str) -> Entry | None:
        return self.sections.get(section, {}).get(key)

    def changed_at(self, section: str, key: str, digest: str, note_type: str = "") -> int:
        """The time the content `digest` of `key` first appeared; records it for saving."""
        old = self.previous(section, key)
        if old is not None and old.hash == digest:
            changed = old.changed
        elif old is not None:
            changed = max(now(), old.changed + 1)
        else:
            changed = self.baseline
        shipped = self.published.get(section, {}).get(key)
        if shipped is not None:
            if shipped.hash == digest:
                changed = max(changed, shipped.changed)
            elif shipped.changed >= changed:  # a learner may hold that other content, at that time
                changed = max(now(), shipped.changed + 1)
        self._seen.setdefault(section, {})[key] = Entry(digest, changed, note_type)
        return changed

    def text(self) -> str:
        return _render(self.bank_id, self._seen, _STATE_ABOUT)

    def save(self) -> bool:
        """Write the state if it differs from the file on disk; True when written."""
        text = self.text()
        if text == self._original_text:
            return False
        write_atomic(self.path, text)
        self._original_text = text
        return True

    def save_published(self) -> None:
        """Record what the package just written holds (call after writing it)."""
        if self.published_path is None:
            return
        text = _render(self.bank_id, self._seen, _PUBLISHED_ABOUT)
        if text != self._published_text:
            write_atomic(self.published_path, text)
            self._published_text = text
