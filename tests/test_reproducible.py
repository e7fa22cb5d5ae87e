"""The same inputs give the same bytes, in every format: whatever the hash seed, the working
directory or the folder the bank sits in. Runs on the real bank, as CI's proof."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quizgen import formats
from tests.support.process import REPO, run_quizgen_process


def build_copy(tmp_path: Path, name: str, hash_seed: str) -> dict[str, bytes]:
    """Copy the real bank (with its Anki state) to a new folder and build it there."""
    project = tmp_path / name
    (project / "questions").mkdir(parents=True)
    for path in (REPO / "questions").iterdir():
        shutil.copy(path, project / "questions" / path.name)  # new mtimes, on purpose
    result = run_quizgen_process("build", "--force", cwd=project, env={"PYTHONHASHSEED": hash_seed})
    assert result.returncode == 0, result.stderr
    out = project / "output"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.pdf
@pytest.mark.slow
def test_two_builds_in_different_places_and_hash_seeds_are_byte_identical(tmp_path):
    # Two processes at once: each build is one process, and the suite's other worker leaves a
    # core idle while it waits on a browser or a child process.
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(build_copy, [tmp_path, tmp_path], ["one", "elsewhere/two"], ["1", "2"])
    assert sorted(first) == sorted(second)
    built_suffixes = {Path(name).suffix for name in first}
    expected = {suffix for name in formats.defaults() for suffix in formats.declaration(name).suffixes}
    assert expected <= built_suffixes
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
