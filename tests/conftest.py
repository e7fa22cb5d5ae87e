"""Shared fixtures: small banks written for the tests, and a way to run the real CLI."""

from __future__ import annotations

import base64
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.commands.scaffold import example_text
from tests.browser import CHROMIUM, launch

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture
def example_bank(tmp_path: Path) -> Path:
    """The `quizgen new` example: one question of every type, in a folder of its own."""
    path = tmp_path / "bank" / "example.yaml"
    path.parent.mkdir()
    path.write_text(example_text("example"), encoding="utf-8")
    return path


@pytest.fixture
def write_bank(tmp_path: Path):
    """Write YAML text to a bank file in a fresh folder and return its path."""
    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def run_cli():
    """Run `quizgen ARGS` in-process; returns click's Result (exit_code, stdout, stderr)."""
    def run(*args: str, cwd: Path | None = None):
        runner = CliRunner()
        if cwd is None:
            return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
        old = Path.cwd()
        os.chdir(cwd)
        try:
            return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
        finally:
            os.chdir(old)
    return run


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the page and card tests. Missing, the tests skip with the reason;
    under CI (CI=true) a missing browser is a failure, never a silent skip."""
    in_ci = os.environ.get("CI") == "true"
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: the browser tests need it (apt install chromium)"
        if in_ci:
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            raise
        pytest.skip("playwright is not installed (pip install quizgen[test])")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def run_quizgen_process(*args, cwd: Path, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run quizgen as a separate process, as a user would, with this checkout on the path."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "quizgen", *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, **kwargs)


# A real 1 x 1 PNG: validation reads an image's header, so a bare signature is not enough.
ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def png_header(width: int, height: int) -> bytes:
    """A PNG of any size whose pixel data is missing: all validation reads is the header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", b"") + chunk(b"IEND", b""))
