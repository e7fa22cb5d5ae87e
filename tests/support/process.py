"""The checkout under test, and quizgen run in a process of its own, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_quizgen_process(*args, cwd: Path, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run quizgen as a separate process, as a user would, with this checkout on the path."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        **kwargs,
    )
