"""`-f moodle`: Moodle XML, read back as Moodle's importer would read it.

- The file validates against tests/schemas/moodle.xsd (XSD 1.1, xmlschema), written from Moodle's
  documented format: every question type with the elements Moodle reads, fractions from
  Moodle's list, files with name, path and encoding.
- Multiple-choice fractions score every possible response like the grading model.
- Every @@PLUGINFILE@@ reference has its <file>, whose base64 decodes to the image.
- Embedded answers (cloze) are parsed with the regular expressions of Moodle's own parser
  (qtype_multianswer_extract_question), ported to Python: each blank gives back its answers.
- Hostile text (`~ = # { } : \\ / "`, `]]>`, markup, non-ASCII) comes back exactly.
- Essays are Moodle's essays, graded by hand: prompt, points, the model answer as general
  feedback and, with the marking notes, as the information for graders.
- Read back by a port of Moodle's XML reader (tests/support/moodle_xmlize.py), which drops character
  data that is only white space, every text keeps every space and line break.
"""

from __future__ import annotations

import base64
import html
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from quizgen import grading
from quizgen.bank.load import load_bank
from quizgen.text import markup
from tests.support.hostile_bank import hostile_data, png, random_answers, write_hostile
from tests.support.moodle_reader import MOODLE_FRACTIONS, moodle_cloze, moodle_shortanswer
from tests.support.moodle_xmlize import xmlize

SCHEMA = Path(__file__).parent / "schemas" / "moodle.xsd"


@pytest.fixture(scope="module")
def schema():
    xmlschema = pytest.importorskip("xmlschema", reason="pip install quizgen[test]")
    return xmlschema.XMLSchema11(str(SCHEMA))


@pytest.fixture
def build_moodle(run_cli, tmp_path):
    """Build -f moodle; returns (the XML file's path, the notes the build printed)."""

    def build(bank: Path, *extra: str) -> tuple[Path, str]:
        out = tmp_path / f"output-{bank.stem}"
        result = run_cli("build", "-f", "moodle", "-o", out, *extra, bank)
        assert result.exit_code == 0, result.output
        [path] = sorted(out.glob("*/*-moodle.xml"))
        return path, result.stderr

    return build


def questions(path: Path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    return {q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"}


# ------------------------------------------------------------------------------------ tests


def test_the_hostile_bank_and_the_real_one_validate_against_the_schema(build_moodle, schema, tmp_path):
    hostile, _ = build_moodle(write_hostile(tmp_path / "bank"))
    schema.validate(str(hostile))
    real, _ = build_moodle(Path(__file__).resolve().parent.parent / "questions" / "muse-spark.yaml")
    schema.validate(str(real))
    kinds = {q.get("type") for q in ET.parse(hostile).getroot()}
    assert kinds == {
        "category",
        "multichoice",
        "truefalse",
        "shortanswer",
        "numerical",
        "cloze",
        "matching",
        "ordering",
        "description",
        "essay",
    }


def test_the_schema_rejects_what_moodle_would_not_read(schema, build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"))
    text = path.read_text(encoding="utf-8")
    assert schema.is_valid(text)
    for old, new in [
        ('fraction="50"', 'fraction="45"'),
        ("<single>true</single>", "<single>yes</single>"),
        ("<unitsleft>0</unitsleft>", ""),
        ('type="ordering"', 'type="calculated"'),
        ('path="/"', 'path="/x/"'),
        ("<idnumber>tf</idnumber>", "<idnumber></idnumber>"),
        ("<responsefieldlines>15<", "<responsefieldlines>12<"),
        ("<responseformat>editor<", "<responseformat>html<"),
        ("<responserequired>1</responserequired>", ""),
    ]:
        assert old in text
        assert not schema.is_valid(text.replace(old, new, 1)), old


def test_every_question_keeps_its_id_grade_feedback_and_tags(build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"))
    data = hostile_data()
    found = questions(path)
    assert list(found) == [q["id"] for q in data["questions"]]
    for q in data["questions"]:
        element = found[q["id"]]
        assert element.findtext("name/text") == q["id"]
        assert [t.text for t in element.findall("tags/tag/text")] == q.get("tags", [])
        if q["type"] != "cloze":
            expected = 0 if q["type"] == "card" else q.get("points", 1)
            assert float(element.findtext("defaultgrade")) == expected
    single = found["single"]
    assert "a = b" in markup.text_of(single.findtext("generalfeedback/text"))


def test_text_is_the_same_sanitised_html_as_elsewhere_and_hostile_text_survives(build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"))
    data = {q["id"]: q for q in hostile_data()["questions"]}
    found = questions(path)
    single = found["single"]
    prompt = single.findtext("questiontext/text")
    rendered = re.sub(r'src="[^"]*"', 'src=""', str(markup.block(data["single"]["prompt"])))
    assert re.sub(r'src="[^"]*"', 'src=""', prompt) == rendered
    assert "<script>" not in prompt and "]]&gt;" in prompt
    assert [a.findtext("text") for a in single.findall("answer")] == [
        str(markup.inline(c)) for c in data["single"]["choices"]
    ]
    # Short answers: each accepted form, as Moodle's matcher reads it.
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    by_id = {q.id: q for q in bank.questions}
    short = found["short"]
    assert short.findtext("usecase") == "1"
    assert [moodle_shortanswer(a.findtext("text")) for a in short.findall("answer")] == grading.spec(
        by_id["short"], bank
    )["accepted"]
    accents = [a.findtext("text") for a in found["short-accents"].findall("answer")]
    assert accents == ["Café Señor", "Cafe Senor"]
    # Matching: left sides as HTML, right sides as the plain text Moodle shows in its menus.
    pairs = [(s.findtext("text"), s.findtext("answer/text")) for s in found["match"].findall("subquestion")]
    assert pairs == [(str(markup.inline(p["left"])), markup.plain(p["right"])) for p in data["match"]["pairs"]]
    # Ordering: the items in the correct order, graded by neighbouring pairs.
    order = found["order"]
    assert [a.findtext("text") for a in order.findall("answer")] == [
        str(markup.inline(i)) for i in data["order"]["items"]
    ]
    assert [a.get("fraction") for a in order.findall("answer")] == ["1", "2", "3"]
    assert order.findtext("gradingtype") == "RELATIVE_NEXT_EXCLUDE_LAST"
    # A card: its front, its back as general feedback, no marks.
    card = found["card"]
    assert card.get("type") == "description"
    assert "Back = ~ #" in card.findtext("generalfeedback/text")


def shown(html_text: str) -> str:
    """What a reader sees of Moodle's HTML: tags dropped, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def test_essays_are_moodle_essays_graded_by_hand(build_moodle, tmp_path):
    bank = write_hostile(tmp_path / "bank")
    path, notes = build_moodle(bank)
    found = questions(path)
    essay, plain = found["essay"], found["essay-plain"]
    assert essay.get("type") == plain.get("type") == "essay"
    assert (essay.findtext("defaultgrade"), plain.findtext("defaultgrade")) == ("3", "1")
    # Hostile text stays text; a formula is TeX for Moodle's MathJax filter, as in other types.
    assert shown(essay.findtext("questiontext/text")) == r"Explain {x} = ~y # z: ]]> <b>not bold</b> and \(x^2\)"
    # The learner sees the model answer (and the explanation) after the attempt...
    assert (
        shown(essay.findtext("generalfeedback/text"))
        == r"Model answer Model = {answer} ~ # : \ ]]> é 中 and \(y_1\) Explanation Why = {because} #"
    )
    assert shown(plain.findtext("generalfeedback/text")) == "Model answer More."
    # ...the marker sees it beside each response, with the marking notes.
    assert essay.find("graderinfo").get("format") == "html"
    assert (
        shown(essay.findtext("graderinfo/text"))
        == r"Model answer Model = {answer} ~ # : \ ]]> é 中 and \(y_1\) Marking notes One = {point} per idea ~ # ]]>"
    )
    assert shown(plain.findtext("graderinfo/text")) == "Model answer More."
    # An HTML editor, a response needed, no files, no template; the box is the nearest height
    # Moodle offers at or above the bank's lines (12 -> 15; the default 8 -> 10).
    for element, lines in ((essay, "15"), (plain, "10")):
        assert [(child.tag, child.text) for child in element if child.tag.startswith(("response", "attach"))] == [
            ("responseformat", "editor"),
            ("responserequired", "1"),
            ("responsefieldlines", lines),
            ("attachments", "0"),
            ("attachmentsrequired", "0"),
            ("responsetemplate", None),
        ]
        assert element.findtext("responsetemplate/text") == ""
    # Nothing of an essay is lost: no note points into them (they end the bank).
    first = next(i for i, line in enumerate(bank.read_text(encoding="utf-8").splitlines(), 1) if "id: essay" in line)
    assert all(int(line) < first for line in re.findall(r"hostile\.yaml:(\d+):\d+: note:", notes)), notes


def test_an_essay_speaks_the_bank_language_and_carries_its_images(build_moodle, write_bank, tmp_path):
    bank = write_bank(
        """\
id: fr
title: Essais
language: fr
questions:
  - {id: e, type: essay, prompt: Pourquoi ?, answer: "Parce que. ![un point](pic.png)", notes: Un point., lines: 60}
""",
        "fr/fr.yaml",
    )
    (tmp_path / "fr" / "pic.png").write_bytes(png())
    path, _ = build_moodle(bank)
    essay = questions(path)["e"]
    assert shown(essay.findtext("graderinfo/text")) == "Réponse modèle Parce que. Consignes de correction Un point."
    assert shown(essay.findtext("generalfeedback/text")) == "Réponse modèle Parce que."
    assert essay.findtext("responsefieldlines") == "40"  # Moodle's highest box, for 60 lines
    for place in ("graderinfo", "generalfeedback"):  # each text element has its own <file>
        [name] = re.findall(r'src="@@PLUGINFILE@@/([^"]+)"', essay.findtext(f"{place}/text"))
        assert base64.b64decode(essay.find(f"{place}/file[@name='{name}']").text) == png()


def test_multichoice_fractions_are_moodles_and_score_like_the_grading_model(build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"))
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    by_id = {q.id: q for q in bank.questions}
    checked = 0
    for qid, element in questions(path).items():
        if element.get("type") != "multichoice":
            continue
        fractions = [float(a.get("fraction")) / 100 for a in element.findall("answer")]
        for f in fractions:
            assert any(abs(abs(f) - allowed) < 1e-5 for allowed in MOODLE_FRACTIONS), (qid, f)
        positive = [f for f in fractions if f > 0]
        if element.findtext("single") == "true":
            assert positive == [1.0], qid
            continue
        assert abs(sum(positive) - 1) < 1e-4, (qid, positive)
        spec = grading.spec(by_id[qid], bank)
        # Every response Moodle could get: it adds the ticked fractions, kept within 0..1.
        for size in range(1, len(fractions) + 1):
            for ticked in itertools.combinations(range(len(fractions)), size):
                moodle = min(1.0, max(0.0, sum(fractions[i] for i in ticked)))
                model = float(grading.grade(spec, list(ticked)).fraction)
                if by_id[qid].partial_credit:
                    assert abs(moodle - model) < 1e-4, (qid, ticked, moodle, model)
                elif model == 1:
                    assert abs(moodle - 1) < 1e-4
        checked += 1
    assert checked == 2


def test_every_plugin_file_reference_has_its_file(build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"))
    root = ET.parse(path).getroot()
    references = 0
    for element in root.iter():
        text = element.findtext("text")
        if text is None or "@@PLUGINFILE@@" not in text:
            continue
        files = {f.get("name"): base64.b64decode(f.text, validate=True) for f in element.findall("file")}
        for name in re.findall(r'src="@@PLUGINFILE@@/([^"]+)"', text):
            references += 1
            assert name in files, f"{element.tag} refers to {name} without its <file>"
            assert files[name] == png()
    assert references == 2  # the prompt's image and the explanation's


def test_cloze_blanks_read_back_through_moodles_parser(build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"))
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    by_id = {q.id: q for q in bank.questions}
    found = questions(path)
    text, blanks = moodle_cloze(found["cloze-one"].findtext("questiontext/text"))
    assert [b["kind"] for b in blanks] == ["SHORTANSWER"]
    assert [moodle_shortanswer(a) for _, a in blanks[0]["answers"]] == ['a}b#c~d/e"f\\g=h:i']
    # The author's text that looks like a blank stays text; the hint is shown after the blank.
    assert "{1:SA:=fake}" in html.unescape(text) and "{#1} (a hint {x)}" in html.unescape(text)
    text, blanks = moodle_cloze(found["cloze-multi"].findtext("questiontext/text"))
    assert [b["kind"] for b in blanks] == ["SHORTANSWER_C"] * 3
    assert [[moodle_shortanswer(a) for f, a in b["answers"] if f == 100] for b in blanks] == grading.spec(
        by_id["cloze-multi"], bank
    )["blanks"]


def test_random_hostile_answers_survive_as_short_answers_and_cloze_blanks(build_moodle, tmp_path):
    answers = random_answers(60)
    data = {
        "id": "random",
        "title": "Random",
        "questions": [
            {"id": "short", "type": "short", "prompt": "Any?", "answer": answers, "case_sensitive": True},
            {"id": "cloze", "type": "cloze", "text": "Say {{c1::word}}.", "accept": {"c1": list(answers)}},
        ],
    }
    path, _ = build_moodle(write_hostile(tmp_path / "bank", data))
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    found = questions(path)
    assert [moodle_shortanswer(a.findtext("text")) for a in found["short"].findall("answer")] == grading.spec(
        bank.questions[0], bank
    )["accepted"]
    _, blanks = moodle_cloze(found["cloze"].findtext("questiontext/text"))
    assert [moodle_shortanswer(a) for _, a in blanks[0]["answers"]] == grading.spec(bank.questions[1], bank)["blanks"][
        0
    ]


# Texts with spaces between marked-up words and between characters written as references: what
# Moodle's reader lost when the HTML went in escaped (`&lt;/strong&gt; &lt;em&gt;`).
SPACED = {
    "id": "spaced",
    "title": "Muse & Spark <b> <i> 'a' 'b'",
    "description": "a & b < c\n\nd > e",
    "questions": [
        {
            "id": "prompt",
            "type": "single",
            "prompt": "**Muse** *Spark*",
            "tags": ["muse"],
            "choices": ["`a` `b`", "<b> <i>", "x & y", '"q" "r"', "**bold** *it* `code`"],
            "answer": "x & y",
            "explanation": "line one & more\nline two < three\n\n```\nif a < b:\n    c = 'd' 'e'\n```",
        },
        {
            "id": "short",
            "type": "short",
            "prompt": "Type it.",
            "answer": ["'a' 'b'", "a < b", "x & y", '"q" "r"', "<i> </i>"],
        },
        {
            "id": "match",
            "type": "match",
            "prompt": "*a* **b**",
            "pairs": [
                {"left": "**a** *b*", "right": "'c' 'd'"},
                {"left": "<x> <y>", "right": "a & b"},
                {"left": "e", "right": "f"},
            ],
        },
        {"id": "order", "type": "order", "prompt": "Order.", "items": ["**a** *b*", "'c' 'd'", "e & f"]},
        {
            "id": "cloze",
            "type": "cloze",
            "text": "**Muse** {{c1::Spark}} *x* & {{c2::'a' 'b'}} `<b>` `<i>`\nsecond line",
        },
        {"id": "card", "type": "card", "front": "*front* **side**", "back": "- one & two\n- 'three' 'four'"},
        {"id": "essay", "type": "essay", "prompt": "**Why** *so*?", "answer": "*a* & *b*", "notes": "`x` `y`"},
    ],
}


def leaves(root: ET.Element):
    return [element for element in root.iter() if not len(element)]


def test_moodles_reader_keeps_every_space_of_every_text(build_moodle, tmp_path):
    """Read by the port of xmlize, every text of the spaced bank, the hostile one and the real one
    is what an XML parser that keeps everything reads: no space, no line break lost."""
    real = Path(__file__).resolve().parent.parent / "questions" / "muse-spark.yaml"
    spaced_bank = write_hostile(tmp_path / "spaced", SPACED).rename(tmp_path / "spaced" / "spaced.yaml")
    read = {}
    for bank in (spaced_bank, write_hostile(tmp_path / "hostile"), real):
        path, _ = build_moodle(bank)
        full, moodle = ET.parse(path).getroot(), xmlize(path.read_bytes())
        assert [e.tag for e in full.iter()] == [e.tag for e in moodle.iter()]
        for kept, got in zip(leaves(full), leaves(moodle)):
            assert got.text == (kept.text or ""), (bank.name, kept.tag, kept.text)
        read[bank.stem] = moodle
    spaced = {q.findtext("idnumber"): q for q in read["spaced"].findall("question")}
    assert markup.text_of(spaced["prompt"].findtext("questiontext/text")) == "Muse Spark"
    assert sorted(a.findtext("text") for a in spaced["short"].findall("answer")) == sorted(
        ["'a' 'b'", "a < b", "x & y", '"q" "r"', "<i> </i>"]
    )
    assert [markup.text_of(a.findtext("text")) for a in spaced["prompt"].findall("answer")] == [
        "a b",
        "<b> <i>",
        "x & y",
        '"q" "r"',
        "bold it code",
    ]
    assert [s.findtext("answer/text") for s in spaced["match"].findall("subquestion")] == ["'c' 'd'", "a & b", "f"]
    _, blanks = moodle_cloze(spaced["cloze"].findtext("questiontext/text"))
    assert [a for _, a in blanks[1]["answers"]] == ["'a' 'b'"]
    feedback = html.unescape(spaced["prompt"].findtext("generalfeedback/text"))
    assert "line one & more\nline two < three" in feedback and "    c = 'd' 'e'" in feedback
    # The same texts escaped, as they were written before, lose their spaces in Moodle's reader.
    escaped = f"<t>{html.escape(spaced['prompt'].findtext('questiontext/text'))}</t>".encode()
    assert markup.text_of(xmlize(escaped).text) == "MuseSpark"


def test_a_cdata_end_in_a_text_is_split_as_moodle_splits_it(build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"))
    written = path.read_text(encoding="utf-8")
    assert "]]]]><![CDATA[>" in written
    assert "]]>" in xmlize(path.read_bytes()).find("question/category/text").text


def test_numbers_ranges_and_units(build_moodle, tmp_path):
    path, notes = build_moodle(write_hostile(tmp_path / "bank"))
    found = questions(path)
    ranged = found["num-range"]
    assert float(ranged.findtext("answer/text")) == pytest.approx(3.145)
    assert float(ranged.findtext("answer/tolerance")) == pytest.approx(0.005)
    units = [u.text for u in ranged.findall("units/unit/unit_name")]
    assert units[0] == "km/s" and {"km/s", "kms^-1", "km*s**-1", "km.s-1"} <= set(units)
    assert ranged.findtext("showunits") == "0"
    assert (found["num-tolerance"].findtext("answer/text"), found["num-tolerance"].findtext("answer/tolerance")) == (
        "-2",
        "0.5",
    )
    assert found["num-tiny"].findtext("answer/text") == "0.00001"
    assert found["num-tiny"].findtext("showunits") == "3"
    money = [u.text for u in found["num-money"].findall("units/unit/unit_name")]
    assert money[0] == "billionUSD" and "billiondollars" in money


def test_unit_names_are_the_unit_as_written_never_a_case_variant_that_is_another_unit(build_moodle, write_bank):
    """`n` is not a newton and `mN` not `MN`: Moodle matches unit names case and all, so a name
    that differs from the unit only in case would name another unit; spacing and superscript
    variants (Moodle strips spaces; `m/s²` typed as `m/s2`) and the grading model's words for a
    currency are listed."""
    units = {
        "newton": "N",
        "mega": "MN",
        "ml": "mL",
        "accel": "m/s²",
        "hz": "Hz",
        "money": "billion USD",
        "force": "kg·m / s²",
        "euro": "EUR",
    }
    bank = write_bank(
        "id: units\ntitle: Units\nquestions:\n"
        + "".join(
            f"  - {{id: {qid}, type: numeric, prompt: How much?, answer: 3, unit: '{unit}'}}\n"
            for qid, unit in units.items()
        )
    )
    path, notes = build_moodle(bank)
    names = {qid: [u.text for u in q.findall("units/unit/unit_name")] for qid, q in questions(path).items()}
    spelt = {qid: names.pop(qid) for qid in ("accel", "force")}
    assert names == {
        "newton": ["N"],
        "mega": ["MN"],
        "ml": ["mL"],
        "hz": ["Hz"],
        "money": ["billionUSD", "billiondollars", "billiondollar", "billionus$", "billion$"],
        "euro": ["EUR", "euros", "euro", "€"],
    }
    assert "(written N, the names Moodle lists)" in notes and "N, n" not in notes
    # A unit's other spellings, spaces removed as Moodle removes them: `m s^-2` is typed for m/s².
    assert spelt["accel"][:2] == ["m/s²", "m/s2"] and len(spelt["accel"]) == len(set(spelt["accel"]))
    assert {"m/s^2", "m/s**2", "ms^-2", "m*s^-2", "m·s^-2", "m.s-2"} <= set(spelt["accel"])
    assert spelt["force"][:2] == ["kg·m/s²", "kg·m/s2"]
    assert {"kg*m/s^2", "kgms^-2", "kg.m/s2", "kg·m·s^-2"} <= set(spelt["force"])
    # Each is the unit to the grading model too (`ms^-2` once Moodle's removed space is back).
    forms = grading.unit_forms("m/s²")
    assert all(grading.parse_number(f"3 {name.replace('ms', 'm s')}", ".", forms) == 3 for name in spelt["accel"])
    assert "(written m/s², m/s2, m/s^2 and 13 more spellings, the names Moodle lists)" in notes
    assert "3.14 apples" not in notes  # a question with a unit takes any text after the number, unwarned


def test_either_decimal_mark_is_a_note_moodle_has_one_reading(build_moodle, write_bank):
    bank = write_bank(
        "id: dec\ntitle: Dec\nlanguage: fr\nquestions:\n"
        "  - {id: either, type: numeric, prompt: Combien ?, answer: 4.905, other_decimal: accept}\n"
        "  - {id: one, type: numeric, prompt: Combien ?, answer: 4.905}\n"
    )
    _, notes = build_moodle(bank)
    assert re.search(rf"{re.escape(str(bank))}:5:\d+: note: other_decimal: accept is not carried", notes), notes
    assert notes.count("other_decimal") == 1


def test_what_moodle_cannot_hold_is_a_located_note(build_moodle, tmp_path):
    bank = write_hostile(tmp_path / "bank")
    _, notes = build_moodle(bank)
    lines = bank.read_text(encoding="utf-8").splitlines()

    def noted(field_text: str, words: str, nth: int = 0) -> None:
        line = [i for i, text in enumerate(lines, 1) if field_text in text][nth]
        assert re.search(rf"{re.escape(str(bank))}:{line}:\d+: note: .*{words}", notes), (field_text, notes)

    noted("partial_credit: false", "no all-or-nothing multiple-answer")
    noted("accents: ignore", "cannot ignore accents")
    noted("unit: km/s", "marks the number alone")
    noted("answer: 1.0e-05", "site's language")
    noted("answer: 1.0e-05", "3.14 apples")
    noted("unit: billion USD", "after the number only")
    noted("id: card", "description")
    noted("id: cloze-multi", "one mark per blank")
    noted("partial_credit: false", "always give a share", nth=2)


def test_tag_categories_put_each_question_under_its_first_tag(build_moodle, tmp_path):
    path, _ = build_moodle(write_hostile(tmp_path / "bank"), "--tag-categories")
    root = ET.parse(path).getroot()
    current, placed = None, {}
    for element in root:
        if element.get("type") == "category":
            current = element.findtext("category/text")
        else:
            placed[element.findtext("idnumber")] = current
    title = "Tricky // titles: ]]> & <b>bold<//b> ~ = # { }"  # a '/' in a name is written '//'
    assert placed["single"] == f"$course$/top/{title}/chars"
    assert placed["multiple"] == f"$course$/top/{title}/chars"
    assert placed["tf"] == f"$course$/top/{title}"


def test_rebuilding_gives_the_same_bytes(run_cli, tmp_path):
    bank = write_hostile(tmp_path / "bank")
    builds = []
    for name in ("one", "two"):
        result = run_cli("build", "-f", "moodle", "--force", "-o", tmp_path / name, bank)
        assert result.exit_code == 0, result.output
        builds.append((tmp_path / name / "hostile" / "hostile-moodle.xml").read_bytes())
    assert builds[0] == builds[1]


@pytest.mark.slow
def test_random_valid_banks_give_valid_moodle_xml(schema):
    """Any valid bank (the property tests' generator) gives a file the schema accepts, with each
    cloze question's blanks read back by Moodle's parser."""
    import tempfile

    from hypothesis import given

    from quizgen import formats
    from quizgen.formats import BuildOptions
    from tests.support.generated_banks import SETTINGS, bank_data, write_yaml

    @SETTINGS
    @given(data=bank_data())
    def check(data):
        with tempfile.TemporaryDirectory() as tmp:
            bank = load_bank(write_yaml(Path(tmp), data)).bank
            [path] = formats.load("moodle")(BuildOptions()).build(bank, Path(tmp) / "out")
            schema.validate(str(path))
            found = questions(path)
            for q in bank.questions:
                if q.type == "cloze":
                    _, blanks = moodle_cloze(found[q.id].findtext("questiontext/text"))
                    assert [[moodle_shortanswer(a) for _, a in b["answers"]] for b in blanks] == grading.spec(q, bank)[
                        "blanks"
                    ]

    check()
