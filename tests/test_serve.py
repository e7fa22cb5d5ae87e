"""`quizgen serve`: the preview serves the bank's page, follows each save, shows the errors
`validate` prints while the bank is broken, recovers, and makes an open page reload itself."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from quizgen.commands.scaffold import example_text
from quizgen.serve.server import Preview

WAIT = 20  # seconds a save may take to reach the preview on a busy machine (a limit, not a timing)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank" / "example.yaml"
    path.parent.mkdir()
    path.write_text(example_text("example"), encoding="utf-8")
    return path


@pytest.fixture
def preview(bank: Path):
    running = Preview([bank], "127.0.0.1", 0, echo=lambda text: None)
    running.start()
    yield running
    running.stop()


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers["Content-Type"], response.read().decode("utf-8", errors="replace")


def save_and_wait(preview: Preview, path: Path, text: str) -> None:
    """Save `text` and wait until the preview has rebuilt from it."""
    with preview.site.changed:
        before = preview.site.version
    path.write_text(text, encoding="utf-8")
    with preview.site.changed:
        assert preview.site.changed.wait_for(lambda: preview.site.version != before, timeout=WAIT), \
            "the preview did not notice the save"


def test_edit_break_and_fix_a_bank(preview, bank):
    kind, page = fetch(preview.url)
    assert kind.startswith("text/html") and "What is the capital of France?" in page

    text = bank.read_text(encoding="utf-8")
    save_and_wait(preview, bank, text.replace("capital of France?", "capital of Italy?"))
    _, page = fetch(preview.url)
    assert "What is the capital of Italy?" in page and "capital of France" not in page

    save_and_wait(preview, bank, text.replace("answer: Paris", "answer: Rome"))
    _, page = fetch(preview.url)
    validate = subprocess.run([sys.executable, "-m", "quizgen", "validate", str(bank)], capture_output=True,
                              text=True)
    assert "error: answer &#x27;Rome&#x27; is not one of the choices" in page
    first_error = validate.stderr.splitlines()[0].replace("'", "&#x27;")
    assert first_error in page and 'class="question"' not in page
    _, pdf_page = fetch(preview.url + "paper.pdf")  # no PDF from a broken bank: its errors
    assert "is not one of the choices" in pdf_page

    save_and_wait(preview, bank, text)
    _, page = fetch(preview.url)
    assert "What is the capital of France?" in page and "error:" not in page


@pytest.mark.pdf
def test_pdf_paper_and_key_are_served(preview):
    for name in ("paper.pdf", "key.pdf"):
        with urllib.request.urlopen(preview.url + name, timeout=120) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read().startswith(b"%PDF-")


def test_several_banks_get_an_index(tmp_path, bank):
    other = bank.parent / "other.yaml"
    other.write_text(example_text("other").replace("title: An example bank", "title: Another bank"),
                     encoding="utf-8")
    running = Preview([bank.parent], "127.0.0.1", 0, echo=lambda text: None)
    running.start()
    try:
        _, index = fetch(running.url)
        assert 'href="/example/"' in index and 'href="/other/"' in index and "Another bank" in index
        _, page = fetch(running.url + "other/")
        assert "What is the capital of France?" in page
    finally:
        running.stop()


def test_the_built_page_keeps_its_strict_policy(preview, bank, tmp_path, run_cli):
    """Only the served page may connect back and run the reload script."""
    _, served = fetch(preview.url)
    assert "connect-src 'self'" in served and "EventSource" in served
    assert run_cli("build", bank, "-f", "html", "-o", tmp_path / "out").exit_code == 0
    built = (tmp_path / "out" / "example" / "example.html").read_text(encoding="utf-8")
    assert "connect-src" not in built and "EventSource" not in built


def test_page_reloads_itself_after_a_save(preview, bank, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(preview.url)
    assert page.locator("text=What is the capital of France?").count() == 1
    text = bank.read_text(encoding="utf-8")
    save_and_wait(preview, bank, text.replace("capital of France?", "capital of Spain?"))
    page.wait_for_selector("text=What is the capital of Spain?", timeout=WAIT * 1000)
    save_and_wait(preview, bank, text.replace("answer: Paris", "answer: Madrid"))
    page.wait_for_selector("#errors", timeout=WAIT * 1000)
    assert "is not one of the choices" in page.locator("#errors").inner_text()
    save_and_wait(preview, bank, text)
    page.wait_for_selector("text=What is the capital of France?", timeout=WAIT * 1000)
    assert not [e for e in errors if "Content Security Policy" in e]
    page.close()


def test_sharing_on_the_network_warns(bank, tmp_path):
    """`--host` other than loopback says who can see the banks (started, then stopped)."""
    process = subprocess.Popen([sys.executable, "-m", "quizgen", "serve", str(bank), "--host", "0.0.0.0",
                                "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        warning = process.stderr.readline()
        serving = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert warning.startswith("warning: serving on 0.0.0.0: anyone who can reach this computer")
    assert serving.startswith("serving http://127.0.0.1:")


def test_a_missing_watcher_says_what_to_install(run_cli, bank, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)
    result = run_cli("serve", bank, "--port", "0")
    assert result.exit_code == 1
    assert "quizgen serve needs watchfiles: pip install 'quizgen[serve]'" in result.stderr
