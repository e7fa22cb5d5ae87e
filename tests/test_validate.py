"""Every loading and validation rule, each asserting the exact `path:line:col: error:` text."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.load import load_bank

HEAD = "id: t\ntitle: T\nquestions:\n"


@pytest.fixture
def problems(tmp_path, monkeypatch):
    """Load YAML text (or bytes) as `bank.yaml` and return its diagnostics, one line each."""
    monkeypatch.chdir(tmp_path)

    def load(content: str | bytes, **kwargs) -> list[str]:
        path = Path("bank.yaml")
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        result = load_bank(path, **kwargs)
        return [d.format() for d in result.diagnostics]
    return load


def single(**fields) -> str:
    """A bank with one single-choice question, with fields overridden (None removes one)."""
    base = {"id": "q1", "type": "single", "prompt": "Pick one", "choices": "[a, b, c]", "answer": "a"}
    base.update(fields)
    body = "".join(f"    {k}: {v}\n" for k, v in base.items() if v is not None)
    return HEAD + "  -" + body[3:]


def test_a_valid_bank_has_no_problems(problems):
    assert problems(single()) == []


def test_the_example_bank_of_every_type_is_valid(example_bank):
    result = load_bank(example_bank)
    assert result.diagnostics == []
    assert {q.type for q in result.bank.questions} == {
        "single", "multiple", "truefalse", "short", "numeric", "cloze", "card", "order", "match"}


def test_yaml_syntax_error_points_at_the_spot(problems):
    assert problems(HEAD + "  - id: q1\n    choices: [a, b\n    answer: a\n") == [
        "bank.yaml:6:11: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 5)"]


def test_a_tab_in_indentation_is_a_syntax_error(problems):
    [message] = problems(HEAD + "  - id: q1\n\ttype: single\n")
    assert message.startswith("bank.yaml:5:1: error: YAML syntax error:")


@pytest.mark.parametrize("text, shape", [("- a\n- b\n", "a list"), ("just text\n", "a single value")])
def test_top_level_must_be_a_mapping(problems, text, shape):
    assert problems(text) == [
        f"bank.yaml:1:1: error: a bank must be a mapping with 'id', 'title' and 'questions' at the top, "
        f"not {shape}"]


def test_unknown_key_suggests_the_nearest_valid_one(problems):
    assert problems(single(promt="x", prompt=None)) == [
        "bank.yaml:4:5: error: missing required field 'prompt' for a single question",
        "bank.yaml:8:5: error: unknown field 'promt' for a single question; did you mean 'prompt'?",
    ]


def test_unknown_bank_key_without_a_close_match_lists_the_valid_ones(problems):
    assert problems("zzz: 1\n" + single()) == [
        "bank.yaml:1:1: error: unknown field 'zzz' for the bank (valid: description, id, language, "
        "questions, source, title)"]


def test_missing_required_fields(problems):
    assert problems("id: t\nquestions:\n  - {id: q1, type: truefalse, prompt: x}\n") == [
        "bank.yaml:1:1: error: missing required field 'title' for the bank",
        "bank.yaml:3:5: error: missing required field 'answer' for a truefalse question",
    ]


def test_missing_question_type_lists_the_types(problems):
    assert problems(HEAD + "  - {id: q1, prompt: x}\n") == [
        "bank.yaml:4:5: error: missing required field 'type' for a question (one of: single, multiple, "
        "truefalse, short, numeric, cloze, card, order, match)"]


def test_duplicate_keys_are_reported_not_silently_dropped(problems):
    assert problems(single(answer="a\n    answer: b")) == [
        "bank.yaml:9:5: error: duplicate key 'answer' (first given on line 8); "
        "YAML would silently keep only the last one"]


def test_duplicate_question_ids(problems):
    text = single() + "  - {id: q1, type: truefalse, prompt: x, answer: true}\n"
    assert problems(text) == ["bank.yaml:9:10: error: duplicate question id 'q1' (first used on line 4)"]


def test_invalid_id_characters(problems):
    assert problems(single(id='"q 1!"')) == [
        "bank.yaml:4:9: error: 'id' value 'q 1!' is not valid: use up to 64 letters, digits, '.', '_' "
        "or '-', starting with a letter or digit"]


def test_answer_must_be_one_of_the_choices(problems):
    assert problems(single(answer="A")) == [
        "bank.yaml:8:13: error: answer 'A' is not one of the choices; did you mean 'a'?"]


def test_multiple_answers_must_be_choices(problems):
    text = single(type="multiple", answer="[a, d]")
    assert problems(text) == ["bank.yaml:8:17: error: answer 'd' is not one of the choices"]


def test_duplicate_choices(problems):
    assert problems(single(choices="[a, b, a]")) == ["bank.yaml:7:21: error: duplicate choice 'a'"]


@pytest.mark.parametrize("choices, message", [
    ("[a]", "'choices' needs 2 to 10 items, got 1"),
    ("[" + ", ".join("abcdefghijk") + "]", "'choices' needs 2 to 10 items, got 11"),
])
def test_choice_count_limits(problems, choices, message):
    assert problems(single(choices=choices)) == [f"bank.yaml:7:14: error: {message}"]


def test_single_with_several_answers(problems):
    assert problems(single(answer="[a, b]")) == [
        "bank.yaml:8:13: error: 'answer': a single-choice question has exactly one answer; "
        "use type: multiple for several"]


@pytest.mark.parametrize("text, messages", [
    ("No markers here", ["cloze text has no {{c1::answer}} markers"]),
    ('"Broken {{c1:x}}"', ["cloze text has no {{c1::answer}} markers",
                          "malformed cloze marker starting '{{c1:'; write {{c1::answer}} or {{c1::answer::hint}}"]),
    ('"{{c0::zero}}"', ["cloze numbers start at 1 ({{c0::...}} is never shown by Anki)"]),
    ('"{{c1:: }} and {{c2::fine::hint}}"', ["cloze marker c1 has an empty answer"]),
])
def test_cloze_markers(problems, text, messages):
    found = problems(HEAD + f"  - id: c\n    type: cloze\n    text: {text}\n")
    assert found == [f"bank.yaml:6:11: error: {m}" for m in messages]


def test_cloze_alternatives_must_name_a_blank_of_the_text(problems):
    found = problems(HEAD + "  - id: c\n    type: cloze\n    text: \"{{c1::Paris}} is big\"\n"
                            "    accept: {c1: [paris city], c2: [Lyon], d: [x]}\n")
    assert found == [
        "bank.yaml:7:32: error: 'accept' names blank c2, but the text has no {{c2::...}} (its blanks: c1)",
        "bank.yaml:7:44: error: 'accept' cannot have an entry 'd': name a blank as c1, c2..."]


@pytest.mark.parametrize("value, message", [
    ("1:30", "'answer' must be a number, got '1:30'"),
    ("twelve", "'answer' must be a number, got 'twelve'"),
    (".nan", "'answer' must be a number, got '.nan'"),
])
def test_numeric_answer_must_be_a_number(problems, value, message):
    text = HEAD + f"  - id: n\n    type: numeric\n    prompt: x\n    answer: {value}\n"
    assert problems(text) == [f"bank.yaml:7:13: error: {message}"]


def test_numeric_needs_an_answer_or_a_range_and_a_sane_range(problems):
    text = HEAD + ("  - {id: n1, type: numeric, prompt: x}\n"
                   "  - {id: n2, type: numeric, prompt: x, range: [5, 1]}\n"
                   "  - {id: n3, type: numeric, prompt: x, answer: 9, range: [1, 5]}\n")
    assert problems(text) == [
        "bank.yaml:4:5: error: a numeric question needs 'answer' (with an optional 'tolerance') or "
        "'range: [low, high]'",
        "bank.yaml:5:47: error: range [5, 1] has its low end above its high end",
        "bank.yaml:6:48: error: answer 9 lies outside the range [1, 5]",
    ]


def test_yaml_11_conversions_keep_the_text_the_author_typed(problems, tmp_path):
    text = HEAD + ("  - id: q1\n    type: single\n    prompt: x\n    choices: [yes, no, 1.10, 010, 2024-01-02]\n"
                   "    answer: 1.10\n"
                   "  - {id: q2, type: numeric, prompt: x, answer: 010}\n")
    assert problems(text) == []
    bank = load_bank(tmp_path / "bank.yaml").bank
    assert bank.questions[0].choices == ("yes", "no", "1.10", "010", "2024-01-02")
    assert bank.questions[0].answer == "1.10"
    assert bank.questions[1].answer == 10  # not octal 8


def test_yaml_11_booleans_are_refused_where_true_or_false_is_meant(problems):
    text = HEAD + "  - {id: q1, type: truefalse, prompt: x, answer: yes}\n"
    assert problems(text) == ["bank.yaml:4:50: error: 'answer' must be true or false, got 'yes'"]


def test_file_that_is_not_utf8(problems):
    assert problems(b"id: t\ntitle: caf\xe9\n") == [
        "bank.yaml:2:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"]


def test_utf16_file_is_refused_with_a_hint(problems):
    assert problems(codecs.BOM_UTF16_LE + single().encode("utf-16-le")) == [
        "bank.yaml:1:1: error: file is UTF-16-encoded; save it as UTF-8"]


def test_utf8_byte_order_mark_is_accepted(problems):
    assert problems(codecs.BOM_UTF8 + single().encode()) == []


def test_nul_byte(problems):
    assert problems(b"id: t\ntitle: a\0b\n") == [
        "bank.yaml:2:9: error: file contains a NUL byte; is it a binary file, or UTF-16 without a "
        "byte-order mark?"]


def test_empty_file(problems):
    assert problems("\n  \n") == [
        "bank.yaml:1:1: error: file is empty; a bank needs at least 'id', 'title' and 'questions'"]


def test_file_over_the_size_cap(problems):
    assert problems(single() + "#" * 2000 + "\n", max_bytes=1024) == [
        "bank.yaml:1:1: error: file is 0.0 MiB; the limit is 0.000976562 MiB (raise it with --max-bank-mb)"]


def test_aliases_are_refused_where_they_are_used(problems):
    text = single(choices="&c [a, b, c]") + "  - {id: q2, type: single, prompt: x, choices: *c, answer: a}\n"
    assert problems(text) == [
        "bank.yaml:9:48: error: YAML aliases (*c) are not allowed in banks; write the value out"]


def test_billion_laughs_fails_fast(problems):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    started = time.monotonic()
    found = problems("\n".join(lines) + "\n")
    assert time.monotonic() - started < 10  # a generous bound: expanding it would take forever
    assert found[0] == "bank.yaml:2:10: error: YAML aliases (*a0) are not allowed in banks; write the value out"
    assert len(found) == 81


def test_deep_nesting_is_refused_before_it_can_crash_the_parser(problems):
    assert problems("a: " + "[" * 100_000 + "]" * 100_000 + "\n") == [
        "bank.yaml:1:67: error: nesting deeper than 64 levels; a bank needs only a few"]


def test_two_documents_in_one_file(problems):
    assert problems(single() + "---\n" + single()) == [
        "bank.yaml:9:1: error: a bank file holds one YAML document; remove the second '---'"]


def test_images_must_stay_inside_the_bank_folder(problems, tmp_path):
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "escape.png").symlink_to("/etc/passwd")
    text = HEAD + ("  - id: q1\n    type: card\n"
                   "    front: '![ok](pic.png) ![a](/etc/passwd) ![b](../x.png)'\n"
                   "    back: '![c](https://example.com/c.png) ![d](file:///etc/passwd) ![e](missing.png)'\n"
                   "    explanation: '![f](escape.png)'\n")
    assert problems(text) == [
        "bank.yaml:6:12: error: image '../x.png' in 'front' leads outside the bank's folder",
        "bank.yaml:6:12: error: image '/etc/passwd' in 'front' must be a relative path inside the bank's "
        "folder, not an absolute path",
        "bank.yaml:7:11: error: image 'file:///etc/passwd' in 'back' must be a file in the bank's folder "
        "(URLs are not allowed: outputs work offline)",
        "bank.yaml:7:11: error: image 'https://example.com/c.png' in 'back' must be a file in the bank's "
        "folder (URLs are not allowed: outputs work offline)",
        "bank.yaml:7:11: error: image 'missing.png' in 'back' was not found in the bank's folder (.)",
        "bank.yaml:8:18: error: image 'escape.png' in 'explanation' leads outside the bank's folder "
        "(through a link)",
    ]


def test_order_and_match_need_distinct_entries(problems):
    text = HEAD + ("  - {id: o, type: order, prompt: x, items: [a, b, a]}\n"
                   "  - id: m\n    type: match\n    prompt: x\n    pairs:\n"
                   "      - {left: a, right: 1}\n      - {left: a, right: 2}\n")
    assert problems(text) == [
        "bank.yaml:4:51: error: duplicate item 'a'",
        "bank.yaml:10:16: error: duplicate left side 'a'",
    ]


def test_short_answers_that_only_differ_in_case_are_duplicates(problems):
    text = HEAD + "  - {id: s, type: short, prompt: x, answer: [Scale AI, scale  ai]}\n"
    assert problems(text) == ["bank.yaml:4:56: error: duplicate accepted answer 'scale ai'"]


def test_every_problem_in_one_run_sorted_by_place(problems):
    text = HEAD + ("  - {id: q1, type: single, prompt: x, choices: [a, b], answer: c}\n"
                   "  - {id: q2, type: truefalse, prompt: x, answer: maybe}\n"
                   "  - {id: q3, type: short, prompt: x, answer: y, difficulty: eazy}\n")
    found = problems(text)
    assert [line.split(": error")[0] for line in found] == ["bank.yaml:4:64", "bank.yaml:5:50", "bank.yaml:6:61"]


def test_diagnostic_shows_the_line_and_a_caret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bank.yaml").write_text(single(answer="z"))
    result = load_bank("bank.yaml")
    assert result.diagnostics[0].format(result.lines) == (
        "bank.yaml:8:13: error: answer 'z' is not one of the choices\n"
        "        answer: z\n"
        "                ^")


def test_tags_and_difficulty_and_points(problems):
    text = single(tags='["two words"]', difficulty="eazy", points="0")
    assert problems(text) == [
        "bank.yaml:9:12: error: 'tags[0]' value 'two words' is not valid: a tag is one word of at most "
        "64 characters (no spaces or quotes)",
        "bank.yaml:10:17: error: 'difficulty' value 'eazy' is not valid; did you mean 'easy'?",
        "bank.yaml:11:13: error: 'points' must be greater than 0, got 0",
    ]


def test_source_citation_fields(problems):
    text = single(source="{section: Intro, paragraph: 0, evidnce: [x]}")
    assert problems(text) == [
        "bank.yaml:9:41: error: 'source.paragraph' must be at least 1, got 0",
        "bank.yaml:9:44: error: unknown field 'evidnce' for a source citation; did you mean 'evidence'?",
    ]


def test_text_over_the_length_limit(problems):
    assert problems(single(prompt="x" * 20_001)) == [
        "bank.yaml:6:13: error: 'prompt' is 20,001 characters long; the limit is 20,000 characters per "
        "text (raise it with the environment variable QUIZGEN_MAX_TEXT_CHARS)"]


def test_the_text_limit_can_be_raised(problems, monkeypatch):
    monkeypatch.setenv("QUIZGEN_MAX_TEXT_CHARS", "30000")
    assert problems(single(prompt="x" * 20_001)) == []


def test_a_huge_image_is_refused_with_the_way_to_raise_the_limit(problems, tmp_path, monkeypatch):
    with open(tmp_path / "big.png", "wb") as image:
        image.truncate(11 * 2**20)  # sparse: costs no disk
    text = single(prompt="'![big](big.png)'")
    assert problems(text) == [
        "bank.yaml:6:13: error: image 'big.png' in 'prompt' is 11.0 MiB; the limit is 10 MiB per image "
        "(raise it with the environment variable QUIZGEN_MAX_IMAGE_MB)"]
    monkeypatch.setenv("QUIZGEN_MAX_IMAGE_MB", "12")
    assert problems(text) == []


# The loader skips its event scan when cheap tests prove the scan would find nothing; check
# that promise against the scan itself on YAML made of the characters that matter.
_YAML_BITS = st.sampled_from(["[", "]", "{", "}", "*a", "&a ", "- ", "? ", ": ", "a", " ", "\n",
                              "  ", "\t", ",", "---\n", "...\n", "'", '"', "x: ", "\n  - "])


@settings(max_examples=400, deadline=None)
@given(st.lists(_YAML_BITS, max_size=60).map("".join))
def test_skipping_the_event_scan_never_hides_an_alias_a_document_or_deep_nesting(text):
    from quizgen.diagnostics import Report
    from quizgen.load import _needs_event_scan, _scan_events

    if _needs_event_scan(text):
        return
    report = Report()
    try:
        clean = _scan_events(text, "t.yaml", report)
    except yaml.YAMLError:
        return  # a syntax error: compose reports it either way
    assert clean and not report.diagnostics


def test_deeply_nested_block_mappings_are_refused(problems):
    text = "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 80)) + " " * 80 + "leaf: 1\n"
    [message] = problems(text)
    assert message.endswith("error: nesting deeper than 64 levels; a bank needs only a few")
