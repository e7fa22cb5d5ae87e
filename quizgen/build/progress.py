"""A progress bar for long builds: on a terminal only, never with --quiet, never in logs."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def bar(total: int, *, quiet: bool, label: str) -> Iterator[Callable[[str], None]]:
    """Yield `advance(what_just_finished)`; draws on standard error when that is a terminal."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield lambda finished: None
        return
    import click

    with click.progressbar(
        length=total, label=label, file=sys.stderr, item_show_func=lambda item: item or ""
    ) as progress:
        yield lambda finished: progress.update(1, finished)
