"""Shared fixtures (small banks written for the tests, the real CLI, Chromium and the quiz page),
the markers a test gets from what it uses, and what keeps tests apart when pytest-xdist runs them
in several processes at once.

Markers (registered in pyproject.toml; `-m "not browser and not pdf and not anki and not slow"`
is the fast subset):
- browser: given here to every test that uses the `browser` fixture, directly or through another
  fixture (open_quiz).
- pdf: given here to a test parametrized with `format_name` set to a format WeasyPrint renders;
  whole modules (test_pdf, test_paper, test_cards, test_sheets) and other tests that print or read
  PDFs carry it themselves.
- anki: tests that import a deck with Anki's backend (test_anki, and single tests elsewhere).
- slow: tests that take many seconds for another reason (repeated real processes, Node, hundreds
  of scans).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.commands.scaffold import example_text
from tests.support.browser import CHROMIUM, Quiz, launch
from tests.support.format_groups import PRINTED_FORMATS

ROOTS = Path(__file__).resolve().parent / "roots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("format_name") in PRINTED_FORMATS:
            item.add_marker(pytest.mark.pdf)


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory):
    """Each test process gets a cache folder of its own (the seal key of build records and
    caches), made before any test: the tests never touch the user's ~/.cache, and parallel
    workers never race to create one key."""
    from quizgen.runtime import seal

    folder = tmp_path_factory.mktemp("quizgen-cache")
    saved = os.environ.get("QUIZGEN_CACHE_DIR")
    os.environ["QUIZGEN_CACHE_DIR"] = str(folder)
    assert seal.sign(b"") is not None
    yield folder
    if saved is None:
        del os.environ["QUIZGEN_CACHE_DIR"]
    else:
        os.environ["QUIZGEN_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def pdf_format():
    """quizgen's PDF format module. The PDF tests use it instead of importing it, so that a run
    without them never loads WeasyPrint; where it cannot be imported they skip."""
    return pytest.importorskip("quizgen.formats.pdf.format")


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
def copy_root(tmp_path: Path):
    """Copy a project folder of tests/roots/ (a bank several tests build, with its images) into
    the test's own folder and return the copy's path, which the test may change at will."""

    def copy(name: str) -> Path:
        return Path(shutil.copytree(ROOTS / name, tmp_path / name))

    return copy


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


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the page and card tests, one per test process (each xdist worker
    starts its own). Missing, the tests skip with the reason; under CI (CI=true) a missing browser
    is a failure, never a silent skip."""
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


@pytest.fixture(autouse=True)
def _fresh_browser(request):
    """The browser outlives a test, what the test opened in it does not: every context (and so
    every page, each a Chromium process) a test left open is closed when it ends."""
    yield
    if "browser" in request.fixturenames:
        try:
            browser = request.getfixturevalue("browser")
        except (pytest.skip.Exception, pytest.fail.Exception):
            return  # no browser: the test was skipped (or failed) for that already
        for context in browser.contexts:
            context.close()


@pytest.fixture
def build_html(run_cli, tmp_path):
    """Build the html format of a bank; returns the page's path."""

    def build(bank: Path, *extra: str) -> Path:
        out = tmp_path / "output"
        result = run_cli("build", "-f", "html", "-o", out, *extra, bank)
        assert result.exit_code == 0, result.output
        pages = sorted(out.glob("*/*.html"))
        assert len(pages) == 1, pages
        return pages[0]

    return build


@pytest.fixture
def open_quiz(browser):
    """Open a built page in a new browser context (closed after the test); returns a Quiz that
    records the page's errors, requests and dialogs."""
    contexts = []

    def open_(
        path: Path, *, width: int = 1024, color_scheme: str = "light", context=None, bypass_csp: bool = False
    ) -> Quiz:
        if context is None:
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=color_scheme, bypass_csp=bypass_csp
            )
            contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(5000)
        quiz = Quiz(page, path.as_uri())
        page.on("console", lambda m: m.type in ("error", "warning") and quiz.errors.append(m.text))
        page.on("pageerror", lambda e: quiz.errors.append(str(e)))
        page.on("request", lambda r: quiz.requests.append(r.url))
        page.on("dialog", lambda d: (quiz.dialogs.append(d.message), d.dismiss()))
        page.goto(quiz.url)
        page.wait_for_selector("html[data-ready]")
        return quiz

    yield open_
    for context in contexts:
        context.close()
