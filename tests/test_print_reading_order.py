"""A match reads as two lists, and numbers keep their order in a right-to-left paper (issue 28):
two small banks built once per module, read back from their tagged PDFs (pdfinfo -struct-text,
pdftotext -bbox)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.support.pdf_text import structure_lists, words

pytestmark = [pytest.mark.pdf, pytest.mark.usefixtures("pdf_format")]

PAIRS = {
    "Leftone": "Rightone",
    "Lefttwo has a long side that wraps onto a second line in its half of the page": "Righttwo",
    "Leftthree": "Rightthree",
    "Leftfour": "7 8 9",
}
MATCH = "\n".join(f"      - {{left: {left}, right: '{right}'}}" for left, right in PAIRS.items())
QUESTIONS = f"""\
questions:
  - id: pairs
    type: match
    prompt: Matchprompt
    pairs:
{MATCH}
  - id: digits
    type: single
    prompt: Digitsprompt
    choices: ["0 1 2", "3 4 5"]
    answer: "0 1 2"
"""
FILLER = " ".join(["filler"] * 110)
LONG = "\n".join(f"      - {{left: Longleft{i} {FILLER}, right: Longright{i} {FILLER}}}" for i in range(1, 7))
LONG_MATCH = f"""\
  - id: long
    type: match
    prompt: Longprompt
    pairs:
{LONG}
"""
BANKS = {
    "left": f"id: left\ntitle: Reading order\n{QUESTIONS}{LONG_MATCH}",
    "arab": f"id: arab\ntitle: ترتيب القراءة\nlanguage: ar\n{QUESTIONS}",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from quizgen.cli import cli

    folder = tmp_path_factory.mktemp("reading")
    for name, text in BANKS.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    paths = [str(folder / f"{name}.yaml") for name in BANKS]
    result = CliRunner().invoke(cli, ["build", *paths, "-f", "pdf", "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    return folder / "out"


def pdfs(built: Path) -> list[Path]:
    return [built / bank / f"{bank}-{part}.pdf" for bank in BANKS for part in ("paper", "key")]


def match_lists(pdf: Path) -> tuple[list[str], list[str]]:
    lists = structure_lists(pdf)
    (index,) = [i for i, items in enumerate(lists) if any("Leftone" in item for item in items)]
    return lists[index], lists[index + 1]


def first_word(side: str) -> str:
    return side.split()[0]


def test_a_match_reads_its_numbered_items_whole_then_its_lettered_ones(built):
    for pdf in pdfs(built):
        left, right = match_lists(pdf)
        key = pdf.name.endswith("key.pdf")
        # "1 Leftone" on the paper, "B 1 Leftone" in the key (the box's letter first)
        numbered = [item.split(" ", 2)[1:] if key else item.split(" ", 1) for item in left]
        assert [number for number, _ in numbered] == ["1", "2", "3", "4"], pdf.name
        assert sorted(first_word(text) for _, text in numbered) == sorted(map(first_word, PAIRS)), pdf.name
        # then one list of every lettered option ("A Rightone"), with no numbered item among them
        assert sorted(item.split(" ", 1)[1] for item in right) == sorted(PAIRS.values()), pdf.name
        assert len({item.split(" ", 1)[0] for item in right}) == len(PAIRS), pdf.name


def test_the_key_boxes_hold_each_items_partner_letter(built):
    for bank in BANKS:
        left, right = match_lists(built / bank / f"{bank}-key.pdf")
        letters = {item.split(" ", 1)[1]: item.split(" ", 1)[0] for item in right}  # "A Rightone"
        for item in left:  # "B 1 Leftone": the box's letter, the number, the item
            mark, _number, text = item.split(" ", 2)
            (side,) = [s for s in PAIRS if first_word(s) == first_word(text)]
            assert mark == letters[PAIRS[side]], (bank, item)
        # The answer grid says the same pairs ("1B 2A 3D 4C"; poppler gives an Arabic cell's
        # characters in the order they are drawn, right to left).
        pdf = built / bank / f"{bank}-key.pdf"
        tree = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True).stdout
        grid = " ".join(item.split(" ", 2)[1] + item.split(" ", 2)[0] for item in left)
        assert f'"{grid}"' in tree or f'"{grid[::-1]}"' in tree, (bank, grid)


def test_a_match_prints_its_two_lists_side_by_side(built):
    for bank, numbered_on_the_right in (("left", False), ("arab", True)):
        page = next(p for p in words(built / bank / f"{bank}-paper.pdf") if any(w[0] == "Leftone" for w in p))
        left = [w for w in page if w[0].startswith("Left")]
        right = [w for w in page if w[0].startswith("Right")]
        middle = 595 / 2
        if numbered_on_the_right:  # a right-to-left paper mirrors the two lists
            assert min(w[1] for w in left) > middle - 20 and max(w[3] for w in right) < middle, bank
        else:
            assert max(w[3] for w in left) < middle + 20 and min(w[1] for w in right) > middle, bank
        # Beside each other, not one under the other: both lists start on the same line.
        assert abs(min(w[2] for w in left) - min(w[2] for w in right)) < 3, bank


def test_numbers_keep_their_order_in_a_right_to_left_paper(built):
    """A choice "0 1 2" and a match side "7 8 9" print left to right, as written, in Arabic too."""
    for bank in BANKS:
        for pdf in (built / bank / f"{bank}-paper.pdf", built / bank / f"{bank}-key.pdf"):
            page = [w for p in words(pdf) for w in p]
            for run in (["0", "1", "2"], ["7", "8", "9"]):
                (start,) = [w for w in page if w[0] == run[0]]
                line = [w for w in page if w[0] in run and abs(w[2] - start[2]) < 1]
                assert sorted(w[0] for w in line) == run, (pdf.name, line)
                assert [w[0] for w in sorted(line, key=lambda w: w[1])] == run, pdf.name


def test_a_match_longer_than_a_page_splits_with_its_lists_side_by_side(built):
    """Both lists of a match too long for one page run over the same pages, side by side, and
    every side is printed once (as flex items, WeasyPrint pushed the lettered list, or half the
    numbered one, onto pages of their own)."""
    pages = words(built / "left" / "left-paper.pdf")
    sides = [w[0] for page in pages for w in page if re.fullmatch(r"Long(left|right)\d", w[0])]
    assert sorted(sides) == sorted(f"Long{side}{i}" for side in ("left", "right") for i in range(1, 7))
    left = {n for n, page in enumerate(pages) for w in page if w[0].startswith("Longleft")}
    right = {n for n, page in enumerate(pages) for w in page if w[0].startswith("Longright")}
    assert len(left) >= 2 and left == right
