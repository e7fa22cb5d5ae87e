"""The code's shape holds: imports run one way (the contracts in pyproject.toml), no module
imports itself back through others, and nothing about one bank lingers in the process to colour
the next one's outputs, even when two banks render at the same time."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from quizgen.bank.load import load_bank
from quizgen.commands.scaffold import example_text
from quizgen.formats import BuildOptions
from quizgen.formats.html.format import render_page
from quizgen.text import markup

REPO = Path(__file__).resolve().parent.parent


def test_imports_keep_to_the_layers_in_pyproject():
    """`lint-imports` reads the contracts in pyproject.toml; a wrong-way import names both layers."""
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_no_module_imports_itself_back_through_others():
    import grimp

    graph = grimp.build_graph("quizgen")
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(graph.find_shortest_chain(importer=imported, imported=module) + (imported,))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(chain) for chain in cycles)


def _banks(tmp_path: Path):
    """The same example bank in English and in French (the fixed words differ), each in its folder."""
    made = []
    for language in ("en", "fr"):
        path = tmp_path / language / f"example-{language}.yaml"
        path.parent.mkdir()
        text = re.sub(r"^language: .*$", f"language: {language}", example_text(f"example-{language}"), flags=re.M)
        path.write_text(text, encoding="utf-8")
        result = load_bank(path)
        assert result.ok, result.diagnostics
        made.append(result.bank)
    return made


def _outputs(bank) -> tuple[str, str]:
    """The page, and the paper's HTML as the PDF format hands it to WeasyPrint."""
    from quizgen.formats.pdf.format import PdfFormat

    paper = PdfFormat(BuildOptions()).documents(bank)[0][1]
    return render_page(bank), paper


@pytest.mark.slow
def test_two_banks_render_at_once_in_two_threads_as_they_do_alone(tmp_path):
    english, french = _banks(tmp_path)
    markup.forget()
    alone = {bank.id: _outputs(bank) for bank in (english, french)}
    assert "Submit all answers" in alone[english.id][0]
    assert "Submit all answers" not in alone[french.id][0]  # French words, not English ones

    markup.forget()
    together: dict[str, tuple[str, str]] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def render(bank):
        try:
            start.wait()
            for _ in range(3):  # interleave several renders of each
                together[bank.id] = _outputs(bank)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=render, args=(bank,)) for bank in (english, french)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert together == alone
