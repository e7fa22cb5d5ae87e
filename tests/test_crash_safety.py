"""A build killed at any moment loses nothing, leaves nothing that trips a later build, and two
builds into the same folder at once both finish with whole files.

Real processes, real SIGKILL: `python -m quizgen build` on a generated bank, killed after a random
short delay or the instant a temporary file appears (that is, in the middle of writing).

Every format writes through one function, `runtime.output.write_atomic`. So each format is checked
to leave no file that did not come through it (cheap, in one process), and the kills, which cost
seconds a build, are aimed at one format for each way of writing there is. The PDF format's own
risks are tested where they live: a damaged cache entry is rendered again (tests/test_pdf.py), and
its forked renderers die with a killed build (tests/test_parallel.py).
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest

from benchmarks.generate import bank_text
from quizgen import formats
from quizgen.runtime.output import TEMP_PREFIX, TEMP_SUFFIX, is_temporary, sweep_stale, write_atomic
from tests.support.process import REPO, run_quizgen_process

BANK_ID = "crash"
KILLS = 4  # half at a random moment, half the instant a temporary file appears
# One format for each way of writing: one large file; a package plus a state file beside the bank.
# (A PDF build writes its cached parts and joined files the same way, at seconds a process.)
KILLED_FORMATS = ("json", "anki")
# Questions per bank: enough that writing takes a visible share of the run, small enough for CI.
# The new bank is larger, so its build differs and runs longer (up to twice the size).
SIZES = {"json": 1500}
DEFAULT_SIZE = 150


def generate(path: Path, count: int, salt: str) -> Path:
    """A synthetic bank with a fixed id; `salt` changes the content, so two builds differ."""
    lines = bank_text(count, BANK_ID).splitlines(keepends=True)
    lines = [f"title: Crash test {salt}\n" if line.startswith("title: ") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every output file below `folder` by relative path; temporary files are listed apart.

    A format's cache (`.quizgen-cache/`) is not output: which entries it keeps depends on which of
    two simultaneous builds finished last, and any entry may be missing or damaged.
    """
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not is_temporary(p) and ".quizgen-cache" not in p.relative_to(folder).parts
    }


def temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(TEMP_PREFIX + "*" + TEMP_SUFFIX)) if folder.exists() else []


def has_temporary(folder: Path) -> bool:
    """Whether a temporary file is anywhere below `folder`: what temporaries() finds, at a third
    of the cost, for the loop that looks every half millisecond while a build runs."""
    pending = [str(folder)]
    while pending:
        try:
            entries = os.scandir(pending.pop())
        except OSError:  # not made yet, or removed meanwhile
            continue
        with entries:
            for entry in entries:
                if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
                    return True
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    return False


def complete(name: str, data: bytes) -> bool:
    """Whether `data` is a whole file of its kind (for outputs that embed build times)."""
    if name.endswith(".json"):
        json.loads(data)
        return True
    if name.endswith((".apkg", ".zip")):
        import io

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None
    if name.endswith(".pdf"):
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    if name.endswith(".html"):
        return data.rstrip().lower().endswith(b"</html>")
    return False


def assert_whole(out: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Each output file is byte-identical to the earlier build's or to a complete new build's."""
    found = snapshot(out)
    assert set(found) >= set(before), "a previously built file disappeared"
    for name, data in found.items():
        if data in (before.get(name), after.get(name)):
            continue
        # Formats that stamp the build time (Anki's note mod times) cannot match byte for byte;
        # they must still be whole files.
        assert complete(name, data), f"{name} is neither the old file nor a whole new one"


def build_command(bank: Path, out: Path, format_name: str) -> list[str]:
    return [sys.executable, "-m", "quizgen", "build", str(bank), "-f", format_name, "-o", str(out)]


def start(bank: Path, out: Path, format_name: str) -> subprocess.Popen:
    return subprocess.Popen(
        build_command(bank, out, format_name),
        cwd=bank.parent,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_when(process: subprocess.Popen, out: Path, delay: float | None) -> bool:
    """SIGKILL after `delay` seconds, or (None) as soon as a temporary file shows up. Returns
    whether the process was still running when it was killed."""
    deadline = time.monotonic() + (delay if delay is not None else 60)
    while time.monotonic() < deadline and process.poll() is None:
        if delay is None and has_temporary(out / BANK_ID):
            break
        time.sleep(0.0005 if delay is None else 0.002)
    alive = process.poll() is None
    if alive:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return alive


def reference_build(bank: Path, out: Path, format_name: str) -> dict[str, bytes]:
    result = run_quizgen_process("build", bank, "-f", format_name, "-o", out, cwd=bank.parent)
    assert result.returncode == 0, result.stderr
    return snapshot(out / BANK_ID)


class Reference(NamedTuple):
    banks: Path  # old.yaml and new.yaml, with what their builds left beside them (Anki's state)
    old_files: dict[str, bytes]  # each bank's outputs, built whole into an empty folder
    new_files: dict[str, bytes]
    duration: float  # how long the new bank's build took: the kills are spread over it


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Per format, the two banks and their reference builds, made once for both tests of the
    format (they are the same builds in each)."""
    made: dict[str, Reference] = {}

    def get(format_name: str) -> Reference:
        if format_name not in made:
            root = tmp_path_factory.mktemp(f"reference-{format_name}")
            size = SIZES.get(format_name, DEFAULT_SIZE)
            (root / "banks").mkdir()
            old_bank = generate(root / "banks" / "old.yaml", size, "old")
            new_bank = generate(root / "banks" / "new.yaml", size + min(size, 100), "new")
            old_files = reference_build(old_bank, root / "old", format_name)
            began = time.monotonic()
            new_files = reference_build(new_bank, root / "new", format_name)
            duration = time.monotonic() - began
            assert old_files and new_files and old_files != new_files
            made[format_name] = Reference(root / "banks", old_files, new_files, duration)
        return made[format_name]

    return get


@pytest.fixture
def banks(reference, tmp_path):
    """The format's reference, and a copy of its banks folder for this test to build from."""

    def copy(format_name: str) -> tuple[Reference, Path, Path]:
        ref = reference(format_name)
        folder = Path(shutil.copytree(ref.banks, tmp_path / "banks"))
        return ref, folder / "old.yaml", folder / "new.yaml"

    return copy


@pytest.mark.parametrize("format_name", formats.names())
def test_every_file_a_format_leaves_was_written_atomically(format_name, run_cli, tmp_path, monkeypatch):
    """A file that did not come through `write_atomic` (a temporary file locked, then renamed over
    the old one) would be half written when a build is killed: no format leaves one, output or
    cache or state."""
    replaced: set[Path] = set()
    real_replace = os.replace

    def recording_replace(source, target, **kwargs):
        if Path(source).name.startswith(TEMP_PREFIX):
            replaced.add(Path(target).resolve())
        return real_replace(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", recording_replace)
    (tmp_path / "banks").mkdir()
    bank = generate(tmp_path / "banks" / "bank.yaml", 6, "atomic")
    result = run_cli("build", bank, "-f", format_name, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    left = {p.resolve() for p in tmp_path.rglob("*") if p.is_file() and p != bank}
    assert snapshot(tmp_path / "out" / BANK_ID), "the build wrote nothing"
    assert sorted(left - replaced) == []


def test_the_killed_formats_are_formats():
    assert set(KILLED_FORMATS) <= set(formats.names())


@pytest.mark.slow
@pytest.mark.parametrize("format_name", KILLED_FORMATS)
def test_a_build_killed_at_any_moment_leaves_every_file_whole(format_name, banks, tmp_path):
    (_, old_files, new_files, duration), old_bank, new_bank = banks(format_name)
    out = tmp_path / "out"

    rng = random.Random(f"{format_name}-kills")
    killed_mid_write = 0
    for attempt in range(KILLS):
        for name, data in old_files.items():
            write_atomic(out / BANK_ID / name, data)  # back to the old outputs
        delay = None if attempt % 2 else rng.uniform(0.2, 1.1) * duration
        process = start(new_bank, out, format_name)
        if kill_when(process, out, delay) and temporaries(out / BANK_ID):
            killed_mid_write += 1
        assert_whole(out / BANK_ID, old_files, new_files)

    # A later build finishes, and sweeps what the killed ones left behind.
    result = run_quizgen_process("build", new_bank, "-f", format_name, "-o", out, cwd=new_bank.parent)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert temporaries(out) == []
    assert_whole(out / BANK_ID, {}, new_files)
    print(f"{format_name}: {killed_mid_write} of {KILLS} kills landed while a temporary file existed")


@pytest.mark.slow
@pytest.mark.parametrize("format_name", KILLED_FORMATS)
def test_two_builds_at_once_into_the_same_folder_both_finish_whole(format_name, banks, tmp_path):
    (_, old_files, new_files, _), old_bank, new_bank = banks(format_name)
    out = tmp_path / "out"
    for _ in range(2):
        first, second = start(old_bank, out, format_name), start(new_bank, out, format_name)
        assert first.wait() == 0, first.stderr.read().decode()
        assert second.wait() == 0, second.stderr.read().decode()
        first.stderr.close()
        second.stderr.close()
        assert set(snapshot(out / BANK_ID)) == set(new_files)
        assert_whole(out / BANK_ID, old_files, new_files)
        assert temporaries(out) == []


def test_a_later_build_sweeps_stale_temporary_files_but_not_a_running_builds(run_cli, example_bank, tmp_path):
    out = tmp_path / "out" / "example"
    out.mkdir(parents=True)
    stale = out / f"{TEMP_PREFIX}example.json.abc123{TEMP_SUFFIX}"
    stale.write_bytes(b'{"half": ')
    nested = out / "media" / f"{TEMP_PREFIX}x.png.def456{TEMP_SUFFIX}"
    nested.parent.mkdir()
    nested.write_bytes(b"\x89PN")
    in_use = out / f"{TEMP_PREFIX}example.json.live99{TEMP_SUFFIX}"
    in_use.write_bytes(b"being written")
    unrelated = out / "notes.tmp"
    unrelated.write_bytes(b"mine")
    an_hour_ago = time.time() - 3600
    for path in (stale, nested, in_use, unrelated):
        os.utime(path, (an_hour_ago, an_hour_ago))
    with open(in_use, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a running build's write_atomic holds it
        result = run_cli("build", example_bank, "-f", "json", "-o", tmp_path / "out")
        assert result.exit_code == 0
        assert not stale.exists() and not nested.exists()
        assert in_use.read_bytes() == b"being written"
    assert unrelated.read_bytes() == b"mine"
    assert json.loads((out / "example.json").read_text(encoding="utf-8"))["id"] == "example"


def test_sweeping_leaves_temporary_files_newer_than_the_build(tmp_path):
    fresh = tmp_path / f"{TEMP_PREFIX}a.json.x{TEMP_SUFFIX}"
    fresh.write_bytes(b"")
    assert sweep_stale(tmp_path, started=time.time() - 60) == []
    assert fresh.exists()
    assert sweep_stale(tmp_path, started=time.time() + 60) == [fresh]
    assert sweep_stale(tmp_path / "missing", started=time.time()) == []


def test_write_atomic_holds_a_lock_while_writing(tmp_path, monkeypatch):
    """The lock is what tells a sweeper that the writer is alive: check it is really held."""
    seen = []
    real_replace = os.replace

    def replace(source, target):
        with open(source, "rb") as other:  # a separate open file description, like another process
            try:
                fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                seen.append("unlocked")
            except BlockingIOError:
                seen.append("locked")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    write_atomic(tmp_path / "out.json", "{}")
    assert seen == ["locked"]
    assert (tmp_path / "out.json").read_text() == "{}"
    assert temporaries(tmp_path) == []
