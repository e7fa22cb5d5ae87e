"""Process pools, made one way: forked (workers inherit what is already imported, such as
WeasyPrint and its fonts, so its start-up cost is paid once), and only where forking is safe."""

from __future__ import annotations

import multiprocessing
import sys
import threading
from concurrent.futures import ProcessPoolExecutor


def can_fork() -> bool:
    """Linux, and no other threads that could be holding a lock at the moment of the fork."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
