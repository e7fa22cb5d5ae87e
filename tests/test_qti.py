"""`quizgen build -f qti`, read back with pyslet (PyPI), an independent QTI 2.1 implementation:
the content package through its manifest, every item parsed, and every item scored by pyslet's
own response processing, for the key, wrong answers and partly right ones, against the grading
model (quizgen/grading/__init__.py) that every other output uses."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("pyslet")
import pyslet.qtiv2.xml as qtixml  # noqa: E402
from pyslet import imscpv1p2  # noqa: E402
from pyslet.qtiv2 import content, core, interactions, variables  # noqa: E402

from quizgen import grading  # noqa: E402
from quizgen.bank.load import load_bank  # noqa: E402
from quizgen.bank.model import (
    Cloze,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    ShortAnswer,  # noqa: E402
    SingleChoice,
    TrueFalse,
)
from tests.support.images import ONE_PIXEL_PNG  # noqa: E402
from tests.support.process import REPO  # noqa: E402

NS = {"qti": "http://www.imsglobal.org/xsd/imsqti_v2p1", "cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
MATHML = "http://www.w3.org/1998/Math/MathML"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pyslet renamed its methods

HOSTILE = "a < b && c > d ]]> \"quoted\" 'single' café 東京 — ✓"

# Every type, partial credit on and off, points other than 1, and text that XML must escape.
BANK = """\
id: 7-all-types
title: "Every type: <tags> & ]]> 'quotes'"
questions:
  - id: single
    type: single
    prompt: "Which one? <script>alert(1)</script> & ]]>"
    choices: ["a < b", "b & c", "c ]]> d", "\\"quoted\\""]
    answer: "b & c"
    points: 2.5
    explanation: "Because **b & c**."
  - id: multi
    type: multiple
    prompt: Which are prime?
    choices: ["2", "3", "4", "9", "5"]
    answer: ["2", "3", "5"]
  - id: multi-strict
    type: multiple
    prompt: Which are even?
    choices: ["2", "3", "4"]
    answer: ["2", "4"]
    partial_credit: false
    points: 2
  - id: tf
    type: truefalse
    prompt: Water is wet.
    answer: false
  - id: short
    type: short
    prompt: Who leads Meta?
    answer: [Mark Zuckerberg, "Zuckerberg's"]
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
    text: "{{c1::Mark Zuckerberg}} leads Meta and {{c2::Alexandr Wang}} its lab; {{c3::2026}}."
    accept: {c1: [Zuckerberg]}
    points: 3
  - id: blanks-strict
    type: cloze
    text: "{{c1::one}} and {{c2::two}}"
    partial_credit: false
  - id: steps
    type: order
    prompt: Order these.
    items: [first, second, third, fourth]
  - id: steps-strict
    type: order
    prompt: Order these, all or nothing.
    items: [first, second, third]
    partial_credit: false
    points: 2
  - id: pairs
    type: match
    prompt: Match them.
    pairs:
      - {left: Italy, right: Rome}
      - {left: Spain, right: Madrid}
      - {left: Portugal, right: Lisbon}
  - id: pairs-strict
    type: match
    prompt: Match them, all or nothing.
    pairs:
      - {left: one, right: "1"}
      - {left: two, right: "2"}
      - {left: three, right: "3"}
    partial_credit: false
  - id: flash
    type: card
    front: Front
    back: Back
  - id: essay
    type: essay
    prompt: "Why is <b>this</b> & ]]> so, and $x^2$?"
    answer: "Because **it is** & ]]> $y_1$."
    notes: "One point per reason <i>only</i>."
    explanation: See the key.
    points: 4
    lines: 12
  - id: essay-plain
    type: essay
    prompt: Say more.
    answer: More.
"""


@pytest.fixture
def bank_path(write_bank) -> Path:
    return write_bank(BANK, "bank/all.yaml")


@pytest.fixture
def package(run_cli, tmp_path, bank_path, monkeypatch):
    """Build the bank's QTI package; returns (path to the zip, the CLI result)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = run_cli("build", "-f", "qti", "-o", tmp_path / "out", bank_path)
    assert result.exit_code == 0, result.output + result.stderr
    return tmp_path / "out" / "7-all-types" / "7-all-types-qti.zip", result


@pytest.fixture
def items(package, tmp_path) -> dict[str, object]:
    return items_of(package[0], tmp_path / "unzipped")


# -- scoring, by pyslet, against the grading model ------------------------------------------------


def score(item, responses: dict[str, variables.Value]) -> float:
    """Run the item's response processing in pyslet with these responses; its SCORE."""
    state = variables.ItemSessionState(item)
    state.begin_session()
    state["numAttempts"].set_value(1)
    for identifier, value in responses.items():
        state[identifier] = value
    state.end_attempt()
    return state["SCORE"].value


def value(cardinality: str, base_type: str, content) -> variables.Value:
    made = variables.Value.new_value(
        variables.Cardinality.from_str(cardinality), variables.BaseType.from_str(base_type)
    )
    made.set_value(content)
    return made


def qti_responses(question, response) -> dict[str, variables.Value]:
    """A grading-model response (indexes, texts) as the QTI response variables of its item."""
    if isinstance(question, SingleChoice):
        return {"RESPONSE": value("single", "identifier", f"C{response + 1}")}
    if isinstance(question, TrueFalse):
        return {"RESPONSE": value("single", "identifier", "C1" if response else "C2")}
    if isinstance(question, MultipleChoice):
        return {"RESPONSE": value("multiple", "identifier", [f"C{i + 1}" for i in response])}
    if isinstance(question, ShortAnswer):
        return {"RESPONSE": value("single", "string", response)}
    if isinstance(question, Numeric):
        return {"RESPONSE": value("single", "float", float(response))}
    if isinstance(question, Cloze):
        return {f"RESPONSE_{i + 1}": value("single", "string", text) for i, text in enumerate(response)}
    if isinstance(question, Order):
        return {"RESPONSE": value("ordered", "identifier", [f"I{i + 1}" for i in response])}
    if isinstance(question, Match):
        return {
            "RESPONSE": value(
                "multiple", "directedPair", [(f"L{left + 1}", f"R{right + 1}") for left, right in enumerate(response)]
            )
        }
    raise AssertionError(question.type)


def responses_to_try(question) -> list:
    """The key, wrong answers and partly right ones: every one there is where that stays small."""
    if isinstance(question, SingleChoice):
        return list(range(len(question.choices)))
    if isinstance(question, TrueFalse):
        return [True, False]
    if isinstance(question, MultipleChoice):
        indexes = range(len(question.choices))
        return [list(c) for n in range(1, len(question.choices) + 1) for c in itertools.combinations(indexes, n)]
    if isinstance(question, ShortAnswer):
        return [
            *question.answer,
            "Zuckerberg’s",
            "ZUCKERBERG'S.",
            '  "mark   zuckerberg" ',
            "Mark-Zuckerberg",
            "Sheryl Sandberg",
            "Mark",
            "Zuckerbergs",
        ]
    if isinstance(question, Numeric):
        low, high = question.bounds
        return [low, high, (low + high) / 2, low - 0.01, high + 0.01, -1000]
    if isinstance(question, Cloze):
        blanks = grading.blank_answers(question)
        return [list(choice) for choice in itertools.product(*[(b[0], f" {b[-1].upper()}.", "wrong") for b in blanks])]
    if isinstance(question, Order):
        return [list(p) for p in itertools.permutations(range(len(question.items)))]
    if isinstance(question, Match):
        return [list(p) for p in itertools.permutations(range(len(question.pairs)))]
    raise AssertionError(question.type)


def items_of(package: Path, folder: Path) -> dict[str, object]:
    """Every assessmentItem of a package, parsed by pyslet, by identifier."""
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    parsed = {}
    for path in sorted((folder / "items").glob("*.xml")):
        document = qtixml.QTIDocument(base_uri=str(path))
        document.read()
        parsed[document.root.identifier] = document.root
    return parsed


def check_scores(bank, items) -> dict[str, int]:
    """Score every response worth trying in pyslet and in the grading model: the same points."""
    checked = {"full": 0, "zero": 0, "partial": 0}
    for question in bank.questions:
        if question.type in ("card", "essay"):  # graded by the learner, by a human
            continue
        item = items[f"Q-{question.id}"]
        spec = grading.spec(question, bank)
        for response in responses_to_try(question):
            verdict = grading.grade(spec, response)
            expected = float(verdict.fraction) * question.points
            got = score(item, qti_responses(question, response))
            assert got == pytest.approx(expected, abs=1e-9), (question.id, response, verdict)
            checked[
                "full" if verdict.status == "correct" else "partial" if verdict.status == "partial" else "zero"
            ] += 1
    return checked


def test_pyslet_scores_every_item_like_the_grading_model(bank_path, items):
    checked = check_scores(load_bank(bank_path).bank, items)
    # The key of every item gave full marks, some answers none, and partial credit was exercised.
    assert checked["full"] >= 13 and checked["zero"] > 50 and checked["partial"] > 30, checked


@pytest.mark.slow
def test_the_real_bank_scores_like_the_grading_model(run_cli, tmp_path):
    bank_file = REPO / "questions" / "muse-spark.yaml"
    assert run_cli("build", "-f", "qti", "-o", tmp_path / "out", bank_file).exit_code == 0
    items = items_of(tmp_path / "out" / "muse-spark" / "muse-spark-qti.zip", tmp_path / "unzipped")
    bank = load_bank(bank_file).bank
    assert len(items) == sum(q.type != "card" for q in bank.questions)
    checked = check_scores(bank, items)
    assert checked["full"] >= len(items) and checked["partial"] > 0, checked


def test_every_key_scores_the_points_and_an_empty_answer_nothing(bank_path, items):
    bank = load_bank(bank_path).bank
    for question in bank.questions:
        if question.type in ("card", "essay"):
            continue
        item = items[f"Q-{question.id}"]
        state = variables.ItemSessionState(item)
        correct = {d.identifier: state[d.identifier + ".CORRECT"] for d in item.ResponseDeclaration}
        assert score(item, correct) == pytest.approx(question.points), question.id
        assert score(item, {}) == 0, question.id
        assert state["MAXSCORE.DEFAULT"].value == question.points


def test_short_answers_list_the_forms_an_exact_comparison_needs(items):
    item = items["Q-short"]
    (declaration,) = item.ResponseDeclaration
    keys = set(declaration.Mapping.map)
    # As written, and with the apostrophe a phone types; everything scores the full point.
    assert {"Mark Zuckerberg", "Zuckerberg's", "Zuckerberg’s"} <= keys
    assert score(item, {"RESPONSE": value("single", "string", "Zuckerberg’s")}) == 1


def test_templates_are_named_only_where_the_rules_are_exactly_theirs(package):
    with zipfile.ZipFile(package[0]) as archive:

        def template(name):
            root = ET.fromstring(archive.read(f"items/Q-{name}.xml"))
            return root.find("qti:responseProcessing", NS).get("template", "")

        assert template("multi").endswith("/rptemplates/map_response")  # no explanation, mapping fits
        assert template("pairs").endswith("/rptemplates/map_response")
        assert template("pairs-strict").endswith("/rptemplates/match_correct")  # 1 point, all or nothing
        assert template("multi-strict") == ""  # 2 points: match_correct would give 1
        assert template("single") == ""  # an explanation adds a feedback rule
        assert template("steps") == ""  # neighbouring pairs: custom


# -- the package -----------------------------------------------------------------------------------


def test_the_manifest_lists_the_test_and_every_item_and_pyslet_reads_the_package(package, tmp_path):
    content = imscpv1p2.ContentPackage(str(package[0]))
    try:
        resources = {r.id: r for r in content.manifest.root.Resources.Resource}
        test = resources.pop("TEST-7-all-types")
        assert test.type == "imsqti_test_xmlv2p1"
        assert {d.identifierref for d in test.Dependency} == set(resources)
        assert len(resources) == 15  # 16 questions, the card left out
        for resource in resources.values():
            assert resource.type == "imsqti_item_xmlv2p1"
            assert content.dPath.join(*str(resource.href).split("/")).isfile()
        document = qtixml.QTIDocument(base_uri=str(content.dPath.join("assessment.xml")))
        document.read()
        refs = [
            str(ref.href)
            for part in document.root.TestPart
            for section in part.AssessmentSection
            for ref in section.SectionPart
        ]
        assert refs == [
            str(resources[f"Q-{q}"].href)
            for q in (
                "single",
                "multi",
                "multi-strict",
                "tf",
                "short",
                "exact",
                "ranged",
                "blanks",
                "blanks-strict",
                "steps",
                "steps-strict",
                "pairs",
                "pairs-strict",
                "essay",
                "essay-plain",
            )
        ]
    finally:
        content.close()


def test_what_qti_cannot_hold_is_a_located_note(package, bank_path):
    result = package[1]
    lines = [line for line in result.stderr.splitlines() if "note:" in line]
    at = BANK.splitlines().index
    assert lines == [
        f"{bank_path}:{at('    unit: km') + 1}:11: note: QTI reads the answer as a plain number: typed with its "
        "unit ('km'), it is marked wrong there",
        f"{bank_path}:{at('  - id: flash') + 1}:5: note: left out of the QTI package: a card is graded by the "
        "learner, which QTI cannot score",
    ]


def test_an_essay_waits_for_a_human_score_with_a_rubric_for_the_scorer(package, items):
    item, plain = items["Q-essay"], items["Q-essay-plain"]
    # pyslet reads a box of the bank's lines (the paper's default 8 without them)...
    (interaction,) = [i for i in item.ItemBody.get_children() if isinstance(i, interactions.ExtendedTextInteraction)]
    assert interaction.responseIdentifier == "RESPONSE" and interaction.expectedLines == 12
    assert [
        i.expectedLines for i in plain.ItemBody.get_children() if isinstance(i, interactions.ExtendedTextInteraction)
    ] == [8]
    # ...and, before it, a rubric only scorers see: the model answer and the marking notes.
    rubric = next(iter(item.ItemBody.get_children()))
    assert isinstance(rubric, content.RubricBlock) and list(rubric.view) == [core.View.scorer]
    with zipfile.ZipFile(package[0]) as archive:
        root = ET.fromstring(archive.read("items/Q-essay.xml"))
        bare = ET.fromstring(archive.read("items/Q-essay-plain.xml"))
    qti = f"{{{NS['qti']}}}"

    for element in (root, bare):  # what a reader sees of a formula: not its TeX annotation
        for parent in element.iter():
            for child in [c for c in parent if c.tag == f"{{{MATHML}}}annotation"]:
                parent.remove(child)

    def text(blocks) -> str:
        """The words of a container's blocks (paragraphs), one after the other."""
        return " ".join(" ".join("".join(block.itertext()).split()) for block in blocks)

    assert (
        text(root.find("qti:itemBody/qti:rubricBlock", NS))
        == "Model answer Because it is & ]]> y1. Marking notes One point per reason <i>only</i>."
    )
    assert root.find("qti:itemBody/qti:rubricBlock//m:math", {**NS, "m": MATHML}) is not None  # MathML, as elsewhere
    assert text(bare.find("qti:itemBody/qti:rubricBlock", NS)) == "Model answer More."
    # The prompt stays text, its formula MathML.
    prompt = root.find("qti:itemBody/qti:p", NS)
    assert prompt.find(f"{qti}b") is None and text([prompt]) == "Why is <b>this</b> & ]]> so, and x2?"
    # An attempt scores nothing by itself: SCORE stays for the human (out of MAXSCORE, the
    # points); the learner is shown the model answer and the explanation.
    state = variables.ItemSessionState(item)
    state.begin_session()
    state["numAttempts"].set_value(1)
    state["RESPONSE"] = value("single", "string", "Because it is.")
    state.end_attempt()
    assert state["SCORE"].value == 0 and state["MAXSCORE"].value == 4
    assert state["FEEDBACK"].value == "EXPLANATION" == [f.identifier for f in item.QTIModalFeedback][0]
    assert text(root.find("qti:modalFeedback", NS)) == "Model answer Because it is & ]]> y1. Explanation See the key."
    assert not [e for e in root.iter(f"{qti}setOutcomeValue") if e.get("identifier") == "SCORE"]


def test_hostile_text_survives_as_text(package, items):
    with zipfile.ZipFile(package[0]) as archive:
        root = ET.fromstring(archive.read("items/Q-single.xml"))
        test = ET.fromstring(archive.read("assessment.xml"))
    body = root.find("qti:itemBody", NS)
    assert "Which one? <script>alert(1)</script> & ]]>" in "".join(body.itertext())
    assert body.find(".//qti:script", NS) is None  # text, never markup
    choices = ["".join(c.itertext()) for c in body.iter(f"{{{NS['qti']}}}simpleChoice")]
    assert choices == ["a < b", "b & c", "c ]]> d", '"quoted"']
    assert test.get("title") == "Every type: <tags> & ]]> 'quotes'"
    assert [b.tag for b in root.find("qti:modalFeedback", NS).iter()][1:] == [
        f"{{{NS['qti']}}}p",
        f"{{{NS['qti']}}}strong",
    ]


def test_non_ascii_and_markup_reach_the_item_as_xhtml(write_bank, run_cli, tmp_path):
    prompt = json.dumps(f"**{HOSTILE}**\n\n- one\n- ~~two~~", ensure_ascii=False)
    choice = json.dumps(f"*{HOSTILE}*", ensure_ascii=False)
    bank = write_bank(
        f"""\
id: text
title: Text
questions:
  - id: q
    type: single
    prompt: {prompt}
    choices: [{choice}, "plain"]
    answer: plain
""",
        "text/text.yaml",
    )
    assert run_cli("build", "-f", "qti", "-o", tmp_path / "out", bank).exit_code == 0
    with zipfile.ZipFile(tmp_path / "out" / "text" / "text-qti.zip") as archive:
        root = ET.fromstring(archive.read("items/Q-q.xml"))
    body = root.find("qti:itemBody", NS)
    assert body.find("qti:p/qti:strong", NS).text == HOSTILE
    assert [li.text or "".join(li.itertext()) for li in body.findall("qti:ul/qti:li", NS)] == ["one", "two"]
    assert body.find("qti:ul/qti:li/qti:span", NS).text == "two"  # no <del> in QTI: the text stays
    assert body.find(".//qti:simpleChoice/qti:em", NS).text == HOSTILE


def test_images_travel_as_package_files(copy_root, run_cli, tmp_path):
    bank = copy_root("pictures") / "pictures.yaml"  # its image: figures/chart one.png, ONE_PIXEL_PNG
    assert run_cli("build", "-f", "qti", "-o", tmp_path / "out", bank).exit_code == 0
    with zipfile.ZipFile(tmp_path / "out" / "pictures" / "pictures-qti.zip") as archive:
        assert archive.read("images/figures/chart one.png") == ONE_PIXEL_PNG
        item = ET.fromstring(archive.read("items/Q-q.xml"))
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    image = item.find(".//qti:img", NS)
    assert image.get("src") == "../images/figures/chart%20one.png" and image.get("alt") == "a chart"
    files = [f.get("href") for f in manifest.iterfind(".//cp:resource[@identifier='Q-q']/cp:file", NS)]
    assert files == ["items/Q-q.xml", "images/figures/chart one.png"]


def test_a_rebuild_gives_the_same_bytes_with_fixed_dates_and_permissions(run_cli, tmp_path, bank_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    built = []
    for attempt in ("one", "two"):
        assert run_cli("build", "-f", "qti", "--force", "-o", tmp_path / attempt, bank_path).exit_code == 0
        built.append((tmp_path / attempt / "7-all-types" / "7-all-types-qti.zip").read_bytes())
    assert built[0] == built[1]
    with zipfile.ZipFile(tmp_path / "one" / "7-all-types" / "7-all-types-qti.zip") as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}


def test_numbers_and_units_the_interaction_takes(items):
    item = items["Q-exact"]
    assert score(item, {"RESPONSE": value("single", "float", 300.3)}) == 1  # the edge, despite 299.8 + 0.5
    (declaration,) = item.ResponseDeclaration
    assert variables.BaseType.to_str(declaration.baseType) == "float"


def test_the_unit_is_shown_after_the_box(package):
    with zipfile.ZipFile(package[0]) as archive:
        root = ET.fromstring(archive.read("items/Q-exact.xml"))
    entry = root.find(".//qti:textEntryInteraction", NS)
    assert entry.tail == " km"


def test_cloze_blanks_are_inline_in_the_text(package):
    with zipfile.ZipFile(package[0]) as archive:
        root = ET.fromstring(archive.read("items/Q-blanks.xml"))
    paragraph = root.find("qti:itemBody/qti:p", NS)
    entries = paragraph.findall("qti:textEntryInteraction", NS)
    assert [e.get("responseIdentifier") for e in entries] == ["RESPONSE_1", "RESPONSE_2", "RESPONSE_3"]
    assert (paragraph.text or "") + "|".join(e.tail for e in entries) == " leads Meta and | its lab; |."
    assert root.get("title") == "… leads Meta and … its lab; …."


def test_a_bank_that_writes_a_decimal_comma_is_told_qti_will_not_read_it(write_bank, run_cli, tmp_path):
    bank = write_bank(
        """\
id: komma
title: Komma
language: de
questions:
  - id: pi
    type: numeric
    prompt: Pi auf zwei Stellen?
    answer: 3.14
    tolerance: 0.005
""",
        "komma/komma.yaml",
    )
    result = run_cli("build", "-f", "qti", "-o", tmp_path / "out", bank)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{bank}:5:5: note: QTI reads the answer as a plain number: typed with a "
        "decimal comma, it is marked wrong there"
    ]
