"""`quizgen import`: every source format, written as each tool writes it, becomes a bank that
`quizgen validate` accepts; quizgen's own Moodle XML and GIFT exports come back as the same
questions; bad input gets located errors."""

from __future__ import annotations

import base64
import csv
from pathlib import Path

import openpyxl
import pytest
import yaml

from quizgen.bank.load import load_bank
from quizgen.bank.model import QUESTION_TYPES
from quizgen.commands.scaffold import example_text
from tests.support.images import ONE_PIXEL_PNG


def imported(run_cli, source: Path, *args: str):
    """Import `source`, check the bank with `quizgen validate`, and return (bank, result)."""
    target = source.with_name(source.stem + "-bank.yaml")
    result = run_cli("import", source, "-o", target, *args)
    assert result.exit_code == 0, result.output + result.stderr
    check = run_cli("validate", target)
    assert check.exit_code == 0, check.stderr
    return load_bank(target).bank, result, target


def questions(bank):
    return {q.id: q for q in bank.questions}


# -- round trips through quizgen's own exports ------------------------------------------------


def _example_export(run_cli, tmp_path: Path, fmt: str) -> tuple[Path, object]:
    bank_path = tmp_path / "example.yaml"
    bank_path.write_text(example_text("example"), encoding="utf-8")
    assert run_cli("build", bank_path, "-f", fmt, "-o", tmp_path / "out").exit_code == 0
    exported = next((tmp_path / "out" / "example").glob("*.xml" if fmt == "moodle" else "*.gift"))
    return exported, load_bank(bank_path).bank


def _same(original, back) -> None:
    """The same question: id, type, prompt, choices or items or pairs, and answer."""
    assert (back.id, back.type) == (original.id, original.type)
    for name in ("prompt", "choices", "answer", "items", "pairs", "tolerance", "range"):
        if hasattr(original, name):
            assert getattr(back, name) == getattr(original, name), (original.id, name)


def test_moodle_xml_export_comes_back_as_the_same_questions(run_cli, tmp_path):
    exported, original = _example_export(run_cli, tmp_path, "moodle")
    bank, _, _ = imported(run_cli, exported)
    back = questions(bank)
    assert bank.title == original.title
    assert set(back) == {q.id for q in original.questions}
    for q in original.questions:
        if q.type == "cloze":
            assert back[q.id].text.startswith("Water is made of {{c1::hydrogen}} and {{c2::oxygen}}")
        elif q.type == "card":
            assert (back[q.id].front, back[q.id].back) == (q.front, q.back)
        else:
            _same(q, back[q.id])
        assert back[q.id].tags == q.tags
        assert back[q.id].points == q.points


def test_gift_export_comes_back_as_the_same_questions(run_cli, tmp_path):
    exported, original = _example_export(run_cli, tmp_path, "gift")
    bank, _, _ = imported(run_cli, exported)
    back = questions(bank)
    # GIFT holds no order questions or cards; a cloze is exported as one question per blank,
    # `::id (blank 1 of 2)::`, and those come back as the one cloze.
    for q in original.questions:
        if q.type in ("order", "card"):
            assert q.id not in back
        elif q.type == "cloze":
            assert back[q.id].text == q.text == "Water is made of {{c1::hydrogen}} and {{c2::oxygen::an element}}."
        else:
            _same(q, back[q.id])
    assert bank.title == original.title


ESSAYS = """id: essays
title: Rivers
language: {language}
questions:
  - id: floods
    type: essay
    prompt: Why does the **Wend** flood in spring?
    answer: |-
      Snow melting on the hills adds water faster than the river carries it away.

      - melting snow
      - a narrow valley
    notes: One point for the melting snow, one for the river's *capacity*.
    explanation: Spring floods follow the thaw.
    points: 4
    lines: 12
  - id: delta
    type: essay
    prompt: What is a delta?
    answer: Land built where a river drops its sediment.
"""


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_exported_essays_come_back_as_the_same_essays(run_cli, tmp_path, language):
    """The export heads each part (model answer, marking notes, explanation) in the bank's
    language; the import splits the parts back in any shipped language."""
    bank_path = tmp_path / "essays.yaml"
    bank_path.write_text(ESSAYS.format(language=language), encoding="utf-8")
    original = questions(load_bank(bank_path).bank)
    assert run_cli("build", bank_path, "-f", "moodle,gift", "-o", tmp_path / "out").exit_code == 0
    folder = tmp_path / "out" / "essays"
    moodle, _, _ = imported(run_cli, next(folder.glob("*.xml")))
    gift, _, _ = imported(run_cli, next(folder.glob("*.gift")))
    for back in (questions(moodle), questions(gift)):
        assert set(back) == set(original)
        for q in original.values():
            assert back[q.id].type == "essay"
            assert (back[q.id].prompt, back[q.id].answer, back[q.id].explanation) == (
                q.prompt,
                q.answer,
                q.explanation,
            ), q.id
    # Moodle XML also holds the marking notes and the points; its answer box is the nearest height
    # Moodle offers (12 lines become 15), which becomes the paper's lines.
    back = questions(moodle)
    assert [(back[i].notes, back[i].points, back[i].lines) for i in ("floods", "delta")] == [
        (original["floods"].notes, 4, 15),
        ("", 1, 10),
    ]
    # GIFT has neither.
    assert [(q.notes, q.points) for q in gift.questions] == [("", 1), ("", 1)]


def test_an_essay_whose_bank_renames_the_explanation_comes_back_from_moodle_xml(run_cli, tmp_path):
    """A bank's own word for "Explanation" heads the general feedback; the information for
    graders gives the model answer, so whatever follows it under a heading is the explanation."""
    bank_path = tmp_path / "essays.yaml"
    bank_path.write_text(ESSAYS.format(language="en") + "labels: {explanation: Why it happens}\n", encoding="utf-8")
    assert run_cli("build", bank_path, "-f", "moodle", "-o", tmp_path / "out").exit_code == 0
    exported = next((tmp_path / "out" / "essays").glob("*.xml"))
    assert "<strong>Why it happens</strong>" in exported.read_text(encoding="utf-8")
    bank, _, _ = imported(run_cli, exported)
    floods = questions(bank)["floods"]
    assert floods.answer.startswith("Snow melting") and floods.answer.endswith("- a narrow valley")
    assert floods.explanation == "Spring floods follow the thaw."


# -- GIFT -------------------------------------------------------------------------------------

GIFT = r"""// A comment line
$CATEGORY: $course$/top/Physics/Units

::speed::What is the speed of light, in thousand km/s?{#299.8:0.5}

::Range question::Name a number from 1 to 5.{#1..5}

::two numbers::Pi to two decimals?{#=3.14:0.005 =%50%3.1:0.05}

::Colours::Which are primary colours?{
~%50%Red#yes
~%50%Blue
~%-100%Green
####Red, blue and yellow.}

$CATEGORY: $course$/top/Physics/Misc

Mahatma Gandhi's birthday is an {~15th =2nd ~3rd} of October.

::tf::The sun is a star.{T}

::False one::[markdown]The moon is a *planet*.{FALSE#It is a satellite.#Yes.}

::pets::Which animal says "woof"?{=dog =a dog =%50%hound}

::cap::Match the capitals.{=Italy -> Rome =Spain -> Madrid =France -> Paris = -> Berlin}

::esc::Escapes\: 1 \= one \{ok\} and 50% \~ done?{=yes \# sure ~no}

::html::[html]<p>Is <b>bold</b> bold?</p>{=Yes ~No}

Two plus two is {=four =4} in base ten.

::essay::Write about the sea.{}

::Sea essay::[html]<p>Describe the <i>sea</i>.</p>{####<p>The sea is <b>salty</b> and deep.</p>}
"""


def test_gift_every_kind(run_cli, tmp_path):
    source = tmp_path / "quiz.gift"
    source.write_text(GIFT, encoding="utf-8")
    bank, result, target = imported(run_cli, source)
    q = questions(bank)
    assert bank.title == "Physics"
    assert (q["speed"].answer, q["speed"].tolerance) == (299.8, 0.5)
    assert q["speed"].tags == ("units",)
    assert q["range-question"].range == (1, 5)
    assert q["two-numbers"].answer == 3.14 and q["two-numbers"].tolerance == 0.005
    colours = q["Colours"]
    assert colours.type == "multiple" and colours.answer == ("Red", "Blue")
    assert colours.explanation == "Red, blue and yellow."
    gandhi = next(x for x in bank.questions if x.id.startswith("mahatma"))
    assert gandhi.type == "single" and gandhi.answer == "2nd"
    assert gandhi.prompt == r"Mahatma Gandhi's birthday is an \_\_\_\_\_ of October."
    assert q["tf"].answer is True and q["false-one"].answer is False
    assert q["false-one"].prompt == "The moon is a *planet*."
    assert q["pets"].answer == ("dog", "a dog")
    assert [(p.left, p.right) for p in q["cap"].pairs] == [("Italy", "Rome"), ("Spain", "Madrid"), ("France", "Paris")]
    assert q["esc"].prompt == "Escapes: 1 = one {ok} and 50% ~ done?"
    assert q["esc"].choices == ("yes # sure", "no")
    assert q["html"].prompt == "Is **bold** bold?"
    cloze = next(x for x in bank.questions if x.type == "cloze")
    assert cloze.text == "Two plus two is {{c1::four}} in base ten." and cloze.accept == {"c1": ("4",)}
    # An essay's general feedback is its model answer.
    essay = q["sea-essay"]
    assert (essay.type, essay.prompt) == ("essay", "Describe the *sea*.")
    assert (essay.answer, essay.explanation) == ("The sea is **salty** and deep.", "")
    # What was dropped is reported with its place, and written above the question.
    assert f"{source}:8:1: note: the other numeric answer '3.1:0.05' worth 50%" in result.stderr
    text = target.read_text(encoding="utf-8")
    # An essay without general feedback has no model answer: it is written commented out, for
    # the author to give it one.
    assert "essay" not in q
    assert f"{source}:34:1: note: the essay has no model answer (no general feedback)" in result.stderr
    assert (
        "  # not imported: the essay has no model answer (no general feedback), which the answer key prints: "
        "write one as its `answer:`\n"
    ) in text
    assert "  # - id: essay\n  #   type: essay\n  #   prompt: Write about the sea.\n  #   answer: ''\n" in text
    assert "  # not imported: the answer 'hound' worth 50%" in text
    assert "  # not imported: the feedback of each answer (GIFT '#') is not carried over" in text


def test_gift_errors_are_located_and_the_rest_is_imported(run_cli, tmp_path):
    source = tmp_path / "bad.gift"
    source.write_text("::a::First {=x ~y}\n\n::b::Second\n{=x ~y\n\n::c::Third {#abc}\n", encoding="utf-8")
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}:4:1: error: the answers are not closed" in result.stderr
    assert f"{source}:6:1: error: 'abc' is not a number" in result.stderr
    assert "Traceback" not in result.stderr + result.output
    # What could be read is written; each question that could not is kept as a comment, with
    # why and where, and its lines as written; the exit status and the last line say so.
    target = source.with_suffix(".yaml")
    assert [q.id for q in load_bank(target).bank.questions] == ["a"]
    assert "Error: 2 questions could not be read: each is kept as a comment in" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert (
        "  # not imported (bad.gift:4:1): the answers are not closed: a '}' is missing (write \\{ for a brace "
        "in the text)\n  # the question as written there:\n  #     ::b::Second\n  #     {=x ~y\n"
    ) in text
    assert "  # not imported (bad.gift:6:1): 'abc' is not a number" in text
    assert run_cli("validate", target).exit_code == 0


# -- Moodle XML as Moodle writes it -----------------------------------------------------------

MOODLE = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Default for Biology/Cells</text></category></question>
  <question type="multichoice">
    <name><text>Cell powerhouse</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which organelle makes ATP? <img src="@@PLUGINFILE@@/cell%20a.png" alt="a cell"></p>]]></text>
      <file name="cell a.png" path="/" encoding="base64">{base64.b64encode(ONE_PIXEL_PNG).decode()}</file>
    </questiontext>
    <generalfeedback format="html"><text>Mitochondria.</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single><shuffleanswers>0</shuffleanswers>
    <answer fraction="100" format="html"><text>Mitochondrion</text><feedback format="html"><text>Right</text></feedback></answer>
    <answer fraction="0" format="html"><text>Ribosome</text><feedback format="html"><text></text></feedback></answer>
    <tags><tag><text>energy</text></tag></tags>
  </question>
  <question type="essay">
    <name><text>Essay</text></name>
    <questiontext format="html"><text>Discuss.</text></questiontext>
  </question>
  <question type="essay">
    <name><text>Mitosis essay</text></name>
    <questiontext format="html"><text><![CDATA[<p>How does a cell divide?</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>See chapter 3.</p>]]></text></generalfeedback>
    <defaultgrade>5.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <responseformat>editor</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>10</responsefieldlines>
    <minwordlimit>50</minwordlimit>
    <maxwordlimit></maxwordlimit>
    <attachments>1</attachments>
    <attachmentsrequired>0</attachmentsrequired>
    <maxbytes>0</maxbytes>
    <filetypeslist></filetypeslist>
    <graderinfo format="html"><text><![CDATA[<p>It divides by <b>mitosis</b>.</p>]]></text></graderinfo>
    <responsetemplate format="html"><text><![CDATA[<p>A cell divides by</p>]]></text></responsetemplate>
  </question>
  <question type="essay">
    <name><text>Osmosis essay</text></name>
    <questiontext format="html"><text><![CDATA[<p>What is osmosis?</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Water moving through a membrane.</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <responseformat>noinline</responseformat>
    <responsefieldlines>15</responsefieldlines>
    <attachments>0</attachments>
    <graderinfo format="html"><text></text></graderinfo>
    <responsetemplate format="html"><text></text></responsetemplate>
  </question>
  <question type="shortanswer">
    <name><text>Wild</text></name>
    <questiontext format="moodle_auto_format"><text>Name a *base*:&lt;br&gt;one of A, T, G, C.</text></questiontext>
    <usecase>1</usecase>
    <answer fraction="100"><text>Adenine</text></answer>
    <answer fraction="100"><text>A*</text></answer>
  </question>
  <question type="cloze">
    <name><text>Parts</text></name>
    <questiontext format="html"><text>&lt;p&gt;The {{1:SHORTANSWER:=nucleus~=Nucleus}} holds DNA; {{1:MULTICHOICE:wall~=membrane}} surrounds it.&lt;/p&gt;</text></questiontext>
  </question>
  <question type="numerical">
    <name><text>Size</text></name>
    <questiontext format="html"><text>Size in micrometres?</text></questiontext>
    <answer fraction="100"><text>10</text><tolerance>2</tolerance></answer>
    <units><unit><multiplier>1</multiplier><unit_name>µm</unit_name></unit></units>
  </question>
</quiz>
"""


def test_moodle_xml_as_moodle_writes_it(run_cli, tmp_path):
    source = tmp_path / "moodle.xml"
    source.write_text(MOODLE, encoding="utf-8")
    bank, result, target = imported(run_cli, source)
    q = questions(bank)
    assert bank.title == "Cells"  # the category every question shares
    power = q["cell-powerhouse"]
    assert power.type == "single" and power.answer == "Mitochondrion" and power.shuffle is False
    assert power.points == 2 and power.tags == ("energy",)
    assert "![a cell](moodle-bank-files/cell-a.png)" in power.prompt
    assert (tmp_path / "moodle-bank-files" / "cell-a.png").read_bytes() == ONE_PIXEL_PNG
    assert q["Wild"].answer == ("Adenine",) and q["Wild"].case_sensitive
    assert q["Wild"].prompt == "Name a \\*base\\*:\none of A, T, G, C."  # auto-format keeps its HTML
    assert q["Parts"].text == "The {{c1::nucleus}} holds DNA; {{c2::membrane}} surrounds it."
    assert (q["Size"].answer, q["Size"].tolerance, q["Size"].unit) == (10, 2, "µm")
    assert "wildcard" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert "# not imported: each MULTICHOICE blank (a menu of choices) becomes a blank to type" in text
    # Essays: the information for graders is the model answer, the general feedback then the
    # explanation; without the first, the general feedback is the model answer.
    mitosis = q["mitosis-essay"]
    assert (mitosis.type, mitosis.prompt, mitosis.answer) == (
        "essay",
        "How does a cell divide?",
        "It divides by **mitosis**.",
    )
    assert (mitosis.explanation, mitosis.points, mitosis.lines) == ("See chapter 3.", 5, 10)
    above = text.split("  - id: mitosis-essay\n")[0].split("\n\n")[-1]  # the comments above the question
    for left_out in ("the response template", "file attachments", "the word limits"):
        assert f"  # not imported: {left_out}" in above
    osmosis = q["osmosis-essay"]
    assert (osmosis.answer, osmosis.explanation) == ("Water moving through a membrane.", "")
    assert osmosis.lines is None  # no answer box in Moodle (attachments only): the paper's default
    # One with neither has no model answer: commented out, for the author to write one.
    assert "Essay" not in q
    assert "note: the essay has no model answer (no information for graders, no general feedback)" in result.stderr
    assert "  # - id: Essay\n  #   type: essay\n" in text


def test_moodle_xml_errors_are_located(run_cli, tmp_path):
    source = tmp_path / "broken.xml"
    source.write_text("<?xml version='1.0'?>\n<quiz>\n  <question type='truefalse'>\n</quiz>\n", encoding="utf-8")
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}:4:3: error: not well-formed XML: mismatched tag" in result.stderr
    source.write_text('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaa">]>\n<quiz/>\n', encoding="utf-8")
    assert "document type declaration" in run_cli("import", source).stderr


# -- Quizlet ----------------------------------------------------------------------------------


def test_quizlet_tab_comma_and_custom_separators(run_cli, tmp_path):
    tab = tmp_path / "tab.txt"
    tab.write_text("chien\tdog\nle *chat*\tthe cat\n", encoding="utf-8")
    bank, _, _ = imported(run_cli, tab)
    assert [(q.type, q.front, q.back) for q in bank.questions] == [
        ("card", "chien", "dog"),
        ("card", r"le \*chat\*", "the cat"),
    ]
    comma = tmp_path / "comma.txt"
    comma.write_text("one,un\ntwo,deux, encore\n", encoding="utf-8")
    bank, _, _ = imported(run_cli, comma)
    assert [q.back for q in bank.questions] == ["un", "deux, encore"]
    custom = tmp_path / "custom.txt"
    custom.write_text("a = A;b = B;", encoding="utf-8")
    bank, _, _ = imported(run_cli, custom, "--format", "quizlet", "--separator", " = ", "--card-separator", ";")
    assert [(q.front, q.back) for q in bank.questions] == [("a", "A"), ("b", "B")]
    # Stable ids: the same file gives the same ids again.
    again, _, _ = imported(
        run_cli, custom, "--format", "quizlet", "--separator", " = ", "--card-separator", ";", "--force"
    )
    assert [q.id for q in again.questions] == [q.id for q in bank.questions]


def test_quizlet_row_without_separator_is_located(run_cli, tmp_path):
    source = tmp_path / "set.txt"
    source.write_text("a\tA\nno separator here\n", encoding="utf-8")
    result = run_cli("import", source, "--format", "quizlet")
    assert result.exit_code == 1
    assert f"{source}:2:1: error: no separator (a tab)" in result.stderr


# -- Anki -------------------------------------------------------------------------------------


def test_anki_text_export(run_cli, tmp_path):
    source = tmp_path / "deck.txt"
    source.write_text(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "#tags column:6\n"
        "a1b2\tBasic\tBiology::Cells\t<b>Cell</b>\tThe unit of life\tcells\n"
        "c3d4\tBasic (and reversed card)\tBiology\tDNA\tdeoxyribonucleic acid\t\n"
        "e5f6\tCloze\tBiology\tThe {{c1::nucleus}} holds DNA\t<i>extra</i>\t\n",
        encoding="utf-8",
    )
    bank, _, _ = imported(run_cli, source)
    cell, dna, cloze = bank.questions
    assert (cell.type, cell.front, cell.back, cell.tags) == ("card", "**Cell**", "The unit of life", ("cells",))
    assert dna.reverse is True
    assert (cloze.type, cloze.text, cloze.explanation) == ("cloze", "The {{c1::nucleus}} holds DNA", "*extra*")
    assert bank.title == "Biology"
    assert cell.id.startswith("cell-")


def test_anki_semicolon_plain_text(run_cli, tmp_path):
    source = tmp_path / "plain.txt"
    source.write_text('#separator:Semicolon\n#html:false\nfront one;back one\n"a; b";c\nlonely\n', encoding="utf-8")
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}:5:1: error: a note needs a front and a back field" in result.stderr


# -- Kahoot -----------------------------------------------------------------------------------


def _kahoot(path: Path, rows: list[tuple]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["Quiz template"])
    for _ in range(6):
        sheet.append([])
    sheet.append(
        [
            "",
            "Question - max 120 characters",
            "Answer 1 - max 75 characters",
            "Answer 2 - max 75 characters",
            "Answer 3 - max 75 characters",
            "Answer 4 - max 75 characters",
            "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
            "Correct answer(s) - choose at least one",
        ]
    )
    for number, row in enumerate(rows, 1):
        sheet.append([number, *row])
    book.save(path)
    return path


def test_kahoot_template(run_cli, tmp_path):
    source = _kahoot(
        tmp_path / "kahoot.xlsx",
        [
            ("Capital of France?", "Paris", "Lyon", "Nice", "", 20, 1),
            ("Which are even?", "2", "3", "4", "5", 30, "1,3"),
        ],
    )
    bank, result, target = imported(run_cli, source)
    first, second = bank.questions
    assert (first.type, first.choices, first.answer) == ("single", ("Paris", "Lyon", "Nice"), "Paris")
    assert (second.type, second.answer) == ("multiple", ("2", "4"))
    assert f"{source}:Sheet1!G9: note: the time limit (20 s)" in result.stderr


def test_kahoot_errors_name_the_cell(run_cli, tmp_path):
    source = _kahoot(tmp_path / "kahoot.xlsx", [("Q?", "a", "b", "", "", 20, "3"), ("R?", "a", "b", "", "", 20, "one")])
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}:Sheet1!H9: error: answer 3 is marked correct but is empty" in result.stderr
    assert f"{source}:Sheet1!H10: error: 'one' is not a list of answer numbers" in result.stderr


# -- the plain spreadsheet --------------------------------------------------------------------


def test_new_csv_example_imports_to_every_type(run_cli, tmp_path):
    example = tmp_path / "questions.csv"
    assert run_cli("new", "--csv", example).exit_code == 0
    bank, _, _ = imported(run_cli, example)
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)  # every type quizgen has
    q = questions(bank)
    assert q["dice-total"].range == (2, 12) and q["speed-of-light"].unit == "thousand km/s"
    assert [(p.left, p.right) for p in q["countries-capitals"].pairs][0] == ("Italy", "Rome")
    floods = q["spring-floods"]  # an essay: the answer column holds the model answer
    assert (floods.answer, floods.points) == ("Melting snow adds water faster than the river carries it away.", 4)


def test_spreadsheet_xlsx_and_located_errors(run_cli, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Questions"
    sheet.append(["Type", "Prompt", "Choices", "Answer", "Colour"])
    sheet.append(["single", "Pick b", "a | b | c", 2, "red"])
    sheet.append(["truefalse", "Yes?", "", True, ""])
    sheet.append(["single", "Pick z", "a | b", "z", ""])
    sheet.append(["poll", "Which?", "", "", ""])
    source = tmp_path / "sheet.xlsx"
    book.save(source)
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}:Questions!D4: error: write the choices separated by '|'" in result.stderr
    assert f"{source}:Questions!A5: error: unknown type 'poll'" in result.stderr
    sheet.delete_rows(4, 2)
    book.save(source)
    bank, result, _ = imported(run_cli, source)
    assert bank.questions[0].answer == "b" and bank.questions[1].answer is True
    assert f"{source}:Questions!E1: note: the column 'Colour'" in result.stderr


def test_csv_errors_name_the_line(run_cli, tmp_path):
    source = tmp_path / "q.csv"
    with open(source, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["type", "prompt", "answer"], ["numeric", "How many?", "many"]])
    result = run_cli("import", source)
    assert result.exit_code == 1
    assert f"{source}:2: error: 'many' is not a number" in result.stderr


# -- the output ---------------------------------------------------------------------------------


def test_questions_quizgen_would_refuse_are_commented_out(run_cli, tmp_path):
    source = tmp_path / "dup.gift"
    source.write_text("::dup::Pick one {=a ~a ~b}\n\n::fine::Pick two {=x ~y}\n", encoding="utf-8")
    bank, result, target = imported(run_cli, source)
    assert [q.id for q in bank.questions] == ["fine"]
    text = target.read_text(encoding="utf-8")
    assert "  # - id: dup\n  #   type: single\n" in text
    assert f"{source}:1:1: note: left out (commented out in the bank)" in result.stderr


def test_output_is_plain_block_yaml_quoted_only_where_needed(run_cli, tmp_path):
    source = tmp_path / "q.csv"
    with open(source, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["type", "id", "prompt", "choices", "answer"],
                ["single", "v", "Which version: the new one?", "1.10 | yes | #3", "1.10"],
                ["card", "multi", "line one\nline two", "", "back"],
            ]
        )
    bank, _, target = imported(run_cli, source)
    text = target.read_text(encoding="utf-8")
    assert "    prompt: 'Which version: the new one?'\n" in text
    assert "      - '1.10'\n      - 'yes'\n      - '#3'\n" in text
    assert "    front: |-\n      line one\n      line two\n" in text
    assert "{" not in text.split("questions:")[1]  # no flow style
    assert yaml.safe_load(text)["questions"][0]["choices"] == ["1.10", "yes", "#3"]


def test_unknown_format_and_existing_output(run_cli, tmp_path):
    source = tmp_path / "what.dat"
    source.write_bytes(b"\x00\x01binary")
    result = run_cli("import", source)
    assert result.exit_code == 1 and "cannot tell the format" in result.stderr
    existing = tmp_path / "x.gift"
    existing.write_text("::a::Q {=a ~b}\n", encoding="utf-8")
    existing.with_suffix(".yaml").write_text("keep", encoding="utf-8")
    result = run_cli("import", existing)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert existing.with_suffix(".yaml").read_text() == "keep"


# -- never a traceback ------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    [
        "::t::",
        "{",
        "}",
        "=",
        "~",
        "#",
        "->",
        "%50%",
        "\\",
        "\n",
        "\n\n",
        "T",
        "1..2",
        ":",
        "$CATEGORY: a/b",
        "<quiz>",
        "<question type='multichoice'>",
        "</question>",
        "<answer fraction='x'>",
        "</quiz>",
        "\t",
        ",",
        "#separator:tab\n",
        "{{c1::",
        "}}",
        "type,prompt,choices,answer\n",
        "single",
        "|",
        "a",
        " ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(_PIECES, max_size=30).map("".join),
    fmt=st.sampled_from(["gift", "moodle", "quizlet", "anki", "spreadsheet"]),
)
def test_any_input_gives_a_bank_or_located_errors_never_a_crash(run_cli, tmp_path_factory, text, fmt):
    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / ("in.csv" if fmt == "spreadsheet" else "in.txt")
    source.write_text(text, encoding="utf-8")
    result = run_cli("import", source, "--format", fmt, "-o", folder / "out.yaml")
    assert "internal error" not in result.stderr and result.exit_code in (0, 1), result.stderr
    if result.exit_code == 0 or (folder / "out.yaml").exists():  # exit 1 with a bank: some could not be read
        assert run_cli("validate", folder / "out.yaml").exit_code == 0


def test_a_missing_extra_says_what_to_install(run_cli, tmp_path, monkeypatch):
    source = _kahoot(tmp_path / "kahoot.xlsx", [("Q?", "a", "b", "", "", 20, "1")])
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)
    result = run_cli("import", source, "--format", "kahoot")
    assert result.exit_code == 1
    assert "needs openpyxl: pip install 'quizgen[import]'" in result.stderr


def test_moodle_case_sensitive_blank_makes_a_case_sensitive_cloze(run_cli, tmp_path):
    source = tmp_path / "c.xml"
    source.write_text(
        '<?xml version="1.0"?>\n<quiz><question type="cloze"><name><text>Sym</text></name>'
        '<questiontext format="html"><text>The symbol of sodium is {1:SHORTANSWER_C:=Na}.</text>'
        "</questiontext></question></quiz>\n",
        encoding="utf-8",
    )
    bank, _, _ = imported(run_cli, source)
    assert bank.questions[0].text == "The symbol of sodium is {{c1::Na}}." and bank.questions[0].case_sensitive


def test_ids_are_unique_within_the_bank(run_cli, tmp_path):
    source = tmp_path / "twice.txt"
    source.write_text("same\tone\nsame\tone\nsame\ttwo\n", encoding="utf-8")
    bank, _, _ = imported(run_cli, source, "--format", "quizlet")
    ids = [q.id for q in bank.questions]
    assert len(set(ids)) == 3 and ids[1] == ids[0] + "-2"
