"""`-f gift`: GIFT read back by an independent parser, gift-pegjs (the PEG.js grammar of GIFT
used by GIFT editors), run through Node. The tests install it with npm into a temporary folder
and skip when Node or npm is missing or the install fails (no network).

pygiftparser (PyPI) installs on Python 3.11 but returns answers with their escapes still in
(`a\\=b`), so it cannot tell whether escaping round-trips; gift-pegjs decodes them as Moodle does.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from quizgen import grading
from quizgen.bank.load import load_bank
from quizgen.grading import moodle as moodle_grading
from quizgen.text import markup
from tests.support.hostile_bank import hostile_data, random_answers, write_hostile

GIFT_PEGJS = "gift-pegjs@1.0.2"
PARSE = (
    "const p = require('gift-pegjs'); let s = '';"
    "process.stdin.on('data', d => s += d).on('end', () => process.stdout.write(JSON.stringify(p.parse(s))));"
)
# gift-pegjs leaves its own placeholders for escaped characters in a matching pair's right side.
PEGJS_PLACEHOLDERS = {
    "&&058;": ":",
    "&&035;": "#",
    "&&061;": "=",
    "&&123;": "{",
    "&&125;": "}",
    "&&126;": "~",
    "&&092;": "\\",
}


@pytest.fixture(scope="module")
def parse_gift(tmp_path_factory):
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("Node and npm are needed to run gift-pegjs")
    folder = tmp_path_factory.mktemp("gift-pegjs")
    try:
        installed = subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", GIFT_PEGJS],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm install gift-pegjs timed out")
    if installed.returncode != 0:
        pytest.skip(f"npm could not install {GIFT_PEGJS}: {installed.stderr.strip()[:300]}")

    def parse(text: str) -> list[dict]:
        done = subprocess.run([node, "-e", PARSE], input=text, cwd=folder, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"gift-pegjs rejected the file: {done.stderr[:2000]}"
        return json.loads(done.stdout)

    return parse


@pytest.fixture
def build_gift(run_cli, tmp_path):
    """Build -f gift; returns (the file's text, the notes the build printed)."""

    def build(bank: Path, *extra: str) -> tuple[str, str]:
        out = tmp_path / f"output-{bank.parent.name}"
        result = run_cli("build", "-f", "gift", "-o", out, *extra, bank)
        assert result.exit_code == 0, result.output
        [path] = sorted(out.glob("*/*.gift"))
        return path.read_text(encoding="utf-8"), result.stderr

    return build


def by_title(parsed: list[dict]) -> dict[str, dict]:
    return {q["title"]: q for q in parsed if q["type"] != "Category"}


def same_html(a: str, b: str) -> bool:
    """Equal as HTML: character references (`&#91;` for `[`) read as their characters."""
    return html.unescape(a) == html.unescape(b)


def shown(html_text: str) -> str:
    """What a reader sees of the HTML: tags dropped, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def texts(choices: list[dict]) -> list[str]:
    return [c["text"]["text"] for c in choices]


@pytest.mark.slow
def test_every_type_gift_holds_is_read_back_and_the_rest_is_left_out(build_gift, parse_gift, tmp_path):
    text, _ = build_gift(write_hostile(tmp_path / "bank"))
    parsed = parse_gift(text)
    assert parsed[0] == {"type": "Category", "title": "$course$/top/Tricky // titles: ]]> & <b>bold<//b> ~ = # { }"}
    kinds = {title: q["type"] for title, q in by_title(parsed).items()}
    assert kinds == {
        "single": "MC",
        "multiple": "MC",
        "multiple-strict": "MC",
        "tf": "TF",
        "short": "Short",
        "short-accents": "Short",
        "num-range": "Numerical",
        "num-tolerance": "Numerical",
        "num-tiny": "Numerical",
        "num-money": "Numerical",
        "cloze-one": "Short",
        "cloze-multi (blank 1 of 3)": "Short",
        "cloze-multi (blank 2 of 3)": "Short",
        "cloze-multi (blank 3 of 3)": "Short",
        "match": "Matching",
        "match-strict": "Matching",
        "essay": "Essay",
        "essay-plain": "Essay",
    }  # no order, no card
    for q in by_title(parsed).values():
        assert q["stem"]["format"] == "html"


@pytest.mark.slow
def test_hostile_text_and_answers_survive(build_gift, parse_gift, tmp_path):
    text, _ = build_gift(write_hostile(tmp_path / "bank"))
    found = by_title(parse_gift(text))
    data = {q["id"]: q for q in hostile_data()["questions"]}
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    spec = {q.id: grading.spec(q, bank) for q in bank.questions}

    single = found["single"]
    assert "[a red dot]" in single["stem"]["text"] and "<img" not in single["stem"]["text"]
    assert "&lt;script&gt;" in single["stem"]["text"] and "<code>{code}</code>" in single["stem"]["text"]
    assert all(
        same_html(got, str(markup.inline(want)))
        for got, want in zip(texts(single["choices"]), data["single"]["choices"], strict=True)
    )
    assert [c["isCorrect"] for c in single["choices"]] == [True] + [False] * 9
    assert "<strong>a = b</strong> {always}:" in single["globalFeedback"]["text"]
    assert found["tf"]["isTrue"] is True and found["tf"]["stem"]["text"] == "<p>Is {this} = true? : # ~</p>"

    # Short answers: every accepted form, as Moodle's matcher reads it; the one that starts like a
    # format marker is the exception the build reports.
    wanted = [moodle_grading.wildcard_escaped(a) for a in spec["short"]["accepted"]]
    got = texts(found["short"]["choices"])
    assert [g for g, w in zip(got, wanted, strict=True) if g != w] == ["kept"]
    assert "[moodle] kept" in wanted

    numbers = {t: found[t]["choices"] for t in ("num-range", "num-tolerance", "num-tiny")}
    assert numbers["num-range"] == {"type": "high-low", "numberHigh": 3.15, "numberLow": 3.14}
    assert numbers["num-tolerance"] == {"type": "range", "number": -2, "range": 0.5}
    assert numbers["num-tiny"] == {"type": "simple", "number": 0.00001}

    pairs = [(p["subquestion"]["text"], p["subanswer"]) for p in found["match"]["matchPairs"]]
    for (left, right), pair in zip(pairs, data["match"]["pairs"], strict=True):
        for placeholder, char in PEGJS_PLACEHOLDERS.items():
            right = right.replace(placeholder, char)
        assert same_html(left, str(markup.inline(pair["left"])))
        assert right == markup.plain(pair["right"])

    one = found["cloze-one"]
    assert texts(one["choices"]) == ['a}b#c~d/e"f\\g=h:i']
    assert "_____" in one["stem"]["text"] and "{1:SA:=fake}" in one["stem"]["text"]
    for i in range(3):
        part = found[f"cloze-multi (blank {i + 1} of 3)"]
        assert texts(part["choices"]) == [moodle_grading.wildcard_escaped(a) for a in spec["cloze-multi"]["blanks"][i]]
        assert part["stem"]["text"].count("_____") == 1

    # An essay: its prompt, and the model answer (then the explanation) as general feedback, with
    # formulas as TeX like every other text here; the marking notes have no place.
    essay = found["essay"]
    assert shown(essay["stem"]["text"]) == r"Explain {x} = ~y # z: ]]> <b>not bold</b> and \(x^2\)"
    assert (
        shown(essay["globalFeedback"]["text"])
        == r"Model answer Model = {answer} ~ # : \ ]]> é 中 and \(y_1\) Explanation Why = {because} #"
    )
    assert essay["globalFeedback"]["format"] == "html"
    assert shown(found["essay-plain"]["globalFeedback"]["text"]) == "Model answer More."


@pytest.mark.slow
def test_multiple_answer_weights_are_moodles_and_score_like_the_grading_model(build_gift, parse_gift, tmp_path):
    text, _ = build_gift(write_hostile(tmp_path / "bank"))
    found = by_title(parse_gift(text))
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    from tests.support.moodle_reader import MOODLE_FRACTIONS

    allowed = {round(f * 100, 5) for f in MOODLE_FRACTIONS} | {-round(f * 100, 5) for f in MOODLE_FRACTIONS}
    for question in (q for q in bank.questions if q.type == "multiple"):
        weights = [c["weight"] / 100 for c in found[question.id]["choices"]]
        assert all(round(w * 100, 5) in allowed for w in weights)
        assert abs(sum(w for w in weights if w > 0) - 1) < 1e-4
        spec = grading.spec(question, bank)
        for size in range(1, len(weights) + 1):
            for ticked in itertools.combinations(range(len(weights)), size):
                moodle = min(1.0, max(0.0, sum(weights[i] for i in ticked)))
                model = float(grading.grade(spec, list(ticked)).fraction)
                if question.partial_credit or model == 1:
                    assert abs(moodle - model) < 1e-4, (question.id, ticked)


@pytest.mark.slow
def test_random_hostile_answers_survive(build_gift, parse_gift, tmp_path):
    answers = random_answers(80)
    data = {
        "id": "random",
        "title": "Random",
        "questions": [
            {"id": "short", "type": "short", "prompt": "Any?", "answer": answers},
            {"id": "cloze", "type": "cloze", "text": "Say {{c1::word}}.", "accept": {"c1": list(answers)}},
            {"id": "pick", "type": "single", "prompt": "Pick.", "choices": answers[:10], "answer": answers[3]},
        ],
    }
    text, notes = build_gift(write_hostile(tmp_path / "bank", data))
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    found = by_title(parse_gift(text))
    for qid in ("short", "cloze"):
        key = "accepted" if qid == "short" else "blanks"
        wanted = grading.spec(bank.questions[0 if qid == "short" else 1], bank)[key]
        wanted = wanted if qid == "short" else wanted[0]
        assert texts(found[qid]["choices"]) == [moodle_grading.wildcard_escaped(a) for a in wanted if "->" not in a]
    choices = texts(found["pick"]["choices"])
    assert all(same_html(got, str(markup.inline(want))) for got, want in zip(choices, answers[:10], strict=True))
    assert [c["isCorrect"] for c in found["pick"]["choices"]].index(True) == 3


def test_what_gift_cannot_hold_is_a_located_note(build_gift, tmp_path):
    bank = write_hostile(tmp_path / "bank")
    _, notes = build_gift(bank)
    lines = bank.read_text(encoding="utf-8").splitlines()

    def noted(field_text: str, words: str, nth: int = 0) -> None:
        line = [i for i, text in enumerate(lines, 1) if field_text in text][nth]
        assert re.search(rf"{re.escape(str(bank))}:{line}:\d+: note: .*{words}", notes), (field_text, notes)

    noted("id: order", "no ordering question")
    noted("id: card", "no self-graded cards")
    noted("id: cloze-multi", "becomes 3 questions")
    noted("unit: km/s", "no units")
    noted("pic.png", "cannot carry images")
    noted("points: 2", "no points")
    noted("case_sensitive: true", "case-sensitive")
    noted("[moodle] kept", "format marker")
    noted("points: 3", "no points")
    noted("notes: ", "no place for marking notes")
    assert notes.count("marking notes") == 1  # the essay without notes has nothing to lose


@pytest.mark.slow
def test_tag_categories_and_reproducible_bytes(build_gift, parse_gift, tmp_path):
    bank = write_hostile(tmp_path / "bank")
    text, _ = build_gift(bank, "--tag-categories")
    parsed = parse_gift(text)
    current, placed = None, {}
    for q in parsed:
        if q["type"] == "Category":
            current = q["title"]
        else:
            placed[q["title"]] = current
    assert placed["single"].endswith("/chars") and placed["tf"].endswith("{ }")
    again, _ = build_gift(bank, "--tag-categories", "--force")
    assert again == text


@pytest.mark.slow
def test_random_valid_banks_parse_with_every_question_gift_holds(parse_gift):
    """Any valid bank (the property tests' generator) gives GIFT that gift-pegjs reads, one
    question per question (per blank for a cloze), order questions and cards left out."""
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
            [path] = formats.load("gift")(BuildOptions()).build(bank, Path(tmp) / "out")
            parsed = [q for q in parse_gift(path.read_text(encoding="utf-8")) if q["type"] != "Category"]
            expected = []
            for q in bank.questions:
                if q.type == "cloze":
                    blanks = grading.spec(q, bank)["blanks"]
                    kept = [[moodle_grading.wildcard_escaped(a) for a in b if "->" not in a] for b in blanks]
                    expected += [b for b in kept if b]
                elif q.type not in ("order", "card"):
                    expected.append(q.type)
            got = [
                texts(p["choices"])
                if p["title"].startswith(tuple(q.id for q in bank.questions if q.type == "cloze"))
                else None
                for p in parsed
            ]
            assert len(parsed) == len(expected)
            for want, have in zip(expected, got):
                if isinstance(want, list):
                    assert have == want

    check()


def test_a_split_cloze_says_each_thing_once(build_gift, tmp_path):
    data = {
        "id": "split",
        "title": "Split",
        "questions": [{"id": "c", "type": "cloze", "text": "![a dot](pic.png) {{c1::a}}, {{c2::b}} and {{c3::c}}"}],
    }
    text, notes = build_gift(write_hostile(tmp_path / "bank", data))
    lines = [line for line in notes.splitlines() if ": note: " in line]
    assert len(lines) == len(set(lines)) == 2, notes
    assert text.count("[a dot]") == 3 and "<img" not in text


def test_moodles_own_importer_reads_every_question_back(build_gift, tmp_path):
    """The same file through a port of Moodle's GIFT importer (tests/support/moodle_gift_reader.py): no
    Node needed, and Moodle's quirks included."""
    from tests.support import moodle_gift_reader

    text, _ = build_gift(write_hostile(tmp_path / "bank"))
    read = moodle_gift_reader.read(text)
    assert read[0] == {"qtype": "category", "category": "$course$/top/Tricky // titles: ]]> & <b>bold<//b> ~ = # { }"}
    found = {q["name"]: q for q in read[1:]}
    data = {q["id"]: q for q in hostile_data()["questions"]}
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    spec = {q.id: grading.spec(q, bank) for q in bank.questions}
    assert all(q["format"] == "html" for q in found.values())

    for qid in ("tf", "short", "num-range", "match"):
        assert same_html(found[qid]["text"], str(markup.block(data[qid]["prompt"])))
    single = found["single"]
    assert single["qtype"] == "multichoice" and single["single"]
    assert [f for f, _ in single["answers"]] == [1.0] + [0.0] * 9
    assert all(
        same_html(got, str(markup.inline(want)))
        for (_, got), want in zip(single["answers"], data["single"]["choices"], strict=True)
    )
    assert "<strong>a = b</strong> {always}:" in single["generalfeedback"]
    multiple = found["multiple"]
    assert not multiple["single"] and sum(f for f, _ in multiple["answers"] if f > 0) == pytest.approx(1, abs=1e-4)
    assert found["tf"]["qtype"] == "truefalse" and found["tf"]["answer"] is True

    short = found["short"]
    wanted = [moodle_grading.wildcard_escaped(a) for a in spec["short"]["accepted"]]
    assert short["qtype"] == "shortanswer" and {f for f, _ in short["answers"]} == {1.0}
    assert [g for (_, g), w in zip(short["answers"], wanted, strict=True) if g != w] == ["kept"]

    assert found["num-range"]["answers"] == [(pytest.approx(3.145), pytest.approx(0.005))]
    assert found["num-tolerance"]["answers"] == [(-2, 0.5)]
    assert found["num-tiny"]["answers"] == [(0.00001, 0)]

    pairs = found["match"]["pairs"]
    assert [(html.unescape(left), right) for left, right in pairs] == [
        (html.unescape(str(markup.inline(p["left"]))), markup.plain(p["right"])) for p in data["match"]["pairs"]
    ]

    one = found["cloze-one"]
    assert one["qtype"] == "shortanswer" and [a for _, a in one["answers"]] == ['a}b#c~d/e"f\\g=h:i']
    assert "_____" in one["text"] and "{1:SA:=fake}" in one["text"]
    for i in range(3):
        part = found[f"cloze-multi (blank {i + 1} of 3)"]
        assert [a for _, a in part["answers"]] == [
            moodle_grading.wildcard_escaped(a) for a in spec["cloze-multi"]["blanks"][i]
        ]
    assert "order" not in found and "card" not in found

    essay, plain = found["essay"], found["essay-plain"]
    assert essay["qtype"] == plain["qtype"] == "essay"  # braces with only general feedback
    assert shown(essay["text"]) == r"Explain {x} = ~y # z: ]]> <b>not bold</b> and \(x^2\)"
    assert (
        shown(essay["generalfeedback"])
        == r"Model answer Model = {answer} ~ # : \ ]]> é 中 and \(y_1\) Explanation Why = {because} #"
    )
    assert shown(plain["generalfeedback"]) == "Model answer More."
    assert essay["graderinfo"] == "" and "per idea" not in text  # the marking notes are left out


def test_random_answers_survive_moodles_own_importer(build_gift, tmp_path):
    from tests.support import moodle_gift_reader

    answers = random_answers(100, seed=5)  # the most a list may hold by default
    data = {
        "id": "random",
        "title": "Random",
        "questions": [
            {"id": "short", "type": "short", "prompt": "Any?", "answer": answers},
            {"id": "pick", "type": "multiple", "prompt": "Pick.", "choices": answers[:10], "answer": answers[2:5]},
        ],
    }
    text, notes = build_gift(write_hostile(tmp_path / "bank", data))
    bank = load_bank(tmp_path / "bank" / "hostile.yaml").bank
    short, pick = moodle_gift_reader.read(text)[1:]
    accepted = grading.spec(bank.questions[0], bank)["accepted"]
    # Moodle reads braces holding '=' and '->' as a matching question: such answers are left
    # out, each with a note.
    arrows = [a for a in answers if "->" in a]
    assert arrows and all(f"GIFT cannot hold the answer {a!r}" in notes for a in arrows)
    wanted = [moodle_grading.wildcard_escaped(a) for a in accepted if "->" not in a]
    assert short["qtype"] == "shortanswer" and [a for _, a in short["answers"]] == wanted
    assert all(
        same_html(got, str(markup.inline(want))) for (_, got), want in zip(pick["answers"], answers[:10], strict=True)
    )
    assert [f > 0 for f, _ in pick["answers"]] == [i in (2, 3, 4) for i in range(10)]


@pytest.mark.slow
def test_random_valid_banks_read_back_by_moodles_importer():
    """Any valid bank (the property tests' generator) through the port of Moodle's importer:
    every question GIFT holds comes back with its type and its answers."""
    import tempfile

    from hypothesis import given

    from quizgen import formats
    from quizgen.formats import BuildOptions
    from tests.support import moodle_gift_reader
    from tests.support.generated_banks import SETTINGS, bank_data, write_yaml

    kinds = {
        "single": "multichoice",
        "multiple": "multichoice",
        "truefalse": "truefalse",
        "short": "shortanswer",
        "numeric": "numerical",
        "cloze": "shortanswer",
        "match": "match",
        "essay": "essay",
    }

    @SETTINGS
    @given(data=bank_data())
    def check(data):
        with tempfile.TemporaryDirectory() as tmp:
            bank = load_bank(write_yaml(Path(tmp), data)).bank
            [path] = formats.load("gift")(BuildOptions()).build(bank, Path(tmp) / "out")
            read = [q for q in moodle_gift_reader.read(path.read_text(encoding="utf-8")) if q["qtype"] != "category"]
            expected = []
            for q in bank.questions:
                spec = grading.spec(q, bank)
                if q.type == "cloze":
                    expected += [
                        ("shortanswer", [moodle_grading.wildcard_escaped(a) for a in b]) for b in spec["blanks"]
                    ]
                elif q.type == "short":
                    expected.append(("shortanswer", [moodle_grading.wildcard_escaped(a) for a in spec["accepted"]]))
                elif q.type in kinds:
                    expected.append((kinds[q.type], None))
            assert [q["qtype"] for q in read] == [kind for kind, _ in expected]
            for got, (_, answers) in zip(read, expected):
                if answers is not None:
                    assert [a for _, a in got["answers"]] == answers

    check()
