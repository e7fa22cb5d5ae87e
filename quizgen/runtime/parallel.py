"""Process pools, made one way: forked (workers inherit what is already imported, such as
WeasyPrint and its fonts, so its start-up cost is paid once), only where forking is safe, and
with workers that die with the build that started them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def can_fork() -> bool:
    """Linux, and no other threads that could be holding a lock at the moment of the fork."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def _die_with_parent(parent: int) -> None:
    """A forked worker inherits the write end of its own task pipe, so it never sees end-of-file
    when the build is killed: without this it would wait forever, holding its memory."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux's C library: nothing more can be done
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
