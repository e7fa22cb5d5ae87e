"""`quizgen import` against files made to hang it, exhaust its memory, crash it or make it write
what is not a bank's: each is generated here, small, and must end in a located error (or a
clean import) with nothing written that should not be."""

from __future__ import annotations

import base64
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from quizgen import importers
from quizgen.importers import moodle
from tests.support.images import ONE_PIXEL_PNG


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_detection_reads_comments_without_backtracking(tmp_path):
    """330 bytes of `<!--a-->` once hung detection (an exponential regular expression)."""
    comments = "<!--a-->" * 41
    source = tmp_path / "comments.dat"
    source.write_text(comments + "x", encoding="utf-8")
    assert importers.detect(source) is None
    assert not moodle.sniff(comments + "<quizz>")
    assert moodle.sniff('<?xml version="1.0"?>\n' + comments + "\n<quiz>")


# -- files that are not files, or too large ----------------------------------------------------


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_source_that_is_not_a_regular_file_is_refused_before_it_is_read(run_cli, tmp_path, kind):
    """/dev/zero never ends and a named pipe blocks until someone writes to it."""
    if kind == "device":
        source = Path("/dev/zero")
    else:
        source = tmp_path / "pipe.txt"
        os.mkfifo(source)
    result = run_cli("import", source, "--format", "gift", "-o", tmp_path / "out" / "bank.yaml")
    assert result.exit_code == 1
    assert f"{source}: error: is not a regular file (a device, a pipe or a folder)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_source_over_the_size_limit_is_refused_before_it_is_read(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZGEN_MAX_IMPORT_MB", "0.001")
    source = tmp_path / "big.gift"
    source.write_text("Capital of France? {=Paris ~Lyon}\n\n" * 100, encoding="utf-8")
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert (
        f"{source}: error: the file is 0.0 MiB; the limit is 0.001 MiB per imported file "
        "(raise it with the environment variable QUIZGEN_MAX_IMPORT_MB)"
    ) in result.stderr


@pytest.mark.parametrize(
    ("name", "line", "text"),
    [
        ("many.gift", 2 * 30 + 1, "Question {n}? {{=yes ~no}}\n\n"),
        ("many.txt", 30 + 1, "term {n}\tdefinition {n}\n"),  # Quizlet
    ],
)
def test_reading_stops_at_the_question_past_the_limit(run_cli, tmp_path, monkeypatch, name, line, text):
    """1,000,000 GIFT questions or 100,000 Quizlet cards ran for minutes; the reader now stops at
    the first question past the limit (here lowered to 30) and names its line."""
    monkeypatch.setenv("QUIZGEN_MAX_IMPORT_QUESTIONS", "30")
    source = tmp_path / name
    source.write_text("".join(text.format(n=n) for n in range(2_000)), encoding="utf-8")
    result = run_cli("import", source, *(["--format", "quizlet"] if name.endswith(".txt") else []))
    assert result.exit_code == 1
    assert (
        f"{source}:{line}:1: error: the file holds more than 30 questions; the limit is 30 questions per "
        "imported file (raise it with the environment variable QUIZGEN_MAX_IMPORT_QUESTIONS)"
    ) in result.stderr
    assert files_in(tmp_path) == {name}


def test_a_bank_over_the_bank_size_limit_is_refused_and_nothing_is_written(run_cli, tmp_path):
    source = tmp_path / "quiz.gift"
    source.write_text("".join(f"Question {n}? {{=yes ~no}}\n\n" for n in range(40)), encoding="utf-8")
    result = run_cli("import", source, "--max-bank-mb", "0.001")
    assert result.exit_code == 1
    assert re.search(
        r"error: the bank would be \d+\.\d KiB; the limit is 1\.0 KiB \(raise it with --max-bank-mb", result.stderr
    )
    assert "internal error" not in result.output + result.stderr
    assert files_in(tmp_path) == {"quiz.gift"}


@pytest.mark.parametrize("option", ["--separator", "--card-separator"])
def test_an_empty_separator_is_a_clear_error(run_cli, tmp_path, option):
    source = tmp_path / "cards.txt"
    source.write_text("term\tdefinition\n", encoding="utf-8")
    result = run_cli("import", source, "--format", "quizlet", f"{option}=")
    assert result.exit_code == 2
    assert f"Invalid value for '{option}': must not be empty" in result.stderr


# -- names with control characters -----------------------------------------------------------


def test_a_category_or_deck_name_with_a_control_character_makes_a_clean_title(run_cli, tmp_path):
    gift = tmp_path / "quiz.gift"
    gift.write_text("$CATEGORY: $course$/top/Bio\x07logy\x1b\n\n::cell:: What is a cell? {=a unit ~a wall}\n")
    anki = tmp_path / "deck.txt"
    anki.write_text("#separator:tab\n#deck column:3\nfront\tback\tBio\x07logy\u202e::Cells\n", encoding="utf-8")
    for source in (gift, anki):
        result = run_cli("import", source)
        assert result.exit_code == 0, result.stderr
        assert "title: Biology\n" in source.with_suffix(".yaml").read_text(encoding="utf-8")
        assert run_cli("validate", source.with_suffix(".yaml")).exit_code == 0


# -- workbooks ---------------------------------------------------------------------------------


def _workbook(path: Path, rows: int = 1) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["question", "option1", "option2", "correct_index"])
    for n in range(rows):
        book.active.append([f"Question {n}?", "yes", "no", "1"])
    book.save(path)
    return path


def _rewritten(source: Path, target: Path, part: str, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == part else data)
    return target


SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize(
    ("part", "change", "why"),
    [
        (SHEET, lambda data: LAUGHS + data, "its XML declares entities, which quizgen refuses"),
        ("xl/workbook.xml", lambda data: LAUGHS + data, "its XML declares entities, which quizgen refuses"),
        (
            SHEET,
            lambda data: b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data.replace(b"yes", b"&e;"),
            "its XML declares entities",
        ),
        (
            SHEET,
            lambda data: data.replace(b"</worksheet>", b"<!--" + b" " * 3_000_000 + b"--></worksheet>"),
            f"its part {SHEET} would inflate",
        ),
    ],
    ids=["entities in a sheet", "entities in the workbook", "external entity", "zip bomb"],
)
def test_a_hostile_workbook_is_refused_before_it_is_inflated_or_expanded(run_cli, tmp_path, part, change, why):
    source = _rewritten(_workbook(tmp_path / "plain.xlsx"), tmp_path / "hostile.xlsx", part, change)
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}: error: " in result.stderr and why in result.stderr
    assert "internal error" not in result.output + result.stderr
    assert not source.with_suffix(".yaml").exists()


def test_a_workbook_past_the_size_or_row_limits_is_refused(run_cli, tmp_path, monkeypatch):
    source = _workbook(tmp_path / "rows.xlsx", rows=120)
    monkeypatch.setenv("QUIZGEN_MAX_IMPORT_QUESTIONS", "20")
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}:Sheet!A71: error: the sheet has more than 20 rows; the limit is 20 questions" in result.stderr
    monkeypatch.delenv("QUIZGEN_MAX_IMPORT_QUESTIONS")
    monkeypatch.setenv("QUIZGEN_MAX_IMPORT_MB", "0.01")
    result = run_cli("import", source)
    assert "error: the workbook is 0 MiB once inflated; the limit is 0.01 MiB per imported file" in result.stderr
    assert files_in(tmp_path) == {"rows.xlsx"}


# -- files a Moodle XML file carries -------------------------------------------------------------

_FILES = {
    "photo.png": ONE_PIXEL_PNG,
    "page.html": b"<html><script>alert(1)</script></html>",
    "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "run.png": b"#!/bin/sh\nrm -rf ~\n",
}


def _moodle(questions: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{questions}</quiz>\n'


def _question(name: str, answers: str) -> str:
    images = "".join(f'<img src="@@PLUGINFILE@@/{file}" alt="{file} here">' for file in _FILES)
    files = "".join(
        f'<file name="{file}" path="/" encoding="base64">{base64.b64encode(data).decode()}</file>'
        for file, data in _FILES.items()
    )
    return (
        f'<question type="multichoice"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text><![CDATA[<p>Look. {images}</p>]]></text>{files}</questiontext>'
        f"<single>true</single>{answers}</question>\n"
    )


def test_a_moodle_file_writes_only_the_images_it_carries(run_cli, tmp_path):
    answers = '<answer fraction="100"><text>Yes</text></answer><answer fraction="0"><text>No</text></answer>'
    source = tmp_path / "quiz.xml"
    source.write_text(_moodle(_question("look", answers)), encoding="utf-8")
    result = run_cli("import", source)
    assert result.exit_code == 0, result.stderr
    assert files_in(tmp_path) == {"quiz.xml", "quiz.yaml", "quiz-files", "quiz-files/photo.png"}
    for name in ("page.html", "logo.svg", "run.png"):
        assert f"the file '{name}' is not a PNG, JPEG, GIF or WebP image" in result.stderr
    prompt = next(
        line for line in source.with_suffix(".yaml").read_text(encoding="utf-8").splitlines() if "prompt:" in line
    )
    assert "![photo.png here](quiz-files/photo.png)[page.html here][logo.svg here][run.png here]" in prompt


def test_a_moodle_file_that_writes_no_bank_writes_nothing(run_cli, tmp_path):
    """Every question read but refused by quizgen's checks (here: a choice written twice), so no
    bank: and no image either (they were written before the checks, and left behind)."""
    answers = '<answer fraction="100"><text>Yes</text></answer><answer fraction="0"><text>Yes</text></answer>'
    source = tmp_path / "quiz.xml"
    source.write_text(_moodle(_question("look", answers)), encoding="utf-8")
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert files_in(tmp_path) == {"quiz.xml"}
