"""`-f cards`: printable flashcards, fronts on odd pages, backs mirrored on even pages."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.pdf, pytest.mark.usefixtures("pdf_format")]

BANK = """\
id: deck
title: Flash
questions:
  - {id: c1, type: card, front: "Frontword1", back: "Backword1"}
  - {id: c2, type: card, front: "Frontword2", back: "Backword2"}
  - {id: c3, type: card, front: "Frontword3", back: "Backword3"}
  - {id: s1, type: single, prompt: "Frontword4", choices: [Backword4, Nope], answer: Backword4, explanation: Whyword.}
"""


def words(path: Path) -> list[dict[str, tuple[float, float, float, float]]]:
    """Each page's words with their boxes (pdftotext -bbox)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        found = {}
        for x0, y0, x1, y1, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
            r'yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            found.setdefault(word, (float(x0), float(y0), float(x1), float(y1)))
        pages.append(found)
    return pages


def build(run_cli, write_bank, tmp_path, *args) -> Path:
    path = write_bank(BANK)
    result = run_cli("build", path, "-f", "cards", "-o", tmp_path / "out", *args)
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "deck" / "deck-cards.pdf"


@pytest.mark.parametrize("paper, width", [("a4", 595.3), ("letter", 612.0)])
def test_backs_mirror_fronts_for_long_edge_duplex(run_cli, write_bank, tmp_path, paper, width):
    pdf = build(run_cli, write_bank, tmp_path, "--paper", paper)
    fronts, backs = words(pdf)
    assert {w for w in fronts if w.startswith("Front")} == {"Frontword1", "Frontword2", "Frontword3"}
    assert {w for w in backs if w.startswith("Back")} == {"Backword1", "Backword2", "Backword3"}
    page_width = float(
        re.search(
            r'width="([\d.]+)"',
            subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout,
        )[1]
    )
    assert abs(page_width - width) < 1
    for n in "123":
        fx0, fy0, fx1, fy1 = fronts[f"Frontword{n}"]
        bx0, by0, bx1, by1 = backs[f"Backword{n}"]
        front_centre, back_centre = (fx0 + fx1) / 2, (bx0 + bx1) / 2
        # Printed on the back of the sheet, the back's centre lies where the front's mirror is:
        # the same card cell, whatever column the front sits in.
        column_width = page_width / 2
        assert (front_centre < page_width / 2) != (back_centre < page_width / 2)
        assert abs((page_width - front_centre) - back_centre) < column_width / 2
        assert abs(fy0 - by0) < 20  # same row


def test_other_types_only_when_asked(run_cli, write_bank, tmp_path):
    plain = words(build(run_cli, write_bank, tmp_path))
    assert "Frontword4" not in plain[0]
    asked = words(build(run_cli, write_bank, tmp_path, "--card-answers", "--force"))
    assert "Frontword4" in asked[0] and "Backword4" in asked[1] and "Whyword." in asked[1]


def test_many_cards_fill_several_sheets_fronts_odd_backs_even(run_cli, write_bank, tmp_path):
    cards = "".join(f'  - {{id: c{i}, type: card, front: "Front{i}x", back: "Back{i}x"}}\n' for i in range(1, 12))
    path = write_bank(f"id: deck\ntitle: Flash\nquestions:\n{cards}")
    assert run_cli("build", path, "-f", "cards", "-o", tmp_path / "out").exit_code == 0
    pages = words(tmp_path / "out" / "deck" / "deck-cards.pdf")
    assert len(pages) == 4  # 11 cards, 8 to a sheet: two sheets, front and back
    for number, page in enumerate(pages, start=1):
        kinds = {w[:4] for w in page if re.fullmatch(r"(Front|Back)\d+x", w)}
        assert kinds == ({"Fron"} if number % 2 else {"Back"})


def test_cards_hold_every_card_of_a_section_that_papers_draw_from(run_cli, write_bank, tmp_path):
    cards = "".join(f'      - {{id: c{i}, type: card, front: "Front{i}x", back: "Back{i}x"}}\n' for i in range(1, 5))
    path = write_bank(f"id: deck\ntitle: Flash\nsections:\n  - title: Pool\n    draw: 1\n    questions:\n{cards}")
    assert run_cli("build", path, "-f", "cards", "-o", tmp_path / "out").exit_code == 0
    fronts = words(tmp_path / "out" / "deck" / "deck-cards.pdf")[0]
    assert {w for w in fronts if w.startswith("Front")} == {f"Front{i}x" for i in range(1, 5)}


def test_cloze_blanks_show_and_each_text_runs_its_own_way(run_cli, write_bank, tmp_path):
    """A cloze card's front leaves room for each blank, as the paper does (the blanks had no width
    and the sentence closed up); in an Arabic bank an English explanation keeps left to right."""
    bank = write_bank("""\
id: mixed
title: Mixed
language: ar
questions:
  - {id: w, type: cloze, text: "Water is {{c1::hydrogen}} and {{c2::oxygen}} bound."}
  - {id: e, type: truefalse, prompt: "Round?", answer: true, explanation: "Yes, roughly a sphere!"}
""")
    out = tmp_path / "out"
    assert run_cli("build", bank, "-f", "cards", "--card-answers", "-o", out).exit_code == 0
    front, back = words(out / "mixed" / "mixed-cards.pdf")
    assert front["and"][0] - front["is"][2] > 25  # a blank's width (and its number) between them
    assert back["hydrogen"] and back["oxygen"]
    # Left to right: the sentence starts at its card's left and "!" stays after "sphere".
    assert back["Yes,"][0] < back["sphere!"][0]
    from quizgen.bank.load import load_bank
    from quizgen.formats import BuildOptions
    from quizgen.formats.cards.format import CardsFormat

    html = CardsFormat(BuildOptions(card_answers=True)).html(load_bank(bank).bank)
    assert '<div class="explanation" dir="ltr">' in html


def test_other_types_show_what_they_ask_about_on_the_front(run_cli, write_bank, tmp_path):
    """An order card read only "Smallest first." and a match card "Match.": the front now holds
    the items (scrambled), both sides, or the lettered choices; the back the answer."""
    bank = write_bank("""\
id: asks
title: Asks
questions:
  - {id: o, type: order, prompt: Smallest first., items: [Oneword, Twoword, Threeword]}
  - {id: m, type: match, prompt: Match., pairs: [{left: Catword, right: Animalword}, {left: Roseword, right: Plantword}, {left: Goldword, right: Metalword}]}
  - {id: s, type: single, prompt: Not a planet?, choices: [Marsword, Moonword, Venusword], answer: Moonword}
""")
    out = tmp_path / "out"
    assert run_cli("build", bank, "-f", "cards", "--card-answers", "-o", out).exit_code == 0
    front, back = words(out / "asks" / "asks-cards.pdf")
    for word in ("Oneword", "Twoword", "Threeword", "Catword", "Animalword", "Goldword", "Marsword", "Moonword"):
        assert word in front and word in back or word == "Marsword", word
    assert "Marsword" not in back  # the back answers: the one right choice


def test_multiple_response_back_lists_each_key_on_its_own_line(run_cli, write_bank, tmp_path):
    """The back of a multiple-response card read "Ironword.; Copperword." as one run-on answer:
    each right choice now stands on a line of its own, with its letter as on the front."""
    bank = write_bank("""\
id: keys
title: Keys
questions:
  - {id: m, type: multiple, prompt: Metals?, choices: [Ironword., Copperword., Woodword.], answer: [Ironword., Copperword.], shuffle: false}
""")
    out = tmp_path / "out"
    assert run_cli("build", bank, "-f", "cards", "--card-answers", "-o", out).exit_code == 0
    front, back = words(out / "keys" / "keys-cards.pdf")
    assert "Woodword." not in back
    iron, copper = back["Ironword."], back["Copperword."]
    assert copper[1] - iron[1] > (iron[3] - iron[1]) * 0.8  # the second key starts a new line
    assert abs(copper[0] - iron[0]) < 1  # under the first, aligned
    assert not any(";" in w for w in back)


def test_single_choice_back_names_its_letter_and_cloze_numbers_stay_on_their_line(run_cli, write_bank, tmp_path):
    """A single-choice back read just "Parisword" where a multiple-choice one read "B ...": it
    now names the letter too. A cloze back's blank number sat above its box, on the line above,
    and the filled word sank under its line's baseline."""
    bank = write_bank("""\
id: back
title: Back
questions:
  - {id: s, type: single, prompt: Capital?, choices: [Lyonword, Parisword], answer: Parisword, shuffle: false}
  - {id: w, type: cloze, text: "Plants take in {{c1::carbon}} dioxide and {{c2::water}} and with light they make glucose and {{c3::oxygenword}} while animals breathe."}
""")
    out = tmp_path / "out"
    assert run_cli("build", bank, "-f", "cards", "--card-answers", "-o", out).exit_code == 0
    _, back = words(out / "back" / "back-cards.pdf")
    letter, paris = back["B"], back["Parisword"]
    assert abs(letter[1] - paris[1]) < 1 and 0 < paris[0] - letter[2] < 10  # "B Parisword" on one line
    number, word, after = back["3"], back["oxygenword"], back["while"]  # 1 and 2 also number the cards
    above = max(box[3] for box in back.values() if box[3] < word[1] + 1)  # the line above's bottom
    assert number[1] >= above  # the number starts below the line above
    assert word[1] - 1 < (number[1] + number[3]) / 2 < word[3]  # beside its word
    assert abs(word[3] - after[3]) < 0.5  # the filled word on its line's baseline
