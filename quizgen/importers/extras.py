"""The optional libraries of the `import` extra (openpyxl, defusedxml, markdownify, anyascii),
imported when an importer first needs one, with a message saying how to install it when it is
missing."""

from __future__ import annotations

import importlib


class MissingExtra(Exception):
    """A library an importer needs is not installed; the message says how to install it."""


def need(module: str, package: str):
    """Import an optional library of the `import` extra, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtra(f"importing this format needs {package}: pip install 'quizgen[import]'") from error
