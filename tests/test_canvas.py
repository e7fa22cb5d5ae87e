"""`quizgen build -f canvas`, read back with pyslet's QTI 1.2 parser (PyPI) and compared with what
text2qti (PyPI), a tool whose packages Canvas is known to import, makes of the same questions:
question types, where points and answers live, the manifest and the files of the package."""

from __future__ import annotations

import html
import json
import logging
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("pyslet")
import pyslet.qtiv1.xml as qti1  # noqa: E402

from quizgen import grading  # noqa: E402
from quizgen.bank.load import load_bank  # noqa: E402
from tests.support.images import ONE_PIXEL_PNG  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pyslet renamed its methods

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
HOSTILE = "a < b && c > d ]]> \"quoted\" 'single' café 東京 — ✓"

BANK = f"""\
id: canvas-bank
title: "Canvas: <every> & ]]> type"
questions:
  - id: single
    type: single
    prompt: {json.dumps(HOSTILE, ensure_ascii=False)}
    choices: ["a < b", "b & c", "c ]]> d"]
    answer: "b & c"
    points: 2.5
    explanation: Because **b & c**.
  - id: multi
    type: multiple
    prompt: Which are prime?
    choices: ["2", "3", "4"]
    answer: ["2", "3"]
  - id: multi-strict
    type: multiple
    prompt: Which are even?
    choices: ["2", "3", "4"]
    answer: ["2", "4"]
    partial_credit: false
  - id: tf
    type: truefalse
    prompt: Water is wet.
    answer: false
  - id: short
    type: short
    prompt: Who leads Meta?
    answer: [Mark Zuckerberg, "Zuckerberg's"]
  - id: short-cased
    type: short
    prompt: Which element is Fe?
    answer: [Fe]
    case_sensitive: true
  - id: exact
    type: numeric
    prompt: How far?
    answer: 299.8
    tolerance: 0.5
    unit: km
  - id: ranged
    type: numeric
    prompt: Pick a number in a range.
    range: [-3, 14.5]
  - id: blanks
    type: cloze
    text: "[Note] {{{{c1::Mark Zuckerberg}}}} leads Meta and {{{{c2::Alexandr Wang}}}} its lab."
    accept: {{c1: [Zuckerberg]}}
    points: 3
  - id: pairs
    type: match
    prompt: Match them.
    pairs:
      - {{left: Italy, right: Rome}}
      - {{left: Spain, right: Madrid}}
      - {{left: Portugal, right: Lisbon}}
  - id: steps
    type: order
    prompt: Order these.
    items: [first, second, third]
  - id: flash
    type: card
    front: Front
    back: Back
  - id: essay
    type: essay
    prompt: {json.dumps("Why " + HOSTILE + " and $x^2$?", ensure_ascii=False)}
    answer: {json.dumps("Because **" + HOSTILE + "** and $y_1$.", ensure_ascii=False)}
    notes: One point per reason, none for a guess.
    explanation: See the key.
    points: 4
    lines: 12
  - id: essay-plain
    type: essay
    prompt: Say more.
    answer: More.
"""

TYPES = {
    "single": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "multi-strict": "multiple_answers_question",
    "tf": "true_false_question",
    "short": "short_answer_question",
    "short-cased": "short_answer_question",
    "exact": "numerical_question",
    "ranged": "numerical_question",
    "blanks": "fill_in_multiple_blanks_question",
    "pairs": "matching_question",
    "essay": "essay_question",
    "essay-plain": "essay_question",
}

# The same kinds of question, in text2qti's own syntax.
TEXT2QTI_QUIZ = """\
Quiz title: Compared
Quiz description: The types both tools write.

1.  Which one?
a)  a
*b) b

1.  Which are prime?
[*] 2
[*] 3
[ ] 4

1.  Water is wet.
a)  True
*b) False

1.  Who leads Meta?
*   Mark Zuckerberg
*   Zuckerberg

1.  How far?
=   299.8 +- 0.5

1.  Pick a number in a range.
=   [-3, 14.5]

1.  Explain.
____
"""


@pytest.fixture
def bank_path(write_bank) -> Path:
    return write_bank(BANK, "bank/canvas.yaml")


@pytest.fixture
def built(run_cli, tmp_path, bank_path):
    result = run_cli("build", "-f", "canvas", "-o", tmp_path / "out", bank_path)
    assert result.exit_code == 0, result.output + result.stderr
    return tmp_path / "out" / "canvas-bank" / "canvas-bank-canvas.zip", result


def unpack(package: Path, folder: Path) -> tuple[Path, Path]:
    """Unzip; (the assessment file, the assessment_meta.xml file) the manifest names."""
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    manifest = ET.parse(folder / "imsmanifest.xml").getroot()
    (quiz,) = [r for r in manifest.iter(f"{CP}resource") if r.get("type") == "imsqti_xmlv1p2"]
    (dependency,) = quiz.iter(f"{CP}dependency")
    (meta,) = [r for r in manifest.iter(f"{CP}resource") if r.get("identifier") == dependency.get("identifierref")]
    return folder / quiz.find(f"{CP}file").get("href"), folder / meta.get("href")


def canvas_fields(item: ET.Element) -> dict[str, str]:
    return {
        f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") or ""
        for f in item.iter(f"{QTI}qtimetadatafield")
    }


@pytest.fixture
def items(built, tmp_path) -> dict[str, ET.Element]:
    assessment, _ = unpack(built[0], tmp_path / "unzipped")
    root = ET.parse(assessment).getroot()
    bank = load_bank(tmp_path / "bank" / "canvas.yaml").bank
    by_title = {}
    for item, question in zip(root.iter(f"{QTI}item"), [q for q in bank.questions if q.type not in ("order", "card")]):
        by_title[question.id] = item
    return by_title


def test_pyslet_parses_the_assessment_and_reads_canvas_metadata(built, tmp_path):
    assessment, _ = unpack(built[0], tmp_path / "unzipped")
    logging.disable(logging.WARNING)  # pyslet complains about HTML fragments in mattext
    try:
        document = qti1.QTIDocument(base_uri=str(assessment))
        document.read()
    finally:
        logging.disable(logging.NOTSET)
    quiz = document.root.Assessment
    assert quiz.title == "Canvas: <every> & ]]> type"
    (section,) = quiz.SectionMixin
    found = []
    for item in section.SectionItemMixin:
        fields = {
            f.FieldLabel.get_value(): f.FieldEntry.get_value()
            for metadata in item.ItemMetadata.QTIMetadata
            for f in metadata.QTIMetadataField
        }
        found.append((fields["question_type"], fields["points_possible"]))
        assert fields["assessment_question_identifierref"]
        labels = [label.ident for label in item.Presentation.get_children() if hasattr(label, "ident")]
        assert labels, item.ident
    assert found == [
        (TYPES[q], p)
        for q, p in (
            ("single", "2.5"),
            ("multi", "1"),
            ("multi-strict", "1"),
            ("tf", "1"),
            ("short", "1"),
            ("short-cased", "1"),
            ("exact", "1"),
            ("ranged", "1"),
            ("blanks", "3"),
            ("pairs", "1"),
            ("essay", "4"),
            ("essay-plain", "1"),
        )
    ]


def test_original_answer_ids_name_the_answers_and_the_key_scores_100(items):
    for question_id, item in items.items():
        ids = canvas_fields(item)["original_answer_ids"].split(",")
        labels = [label.get("ident") for label in item.iter(f"{QTI}response_label")]
        if question_id not in ("short", "short-cased", "exact", "ranged", "pairs", "essay", "essay-plain"):
            assert ids == labels, question_id
    assert canvas_fields(items["essay"])["original_answer_ids"] == ""  # as Canvas exports an essay
    single = items["single"]
    (condition,) = [c for c in single.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
    right = condition.findtext(f"{QTI}conditionvar/{QTI}varequal")
    (label,) = [la for la in single.iter(f"{QTI}response_label") if la.get("ident") == right]
    assert label.findtext(f".//{QTI}mattext") == "b &amp; c"  # the HTML of "b & c", as Canvas reads it
    assert condition.findtext(f"{QTI}setvar") == "100"


def test_text_answers_list_every_accepted_form(items, bank_path):
    bank = load_bank(bank_path).bank
    short = next(q for q in bank.questions if q.id == "short")
    given = [v.text for v in items["short"].iter(f"{QTI}varequal")]
    assert given == grading.exact_forms(grading.spec(short, bank)["accepted"])
    assert "Zuckerberg’s" in given  # the apostrophe a phone types


def test_numbers_are_an_exact_answer_with_a_margin_or_a_range(items):
    exact = items["exact"].find(f".//{QTI}respcondition/{QTI}conditionvar")
    assert [e.tag.removeprefix(QTI) for e in exact.iter()] == [
        "conditionvar",
        "or",
        "varequal",
        "and",
        "vargte",
        "varlte",
    ]
    assert [e.text for e in exact.iter() if e.text and e.text.strip()] == ["299.8", "299.3", "300.3"]
    ranged = items["ranged"].find(f".//{QTI}respcondition/{QTI}conditionvar")
    assert [(e.tag.removeprefix(QTI), e.text) for e in ranged] == [("vargte", "-3"), ("varlte", "14.5")]
    fib = items["exact"].find(f".//{QTI}render_fib")
    assert fib.get("fibtype") == "Decimal"


def test_cloze_becomes_fill_in_multiple_blanks(items):
    item = items["blanks"]
    text = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
    assert text == "<p>&#91;Note] [blank1] leads Meta and [blank2] its lab.</p>"  # the bank's "[" is no blank
    blanks = item.findall(f"{QTI}presentation/{QTI}response_lid")
    assert [b.get("ident") for b in blanks] == ["response_blank1", "response_blank2"]
    assert [b.findtext(f"{QTI}material/{QTI}mattext") for b in blanks] == ["blank1", "blank2"]
    first = [la.findtext(f".//{QTI}mattext") for la in blanks[0].iter(f"{QTI}response_label")]
    assert first == ["Mark Zuckerberg", "Zuckerberg"]
    shares = [
        c.findtext(f"{QTI}setvar") for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None
    ]
    assert shares == ["50.00", "50.00"]


def test_match_becomes_matching_with_a_share_per_pair(items):
    item = items["pairs"]
    lefts = item.findall(f"{QTI}presentation/{QTI}response_lid")
    assert [la.findtext(f"{QTI}material/{QTI}mattext") for la in lefts] == ["Italy", "Spain", "Portugal"]
    rights = [la.findtext(f".//{QTI}mattext") for la in lefts[0].iter(f"{QTI}response_label")]
    assert rights == ["Rome", "Madrid", "Lisbon"]
    conditions = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
    for left, condition in zip(lefts, conditions):
        assert condition.find(f".//{QTI}varequal").get("respident") == left.get("ident")
        assert condition.findtext(f"{QTI}setvar") == "33.33"
        assert condition.find(f"{QTI}setvar").get("action") == "Add"


def test_what_canvas_cannot_hold_is_a_located_note(built, bank_path):
    lines = BANK.splitlines()

    def at(text: str, col: int) -> str:
        return f"{bank_path}:{lines.index(text) + 1}:{col}"

    notes = [line for line in built[1].stderr.splitlines() if ": note: " in line]
    assert notes == [
        f"{at('    partial_credit: false', 21)}: note: Canvas always gives partial credit for this question "
        "type: partial_credit: false is not carried",
        f"{at('    case_sensitive: true', 21)}: note: Canvas compares text answers ignoring case: "
        "case_sensitive is not carried to Canvas",
        f"{at('    unit: km', 11)}: note: Canvas takes the number alone: an answer typed with its unit ('km') "
        "is marked wrong there",
        f"{at('  - id: steps', 5)}: note: left out of the Canvas package: Canvas Classic Quizzes have no "
        "ordering question",
        f"{at('  - id: flash', 5)}: note: left out of the Canvas package: a card is graded by the learner, "
        "which a Canvas quiz cannot do",
        f"{at('    notes: One point per reason, none for a guess.', 12)}: note: Canvas has no text for the "
        "grader alone: the marking notes are left out of the Canvas package (the answer key and -f moodle "
        "carry them)",
    ]


def shown(html_text: str) -> str:
    """What a reader sees of an HTML text: tags dropped, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def test_an_essay_is_canvas_essay_graded_by_hand(items, built, tmp_path):
    item = items["essay"]
    assert canvas_fields(item)["question_type"] == "essay_question"
    assert canvas_fields(item)["points_possible"] == "4"
    # A text box, as Canvas exports an essay; the hostile prompt stays text and the formula is
    # Canvas's equation image, as in other types.
    prompt = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
    assert shown(prompt) == f"Why {HOSTILE} and ?"
    assert 'class="equation_image"' in prompt and 'data-equation-content="x^2"' in prompt
    (response,) = item.findall(f"{QTI}presentation/{QTI}response_str")
    assert [(e.tag.removeprefix(QTI), e.attrib) for e in response.iter()][1:] == [
        ("render_fib", {}),
        ("response_label", {"ident": "answer1", "rshuffle": "No"}),
    ]
    # No condition sets a score: Canvas leaves it to the teacher. The general feedback, shown
    # after the attempt, is the model answer then the explanation.
    assert not list(item.iter(f"{QTI}setvar"))
    shows = [
        c.find(f"{QTI}displayfeedback").get("linkrefid")
        for c in item.iter(f"{QTI}respcondition")
        if c.find(f"{QTI}displayfeedback") is not None
    ]
    assert shows == ["general_fb"]
    (feedback,) = item.findall(f"{QTI}itemfeedback")
    assert feedback.get("ident") == "general_fb"
    text = feedback.findtext(f".//{QTI}mattext")
    assert shown(text) == f"Model answer Because {HOSTILE} and . Explanation See the key."
    assert 'data-equation-content="y_1"' in text
    assert shown(items["essay-plain"].findtext(f".//{QTI}itemfeedback//{QTI}mattext")) == "Model answer More."
    # The marking notes are nowhere in the package (Canvas would show them to students).
    assessment, _ = unpack(built[0], tmp_path / "again")
    assert "One point per reason" not in assessment.read_text(encoding="utf-8")


def test_hostile_text_survives(items, built, tmp_path):
    prompt = items["single"].find(f"{QTI}presentation/{QTI}material/{QTI}mattext")
    assert prompt.get("texttype") == "text/html"
    assert prompt.text == "<p>a &lt; b &amp;&amp; c &gt; d ]]&gt; \"quoted\" 'single' café 東京 — ✓</p>"
    _, meta = unpack(built[0], tmp_path / "again")
    assert (
        ET.parse(meta).getroot().findtext("{http://canvas.instructure.com/xsd/cccv1p0}title")
        == "Canvas: <every> & ]]> type"
    )


def test_images_are_package_files_under_the_canvas_file_base(copy_root, run_cli, tmp_path):
    bank = copy_root("pictures") / "pictures.yaml"  # its image: figures/chart one.png, ONE_PIXEL_PNG
    assert run_cli("build", "-f", "canvas", "-o", tmp_path / "out", bank).exit_code == 0
    package = tmp_path / "out" / "pictures" / "pictures-canvas.zip"
    assessment, _ = unpack(package, tmp_path / "unzipped")
    assert (tmp_path / "unzipped" / "images" / "figures" / "chart one.png").read_bytes() == ONE_PIXEL_PNG
    prompt = ET.parse(assessment).getroot().find(f".//{QTI}presentation/{QTI}material/{QTI}mattext").text
    assert '<img src="$IMS-CC-FILEBASE$/images/figures/chart%20one.png" alt="a chart">' in prompt
    manifest = ET.parse(tmp_path / "unzipped" / "imsmanifest.xml").getroot()
    web = [r for r in manifest.iter(f"{CP}resource") if r.get("type") == "webcontent"]
    assert [(r.get("href"), r.find(f"{CP}file").get("href")) for r in web] == [
        ("images/figures/chart one.png", "images/figures/chart one.png")
    ]


def test_a_rebuild_gives_the_same_bytes(run_cli, tmp_path, bank_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    built = []
    for attempt in ("one", "two"):
        assert run_cli("build", "-f", "canvas", "--force", "-o", tmp_path / attempt, bank_path).exit_code == 0
        built.append((tmp_path / attempt / "canvas-bank" / "canvas-bank-canvas.zip").read_bytes())
    assert built[0] == built[1]


# -- compared with text2qti -----------------------------------------------------------------------


@pytest.fixture
def text2qti_package(tmp_path) -> Path:
    text2qti = pytest.importorskip("text2qti")
    from text2qti.config import Config
    from text2qti.qti import QTI as Text2qti
    from text2qti.quiz import Quiz

    assert text2qti
    path = tmp_path / "text2qti.zip"
    Text2qti(Quiz(TEXT2QTI_QUIZ, config=Config(), source_name="compared.txt")).save(path)
    return path


def _collapsed(tags: list[str]) -> list[str]:
    """A run of like tags (one test per accepted answer) counted as one."""
    return [tag for i, tag in enumerate(tags) if i == 0 or tags[i - 1] != tag]


def _shape(package: Path, folder: Path) -> dict:
    assessment, meta = unpack(package, folder)
    manifest = ET.parse(folder / "imsmanifest.xml").getroot()
    root = ET.parse(assessment).getroot()
    items = list(root.iter(f"{QTI}item"))

    def tags(element):
        return [e.tag for e in element] if element is not None else None

    per_type = {}
    for item in items:
        fields = canvas_fields(item)
        scored = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
        per_type.setdefault(
            fields["question_type"],
            {
                "fields": sorted(fields),
                "item": tags(item),
                "presentation": [e.tag for e in item.find(f"{QTI}presentation") if e.tag != f"{QTI}material"],
                "decvar": item.find(f".//{QTI}decvar").attrib,
                "score": [(c.find(f"{QTI}setvar").get("action"), c.findtext(f"{QTI}setvar")) for c in scored],
                "condition": _collapsed([e.tag for e in scored[0].find(f"{QTI}conditionvar").iter()])
                if scored
                else None,
                # Conditions that neither score nor show feedback (an essay's, waiting for the teacher).
                "inert": [
                    (c.get("continue"), [e.tag for e in c.find(f"{QTI}conditionvar")])
                    for c in item.iter(f"{QTI}respcondition")
                    if c.find(f"{QTI}setvar") is None and c.find(f"{QTI}displayfeedback") is None
                ],
            },
        )
    return {
        "root": root.tag,
        "assessment in its own folder": assessment.parent.name == assessment.stem,
        "meta beside it": meta.parent == assessment.parent and meta.name == "assessment_meta.xml",
        "meta root": ET.parse(meta).getroot().tag,
        "resource types": sorted({r.get("type") for r in manifest.iter(f"{CP}resource")}),
        "manifest": [e.tag for e in manifest],
        "types": per_type,
    }


def test_the_package_has_the_shape_text2qti_gives_canvas(built, text2qti_package, tmp_path):
    ours = _shape(built[0], tmp_path / "ours")
    theirs = _shape(text2qti_package, tmp_path / "theirs")
    assert {k: v for k, v in ours.items() if k != "types"} == {k: v for k, v in theirs.items() if k != "types"}
    shared = sorted(set(ours["types"]) & set(theirs["types"]))
    assert shared == [
        "essay_question",
        "multiple_answers_question",
        "multiple_choice_question",
        "numerical_question",
        "short_answer_question",
        "true_false_question",
    ]
    for question_type in shared:
        mine, reference = ours["types"][question_type], theirs["types"][question_type]
        # Our items also carry the explanation as feedback, which text2qti's quiz above has none of.
        mine["item"] = [tag for tag in mine["item"] if tag != f"{QTI}itemfeedback"]
        assert mine == reference, question_type


def test_lms_md_gives_the_real_banks_figures_as_built(run_cli, tmp_path):
    """docs/lms.md said the real bank built to 52 questions with 6 cards left out long after the
    bank changed: its figures are read from the page and compared with a build of the bank."""
    repo = Path(__file__).resolve().parent.parent
    page = " ".join((repo / "docs" / "lms.md").read_text(encoding="utf-8").split())
    stated = re.search(
        r"The real bank \(`questions/muse-spark\.yaml`\) holds (\d+) questions; its (\d+) cards and (\d+) "
        r"ordering questions? (?:is|are) left out, each with a note, so the package holds (\d+)",
        page,
    )
    assert stated, "docs/lms.md no longer states the real bank's Canvas figures in the sentence this test reads"
    questions, cards, orders, packaged = (int(n) for n in stated.groups())
    bank_file = repo / "questions" / "muse-spark.yaml"
    result = run_cli("build", "-f", "canvas", "-o", tmp_path / "out", bank_file)
    assert result.exit_code == 0, result.output + result.stderr
    assessment, _ = unpack(tmp_path / "out" / "muse-spark" / "muse-spark-canvas.zip", tmp_path / "unzipped")
    notes = [line for line in result.stderr.splitlines() if ": note: left out of the Canvas package" in line]
    built = {
        "questions": len(load_bank(bank_file).bank.questions),
        "cards": sum("a card is graded by the learner" in line for line in notes),
        "orders": sum("no ordering question" in line for line in notes),
        "packaged": len(list(ET.parse(assessment).getroot().iter(f"{QTI}item"))),
    }
    assert built == {"questions": questions, "cards": cards, "orders": orders, "packaged": packaged}
    assert len(notes) == cards + orders  # nothing else is left out unsaid
