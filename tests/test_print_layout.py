"""Print that drops, splits or misplaces nothing (issue 28): hostile banks built once per module
and read back from the PDFs (pdftotext -bbox, pdftoppm, pypdf)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.pdf_text import words

pytestmark = [pytest.mark.pdf, pytest.mark.usefixtures("pdf_format")]

LONG_FRONT = "\n\n".join(f"Tallrow{i}" for i in range(1, 31))
CARDS = f"""\
id: deck
title: Hostile deck
questions:
  - {{id: short1, type: card, front: "Frontword1", back: "Backword1"}}
  - id: tall
    type: card
    front: |
{chr(10).join("      " + line for line in LONG_FRONT.splitlines())}
    back: Backword2
  - id: pictures
    type: single
    prompt: Frontword3
    choices: ["![red](red.png)", "![blue](blue.png)", "![red too](red.png)", "![blue too](blue.png)"]
    answer: "![red](red.png)"
  - id: code
    type: card
    front: |
      Frontword4

      ```
      for i in range(3):  # count
          print(i)
      ```
    back: Backword4
""" + "".join(f'  - {{id: c{i}, type: card, front: "Frontword{i}", back: "Backword{i}"}}\n' for i in range(5, 12))


def catalog(path: Path):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return reader, reader.trailer["/Root"]


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    from PIL import Image

    folder = tmp_path_factory.mktemp("deck")
    for name, colour in (("red.png", (200, 30, 30)), ("blue.png", (30, 30, 200))):
        Image.new("RGB", (400, 300), colour).save(folder / name)
    (folder / "deck.yaml").write_text(CARDS, encoding="utf-8")
    from click.testing import CliRunner

    from quizgen.cli import cli

    result = CliRunner().invoke(
        cli, ["build", str(folder / "deck.yaml"), "-f", "cards", "--card-answers", "-o", str(folder / "out")]
    )
    assert result.exit_code == 0, result.output
    return folder / "out" / "deck" / "deck-cards.pdf", result.output


def test_every_card_prints_once_front_and_back(deck):
    pdf, _ = deck
    pages = words(pdf)
    fronts = [w[0] for page in pages[0::2] for w in page]
    backs = [w[0] for page in pages[1::2] for w in page]
    for n in (1, 3, 4, *range(5, 12)):
        assert fronts.count(f"Frontword{n}") == 1, n
    for n in (1, 2, 4, *range(5, 12)):
        assert backs.count(f"Backword{n}") == 1, n
    assert [f"Tallrow{i}" for i in range(1, 31)] == [w for w in fronts if w.startswith("Tallrow")]
    assert not any(w.startswith(("Front", "Tallrow")) for w in backs)


def test_the_build_names_the_cards_given_more_room(deck):
    _, output = deck
    treated = re.findall(
        r"deck\.yaml:\d+:\d+: note: flashcard \d+ \((\w+)\) is too long for its cell: printed (.*)", output
    )
    assert {name for name, _ in treated} == {"tall", "pictures"}
    assert all(how for _, how in treated)


def cut_lines(pdf: Path, page: int) -> tuple[list[float], list[float], float, float]:
    """The x of each vertical and the y (from the top) of each horizontal dashed cut line of a
    page, in points, and the page's size. WeasyPrint draws a dashed border as one small filled
    rectangle per dash: a line is ten dashes or more sharing their centre line."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    sheet = reader.pages[page - 1]
    width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
    matrix, saved = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    vertical: dict[float, int] = {}
    horizontal: dict[float, int] = {}
    for operands, operator in ContentStream(sheet.get_contents(), reader).operations:
        if operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(n) for n in operands)
            m = matrix
            matrix = (a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                      e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5])  # fmt: skip
        elif operator == b"re":
            x, y, w, h = (float(n) for n in operands)
            x0, y0 = matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]
            x1 = matrix[0] * (x + w) + matrix[2] * (y + h) + matrix[4]
            y1 = matrix[1] * (x + w) + matrix[3] * (y + h) + matrix[5]
            across, along = sorted((abs(x1 - x0), abs(y1 - y0)))
            if across > 1 or along < 0.5:
                continue  # not a dash of a .5 pt line
            if abs(x1 - x0) < abs(y1 - y0):
                key = round((x0 + x1) / 2, 1)
                vertical[key] = vertical.get(key, 0) + 1
            else:
                key = round(height - (y0 + y1) / 2, 1)
                horizontal[key] = horizontal.get(key, 0) + 1
    lines = lambda found: sorted(k for k, n in found.items() if n >= 10)  # noqa: E731
    return lines(vertical), lines(horizontal), width, height


def test_back_cut_lines_are_the_fronts_mirrored_inside_the_printable_area(deck):
    pdf, _ = deck
    sheets = len(words(pdf)) // 2
    assert sheets >= 3  # a sheet of cells and the two cards given a sheet of their own
    for sheet in range(sheets):
        front_x, front_y, width, height = cut_lines(pdf, 2 * sheet + 1)
        back_x, back_y, _, _ = cut_lines(pdf, 2 * sheet + 2)
        assert front_x and front_y
        assert len(front_x) == len(back_x) and len(front_y) == len(back_y)
        for x, mirrored in zip(sorted(width - x for x in front_x), sorted(back_x)):
            assert abs(x - mirrored) <= 0.5
        for y, same in zip(front_y, back_y):
            assert abs(y - same) <= 0.5
        margin = 5 / 25.4 * 72
        assert all(margin < x < width - margin for x in front_x) and all(margin < y < height - margin for y in front_y)


def cell(xs: list[float], ys: list[float], x: float, y: float) -> tuple[int, int]:
    """Which cell between the cut lines a point lies in."""
    return sum(x > c for c in xs), sum(y > r for r in ys)


def test_each_back_lands_in_the_cell_behind_its_front(deck):
    pdf, _ = deck
    pages = words(pdf)
    for sheet in range(len(pages) // 2):
        fronts = {w[0]: w for w in pages[2 * sheet]}
        backs = {w[0]: w for w in pages[2 * sheet + 1]}
        xs, ys, width, _ = cut_lines(pdf, 2 * sheet + 1)
        for n in range(5, 12):
            if f"Frontword{n}" not in fronts:
                continue
            front, back = fronts[f"Frontword{n}"], backs[f"Backword{n}"]
            assert cell(xs, ys, width - (front[1] + front[3]) / 2, front[2]) == cell(
                xs, ys, (back[1] + back[3]) / 2, back[2]
            )


def test_code_on_a_card_runs_left_to_right(deck):
    pdf, _ = deck
    line = [w for page in words(pdf) for w in page if w[0] in ("for", "range(3):", "#", "count")]
    assert [w[0] for w in sorted(line, key=lambda w: w[1])] == ["for", "range(3):", "#", "count"]


QUESTIONS = "".join(
    f'      - {{id: q{i}, type: single, prompt: "سؤال رقم {i} عن الموضوع", choices: [نعم, لا], answer: نعم}}\n'
    for i in range(1, 8)
)
TABLE = "\n".join(f"      | Rowword{i} | {i} |" for i in range(1, 15))
ARABIC = f"""\
id: arab
title: "{"اختبار طويل جدا " * 6}"
language: ar
instructions: |
  اقرأ الجدول.

  | Keyword | Valueword |
  |---|--:|
  | a | 1 |
sections:
  - title: الجزء الأول
    questions:
{QUESTIONS}
  - title: الجزء الثاني
    shuffle: false
    intro: |
      Introword

      | Headword | Num |
      |---|--:|
{TABLE}
    questions:
      - id: code
        type: single
        prompt: |
          Firstquestion

          ```
          for i in range(3):  # count
              print(i)
          ```
        choices: ["$\\\\frac{{1}}{{2}}$", "$x^2$"]
        answer: "$\\\\frac{{1}}{{2}}$"
      - {{id: card, type: card, front: Cardfront, back: Cardback}}
"""


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("arab")
    (folder / "arab.yaml").write_text(ARABIC, encoding="utf-8")
    from click.testing import CliRunner

    from quizgen.cli import cli

    args = [
        "build",
        str(folder / "arab.yaml"),
        "-f",
        "pdf,sheets",
        "--versions",
        "2",
        "--collate",
        "-o",
        str(folder / "out"),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return folder / "out" / "arab"


def pages_holding(pdf: Path, word: str) -> set[int]:
    return {number for number, page in enumerate(words(pdf)) for w in page if w[0] == word}


def test_a_section_intro_stays_whole_and_with_its_first_question(arabic):
    for name in ("arab-paper-A.pdf", "arab-paper-B.pdf", "arab-key-A.pdf"):
        pdf = arabic / name
        intro = pages_holding(pdf, "Introword")
        assert len(intro) == 1, name
        assert pages_holding(pdf, "Rowword14") == intro == pages_holding(pdf, "Firstquestion"), name


def test_every_pdf_is_tagged_with_language_title_and_direction(arabic):
    for name in ("arab-paper-A.pdf", "arab-key-B.pdf", "arab-papers.pdf", "arab-keys.pdf"):
        info = subprocess.run(["pdfinfo", str(arabic / name)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M), name
        reader, root = catalog(arabic / name)
        assert root["/Lang"] == "ar"
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)
        assert root["/ViewerPreferences"]["/Direction"] == "/R2L"
        # Every page's marked content is found from the one structure tree (joined files too).
        nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
        numbered = [page["/StructParents"] for page in reader.pages if "/StructParents" in page]
        assert len(numbered) >= len(reader.pages) // 2 and len(set(numbered)) == len(numbered)
        assert set(numbered) <= set(nums[::2])


def test_collated_files_say_all_versions_and_bookmark_each(arabic):
    reader, _ = catalog(arabic / "arab-papers.pdf")
    assert reader.metadata.title.endswith("(النسخة A, B)")
    assert [item.title for item in reader.outline] == ["النسخة A", "النسخة B"]


def test_formulas_keep_their_tex_in_the_extracted_text(arabic):
    text = subprocess.run(["pdftotext", str(arabic / "arab-paper-A.pdf"), "-"], capture_output=True, text=True).stdout
    assert "x^2" in text and "frac{1}{2" in text


def test_code_runs_left_to_right_in_a_right_to_left_paper(arabic):
    line = [w for page in words(arabic / "arab-paper-A.pdf") for w in page if w[0] in ("for", "range(3):", "count")]
    assert [w[0] for w in sorted(line, key=lambda w: w[1])] == ["for", "range(3):", "count"]
    assert min(w[1] for w in line) < 595 / 2  # starts at the left, not the right margin


def test_footer_version_stays_on_one_line_under_a_long_title(arabic):
    for page in words(arabic / "arab-paper-A.pdf"):
        footer = [w for w in page if w[2] > 780]
        # pdftotext writes right-to-left words in the order their letters are drawn
        version = [w for w in footer if w[0] in ("النسخة", "النسخة"[::-1], "A")]
        centres = [(w[2] + w[4]) / 2 for w in version]
        assert len(version) == 2 and abs(centres[0] - centres[1]) < 3


def test_tables_in_instructions_and_intros_are_ruled(arabic, pdf_format):
    """Every cell of the bank's tables is drawn with its borders, as in prompts."""
    import weasyprint

    from quizgen.bank.load import load_bank
    from quizgen.formats import BuildOptions

    bank = load_bank(arabic.parent.parent / "arab.yaml").bank
    html = dict(pdf_format.PdfFormat(BuildOptions()).documents(bank))["arab-paper.pdf"]
    document = weasyprint.HTML(string=html).render()
    cells = []
    for page in document.pages:
        stack = [(page._page_box, False)]
        while stack:
            box, inside = stack.pop()
            classes = (getattr(box, "element", None) is not None and box.element.get("class")) or ""
            inside = inside or bool({"bank-instructions", "section-intro"} & set(classes.split()))
            if inside and type(box).__name__ == "TableCellBox":
                cells.append(box)
            stack.extend((child, inside) for child in getattr(box, "children", ()))
    assert len(cells) >= 2 * 15  # the instructions' table and the intro's, every row
    bare = [c for c in cells if min(c.border_top_width, c.border_left_width, c.border_bottom_width) <= 0]
    assert not bare, [(c.border_top_width, c.border_left_width, c.border_bottom_width) for c in bare[:3]]
    assert all(c.padding_left > 0 for c in cells)


def test_a_card_on_the_paper_says_what_is_asked(arabic):
    for page in words(arabic / "arab-paper-A.pdf"):
        front = [w for w in page if w[0] == "Cardfront"]
        if front:
            # "Write what you know about:" (pdftotext gives right-to-left words letters reversed)
            hint = [w for w in page if w[0] in ("تعرفه", "تعرفه"[::-1])]
            assert hint and 0 < front[0][2] - hint[0][2] < 30  # the line above the front
            return
    raise AssertionError("the card's front is not printed")


def test_the_score_box_sits_on_the_mirrored_side_of_a_right_to_left_paper(arabic):
    first = words(arabic / "arab-paper-A.pdf")[0]
    score = [w for w in first if w[0].strip(":") in ("الدرجة", "الدرجة"[::-1])]
    assert score and score[0][3] < 595 / 3  # at the left margin, not in the middle of the line


def test_arabic_is_set_in_an_arabic_typeface(arabic):
    fonts = subprocess.run(["pdffonts", str(arabic / "arab-paper-A.pdf")], capture_output=True, text=True).stdout
    assert "Noto-Sans-Arabic" in fonts  # not DejaVu Sans's Arabic, a fallback's


def test_the_answer_sheet_version_line_stays_above_the_name_box_under_a_long_title(arabic):
    name_box_top = 29.5 / 25.4 * 72  # quizgen.present.answersheet's place for it, in points
    first = words(arabic / "arab-sheet-A.pdf")[0]
    version = [w for w in first if w[0] in ("النسخة", "النسخة"[::-1]) and w[2] < 120]
    # The word's box runs to the Arabic font's deep descent: its middle is where the line is.
    assert version and (version[0][2] + version[0][4]) / 2 < name_box_top - 3


def test_flashcards_and_answer_sheets_are_tagged_too(deck, arabic):
    for pdf in (deck[0], arabic / "arab-sheet-B.pdf"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M), pdf
        _, root = catalog(pdf)
        assert "/Lang" in root and root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
