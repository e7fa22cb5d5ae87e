"""Every real file of tests/roots/import/ (SOURCE.md there), imported, builds in every format: each
question either arrives in the output, found by its id as the format writes it, or is named by a
located note at the question; a format that can carry none of a bank's questions writes no file
and says so once. One import of all the files and one build per group of formats, for the module:
the printed formats (WeasyPrint) and Anki's backend only for a couple of the banks.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen import formats
from quizgen.bank.load import load_bank
from quizgen.bank.model import Card, Essay
from quizgen.cli import cli
from quizgen.formats.canvas.format import canvas_id
from tests.support.page_data import question_ids

REAL = Path(__file__).resolve().parent / "roots" / "import"
FILES = sorted(str(p.relative_to(REAL)) for p in REAL.rglob("*") if p.is_file() and p.name != "SOURCE.md")
OPTIONS = {"text/lingualeo-ru-anki.csv": ("--format", "anki")}  # Anki text named .csv
LIGHT = ("json", "html", "gift", "moodle", "canvas", "qti")
PRINTED = {"pdf": ["informatics-ru"], "cards": ["molbiol-ru-anki"]}  # WeasyPrint takes seconds a bank
DECKS = ["db-basics-ru", "em-u5-expressions-of-quantity", "molbiol-ru-anki", "nested-categories", "p5-quiz-zh"]


def quizgen(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def banks(tmp_path_factory) -> dict[str, Path]:
    """Each real file imported into a bank of its own, by its file name's stem: the bank's path."""
    folder = tmp_path_factory.mktemp("imported")
    made = {}
    for name in FILES:
        source = folder / "sources" / name
        source.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REAL / name, source)
        target = folder / "banks" / (source.stem + ".yaml")
        code, stderr = quizgen("import", source, "-o", target, *OPTIONS.get(name, ()))
        assert code in (0, 1) and target.exists(), stderr  # 1: a question kept as a comment
        made[source.stem] = target
    assert len(made) == len(FILES)
    return made


def build(banks: dict[str, Path], folder: Path, names: list[str], fmts: tuple[str, ...]) -> str:
    code, stderr = quizgen("build", *(banks[n] for n in names), "-o", folder, "-f", ",".join(fmts), "-j", "1")
    assert code == 0, stderr
    return stderr


@pytest.fixture(scope="module")
def light(banks, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("light")
    return out, build(banks, out, sorted(banks), LIGHT)


# -- each format's questions, by id ------------------------------------------------------------------


def json_ids(folder: Path, bank) -> list[str]:
    return [q["id"] for q in json.loads((folder / f"{bank.id}.json").read_text(encoding="utf-8"))["questions"]]


def html_ids(folder: Path, bank) -> list[str]:
    return question_ids(folder / f"{bank.id}.html")


def gift_ids(folder: Path, bank) -> list[str]:
    text = (folder / f"{bank.id}.gift").read_text(encoding="utf-8")
    return re.findall(r"^::(.+?)(?: \(blank \d+ of \d+\))?::", text, re.M)  # a cloze: one per blank


def moodle_ids(folder: Path, bank) -> list[str]:
    root = ET.parse(folder / f"{bank.id}-moodle.xml").getroot()
    return [q.findtext("name/text") for q in root.iter("question") if q.get("type") != "category"]


def canvas_ids(folder: Path, bank) -> list[str]:
    by_ident = {canvas_id(bank.id, q.id): q.id for q in bank.questions}
    with zipfile.ZipFile(folder / f"{bank.id}-canvas.zip") as package:
        text = "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml"))
    return [by_ident.get(ident, ident) for ident in re.findall(r'<item ident="([^"]+)"', text)]


def qti_ids(folder: Path, bank) -> list[str]:
    with zipfile.ZipFile(folder / f"{bank.id}-qti.zip") as package:
        items = [ET.fromstring(package.read(n)) for n in package.namelist() if n.startswith("items/")]
    return [item.get("identifier").removeprefix("Q-") for item in items]


READERS = {
    "json": (json_ids, ".json"),
    "html": (html_ids, ".html"),
    "gift": (gift_ids, ".gift"),
    "moodle": (moodle_ids, "-moodle.xml"),
    "canvas": (canvas_ids, "-canvas.zip"),
    "qti": (qti_ids, "-qti.zip"),
}


_LOADED: dict[Path, object] = {}


def loaded(path: Path):
    if path not in _LOADED:
        _LOADED[path] = load_bank(path).bank
    return _LOADED[path]


def arrives_or_is_noted(name: str, fmt: str, path: Path, found: list[str] | None, stderr: str) -> None:
    """Every question of the bank at `path` is among `found` (None: the format wrote no file),
    or the build's notes name its place; a format that carries none of the questions wrote
    nothing and said so once."""
    bank = loaded(path)
    types = formats.load(fmt).question_types
    carried = [q for q in bank.questions if type(q) not in types.unsupported]
    if not carried:
        assert found is None, (name, fmt)
        assert len(re.findall(rf"{re.escape(str(path))}:\S*: note: the {fmt} format carries none", stderr)) == 1
        return
    assert found is not None, (name, fmt, "no file written")
    for q in bank.questions:
        if q.id not in found:
            assert f"{q.where()}: note: " in stderr, (name, fmt, q.id, "neither written nor noted")
    assert set(found) <= {q.id for q in bank.questions}, (name, fmt)


@pytest.mark.parametrize("fmt", LIGHT)
def test_every_imported_question_arrives_or_is_noted(fmt, banks, light):
    out, stderr = light
    reader, suffix = READERS[fmt]
    for name, path in banks.items():
        bank = loaded(path)
        written = (out / bank.id / f"{bank.id}{suffix}").exists()
        arrives_or_is_noted(name, fmt, path, reader(out / bank.id, bank) if written else None, stderr)


def test_a_cards_only_bank_writes_no_empty_lms_files(banks, light):
    out, stderr = light
    for name in ("molbiol-ru-anki", "quizlet-idioms", "lingualeo-ru-anki"):
        folder = out / loaded(banks[name]).id
        assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(
            f"{folder.name}{suffix}" for suffix in (".json", ".html", "-moodle.xml")
        )
        for fmt in ("gift", "canvas", "qti"):
            note = f"{banks[name]}:4:1: note: the {fmt} format carries none of this bank's questions (card); nothing written"
            assert stderr.count(note) == 1, (name, fmt)


@pytest.mark.anki
def test_every_imported_question_is_a_note_in_its_deck(banks, tmp_path):
    from tests.support.anki_deck import imported_deck

    stderr = build(banks, tmp_path / "out", DECKS, ("anki",))
    for name in DECKS:
        bank = loaded(banks[name])
        with imported_deck(tmp_path / "out" / bank.id / f"{bank.id}.apkg", tmp_path / "anki" / name) as (_, notes):
            arrives_or_is_noted(name, "anki", banks[name], list(notes), stderr)


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def opening(markdown: str, words: int = 3) -> str:
    """The first words of a text as a PDF shows them (Markdown's escapes and marks gone)."""
    return " ".join(re.sub(r"[\\*_`]", "", markdown).split()[:words])


@pytest.mark.pdf
def test_every_imported_question_is_printed(banks, tmp_path):
    out = tmp_path / "out"
    for fmt, names in PRINTED.items():
        build(banks, out, names, (fmt,))
        for name in names:
            bank = loaded(banks[name])
            if fmt == "pdf":
                paper = pdf_text(out / bank.id / f"{bank.id}-paper.pdf")
                key = pdf_text(out / bank.id / f"{bank.id}-key.pdf")
                assert f"{len(bank.questions)} questions" in key
                for q in bank.questions:
                    assert opening(q.prompt) in paper, (name, q.id)
            else:
                cards = pdf_text(out / bank.id / f"{bank.id}-cards.pdf")
                kept = [q for q in bank.questions if isinstance(q, (Card, Essay))]
                assert kept
                for q in kept:
                    assert opening(q.front) in cards, (name, q.id)
