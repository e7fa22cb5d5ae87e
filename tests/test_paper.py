"""The teacher's paper (issue 20): sections with shared passages, drawn questions, per-question
outputs, essays, points per section, and the collated print files, read back from the PDFs."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest

from quizgen import formats
from quizgen.bank.load import load_bank

pytestmark = [pytest.mark.pdf, pytest.mark.usefixtures("pdf_format")]

PASSAGE = "The river Wend floods every spring when the snow melts on the hills."

BANK = f"""\
id: exam
title: Reading test
instructions: You have thirty minutes; calculators stay in your bag.
sections:
  - title: Part A Reading
    intro: "{PASSAGE}"
    draw: 2
    questions:
      - {{id: a1, type: truefalse, prompt: Alpha one statement., answer: true}}
      - {{id: a2, type: short, prompt: Alpha two question, answer: snow}}
      - {{id: a3, type: single, prompt: Alpha three question, choices: [Wend, Thames, Rhine], answer: Wend}}
      - {{id: a4, type: truefalse, prompt: Alpha four statement., answer: false}}
  - title: Part B Writing
    shuffle: false
    questions:
      - id: b1
        type: essay
        prompt: Bravo one essay prompt.
        answer: Modelanswer names the place, the cause and the effects.
        notes: Markingnote one point each.
        points: 3
        lines: 5
      - {{id: b2, type: card, front: Bravo two card front, back: Cardback, outputs: [anki, html]}}
"""


def page_texts(path: Path) -> list[str]:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", " ", page) for page in result.split("\f")[:-1]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner

    from quizgen.cli import cli

    folder = tmp_path_factory.mktemp("paper")
    (folder / "exam.yaml").write_text(BANK, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["build", str(folder / "exam.yaml"), "-f", "pdf", "-o", str(folder / "out"), "--versions", "3", "--collate"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return folder / "out" / "exam"


def test_each_version_draws_its_section_count_and_prints_the_passage_once(built):
    drawn = set()
    for letter in "ABC":
        text = " ".join(page_texts(built / f"exam-paper-{letter}.pdf"))
        alphas = re.findall(r"Alpha (\w+)", text)
        assert len(alphas) == 2, (letter, alphas)  # draw: 2 of the 4
        drawn.add(tuple(sorted(alphas)))
        assert text.count(PASSAGE[:40]) == 1
        assert "Bravo one essay prompt" in text
        assert "Part A Reading" in text and "2 questions · 2 points" in text
        assert "Part B Writing" in text and "3 points" in text
        assert "You have thirty minutes" in text
        assert "Modelanswer" not in text and "Markingnote" not in text
    assert len(drawn) > 1  # the versions do not all draw the same questions


def test_keys_follow_their_papers_and_carry_the_model_answer(built):
    for letter in "ABC":
        paper = " ".join(page_texts(built / f"exam-paper-{letter}.pdf"))
        key = " ".join(page_texts(built / f"exam-key-{letter}.pdf"))
        assert re.findall(r"Alpha (\w+)", key)[-2:] == re.findall(r"Alpha (\w+)", paper)
        assert "Modelanswer" in key and "Markingnote" in key
        assert "Total 5 points" in key


def test_drawing_is_reproducible(built, tmp_path):
    from quizgen.present.versions import versions

    bank = load_bank(built.parent.parent / "exam.yaml").bank

    def ids():
        return [[p.question.id for p in v.questions] for v in versions(bank, 0, 3)]

    assert ids() == ids()
    assert ids() != [[p.question.id for p in v.questions] for v in versions(bank, 1, 3)]


def test_a_question_kept_out_of_the_pdf_is_not_printed(built):
    for letter in "ABC":
        assert "Bravo two card front" not in " ".join(page_texts(built / f"exam-paper-{letter}.pdf"))
        assert "Bravo two card front" not in " ".join(page_texts(built / f"exam-key-{letter}.pdf"))


def test_collated_papers_start_every_version_on_an_odd_page(built):
    pages = page_texts(built / "exam-papers.pdf")
    singles = [len(pypdf.PdfReader(built / f"exam-paper-{letter}.pdf").pages) for letter in "ABC"]
    starts, at = [], 1
    for count in singles:
        starts.append(at)
        at += count + count % 2
    assert len(pages) == at - 1
    for letter, start in zip("ABC", starts):
        assert start % 2 == 1
        assert f"Version {letter}" in pages[start - 1] and "Page 1 of" in pages[start - 1]
    keys = page_texts(built / "exam-keys.pdf")
    assert any("Version C" in page for page in keys) and "Answer key" in keys[0]


def test_essay_lines_follow_the_bank(write_bank, tmp_path):
    from quizgen.formats import BuildOptions
    from quizgen.formats.pdf.format import PdfFormat

    path = write_bank(BANK)
    bank = load_bank(path).bank
    html = dict(PdfFormat(BuildOptions()).documents(bank))["exam-paper.pdf"]
    essay = html[html.index("Bravo one essay prompt") :]
    essay = essay[: essay.index("</section>")]
    assert essay.count('class="line"') == 5


def test_sections_cost_only_their_headings(write_bank):
    """A bank of 10,000 one-question sections took the PDF past 180 s: the header listed every
    section in one table, laid out in one part no other core could share. The header lists them
    up to SECTION_TABLE_MAX; past that the head part is the same size however many there are,
    and each section prints its heading (with its points) once, before its question."""
    from quizgen.formats import BuildOptions
    from quizgen.formats.pdf import layout
    from quizgen.formats.pdf.format import PdfFormat
    from quizgen.present import versions

    def heads(count: int) -> tuple[str, str]:
        sections = "".join(
            f"  - title: Part {n}\n    questions:\n      - {{id: q{n}, type: truefalse, prompt: Claim {n}, answer: true}}\n"
            for n in range(count)
        )
        bank = load_bank(write_bank(f"id: many\ntitle: Many\nsections:\n{sections}", f"b{count}.yaml")).bank
        pdf = PdfFormat(BuildOptions())
        version = versions.versions(bank, 1, 1)[0]
        head = pdf._html(bank, "paper", version, layout.Part(head=True, frame=False))
        body = pdf._html(bank, "paper", version, layout.Part(questions=version.questions, frame=False))
        return head, body

    most = versions.SECTION_TABLE_MAX
    listed, _ = heads(most)
    assert listed.count("<tr><td>Part ") == most and "Part 29</td><td>1 point" in listed
    head, body = heads(most + 1)
    assert '<table class="section-points-table">' not in head
    big_head, big_body = heads(4 * most)
    assert re.sub(r"\d+", "N", big_head) == re.sub(r"\d+", "N", head)  # the same, but for its counts
    assert big_body.count('class="section-head"') == 4 * most == big_body.count('class="q q-truefalse"')


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "id: x\ntitle: T\nsections:\n  - title: S\n    draw: 3\n    questions:\n"
            "      - {id: q, type: truefalse, prompt: P, answer: true}\n",
            "bank.yaml:5:11: error: 'draw' is 3 but the section has only 1 question",
        ),
        (
            "id: x\ntitle: T\nquestions:\n  - {id: q, type: truefalse, prompt: P, answer: true}\nsections:\n"
            "  - title: S\n    questions:\n      - {id: r, type: truefalse, prompt: P, answer: true}\n",
            "bank.yaml:5:1: error: give either 'questions' or 'sections', not both (a bank without sections "
            "is one untitled section)",
        ),
        (
            "id: x\ntitle: T\nquestions:\n  - {id: q, type: truefalse, prompt: P, answer: true, outputs: [paper]}\n",
            "bank.yaml:4:65: error: 'outputs[0]' value 'paper' is not valid (expected one of: "
            f"{', '.join(sorted(formats.names()))})",
        ),
        ("id: x\ntitle: T\n", "bank.yaml:1:1: error: missing required field 'questions' (or 'sections') for the bank"),
    ],
)
def test_section_and_output_mistakes_are_located(write_bank, text, message):
    path = write_bank(text)
    result = load_bank(path)
    assert [d.format().replace(str(path), "bank.yaml") for d in result.diagnostics if d.is_error] == [message]


def test_the_json_schema_knows_sections_essays_and_outputs():
    import jsonschema
    import yaml

    from quizgen.bank import schema

    validator = jsonschema.Draft202012Validator(schema.json_schema())
    bank = yaml.safe_load(BANK)
    assert list(validator.iter_errors(bank)) == []
    both = {**bank, "questions": bank["sections"][0]["questions"]}
    assert list(validator.iter_errors(both))  # exactly one of questions and sections
    bank["sections"][1]["questions"][0]["outputs"] = ["paper"]
    bank["sections"][0]["draw"] = 0
    messages = " ".join(e.message for e in validator.iter_errors(bank))
    assert "'paper' is not one of" in messages or "'paper'" in messages
    assert "0 is less than the minimum of 1" in messages


def test_a_format_left_without_questions_writes_nothing_and_says_so(write_bank, run_cli, tmp_path):
    path = write_bank(
        "id: only\ntitle: T\nquestions:\n  - {id: q, type: truefalse, prompt: P, answer: true, outputs: [anki]}\n"
    )
    result = run_cli("build", path, "-f", "json", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "no question appears in the json format" in result.output
    assert not (tmp_path / "out" / "only" / "only.json").exists()


def test_a_format_that_carries_none_of_the_questions_writes_nothing_and_says_so_once(write_bank, run_cli, tmp_path):
    path = write_bank(
        "id: cards\ntitle: T\nquestions:\n"
        "  - {id: a, type: card, front: F, back: B}\n  - {id: b, type: card, front: G, back: C}\n"
    )
    result = run_cli("build", path, "-f", "gift,qti,canvas,moodle", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    for name in ("gift", "qti", "canvas"):  # an empty GIFT file, packages with no items: not written
        assert (
            result.output.count(f"the {name} format carries none of this bank's questions (card); nothing written") == 1
        )
    out = tmp_path / "out" / "cards"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["cards-moodle.xml"]


def test_lms_packages_carry_essays_and_say_only_what_they_lose(write_bank, run_cli, tmp_path):
    path = write_bank(
        "id: lms\ntitle: T\nquestions:\n"
        "  - {id: t, type: truefalse, prompt: P, answer: true}\n"
        "  - {id: e, type: essay, prompt: Why?, answer: Because.}\n"
        "  - {id: c, type: card, front: F, back: B}\n"
    )
    result = run_cli("build", path, "-f", "qti,canvas,moodle,gift,json", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    said = result.output + result.stderr
    # The essay (line 5) is in every package and loses nothing; the card (line 6) is noted.
    assert "bank.yaml:6:5: note:" in said and "bank.yaml:5:" not in said, said
    out = tmp_path / "out" / "lms"
    with zipfile.ZipFile(out / "lms-qti.zip") as qti, zipfile.ZipFile(out / "lms-canvas.zip") as canvas:
        assert b"extendedTextInteraction" in qti.read("items/Q-e.xml")
        assert any(b"<fieldentry>essay_question</fieldentry>" in canvas.read(n) for n in canvas.namelist())
    assert '<question type="essay">' in (out / "lms-moodle.xml").read_text(encoding="utf-8")
    assert "::e::[html]<p>Why?</p>{####" in (out / "lms.gift").read_text(encoding="utf-8")


def test_a_question_longer_than_a_page_starts_under_its_section_head(write_bank, run_cli, tmp_path):
    long = " ".join(f"Sentence number {i} of a long reading prompt that goes on and on." for i in range(140))
    path = write_bank(
        "id: longq\ntitle: Long\nsections:\n  - title: Part A\n    intro: A short shared passage.\n"
        f'    questions:\n      - {{id: e1, type: essay, prompt: "{long}", answer: Model.}}\n'
    )
    assert run_cli("build", path, "-f", "pdf", "-o", tmp_path / "out").exit_code == 0
    pages = page_texts(tmp_path / "out" / "longq" / "longq-paper.pdf")
    assert len(pages) >= 2
    first = pages[0]
    assert "Part A" in first and "A short shared passage." in first and "Sentence number 0 " in first
    assert "Sentence number 139 " in " ".join(pages)
