"""Skip outputs whose inputs have not changed since they were built.

An output's inputs are: the bank file's bytes, the images it uses, the format's templates (bundled
and overrides), the options the format declares it reads (`--subdecks` rebuilds the Anki deck,
not the PDF), any extra files the format declares (such as the Anki state file) and quizgen's
own code (for a format from another package, that package's code too). Their SHA-256 is the
*fingerprint*. No other option is an input: the output folder, `--force` and `--jobs` change no
output, and `--templates` counts by what its folder holds for the format. `--seed` counts only
where the format shuffles something of the bank with it (`Declaration.seeded`), and `--versions`
only for the formats that print versions (the paper and key, the answer sheets). After each build,
`output/<bank-id>/.quizgen-build.json` records, per format, the fingerprint and the SHA-256 of
every file written; a later build skips the format when the fingerprint matches and every
recorded file is still there, unchanged. `--force` rebuilds regardless. A build that writes
fewer files than the last one (no `--versions` after `--versions 3`) removes the ones it no
longer writes, if they still hold what quizgen wrote (`superseded`).

Each entry is sealed (`quizgen.runtime.seal`): a record that came with a downloaded output folder, or
was edited to vouch for an edited page, does not verify, and the format is built again.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from quizgen import __version__, formats
from quizgen.bank import assets
from quizgen.bank.model import Bank
from quizgen.formats import BuildOptions
from quizgen.present.templating import bundled_templates
from quizgen.runtime import seal
from quizgen.runtime.output import write_atomic
from quizgen.text import markup

RECORD_NAME = ".quizgen-build.json"
_PACKAGE = Path(__file__).resolve().parent.parent  # the quizgen package


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """quizgen's own code and data (its Python, the grading script, the language catalogs): a
    development checkout, or a catalog being translated, changes without a version bump."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".js", ".po")):
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _folder_digest(folder: Path, digest) -> None:
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())


def _options_read(bank: Bank, format_name: str, options: BuildOptions) -> list[str]:
    """The options this format's output depends on for this bank: those it declares, less the seed
    where it shuffles nothing of this bank (the deck of a bank without order or match questions)."""
    declared = formats.declaration(format_name)
    names = [option.name for option in declared.options]
    if "seed" in names and declared.seeded is not None and not declared.seeded(bank, options):
        names.remove("seed")
    return names


def fingerprint(bank: Bank, format_name: str, options: BuildOptions, extra_inputs: list[Path]) -> str:
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(format_name.encode())
    for path in formats.plugin_files(format_name):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    settings = options.of(_options_read(bank, format_name, options))
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update(bank.path.read_bytes())
    sources = {src for q in bank.questions for _, text in q.markdown_texts() for src in markup.image_sources(text)}
    for src in sorted(sources):
        digest.update(src.encode() + b"\0" + assets.read(bank.folder, src))
    _folder_digest(bundled_templates() / format_name, digest)
    if options.templates is not None:
        _folder_digest(Path(options.templates) / format_name, digest)
    for extra in extra_inputs:
        digest.update(str(extra).encode() + b"\0" + (extra.read_bytes() if extra.is_file() else b""))
    return digest.hexdigest()


def _read_record(out_dir: Path) -> dict:
    try:
        record = json.loads((out_dir / RECORD_NAME).read_text(encoding="utf-8"))
        return record if isinstance(record, dict) else {}
    except (OSError, ValueError):
        return {}


def _sealed_bytes(format_name: str, entry: dict) -> bytes:
    fields = {key: value for key, value in entry.items() if key != "seal"}
    return json.dumps([format_name, fields], sort_keys=True).encode()


def _trusted_entries(out_dir: Path) -> dict[str, dict]:
    """The record's entries that this user's builds wrote (their seal verifies)."""
    return {
        name: entry
        for name, entry in _read_record(out_dir).items()
        if isinstance(entry, dict) and seal.verify(_sealed_bytes(name, entry), entry.get("seal"))
    }


def built_from(out_dir: Path) -> set[Path]:
    """The bank files whose outputs the folder holds, as its record says (resolved paths)."""
    return {
        (out_dir / entry["bank"]).resolve()
        for entry in _trusted_entries(out_dir).values()
        if isinstance(entry.get("bank"), str)
    }


def _bank_as_seen_from(out_dir: Path, bank: Bank) -> str:
    """Relative to the output folder, so moving a project with its outputs keeps the record
    byte-identical (and true)."""
    return Path(os.path.relpath(bank.path.resolve(), out_dir.resolve())).as_posix()


def up_to_date(bank: Bank, format_name: str, options: BuildOptions, out_dir: Path) -> list[Path] | None:
    """The files of an up-to-date earlier build, or None when the format must be built.

    The record names the format's extra inputs too, so this check needs no import of the format
    (nor of its heavy library): a no-change rebuild stays fast. Which extra inputs a format
    declares can only change with quizgen's code, which is part of the fingerprint.
    """
    entry = _trusted_entries(out_dir).get(format_name)
    if entry is None:
        return None
    extra, files = entry.get("extra_inputs"), entry.get("files")
    if not isinstance(extra, list) or not isinstance(files, dict) or not files:
        return None
    if entry.get("fingerprint") != fingerprint(bank, format_name, options, [Path(p) for p in extra]):
        return None
    paths = []
    for name, digest in sorted(files.items()):
        path = out_dir / name
        if Path(name).name != name or not path.is_file() or _file_digest(path) != digest:
            return None
        paths.append(path)
    return paths


def superseded(format_name: str, out_dir: Path, written: list[Path]) -> list[Path]:
    """Files this format wrote last time but not this time (`-paper.pdf` after a build with
    `--versions 3`, or the other way round), which a teacher could print by mistake.

    Only files the record names, still holding the bytes quizgen wrote, are returned: a file the
    user wrote or changed is never touched. Call before `remember`, which forgets them."""
    entry = _read_record(out_dir).get(format_name)
    files = entry.get("files") if isinstance(entry, dict) else None
    if not isinstance(files, dict):
        return []
    now = {p.name for p in written}
    stale = []
    for name, digest in sorted(files.items()):
        path = out_dir / name
        if name in now or Path(name).name != name or name == RECORD_NAME:
            continue
        try:
            if path.is_file() and not path.is_symlink() and _file_digest(path) == digest:
                stale.append(path)
        except OSError:
            continue
    return stale


def remember(
    bank: Bank, format_name: str, options: BuildOptions, out_dir: Path, written: list[Path], extra: list[Path]
) -> None:
    """Record what was built from what; call after building (a format may update its inputs)."""
    record = _read_record(out_dir)
    entry: dict[str, object] = {
        "bank": _bank_as_seen_from(out_dir, bank),
        "fingerprint": fingerprint(bank, format_name, options, extra),
        "extra_inputs": [str(p) for p in extra],
        "files": {p.name: _file_digest(p) for p in written if p.parent == out_dir},
    }
    entry["seal"] = seal.sign(_sealed_bytes(format_name, entry))
    record[format_name] = entry
    write_atomic(out_dir / RECORD_NAME, json.dumps(record, indent=2, sort_keys=True) + "\n")
