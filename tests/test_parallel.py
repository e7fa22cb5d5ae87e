"""What a running build does with processes and the terminal: workers never outlive it, and a
progress bar shows only where a person is watching."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizgen.runtime import parallel
from tests.support.process import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and prctl")


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_when_the_build_is_killed(tmp_path):
    # A parent that starts a pool with long tasks, as a PDF or many-bank build does.
    script = tmp_path / "parent.py"
    script.write_text(
        "import time\n"
        "from quizgen.runtime import parallel\n"
        "with parallel.pool(2) as pool:\n"
        "    futures = [pool.submit(time.sleep, 60) for _ in range(2)]\n"
        "    time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 20
        while len(children_of(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = children_of(parent.pid)
        assert len(workers) == 2
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


def test_a_pool_still_runs_work():
    with parallel.pool(2) as pool:
        assert list(pool.map(abs, [-1, -2, 3])) == [1, 2, 3]


@pytest.mark.slow
def test_a_progress_bar_is_drawn_on_a_terminal_and_not_with_quiet(example_bank, tmp_path):
    """Run quizgen with its standard error on a pseudo-terminal, as a person at a shell would."""
    import pty
    import select

    def stderr_on_a_terminal(*extra: str) -> str:
        controller, terminal = pty.openpty()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quizgen",
                "build",
                str(example_bank),
                "-o",
                str(tmp_path / "out"),
                "-f",
                "json,html",
                "--force",
                *extra,
            ],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.DEVNULL,
            stderr=terminal,
        )
        os.close(terminal)
        seen = b""
        while True:
            ready, _, _ = select.select([controller], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            seen += chunk
        os.close(controller)
        assert process.wait(timeout=30) == 0
        return seen.decode("utf-8", "replace")

    drawn = stderr_on_a_terminal()
    assert "building" in drawn and "100%" in drawn
    assert stderr_on_a_terminal("--quiet") == ""
