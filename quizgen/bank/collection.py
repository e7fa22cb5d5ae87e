"""Several banks at once: found under the paths a command is given, loaded, checked against each
other (two banks must not share an id), and their diagnostics printed in one place.

Every command that reads banks (build, validate, lint, check, grade, serve) goes through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from quizgen.bank.diagnostics import WARNING, Diagnostic, Location, shown_path, summary
from quizgen.bank.load import DEFAULT_MAX_BYTES, LoadResult, load_bank
from quizgen.bank.model import Bank

DEFAULT_BANK_FOLDER = Path("questions")
BANK_SUFFIXES = (".yaml", ".yml")

Echo = Callable[[str], None]


class NoBanks(Exception):
    """The paths given hold no bank files (a usage mistake, exit 2)."""


@dataclass(frozen=True)
class Found:
    """A bank file, and the folder it was found in (None when it was named directly)."""

    path: Path
    folder: Path | None = None


def find_banks(paths: Iterable[Path]) -> list[Found]:
    """Bank files named directly, or found (sorted) below the folders named."""
    found: list[Found] = []
    for path in paths or [DEFAULT_BANK_FOLDER]:
        if path.is_dir():
            found += [
                Found(p, path)
                for p in sorted(path.rglob("*"))
                if p.suffix in BANK_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
        elif path.exists():
            found.append(Found(path))
        else:
            raise NoBanks(f"{shown_path(path)}: no such file or folder")
    if not found:
        raise NoBanks(
            "no bank files (*.yaml) found in " + ", ".join(shown_path(p) for p in paths or [DEFAULT_BANK_FOLDER])
        )
    return found


def load_all(found: list[Found], max_bytes: int = DEFAULT_MAX_BYTES) -> list[LoadResult]:
    results = [_refused_link(bank) or load_bank(bank.path, max_bytes=max_bytes) for bank in found]
    _check_unique_bank_ids(results)
    return results


def _refused_link(found: Found) -> LoadResult | None:
    """A bank found in a folder through a symbolic link that leads out of that folder is not read:
    a downloaded folder could otherwise make quizgen read (and quote, under a diagnostic) any
    file the user can read. Naming the file itself on the command line still builds it."""
    if found.folder is None:
        return None
    try:
        target = found.path.resolve()
        inside = target.is_relative_to(found.folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        target, inside = None, False
    if inside:
        return None
    where = f"to {shown_path(target)}, " if target is not None else ""
    return LoadResult(
        str(found.path),
        None,
        [
            Diagnostic(
                Location(str(found.path)),
                f"is a symbolic link {where}outside {shown_path(found.folder)}; quizgen does not follow it "
                f"(name the file itself to build it: quizgen build {shown_path(target or found.path)})",
            )
        ],
    )


def _check_unique_bank_ids(results: list[LoadResult]) -> None:
    owners: dict[str, LoadResult] = {}
    for result in results:
        if result.bank is None:
            continue
        first = owners.setdefault(result.bank.id, result)
        if first is not result:
            result.diagnostics.append(
                Diagnostic(
                    result.bank.where("id"),
                    f"bank id '{result.bank.id}' is also used by {shown_path(first.path)}; "
                    "both would build into the same output folder",
                )
            )
    _warn_about_equal_titles(results)


def _warn_about_equal_titles(results: list[LoadResult]) -> None:
    """Anki finds decks by name, ignoring case: two banks with one title share one deck."""
    owners: dict[str, tuple[LoadResult, Bank]] = {}
    for result in results:
        bank = result.bank
        if bank is None:
            continue
        first, first_bank = owners.setdefault(bank.title.casefold(), (result, bank))
        if first is not result and first_bank.id != bank.id:
            result.diagnostics.append(
                Diagnostic(
                    bank.where("title"),
                    f"title '{bank.title}' is also the title of {shown_path(first.path)}; in Anki both "
                    "banks' cards would land in one deck (give each bank its own title)",
                    WARNING,
                )
            )


def report_diagnostics(results: list[LoadResult], echo_err: Echo) -> bool:
    """Print every diagnostic, sorted by place, then a count. True when there were errors."""
    lines = {r.path: r.lines for r in results}
    every = sorted((d for r in results for d in r.diagnostics), key=Diagnostic.sort_key)
    for diagnostic in every:
        echo_err(diagnostic.format(lines.get(diagnostic.location.path)))
    if every:
        echo_err(summary(every))
    return any(d.is_error for d in every)
