"""Properties over generated banks (hypothesis).

- A valid bank of any mix of question types always validates, and builds in every format there is
  (`quizgen.formats.names()`, so formats are picked up as they are added).
- The JSON export round-trips: it holds what the author wrote and every field of the model.
- Every output holds every question (one check per format in `CONTAINS`).
- Arbitrary text, bytes and YAML, including valid banks with one value swapped for junk, give
  diagnostics and never an exception.

Examples are small and few (CI has two cores); `deadline=None` because the first PDF build pays
for importing WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quizgen import formats, grading
from quizgen.bank.load import load_bank
from quizgen.bank.model import Bank, Question
from quizgen.formats import BuildOptions
from quizgen.text import cloze, markup
from tests.support.format_groups import PRINTED_FORMATS
from tests.support.generated_banks import PRINTED_SETTINGS, QUESTION_KINDS, SETTINGS, bank_data, write_yaml


def test_the_generators_cover_every_question_type():
    from quizgen.bank.model import QUESTION_TYPES

    assert set(QUESTION_KINDS) == set(QUESTION_TYPES)


# -- what each format's output must contain ------------------------------------------------------


def main_text(q: Question) -> str:
    """The text that identifies a question to a reader: its prompt, its front, or the cloze text
    before its first marker (formats show markers differently: blanks, inputs, Anki's fields)."""
    if q.type == "cloze":
        return q.text[: cloze.first_marker_start(q.text)]
    return getattr(q, "prompt", None) or q.front


def letters(text: str) -> str:
    """Only ASCII letters and digits, so layout (line breaks, hyphens, tags) cannot matter."""
    return re.sub(r"[^A-Za-z0-9]", "", text)


def visible(markup_text: str) -> str:
    return letters(html.unescape(re.sub(r"<[^>]*>", "", markup_text)))


def assert_every_prompt_in(bank: Bank, text: str, where: str) -> None:
    for q in bank.questions:
        expected = letters(markup.plain(main_text(q)))
        assert expected in text, f"question {q.id} ({expected!r}) missing from {where}"


def contains_json(bank: Bank, paths: list[Path]) -> None:
    [path] = paths
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [q["id"] for q in data["questions"]] == [q.id for q in bank.questions]


def contains_html(bank: Bank, paths: list[Path]) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in paths if p.suffix == ".html")
    assert_every_prompt_in(bank, visible(text), "the HTML")


def contains_anki(bank: Bank, paths: list[Path]) -> None:
    [package] = [p for p in paths if p.suffix == ".apkg"]
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as tmp:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in archive.namelist())
        archive.extract(name, tmp)
        with sqlite3.connect(Path(tmp) / name) as db:
            fields = " ".join(row[0] for row in db.execute("select flds from notes"))
    assert_every_prompt_in(bank, visible(fields), "the Anki notes")


def contains_pdf(bank: Bank, paths: list[Path]) -> None:
    from pypdf import PdfReader

    for path in (p for p in paths if p.suffix == ".pdf"):
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
        assert_every_prompt_in(bank, letters(text), path.name)


def contains_qti(bank: Bank, paths: list[Path]) -> None:
    """Every question but the cards (which the learner grades) has its item, parsed as XML."""
    [package] = paths
    with zipfile.ZipFile(package) as archive:
        texts = {
            name: "".join(ET.fromstring(archive.read(name)).itertext())
            for name in archive.namelist()
            if name.startswith("items/")
        }
    graded = [q for q in bank.questions if q.type != "card"]
    assert sorted(texts) == sorted(f"items/Q-{q.id}.xml" for q in graded)
    assert_every_prompt_in(
        Bank(id=bank.id, title=bank.title, questions=tuple(graded)), letters("".join(texts.values())), "the QTI items"
    )


def contains_canvas(bank: Bank, paths: list[Path]) -> None:
    """Every question Canvas has a type for is an item, its HTML text in the assessment."""
    [package] = paths
    with zipfile.ZipFile(package) as archive:
        [name] = [n for n in archive.namelist() if n.count("/") == 1 and not n.endswith("assessment_meta.xml")]
        root = ET.fromstring(archive.read(name))
    qti = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
    kept = tuple(q for q in bank.questions if q.type not in ("order", "card"))
    assert len(list(root.iter(f"{qti}item"))) == len(kept)
    text = "".join(m.text or "" for m in root.iter(f"{qti}mattext"))
    assert_every_prompt_in(Bank(id=bank.id, title=bank.title, questions=kept), visible(text), "the Canvas quiz")


def contains_moodle(bank: Bank, paths: list[Path]) -> None:
    import xml.etree.ElementTree as ET

    [path] = paths
    texts = " ".join(t.text or "" for t in ET.parse(path).getroot().iter("text"))
    assert_every_prompt_in(bank, visible(texts), "the Moodle XML")


def contains_gift(bank: Bank, paths: list[Path]) -> None:
    [path] = paths
    # GIFT has no ordering questions or cards: the build leaves them out with a note.
    kept = dataclasses.replace(bank, questions=tuple(q for q in bank.questions if q.type not in ("order", "card")))
    # Read GIFT's escapes first, as Moodle does: `&\#123;` (a brace written as text) is `&#123;`.
    unescaped = re.sub(r"\\([:#={}~\\])", r"\1", path.read_text(encoding="utf-8"))
    assert_every_prompt_in(kept, visible(unescaped), "the GIFT file")


def contains_sheets(bank: Bank, paths: list[Path]) -> None:
    """Every question has its row: its number, and bubbles or "marked by hand"."""
    from pypdf import PdfReader

    (path,) = paths
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages).split())
    by_hand = [q for q in bank.questions if q.type not in ("single", "multiple", "truefalse")]
    assert text.count("marked by hand") == len(by_hand) + text.count("as marked by hand")
    numbers = {int(n) for n in re.findall(r"\b(\d+)\b", text)}
    assert set(range(1, len(bank.questions) + 1)) <= numbers


CONTAINS: dict[str, Callable[[Bank, list[Path]], None]] = {
    "json": contains_json,
    "html": contains_html,
    "anki": contains_anki,
    "pdf": contains_pdf,
    "qti": contains_qti,
    "canvas": contains_canvas,
    "moodle": contains_moodle,
    "gift": contains_gift,
    "sheets": contains_sheets,
    "cards": contains_pdf,
}  # built with card_answers: every question is a card, its prompt on the front


def test_every_format_has_a_contents_check():
    missing = [name for name in formats.names() if name not in CONTAINS]
    assert not missing, f"add a check to CONTAINS for {missing}"


# -- valid banks build everywhere ---------------------------------------------------------------


def plain_data(value):
    """A model value as JSON would hold it (tuples as lists, dataclasses as dicts)."""
    if dataclasses.is_dataclass(value):
        data = {"type": value.type} if isinstance(value, Question) else {}
        data.update(
            (f.name, plain_data(getattr(value, f.name)))
            for f in dataclasses.fields(value)
            if f.name not in ("locations", "path")
        )
        return data
    if isinstance(value, (tuple, list)):
        return [plain_data(v) for v in value]
    return value


def as_written(value):
    """What the author wrote, as the JSON export must hold it (texts are stripped)."""
    if isinstance(value, dict):
        return {k: as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_written(v) for v in value]
    return value.strip() if isinstance(value, str) else value


@pytest.mark.slow
@pytest.mark.parametrize("format_name", sorted(set(formats.names()) - PRINTED_FORMATS))
@SETTINGS
@given(data=bank_data())
def test_valid_banks_validate_and_build_and_hold_every_question(format_name, data):
    builds_and_holds_every_question(format_name, data)


@pytest.mark.slow
@pytest.mark.parametrize("format_name", sorted(PRINTED_FORMATS))
@PRINTED_SETTINGS
@given(data=bank_data())
def test_valid_banks_print_and_hold_every_question(format_name, data):
    builds_and_holds_every_question(format_name, data)


def builds_and_holds_every_question(format_name: str, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = load_bank(write_yaml(folder, data))
        assert [d.format() for d in result.diagnostics] == []
        builder = formats.load(format_name)(BuildOptions(output_dir=folder / "out", card_answers=True))
        paths = builder.build(result.bank, folder / "out" / result.bank.id)
        assert paths and all(p.is_file() and p.stat().st_size > 0 for p in paths)
        assert {p.suffix for p in paths} <= set(formats.declaration(format_name).suffixes)
        CONTAINS[format_name](result.bank, paths)


@pytest.mark.slow
@SETTINGS
@given(data=bank_data())
def test_the_json_export_round_trips(data):
    from quizgen.present.data import FORMAT_VERSION

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bank = load_bank(write_yaml(folder, data)).bank
        [path] = formats.load("json")(BuildOptions()).build(bank, folder / "out")
        exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["quizgen_format"] == FORMAT_VERSION
    # Everything the author wrote comes back as written...
    written = as_written(data)
    for key in ("id", "title", "description"):
        assert exported[key] == written.get(key, exported[key])
    for source_q, exported_q in zip(written["questions"], exported["questions"], strict=True):
        for key, value in source_q.items():
            assert exported_q[key] == value, (source_q["id"], key)
    # ...and every field of the model, defaults included, is there with the model's value,
    # next to the question's grading settings.
    for exported_q, model_q in zip(exported["questions"], bank.questions):
        assert exported_q.pop("grading") == json.loads(json.dumps(grading.spec(model_q, bank)))
    assert {k: v for k, v in exported.items() if k != "quizgen_format"} == plain_data(bank)
    for model_q, exported_q in zip(bank.questions, exported["questions"], strict=True):
        assert exported_q["type"] == model_q.type


# -- anything at all gives diagnostics, never an exception ----------------------------------------


def assert_diagnoses(path: Path) -> None:
    result = load_bank(path)
    if result.bank is None:
        assert any(d.is_error for d in result.diagnostics)
    # Lines as libyaml counts them (CR, LF, CRLF, NEL, U+2028/9): every location is inside the file.
    shown = path.read_bytes().decode("utf-8", errors="replace")
    line_count = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", shown))
    for diagnostic in result.diagnostics:
        text = diagnostic.format(result.lines)
        assert text.startswith(str(path))
        assert 0 <= diagnostic.location.line <= line_count, text
        assert "\x1b" not in text


@SETTINGS
@given(text=st.text(max_size=300))
def test_arbitrary_text_gives_diagnostics_not_exceptions(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_text(text, encoding="utf-8")
        assert_diagnoses(path)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_give_diagnostics_not_exceptions(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_bytes(data)
        assert_diagnoses(path)


YAMLISH = st.text(alphabet=":-[]{}&*!|>'\"#%@`?,\n\t aiqd0123.\\~", max_size=200)


@SETTINGS
@given(text=YAMLISH)
def test_yaml_punctuation_soup_gives_diagnostics_not_exceptions(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_text(text, encoding="utf-8")
        assert_diagnoses(path)


KEYS = st.one_of(
    st.sampled_from(
        [
            "id",
            "title",
            "questions",
            "type",
            "prompt",
            "choices",
            "answer",
            "pairs",
            "left",
            "right",
            "items",
            "text",
            "front",
            "back",
            "source",
            "section",
            "paragraph",
            "evidence",
            "range",
            "tolerance",
            "tags",
        ]
    ),
    st.text(max_size=8),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.sampled_from(list(QUESTION_KINDS))
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=20,
)


@SETTINGS
@given(data=VALUES)
def test_arbitrary_yaml_gives_diagnostics_not_exceptions(data):
    with tempfile.TemporaryDirectory() as tmp:
        assert_diagnoses(write_yaml(Path(tmp), data))


def paths_in(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_in(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from paths_in(child, (*prefix, i))


@pytest.mark.slow
@SETTINGS
@given(data=bank_data(max_questions=3), junk=VALUES, choice=st.randoms(use_true_random=False))
def test_a_valid_bank_with_one_value_swapped_for_junk_still_gives_diagnostics(data, junk, choice):
    where = choice.choice([p for p in paths_in(data) if p])
    target = data
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = junk
    with tempfile.TemporaryDirectory() as tmp:
        path = write_yaml(Path(tmp), data)
        assert_diagnoses(path)
        result = load_bank(path)
        if result.ok:  # junk that happens to be valid must then build
            formats.load("json")(BuildOptions()).build(result.bank, Path(tmp) / "out")


# -- the cloze scanner reads markers exactly as the old regular expression did -----------------

# The pattern quizgen used before its linear scanner (it backtracked for minutes on `{{c1::` x 3000),
# restricted to the ASCII numbers Anki reads: on every text the two must find the same markers.
_REFERENCE_MARKER = re.compile(r"\{\{c([0-9]+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
CLOZE_SOUP = st.lists(
    st.sampled_from(["{{c", "{{", "c", "1", "12", "0", "::", ":", "}}", "}", "{", "a", " "]), max_size=20
).map("".join)


@SETTINGS
@given(CLOZE_SOUP)
def test_the_cloze_scanner_finds_what_the_reference_pattern_finds(text):
    expected = [(int(m[1]), m[2], m[3] or "") for m in _REFERENCE_MARKER.finditer(text)]
    assume(all(number <= cloze.MAX_NUMBER for number, _, _ in expected))  # bigger: not a cloze to Anki
    assert [(d.number, d.answer, d.hint) for d in cloze.deletions(text)] == expected
    assert cloze.replace(text, lambda d, i: "#") == _REFERENCE_MARKER.sub("#", text)
