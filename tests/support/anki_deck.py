"""A built deck as a learner gets it: imported into a fresh collection by Anki's own backend (the
`anki` package from PyPI), with Anki desktop's default import options."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


@contextmanager
def imported_deck(package: Path, folder: Path):
    """(collection, notes by their quizgen question id) for `package` imported into a new
    collection in `folder`; the collection is closed afterwards."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions()))
        yield col, {col.get_note(n)["Id"].rsplit("/", 1)[1]: col.get_note(n) for n in col.find_notes("")}
    finally:
        col.close()
