"""The output names a bank may list under `outputs:`, found without importing any format.

The formats live a layer above the bank (`quizgen.formats`), so the bank cannot ask them; it
reads what there is instead: the modules and packages in the formats folder, and the formats
other packages add through the `quizgen.formats` entry point group. `quizgen.formats.names()`
orders the same names for the build.
"""

from __future__ import annotations

import importlib.util
import pkgutil

FORMATS_PACKAGE = "quizgen.formats"
ENTRY_POINT_GROUP = "quizgen.formats"


def bundled() -> set[str]:
    """The formats shipped with quizgen: the packages in the formats folder (its plain modules
    are the registry's helpers)."""
    spec = importlib.util.find_spec(FORMATS_PACKAGE)  # finds the folder; runs none of its code
    folders = spec.submodule_search_locations if spec else None
    return {m.name for m in pkgutil.iter_modules(folders or []) if m.ispkg and not m.name.startswith("_")}


def added() -> set[str]:
    """The names of the formats installed packages add (`quizgen.formats` checks each further)."""
    from importlib import metadata  # 30 ms to import, and a scan of every installed package

    return {entry.name for entry in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def names() -> set[str]:
    """Every output name there is."""
    return bundled() | added()
