"""When each question's Anki note last changed: the small state file kept beside the bank.

Anki updates an existing note on import only when the package's note `mod` time is newer than
the learner's copy. So `mod` must mean "this question's content last changed at": stable while
the question stays the same, newer as soon as it is edited. A content hash alone cannot give an
order, so `<bank>.anki-state.json` remembers, for every question (and every note type), the hash
of what was put into the package and the time that hash first appeared.

The time given to new or changed content is `SOURCE_DATE_EPOCH` when set (reproducible builds),
else the bank file's modification time: the edit that changed the content happened at or before
it, and it is the same on every rebuild of the same file, so even a first build without a state
file is deterministic. A changed entry is always stamped at least one second after its previous
time, so clocks that go backwards (an old checkout, a copied file) still make an update newer.

The file is written only when something in it changes; authors commit it next to the bank.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.output import source_date_epoch, write_atomic

STATE_VERSION = 1
SUFFIX = ".anki-state.json"


def state_path(bank_path: Path) -> Path:
    """`questions/muse-spark.yaml` -> `questions/muse-spark.anki-state.json`."""
    return bank_path.with_name(bank_path.stem + SUFFIX)


def content_hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]


def baseline_time(bank_path: Path) -> int:
    """The time given to content seen for the first time (or changed) in this build."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    return int(bank_path.stat().st_mtime)


@dataclass
class Entry:
    hash: str
    changed: int


@dataclass
class State:
    path: Path
    bank_id: str
    baseline: int
    sections: dict[str, dict[str, Entry]] = field(default_factory=dict)
    _seen: dict[str, dict[str, Entry]] = field(default_factory=dict)
    _original_text: str | None = None

    @classmethod
    def load(cls, bank_path: Path, bank_id: str) -> "State":
        path = state_path(bank_path)
        state = cls(path=path, bank_id=bank_id, baseline=baseline_time(bank_path))
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return state
        state._original_text = text
        try:
            data = json.loads(text)
        except ValueError:
            return state  # a damaged state file is rebuilt; every note then looks changed once
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION or data.get("bank") != bank_id:
            return state
        for section in ("note_types", "questions"):
            entries = data.get(section)
            if not isinstance(entries, dict):
                continue
            for key, value in entries.items():
                if (isinstance(value, dict) and isinstance(value.get("hash"), str)
                        and isinstance(value.get("changed"), int)):
                    state.sections.setdefault(section, {})[key] = Entry(value["hash"], value["changed"])
        return state

    def changed_at(self, section: str, key: str, digest: str) -> int:
        """The time the content `digest` of `key` first appeared; records it for saving."""
        old = self.sections.get(section, {}).get(key)
        if old is not None and old.hash == digest:
            entry = old
        else:
            time = self.baseline if old is None else max(self.baseline, old.changed + 1)
            entry = Entry(digest, time)
        self._seen.setdefault(section, {})[key] = entry
        return entry.changed

    def text(self) -> str:
        """JSON with one line per entry, so a commit's diff shows exactly which questions changed."""
        lines = ["{",
                 '  "about": ' + json.dumps("Written by `quizgen build -f anki`: when each question last "
                                            "changed, so that re-importing the deck updates exactly the "
                                            "edited notes. Commit it with the bank.") + ",",
                 f'  "version": {STATE_VERSION},',
                 f'  "bank": {json.dumps(self.bank_id, ensure_ascii=False)},']
        sections = ("note_types", "questions")
        for number, section in enumerate(sections):
            entries = sorted(self._seen.get(section, {}).items())
            body = [f'    {json.dumps(key, ensure_ascii=False)}: {{"hash": "{e.hash}", "changed": {e.changed}}}'
                    for key, e in entries]
            closing = "  }" + ("," if number < len(sections) - 1 else "")
            lines += [f'  "{section}": {{', ",\n".join(body), closing] if body else [f'  "{section}": {{' + closing.strip()]
        lines.append("}")
        return "\n".join(line for line in lines if line != "") + "\n"

    def save(self) -> bool:
        """Write the state if it differs from the file on disk; True when written."""
        text = self.text()
        if text == self._original_text:
            return False
        write_atomic(self.path, text)
        self._original_text = text
        return True
