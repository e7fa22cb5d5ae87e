"""The PDF format, checked the way a teacher would: by reading the printed papers and keys back.

PDFs are read with pypdf (text per page, page sizes, metadata) and poppler's pdftotext (word
positions). Rendering is slow, so banks are small and built once per module where possible.
"""

from __future__ import annotations

import html
import re
import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from benchmarks.generate import write_bank as write_synthetic_bank
from quizgen.bank.load import load_bank
from quizgen.formats import BuildError, BuildOptions
from quizgen.present import citations
from quizgen.present.templating import bundled_templates
from quizgen.present.versions import versions
from quizgen.text import markup

pytestmark = [pytest.mark.pdf, pytest.mark.usefixtures("pdf_modules")]

# The PDF format and its renderer, imported when the first test here runs rather than when the
# module is collected: a run that leaves these tests out never loads WeasyPrint.
pdf = printing = None


@pytest.fixture(scope="session")
def pdf_modules(pdf_format):
    global pdf, printing
    pdf = pdf_format
    printing = pytest.importorskip("quizgen.printing.render")


A4 = (595, 842)
LETTER = (612, 792)


# ---------------------------------------------------------------- helpers


def pages_text(path: Path) -> list[str]:
    """Each page's text with runs of white space made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(path).pages]


def text_of(path: Path) -> str:
    return " ".join(pages_text(path))


def read_text(path: Path) -> str:
    """The text as poppler reads it, in reading order (pypdf puts list numbers last), spaces
    made single."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def flat(markdown: str) -> str:
    return re.sub(r"\s+", " ", markup.plain(markdown))


def png(width: int, height: int) -> bytes:
    """A small black PNG, written by hand so the tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def image_count(path: Path) -> int:
    count = 0
    for page in pypdf.PdfReader(path).pages:
        count += len(page.images)
    return count


def build_pdf(run_cli, bank: Path, out: Path, *args) -> list[Path]:
    result = run_cli("build", bank, "-f", "pdf", "-o", out, *args)
    assert result.exit_code == 0, result.output
    return sorted(out.rglob("*.pdf"))


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    """The `quizgen new` example, built once without versions."""
    from click.testing import CliRunner

    from quizgen.cli import cli
    from quizgen.commands.scaffold import example_text

    root = tmp_path_factory.mktemp("example")
    bank = root / "bank" / "example.yaml"
    bank.parent.mkdir()
    bank.write_text(example_text("example"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(bank), "-f", "pdf", "-o", str(root / "out")])
    assert result.exit_code == 0, result.output
    loaded = load_bank(bank).bank
    return loaded, root / "out" / loaded.id


# ---------------------------------------------------------------- the student paper


def test_paper_and_key_are_written_under_the_bank_id(example_build):
    bank, out = example_build
    assert sorted(p.name for p in out.glob("*.pdf")) == [f"{bank.id}-key.pdf", f"{bank.id}-paper.pdf"]


def test_paper_shows_every_prompt_choice_item_and_pair(example_build):
    bank, out = example_build
    paper = text_of(out / f"{bank.id}-paper.pdf")
    expected = []
    for q in bank.questions:
        for key, text in q.markdown_texts():
            if key == "explanation" or key == "back":
                continue
            if q.type == "cloze":
                # The text around the blanks, never the answers.
                expected += [flat(part) for part in re.split(r"\{\{c\d+::.*?\}\}", text) if part.strip()]
            else:
                expected.append(flat(text))
    for text in expected:
        assert text.strip(" .") in paper, text


def test_paper_gives_nothing_away(example_build):
    bank, out = example_build
    paper = text_of(out / f"{bank.id}-paper.pdf")
    assert "hydrogen" not in paper and "oxygen" not in paper  # cloze answers
    assert "Hello (French)" not in paper  # card back
    assert "Jupiter" not in paper  # short answer
    assert "Paris has been the capital" not in paper  # explanation


def test_paper_header_counts_questions_and_points_and_explains_the_boxes(example_build):
    bank, out = example_build
    first = pages_text(out / f"{bank.id}-paper.pdf")[0]
    total = sum(q.points for q in bank.questions)
    assert bank.title in first
    assert f"{len(bank.questions)} questions · {total:g} points in total" in first
    for field in ("Name", "Class", "Date"):
        assert field in first
    assert "round box: tick one answer" in first
    assert "square box: tick every correct answer" in first
    assert "2 points" in first  # each question shows its points


def test_footer_numbers_every_page_out_of_the_total(example_build):
    bank, out = example_build
    for name in (f"{bank.id}-paper.pdf", f"{bank.id}-key.pdf"):
        texts = pages_text(out / name)
        for number, text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in text
        assert "Version" not in texts[0].replace("VERSION", "")  # one version: no letter


def test_a4_by_default_and_letter_on_request(example_build, example_bank, run_cli, tmp_path):
    bank, out = example_build
    box = pypdf.PdfReader(out / f"{bank.id}-paper.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4
    for path in build_pdf(run_cli, example_bank, tmp_path / "letter", "--paper", "letter"):
        box = pypdf.PdfReader(path).pages[0].mediabox
        assert (round(box.width), round(box.height)) == LETTER


def test_fonts_are_embedded_and_accents_and_other_scripts_survive(write_bank, run_cli, tmp_path):
    bank = write_bank("""id: scripts
title: "Écrire: ça, Ελληνικά, Русский, עברית, العربية"
questions:
  - id: q1
    type: single
    prompt: "Qu'est-ce que « naïveté » veut dire ? Σωκράτης — Достоевский"
    choices: ["Ångström", "Straße", "Łódź", "Ærøskøbing"]
    answer: "Straße"
""")
    paper = next(p for p in build_pdf(run_cli, bank, tmp_path / "out") if "paper" in p.name)
    text = text_of(paper)
    for word in ("naïveté", "Σωκράτης", "Достоевский", "Ångström", "Straße", "Łódź", "Ærøskøbing"):
        assert word in text
    fonts = subprocess.run(["pdffonts", str(paper)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans" in fonts or "DejaVu" in fonts
    # Hebrew and Arabic come out in some font (no empty boxes): their glyphs map back to text.
    assert "עברית" in text or "תירבע" in text
    assert re.search("[\u0600-\u06ff]", text)


def test_chinese_and_japanese_print_in_a_cjk_font_not_boxes(write_bank, run_cli, tmp_path):
    bank = write_bank("""id: cjk
title: 日本語と中文
questions:
  - {id: q1, type: short, prompt: "東京はどこの首都ですか？", answer: 日本}
  - {id: q2, type: truefalse, prompt: "北京是中国的首都。", answer: true}
""")
    paper = next(p for p in build_pdf(run_cli, bank, tmp_path / "out") if "paper" in p.name)
    text = text_of(paper)
    assert "東京はどこの首都ですか" in text and "北京是中国的首都" in text
    fonts = subprocess.run(["pdffonts", str(paper)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts  # Noto Sans CJK (Debian: fonts-noto-cjk), not a fallback without glyphs


def test_long_words_and_urls_wrap_inside_the_page(write_bank, run_cli, tmp_path):
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
    url = "https://example.org/" + "very-long-path-segment/" * 12
    bank = write_bank(f"""id: long-words
title: Long words
questions:
  - id: q1
    type: single
    prompt: "Is {long_word} one word? See <{url}>"
    choices: ["{long_word}", "No"]
    answer: "No"
""")
    paper = next(p for p in build_pdf(run_cli, bank, tmp_path / "out") if "paper" in p.name)
    bbox = subprocess.run(["pdftotext", "-bbox", str(paper), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox)[1])
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges and max(right_edges) <= width - 30  # inside the right margin (15 mm)
    assert "Pneumono" in text_of(paper)


def test_images_inside_the_bank_folder_are_printed(tmp_path, write_bank, run_cli):
    bank = write_bank("""id: pictures
title: Pictures
questions:
  - id: q1
    type: single
    prompt: "Which shape is this? ![a wide bar](bar.png)"
    choices: [Bar, Circle]
    answer: Bar
""")
    (bank.parent / "bar.png").write_bytes(png(3000, 40))
    paths = build_pdf(run_cli, bank, tmp_path / "out")
    paper = next(p for p in paths if "paper" in p.name)
    assert image_count(paper) == 1
    # Wider than the page, it is scaled down to the column instead of running off the page.
    reader = pypdf.PdfReader(paper)
    seen = []

    def visitor(op, args, cm, tm):
        if op == b"Do":
            seen.append(cm)

    reader.pages[0].extract_text(visitor_operand_before=visitor)
    assert seen
    scale_x, left = seen[0][0], seen[0][4]
    assert 0 < left and left + scale_x <= A4[0]


def test_image_paths_with_spaces_print_when_written_as_markdown_allows(tmp_path, write_bank, run_cli):
    bank = write_bank("""id: spaces
title: Spaces
questions:
  - {id: q1, type: short, prompt: "Brackets: ![one](<my water.png>)", answer: x}
  - {id: q2, type: short, prompt: "Encoded: ![two](salt%20water.png)", answer: y}
""")
    (bank.parent / "my water.png").write_bytes(png(30, 20))
    (bank.parent / "salt water.png").write_bytes(png(20, 30))
    paper = next(p for p in build_pdf(run_cli, bank, tmp_path / "out") if "paper" in p.name)
    assert image_count(paper) == 2 and "water" not in text_of(paper)


def test_image_paths_with_bare_spaces_are_refused_not_printed_as_text(tmp_path, write_bank, run_cli):
    bank = write_bank("""id: spaces
title: Spaces
questions:
  - {id: q1, type: short, prompt: "Bare: ![one](my water.png)", answer: x}
""")
    (bank.parent / "my water.png").write_bytes(png(30, 20))
    result = run_cli("build", bank, "-f", "pdf", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "bank.yaml:4:" in result.output
    assert "<angle brackets>" in result.output and not list(tmp_path.rglob("*.pdf"))


def drawn_images(path: Path, page_number: int = 1) -> list[tuple[float, float, float, float]]:
    """(left, top, width, height) in points from the top of the page, of each image drawn on it."""
    page = pypdf.PdfReader(path).pages[page_number - 1]
    height = float(page.mediabox.height)
    seen = []

    def visitor(op, args, cm, tm):
        if op == b"Do":
            seen.append((cm[4], height - cm[5] - cm[3], cm[0], cm[3]))

    page.extract_text(visitor_operand_before=visitor)
    return seen


def words(path: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(word, left, top, right, bottom) of each word on a page, as poppler lays them out."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (html.unescape(m[5]), *map(float, m.group(1, 2, 3, 4)))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox
        )
    ]


def test_picture_choices_carry_their_letter_on_top_of_their_own_picture(tmp_path, write_bank, run_cli):
    """Each letter sits just above its own picture, inside its width: never beside or under one,
    where it could be read as belonging to the picture that follows."""
    bank_path = write_bank("""id: pictures
title: Pictures
questions:
  - id: q1
    type: single
    prompt: "Which is the tallest?"
    choices: ["![wide](wide.png)", "![square](square.png)", "![tall](tall.png)"]
    answer: "![tall](tall.png)"
""")
    shapes = {"wide.png": (200, 50), "square.png": (120, 120), "tall.png": (60, 150)}
    for name, (width, height) in shapes.items():
        (bank_path.parent / name).write_bytes(png(width, height))
    bank = load_bank(bank_path).bank
    (version,) = versions(bank, 0, 1)
    label_of = {re.search(r'src="([^"]+)"', o.html)[1]: o.label for o in version.questions[0].options}
    for keyed in build_pdf(run_cli, bank_path, tmp_path / "out"):
        page = 2 if "key" in keyed.name else 1  # the key's first page is its answer grid
        labels = [w for w in words(keyed, page) if w[0] in label_of.values()]
        images = drawn_images(keyed, page)
        assert len(images) == 3
        for left, top, width, height in images:
            name = min(shapes, key=lambda n: abs(shapes[n][1] / shapes[n][0] - height / width))
            above = [
                w[0] for w in labels if w[4] <= top and top - w[4] < 20 and left - 20 <= w[1] and w[3] <= left + width
            ]
            assert above == [label_of[name]], (keyed.name, name)
            beside = [w[0] for w in labels if w[2] <= left and top < w[4] <= top + height]
            assert beside == [], (keyed.name, name)


def test_tables_keep_column_alignment_and_space_between_cells(tmp_path, write_bank, run_cli):
    bank = write_bank("""id: tables
title: Tables
questions:
  - id: q1
    type: short
    prompt: "Which costs most?\\n\\n| Fruit | Price |\\n|:--|--:|\\n| apple | 1.50 |\\n| melon | 12.00 |\\n| plum | 0.25 |"
    answer: melon
    explanation: "| Fruit | Rank |\\n|---|--:|\\n| melon | 100 |"
""")
    for path in build_pdf(run_cli, bank, tmp_path / "out"):
        found = words(path, 2 if "key" in path.name else 1)
        box = {}
        for word, *where in found:
            box.setdefault(word, where)  # the first: the prompt's table comes first
        # The right-aligned column: the prices (and their heading) end at the same place.
        rights = [box[w][2] for w in ("Price", "1.50", "12.00", "0.25")]
        assert max(rights) - min(rights) < 1, (path.name, rights)
        assert box["1.50"][0] > box["12.00"][0] + 3
        # Neighbouring cells are apart, not run together: the padding of two cells at least.
        assert box["1.50"][0] - box["apple"][2] > 8
        assert box["Price"][0] - box["Fruit"][2] > 8
        if "key" in path.name:  # the explanation's table too
            assert abs(box["100"][2] - box["Rank"][2]) < 1 and box["100"][0] > box["Rank"][0] + 3


def test_emoji_print_from_an_emoji_font_not_as_empty_boxes(tmp_path, write_bank, run_cli):
    """Needs an emoji font (Debian: fonts-noto-color-emoji, installed by the README's command)."""
    bank = write_bank("""id: emoji
title: Emoji
questions:
  - {id: q1, type: truefalse, prompt: "An apple 🍎 is a fruit ✅", answer: true}
""")
    paper = next(p for p in build_pdf(run_cli, bank, tmp_path / "out") if "paper" in p.name)
    fonts = subprocess.run(["pdffonts", str(paper)], capture_output=True, text=True, check=True).stdout
    emoji_fonts = [line for line in fonts.splitlines() if re.search("emoji|symbola", line, re.IGNORECASE)]
    assert emoji_fonts and all(line.split()[-5] == "yes" for line in emoji_fonts), fonts  # embedded
    assert "🍎" in read_text(paper)


# ---------------------------------------------------------------- the answer key


def test_key_marks_every_correct_answer(example_build):
    bank, out = example_build
    key_pages = pages_text(out / f"{bank.id}-key.pdf")
    key = " ".join(key_pages)
    (version,) = versions(bank, 0, 1)
    for printed in version.questions:
        assert printed.grid in key_pages[0], printed.grid  # the one-page answer grid
    for text in (
        "Paris",
        "Jupiter or planet Jupiter",
        "299.8 ± 0.5 thousand km/s",
        "hydrogen",
        "oxygen",
        "Hello (French)",
        "Paris has been the capital",
    ):
        assert text in key, text


def test_answer_grid_letters_match_the_paper(example_build):
    """The letter in the key's grid is the letter the paper prints before the right choice."""
    bank, out = example_build
    paper = text_of(out / f"{bank.id}-paper.pdf")
    grid = pages_text(out / f"{bank.id}-key.pdf")[0]
    paris = re.search(r"\b([A-D]) Paris\b", paper)[1]
    capital = next(q for q in bank.questions if q.id == "capital-of-france")
    number = bank.questions.index(capital) + 1  # one version keeps the bank's order
    assert re.search(rf"\b{number} {paris}\b", grid)
    primes = sorted(re.search(rf"\b([A-D]) {n}\b", paper[paper.index("prime") :])[1] for n in ("2", "3"))
    assert ", ".join(primes) in grid


def test_answer_grid_stands_alone_on_the_first_page(example_build):
    bank, out = example_build
    first, second = pages_text(out / f"{bank.id}-key.pdf")[:2]
    assert "Answer grid" in first and "Answers and explanations" not in first
    assert "Answers and explanations" in second


def test_key_cites_sources_with_section_and_paragraph(run_cli, tmp_path):
    bank_path = Path(__file__).resolve().parent.parent / "questions" / "muse-spark.yaml"
    bank = load_bank(bank_path).bank
    key = text_of(next(p for p in build_pdf(run_cli, bank_path, tmp_path / "out") if "key" in p.name))
    sourced = [q for q in bank.questions if q.source]
    assert any(len(q.source) > 1 for q in sourced)
    for q in sourced:
        assert f"Source: {citations.describe(q.source)}" in key


# ---------------------------------------------------------------- layout over many pages


@pytest.fixture(scope="module")
def long_bank(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    return write_synthetic_bank(90, root / "bank" / "long.yaml", bank_id="long")


@pytest.fixture(scope="module")
def long_build(long_bank, tmp_path_factory):
    """The 90-question bank's paper and key as `quizgen build -f pdf` writes them, built once for
    the tests that only read them."""
    from click.testing import CliRunner

    from quizgen.cli import cli

    out = tmp_path_factory.mktemp("long-build")
    result = CliRunner().invoke(cli, ["build", str(long_bank), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return sorted(out.rglob("*.pdf"))


def question_pages(paper: Path, bank) -> dict[str, set[int]]:
    """For each question id, the pages on which any of its printed texts appear.

    Only texts printed by no other question count (synthetic banks repeat some choices).
    """
    texts = pages_text(paper)
    parts = {}
    for q in bank.questions:
        if q.type == "cloze":
            found = [flat(p) for p in re.split(r"\{\{c\d+::.*?\}\}", q.text)]
        else:
            found = [flat(text) for key, text in q.markdown_texts() if key not in ("explanation", "back")]
        parts[q.id] = {p.strip(" .") for p in found if p.strip(" .")}
    counts = Counter(p for found in parts.values() for p in found)
    pages = {}
    for qid, found in parts.items():
        patterns = [re.compile(rf"(?<!\w){re.escape(p)}(?!\w)") for p in found if counts[p] == 1]
        assert patterns, qid
        pages[qid] = {i for i, page in enumerate(texts) for pattern in patterns if pattern.search(page)}
    return pages


def test_no_question_splits_across_pages(long_bank, long_build):
    bank = load_bank(long_bank).bank
    paper = next(p for p in long_build if "paper" in p.name)
    assert len(pypdf.PdfReader(paper).pages) >= 5
    spread = {qid: pages for qid, pages in question_pages(paper, bank).items() if len(pages) != 1}
    assert spread == {}


def test_a_question_longer_than_a_page_splits_instead_of_leaving_a_page_almost_empty(write_bank, run_cli, tmp_path):
    passage = "\\n\\n".join(f"Sentence {i} of a reading passage that is longer than a page." for i in range(1, 81))
    bank_path = write_bank(f"""id: long-one
title: Long one
questions:
  - {{id: q1, type: short, prompt: "A short first question?", answer: x}}
  - {{id: q2, type: short, prompt: "Read this.\\n\\n{passage}\\n\\nWhat is it about?", answer: y}}
  - {{id: q3, type: short, prompt: "A short last question?", answer: z}}
""")
    for path in build_pdf(run_cli, bank_path, tmp_path / "out"):
        texts = pages_text(path)
        start = 1 if "key" in path.name else 0  # the key's answer grid has a page of its own
        # The long question starts right under the first one and fills the page: nothing is
        # wasted before it (the paper's first page would otherwise hold only the header and q1).
        assert "A short first question?" in texts[start] and "Read this." in texts[start], path.name
        assert "Sentence 20 of" in texts[start], path.name
        assert len(texts) == start + 3, path.name


def test_the_split_check_does_catch_a_split(run_cli, tmp_path):
    """Control for the test above: with break-inside allowed, some question does split (a third
    of the long bank has pages enough for that)."""
    overrides = tmp_path / "templates" / "pdf"
    overrides.mkdir(parents=True)
    css = (bundled_templates() / "pdf" / "style.css").read_text(encoding="utf-8")
    (overrides / "style.css").write_text(css + "\n.q, li { break-inside: auto !important; }\n")
    bank_path = write_synthetic_bank(30, tmp_path / "bank" / "long.yaml", bank_id="long")
    bank = load_bank(bank_path).bank
    paper = next(
        p
        for p in build_pdf(run_cli, bank_path, tmp_path / "out", "--templates", tmp_path / "templates")
        if "paper" in p.name
    )
    assert any(len(pages) > 1 for pages in question_pages(paper, bank).values())


def test_page_count_follows_the_layout(long_build, run_cli, tmp_path):
    """The key is the grid page(s) followed by the answers; a shorter bank takes fewer pages."""
    paths = long_build
    key = next(p for p in paths if "key" in p.name)
    texts = pages_text(key)
    grid_pages = [i for i, t in enumerate(texts) if "Answers and explanations" in t]
    assert grid_pages == [1]  # 90 answers fit one grid page; the answers start on page 2
    short = write_synthetic_bank(9, tmp_path / "short" / "short.yaml", bank_id="short")
    short_paper = next(p for p in build_pdf(run_cli, short, tmp_path / "out2") if "paper" in p.name)
    long_paper = next(p for p in paths if "paper" in p.name)
    short_pages, long_pages = (len(pypdf.PdfReader(p).pages) for p in (short_paper, long_paper))
    assert short_pages <= 2 < long_pages
    # About ten questions of these kinds fit on a page.
    assert 90 / 14 <= long_pages <= 90 / 5


# ---------------------------------------------------------------- long documents, in parts


@pytest.fixture(scope="module")
def parts_build(tmp_path_factory):
    """A 45-question bank rendered in parts of 15 questions and footers in parts of 2 pages: three
    parts of questions and three page frames or more in each document (six pages or more), the
    joins of a long bank's in a bank half the size of the whole build's above."""
    root = tmp_path_factory.mktemp("parts")
    bank_path = write_synthetic_bank(45, root / "bank" / "parts.yaml", bank_id="parts")
    out = root / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "WHOLE_MAX_QUESTIONS", 0)
        patch.setattr(pdf, "CHUNK_QUESTIONS", 15)
        patch.setattr(pdf, "FRAME_PAGES", 2)  # the footers, too, in parts
        bank = load_bank(bank_path).bank
        written = pdf.PdfFormat(BuildOptions(output_dir=out)).build(bank, out / bank.id)
    return bank, {p.name.split("-")[1].removesuffix(".pdf"): p for p in written}


def test_parts_number_their_pages_on_from_each_other(parts_build):
    bank, paths = parts_build
    for kind, path in paths.items():
        texts = pages_text(path)
        assert len(texts) >= 5, kind  # three frames of 2 pages, the last one short
        for number, text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in text, (kind, number)
            assert text.count(" of ") >= 1 and text.count("Page ") == 1, (kind, number)
            assert bank.title in text  # the left footer, from the page frame


def test_parts_keep_every_question_whole_and_the_grid_alone(parts_build):
    bank, paths = parts_build
    spread = {qid: pages for qid, pages in question_pages(paths["paper"], bank).items() if len(pages) != 1}
    assert spread == {}
    first = pages_text(paths["paper"])[0]
    assert f"{len(bank.questions)} questions" in first and "Name" in first  # one header, first
    assert text_of(paths["paper"]).count("Class") == 1
    key = pages_text(paths["key"])
    assert "Answer grid" in key[0] and "Answers and explanations" not in key[0]
    assert "Answers and explanations" in key[1]
    (version,) = versions(bank, 0, 1)
    assert all(printed.grid in key[0] for printed in version.questions[:20])


def test_joined_parts_keep_fonts_embedded_and_the_metadata(parts_build):
    bank, paths = parts_build
    fonts = subprocess.run(
        ["pdffonts", str(paths["paper"])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    info = pypdf.PdfReader(paths["key"]).metadata
    assert info["/Title"] == f"Answer key: {bank.title}" and "/CreationDate" not in info


@pytest.fixture
def in_parts(monkeypatch, tmp_path):
    """A 12-question bank printed in parts of 4 questions, one process, counting renderings."""
    monkeypatch.setattr(pdf, "WHOLE_MAX_QUESTIONS", 0)
    monkeypatch.setattr(pdf, "CHUNK_QUESTIONS", 4)
    monkeypatch.setattr(pdf, "PARALLEL_MIN_QUESTIONS", 10**9)  # renderings counted in this process
    rendered = []
    real = pdf.render

    def counting(html, folder):
        rendered.append(html)
        return real(html, folder)

    monkeypatch.setattr(pdf, "render", counting)
    path = write_synthetic_bank(12, tmp_path / "bank" / "parts.yaml", bank_id="parts")

    def build(out: Path, **options) -> dict[str, bytes]:
        rendered.clear()
        bank = load_bank(path).bank
        written = pdf.PdfFormat(BuildOptions(output_dir=out, **options)).build(bank, out / bank.id)
        return {p.name: p.read_bytes() for p in written}

    return path, build, rendered


def cache_entries(out: Path) -> set[Path]:
    return set((out / "parts" / pdf.CACHE_FOLDER).glob("*.part"))


def test_a_one_question_edit_renders_one_part_per_document(in_parts, tmp_path):
    path, build, rendered = in_parts
    out = tmp_path / "out"
    build(out)
    parts = 3 + (1 + 3) + 2  # paper, key (grid and answers), a page frame each
    assert len(rendered) == parts and len(cache_entries(out)) == parts
    assert build(out) and rendered == []  # nothing changed: nothing rendered
    text = path.read_text()
    path.write_text(text.replace("Question 3: which company", "Question 3: what company"))
    assert path.read_text() != text
    files = build(out)
    assert len(rendered) == 2  # the paper's first part and the key's, nothing else
    assert all("Question 3: what company" in html for html in rendered)
    assert len(cache_entries(out)) == parts  # the two entries no longer used are gone
    assert "Question 3: what company" in text_of(out / "parts" / "parts-paper.pdf")
    cold = build(tmp_path / "cold")  # the same files as a build from nothing
    assert len(rendered) == parts and cold == files


def test_force_renders_every_part_again(in_parts, tmp_path):
    _, build, rendered = in_parts
    first = build(tmp_path / "out")
    assert build(tmp_path / "out", force=True) == first and len(rendered) == 3 + (1 + 3) + 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_cache_entry_is_rendered_again(in_parts, tmp_path, damage):
    _, build, rendered = in_parts
    out = tmp_path / "out"
    first = build(out)
    entry = sorted(cache_entries(out))[3]
    data = entry.read_bytes()
    entry.write_bytes(
        {
            "truncate": data[: len(data) // 2],
            "flip": data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:],
            "garbage": b"not an entry",
        }[damage]
    )
    assert build(out) == first and len(rendered) == 1
    assert entry.read_bytes() == data


def test_a_changed_image_renders_its_parts_again(in_parts, tmp_path):
    path, build, rendered = in_parts
    (path.parent / "dot.png").write_bytes(png(8, 8))
    path.write_text(
        path.read_text().replace("Question 3: which company", "![a dot](dot.png) Question 3: which company")
    )
    out = tmp_path / "out"
    build(out)
    build(out)
    assert rendered == []
    (path.parent / "dot.png").write_bytes(png(9, 9))
    build(out)
    assert len(rendered) == 2 and all("dot.png" in html for html in rendered)


# ---------------------------------------------------------------- versions


def test_versions_shuffle_order_but_keep_the_questions(example_bank, run_cli, tmp_path):
    bank = load_bank(example_bank).bank
    paths = build_pdf(run_cli, example_bank, tmp_path / "out", "--versions", "3", "--seed", "7")
    assert [p.name for p in paths] == [f"{bank.id}-{kind}-{v}.pdf" for kind in ("key", "paper") for v in "ABC"]
    orders = {}
    for letter in "ABC":
        paper = tmp_path / "out" / bank.id / f"{bank.id}-paper-{letter}.pdf"
        text = text_of(paper)
        assert f"Version {letter}" in text
        prompts = [
            flat(q.prompt if hasattr(q, "prompt") else getattr(q, "front", ""))
            for q in bank.questions
            if q.type != "cloze"
        ]
        positions = {p: text.find(p) for p in prompts}
        assert all(pos >= 0 for pos in positions.values())
        orders[letter] = tuple(sorted(positions, key=positions.get))
    assert len(set(orders.values())) > 1
    assert all(set(order) == set(orders["A"]) for order in orders.values())


def test_a_build_removes_the_papers_it_no_longer_makes(write_bank, run_cli, tmp_path):
    """After `--versions 3`, a plain build leaves only the plain paper and key (and the other way
    round), so nobody prints an outdated version; files the user wrote or changed stay. (Which
    files are kept is not a matter of what they print: a two-question bank renders quickly.)"""
    example_bank = write_bank("""id: kept
title: Kept
questions:
  - {id: q1, type: single, prompt: Which?, choices: [a, b, c], answer: a}
  - {id: q2, type: short, prompt: What?, answer: x}
""")
    out = tmp_path / "out"
    bank_id = load_bank(example_bank).bank.id
    folder = out / bank_id
    build_pdf(run_cli, example_bank, out, "--versions", "3", "-f", "json")
    (folder / f"{bank_id}-key-C.pdf").write_bytes(b"%PDF-1.7 the teacher's own notes")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7 mine")
    result = run_cli("build", example_bank, "-f", "pdf", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(
        [f"{bank_id}-key-C.pdf", f"{bank_id}-key.pdf", f"{bank_id}-paper.pdf", "notes.pdf"]
    )
    assert f"removed {folder / f'{bank_id}-paper-A.pdf'} (no longer built)" in result.output
    build_pdf(run_cli, example_bank, out, "--versions", "2")
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(
        [
            f"{bank_id}-key-A.pdf",
            f"{bank_id}-key-B.pdf",
            f"{bank_id}-key-C.pdf",
            f"{bank_id}-paper-A.pdf",
            f"{bank_id}-paper-B.pdf",
            "notes.pdf",
        ]
    )
    assert (folder / f"{bank_id}.json").is_file()  # another format's output is not concerned


def test_versions_keep_choices_in_place_when_shuffle_is_false(write_bank):
    bank = load_bank(
        write_bank("""id: fixed
title: Fixed
questions:
  - id: scale
    type: single
    prompt: How sure are you?
    choices: [Not at all, A little, Quite, Very, Completely]
    answer: Quite
    shuffle: false
  - id: free
    type: single
    prompt: Pick a letter
    choices: [a, b, c, d, e, f]
    answer: a
""")
    ).bank
    seen_free = set()
    for version in versions(bank, 3, 6):
        by_id = {p.question.id: p for p in version.questions}
        assert [str(o.html) for o in by_id["scale"].options] == list(bank.questions[0].choices)
        assert by_id["scale"].grid == "C"
        seen_free.add(tuple(str(o.html) for o in by_id["free"].options))
    assert len(seen_free) > 1


def test_same_seed_same_bytes_other_seed_other_order(example_bank, run_cli, tmp_path):
    first = build_pdf(run_cli, example_bank, tmp_path / "one", "--versions", "2", "--seed", "5")
    again = build_pdf(run_cli, example_bank, tmp_path / "two", "--versions", "2", "--seed", "5")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    other = build_pdf(run_cli, example_bank, tmp_path / "three", "--versions", "2", "--seed", "6")
    assert [text_of(p) for p in first] != [text_of(p) for p in other]


def test_no_creation_date_unless_source_date_epoch(example_build, example_bank, run_cli, tmp_path, monkeypatch):
    bank, out = example_build
    info = pypdf.PdfReader(out / f"{bank.id}-paper.pdf").metadata
    assert "/CreationDate" not in info and "/ModDate" not in info
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    paper = next(p for p in build_pdf(run_cli, example_bank, tmp_path / "dated") if "paper" in p.name)
    assert pypdf.PdfReader(paper).metadata["/CreationDate"].startswith("D:20231114")


# ---------------------------------------------------------------- safety


@pytest.fixture
def fetcher(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "inside.png").write_bytes(png(2, 2))
    (tmp_path / "outside.png").write_bytes(png(2, 2))
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    (folder / "passwd.png").symlink_to("/etc/passwd")
    return printing.BankFolderFetcher(folder)


def test_fetcher_reads_files_inside_the_bank_folder(fetcher):
    response = fetcher.fetch(fetcher.base_url + "inside.png")
    assert response.read().startswith(b"\x89PNG") and response.content_type == "image/png"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
        "{base}../outside.png",
        "{base}link.png",
        "{base}passwd.png",
        "{base}missing.png",
    ],
)
def test_fetcher_refuses_everything_else(fetcher, url):
    with pytest.raises(printing.RefusedURL):
        fetcher.fetch(url.format(base=fetcher.base_url))
    assert len(fetcher.refused) == 1


def test_bank_image_linked_out_of_its_folder_is_refused(tmp_path):
    """Even a bank that skipped validation cannot read a file outside its folder."""
    folder = tmp_path / "bank"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(png(20, 20))
    (folder / "pic.png").symlink_to(tmp_path / "secret.png")
    (folder / "etc.png").symlink_to("/etc/passwd")
    bank_file = folder / "bank.yaml"
    bank_file.write_text(
        """id: sneaky
title: Sneaky
questions:
  - id: q1
    type: single
    prompt: "Look: ![x](pic.png) ![y](etc.png)"
    choices: [Yes, No]
    answer: "Yes"
""",
        encoding="utf-8",
    )
    result = load_bank(bank_file)
    assert not result.ok  # validation already refuses it ...
    out = tmp_path / "out"
    with pytest.raises(BuildError, match="refused to load"):  # ... and so does the renderer
        pdf.PdfFormat(BuildOptions(output_dir=out)).build(result.bank, out / "sneaky")
    assert not out.exists()


def test_template_css_cannot_reach_outside_files(example_bank, run_cli, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(30, 30))
    overrides = tmp_path / "templates" / "pdf"
    overrides.mkdir(parents=True)
    css = (bundled_templates() / "pdf" / "style.css").read_text(encoding="utf-8")
    (overrides / "style.css").write_text(
        css + f"\nbody {{ background: url({secret.as_uri()}); }}\n"
        "h1 { background: url(http://127.0.0.1:9/track.png); }\n"
    )
    result = run_cli("build", example_bank, "-f", "pdf", "-o", tmp_path / "out", "--templates", tmp_path / "templates")
    assert result.exit_code == 1
    assert "refused to load" in result.output and secret.as_uri() in result.output
    assert "127.0.0.1" in result.output
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_presentational_hints_stay_off(monkeypatch, example_bank, tmp_path):
    seen = {}
    real = printing.weasyprint.HTML.render  # the layout: where presentational hints apply

    def spy(self, *args, **options):
        seen.update(options)
        return real(self, *args, **options)

    monkeypatch.setattr(printing.weasyprint.HTML, "render", spy)
    bank = load_bank(example_bank).bank
    pdf.PdfFormat(BuildOptions()).build(bank, tmp_path / "out")
    assert seen.get("presentational_hints") is False


# ---------------------------------------------------------------- reliability


@pytest.mark.parametrize("threshold", [10**9, 0], ids=["one-process", "pool"])
def test_failed_render_leaves_the_previous_pdfs_intact(example_bank, run_cli, tmp_path, monkeypatch, threshold):
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in build_pdf(run_cli, example_bank, out)}
    example_bank.write_text(example_bank.read_text().replace("An example bank", "Changed title"))
    real = pdf.render

    def failing(html, folder):
        if "Answers and explanations" in html:  # the paper renders, then the key fails
            raise RuntimeError("renderer crashed")
        return real(html, folder)

    monkeypatch.setattr(pdf, "render", failing)
    monkeypatch.setattr(pdf, "PARALLEL_MIN_QUESTIONS", threshold)
    bank = load_bank(example_bank).bank
    with pytest.raises(RuntimeError, match="renderer crashed"):
        pdf.PdfFormat(BuildOptions(output_dir=out)).build(bank, out / bank.id)
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in (out / bank.id).glob("*.pdf")) == sorted(p.name for p in before)


def test_template_errors_point_at_the_template(example_bank, run_cli, tmp_path):
    overrides = tmp_path / "templates" / "pdf"
    overrides.mkdir(parents=True)
    (overrides / "paper.html.j2").write_text("<p>\n{{ no_such_thing.x }}</p>\n")
    result = run_cli("build", example_bank, "-f", "pdf", "-o", tmp_path / "out", "--templates", tmp_path / "templates")
    assert result.exit_code == 1
    assert re.search(r"paper\.html\.j2:2:1: error: PDF template: .*no_such_thing", result.output)


def test_weasyprint_is_not_imported_by_the_cli_or_the_layout():
    code = (
        "import sys, quizgen.cli, quizgen.build.pipeline, quizgen.formats.pdf.layout, quizgen.present.versions, quizgen.formats; "
        "print('weasyprint' in sys.modules)"
    )
    repo = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_parallel_rendering_gives_the_same_files(example_bank, tmp_path, monkeypatch):
    bank = load_bank(example_bank).bank
    outputs = []
    for name, threshold in (("serial", 10**9), ("pool", 0)):
        monkeypatch.setattr(pdf, "PARALLEL_MIN_QUESTIONS", threshold)
        out = tmp_path / name
        written = pdf.PdfFormat(BuildOptions(output_dir=out, versions=2)).build(bank, out)
        outputs.append([(p.name, p.read_bytes()) for p in written])
    assert outputs[0] == outputs[1]


# ---------------------------------------------------------------- never printed solved

SOLVABLE_BANK = """id: solved
title: Never solved
questions:
  - {id: steps, type: order, prompt: Morning., items: [Wake up, Brush teeth, Leave home]}
  - {id: fixed-steps, type: order, prompt: Evening., items: [Dinner, Read, Sleep], shuffle: false}
  - id: pairs
    type: match
    prompt: Animals.
    pairs: [{left: Cat, right: Meow}, {left: Dog, right: Woof}, {left: Cow, right: Moo}]
  - id: scale
    type: match
    prompt: Years.
    shuffle: false
    pairs: [{left: Moon landing, right: "1969"}, {left: Berlin Wall falls, right: "1989"},
            {left: Euro coins, right: "2002"}]
"""
ORDERS = {"steps": ["Wake up", "Brush teeth", "Leave home"], "fixed-steps": ["Dinner", "Read", "Sleep"]}
MATCHES = {
    "pairs": {"Cat": "Meow", "Dog": "Woof", "Cow": "Moo"},
    "scale": {"Moon landing": "1969", "Berlin Wall falls": "1989", "Euro coins": "2002"},
}


def solved_questions(paper_text: str) -> list[str]:
    """The order and match questions a paper prints already solved: items in their right order,
    or every left side on the row of its partner."""
    found = []
    for qid, items in ORDERS.items():
        positions = [paper_text.index(item) for item in items]
        if positions == sorted(positions):
            found.append(qid)
    for qid, pairs in MATCHES.items():
        lefts = sorted(pairs, key=paper_text.index)
        rights = sorted(pairs.values(), key=paper_text.index)
        if [pairs[left] for left in lefts] == rights:
            found.append(qid)
    return found


def test_order_and_match_never_print_solved_in_any_version(write_bank, run_cli, tmp_path):
    # Seed 3 used to print the order solved without versions, and the matches in several versions.
    bank = write_bank(SOLVABLE_BANK)
    papers = [p for p in build_pdf(run_cli, bank, tmp_path / "one", "--seed", "3") if "paper" in p.name]
    papers += [
        p for p in build_pdf(run_cli, bank, tmp_path / "six", "--versions", "6", "--seed", "3") if "paper" in p.name
    ]
    assert len(papers) == 7
    assert {p.name: solved_questions(text_of(p)) for p in papers} == {p.name: [] for p in papers}


def test_order_and_match_are_never_laid_out_solved_for_any_seed(write_bank):
    """The same check without rendering, over many seeds and versions (the paper prints this layout)."""
    bank = load_bank(write_bank(SOLVABLE_BANK)).bank
    for seed in range(150):
        for version in versions(bank, seed, 3) + versions(bank, seed, 1):
            for printed in version.questions:
                marks = [o.mark for o in printed.options]
                assert marks != sorted(marks), (seed, version.letter, printed.question.id, printed.grid)


def test_numbered_lists_keep_their_first_number(write_bank, run_cli, tmp_path):
    """Markdown reads "41. Do not..." as a list starting at 41: the key must print 41, not 1."""
    bank = write_bank("""id: numbers
title: Numbers
questions:
  - id: q1
    type: short
    prompt: "Steps so far:\\n\\n7. Mix\\n8. Bake\\n\\nWhich step comes next?"
    answer: Cool
    explanation: "41. Do not confuse the oven's steps with the recipe's."
""")
    paths = build_pdf(run_cli, bank, tmp_path / "out")
    key, paper = (read_text(p) for p in paths)
    assert "41. Do not confuse" in key
    assert "7. Mix 8. Bake" in paper and "7. Mix 8. Bake" in key
    assert "1. Do not" not in key.replace("41. Do not", "")


MARKING = """\
id: mk
title: Marking
questions:
  - {id: primes, type: multiple, prompt: Which are prime?, choices: ["2", "3", "4"], answer: ["2", "3"]}
  - {id: all-or-nothing, type: multiple, prompt: Which are even?, choices: ["2", "4", "5"], answer: ["2", "4"],
     partial_credit: false}
  - {id: ceo, type: cloze, text: "{{c1::Mark Zuckerberg}} runs {{c2::Meta}}.", accept: {c1: [Zuckerberg]}}
  - {id: cafe, type: short, prompt: Which drink?, answer: [Café], accents: ignore}
  - {id: light, type: numeric, prompt: Light?, answer: 299.8, tolerance: 0.5, unit: thousand km/s}
  - {id: steps, type: order, prompt: In order., items: [one, two, three, four]}
  - {id: one-gap, type: cloze, text: "{{c1::Paris}} is the capital."}
  - {id: one-right, type: multiple, prompt: Which is odd?, choices: ["2", "3", "4"], answer: ["3"]}
"""


def test_the_key_marks_as_the_grading_model_does(write_bank, run_cli, tmp_path):
    """A teacher marking by hand gives what the page and the deck give: the key states the
    partial-credit share, the accepted alternatives and interval, and what does not matter."""
    key, paper = build_pdf(run_cli, write_bank(MARKING), tmp_path / "out")
    text = read_text(key)
    assert "Part marks: (right ticks − wrong ticks) ÷ 2 of the points, never below 0." in text
    assert text.count("Part marks: (right ticks") == 1  # not for the all-or-nothing question
    assert "Part marks: one share of the points for each of the 2 right blanks." in text
    assert "Also accepted: blank 1: Zuckerberg." in text
    assert "Accents may be left out." in text
    assert "Any number from 299.3 to 300.3 is right. The unit (thousand km/s) may be left out." in text
    assert "each of the 3 neighbouring pairs in the right order" in text
    # Only questions of two parts or more have part marks: not one blank ("each of the 1 right
    # blanks") nor one right choice (an order or a match has 3 items or more).
    assert text.count("Part marks") == 3, text
    assert "each of the 1 " not in text
    assert "Numbers: a decimal point or comma, thousands separators and the unit" in text
    assert "curly or straight quotes" in text
    paper_text = read_text(paper)
    assert "Numbers: write the number; the unit printed after the box may be left out." in paper_text
    assert "Part marks" not in paper_text and "Also accepted" not in paper_text
    assert (
        "In this quiz a point marks decimals: a number right only with its comma read as a decimal comma "
        "(4,905 for 4.905) is wrong, unless its question says either decimal mark counts." in text
    )
    assert "Either decimal mark counts." not in text


def test_the_key_says_which_decimal_mark_counts(write_bank, run_cli, tmp_path):
    """In a bank that writes decimal commas, 4.905 is 4905: the key says so, and says which
    question also accepts the other mark (`other_decimal: accept`)."""
    bank = write_bank("""\
id: dec
title: Décimales
language: fr
questions:
  - {id: fall, type: numeric, prompt: Chute ?, answer: 4.905, unit: m}
  - {id: either, type: numeric, prompt: Encore ?, answer: 4.905, unit: m, other_decimal: accept}
""")
    key, _ = build_pdf(run_cli, bank, tmp_path / "out")
    text = read_text(key)
    assert (
        "Dans ce quiz, la virgule marque les décimales : un nombre juste seulement si son point est lu "
        "comme séparateur décimal (4.905 pour 4,905) est faux, sauf si sa question précise que l’un ou "
        "l’autre séparateur décimal compte." in text.replace("\u00a0", " ")
    )
    assert text.count("L’un ou l’autre séparateur décimal compte.") == 1
