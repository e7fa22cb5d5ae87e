"""Every loading and validation rule, each asserting the exact `path:line:col: error:` text."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.bank.load import load_bank
from quizgen.bank.model import QUESTION_TYPES
from tests.support.images import ONE_PIXEL_PNG, png_header

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
    assert {q.type for q in result.bank.questions} == set(QUESTION_TYPES) - {"essay"}  # all but the essay


def test_yaml_syntax_error_points_at_the_spot(problems):
    assert problems(HEAD + "  - id: q1\n    choices: [a, b\n    answer: a\n") == [
        "bank.yaml:6:11: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 5)"
    ]


def test_a_tab_in_indentation_is_a_syntax_error(problems):
    [message] = problems(HEAD + "  - id: q1\n\ttype: single\n")
    assert message.startswith("bank.yaml:5:1: error: YAML syntax error:")


CARD = HEAD + "  - id: q1\n    type: card\n"
QUOTE_IT = "put the whole text in quotes"


@pytest.mark.parametrize(
    "line, hint",
    [
        (
            "front: *bold* text",
            f"a text cannot start with '*', which YAML reads as an alias; {QUOTE_IT}: front: \"*bold* text\"",
        ),
        (
            "front: @user text",
            f"a text cannot start with '@', which YAML reads as a reserved character; {QUOTE_IT}: "
            'front: "@user text"',
        ),
        (
            "front: `code` here",
            f"a text cannot start with '`', which YAML reads as a reserved character; "
            f'{QUOTE_IT}: front: "`code` here"',
        ),
        (
            "front: [link] more",
            f"a text cannot start with '[', which YAML reads as a list; {QUOTE_IT}: front: \"[link] more\"",
        ),
        (
            "front: {x} more",
            f"a text cannot start with '{{', which YAML reads as a mapping; {QUOTE_IT}: front: \"{{x}} more\"",
        ),
        (
            'front: "Hi" she said',
            "a text cannot start with '\"', which YAML reads as a quoted text that ends at "
            f"the next '\"'; {QUOTE_IT}: front: '\"Hi\" she said'",
        ),
        (
            "front: 'Hi' she said",
            'a text cannot start with "\'", which YAML reads as a quoted text that ends at '
            f'the next "\'"; {QUOTE_IT}: front: "\'Hi\' she said"',
        ),
        (
            "front: %d percent",
            f"a text cannot start with '%', which YAML reads as a directive; {QUOTE_IT}: front: \"%d percent\"",
        ),
        (
            "front: | or",
            f"a text cannot start with '|', which YAML reads as a block of text; {QUOTE_IT}: front: \"| or\"",
        ),
        (
            "front: > 5 apples",
            f"a text cannot start with '>', which YAML reads as a block of text; {QUOTE_IT}: front: \"> 5 apples\"",
        ),
        (
            "front: - item",
            f"a text cannot start with '- ', which YAML reads as a list item; {QUOTE_IT}: front: \"- item\"",
        ),
        (
            "front: Note: this",
            f"the text contains ': ', which YAML reads as a new field; {QUOTE_IT}: front: \"Note: this\"",
        ),
        (
            "front: x\n      back: b",
            "check the indentation of this line and the one before: the fields of one "
            "question line up under each other, indented with spaces",
        ),
        ("front: x\n\tback: b", "indent with spaces, not tabs (YAML does not allow tabs in indentation)"),
    ],
)
def test_yaml_syntax_errors_say_how_to_fix_the_common_causes(problems, line, hint):
    [message] = problems(CARD + f"    {line}\n    back: b\n")
    assert message.startswith("bank.yaml:6:") or message.startswith("bank.yaml:7:")
    assert ": error: YAML syntax error: " in message
    assert message.endswith(f"; {hint}")


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "front: &x marks the spot",
            "bank.yaml:6:12: error: YAML reads '&x' as an anchor and drops it; to start "
            "a text with '&', put the whole text in quotes",
        ),
        (
            "front: !important note",
            "bank.yaml:6:12: error: YAML reads '!important' as a tag and drops it; to "
            "start a text with '!', put the whole text in quotes",
        ),
    ],
)
def test_a_text_starting_with_an_anchor_or_a_tag_is_not_silently_cut(problems, line, message):
    assert problems(CARD + f"    {line}\n    back: b\n") == [message]


def test_a_standard_tag_is_harmless(problems):
    assert problems(CARD + "    front: !!str 1.10\n    back: b\n") == []


def test_a_hash_inside_a_plain_text_warns_that_yaml_dropped_the_rest_as_a_comment(problems):
    text = CARD + (
        "    front: Which tag is #biology\n"
        "    back: #tag\n"
        '    explanation: "#quoted" # a real comment\n'
        "    tags: [bio]   # a comment after a tag is a comment\n"
    )
    assert problems(text) == [
        "bank.yaml:6:25: warning: 'front' ends before '#': YAML reads '#biology' as a comment and drops it; "
        "to keep it in the text, put the whole text in quotes",
        "bank.yaml:7:10: error: 'back' must not be empty: YAML reads everything from '#' on as a comment; "
        "put the whole text in quotes",
    ]


def test_a_hash_that_hides_a_closing_bracket_says_so(problems):
    [message] = problems(HEAD + "  - {id: q1, type: card, front: Pick #1, back: b}\n")
    assert message.endswith(
        "; a ' #' inside [...] or {...} starts a comment that hides the rest of the line, "
        "closing bracket included; put the text with '#' in quotes"
    )


@pytest.mark.parametrize("text, shape", [("- a\n- b\n", "a list"), ("just text\n", "a single value")])
def test_top_level_must_be_a_mapping(problems, text, shape):
    assert problems(text) == [
        f"bank.yaml:1:1: error: a bank must be a mapping with 'id', 'title' and 'questions' at the top, not {shape}"
    ]


def test_unknown_key_suggests_the_nearest_valid_one(problems):
    assert problems(single(promt="x", prompt=None)) == [
        "bank.yaml:4:5: error: missing required field 'prompt' for a single question",
        "bank.yaml:8:5: error: unknown field 'promt' for a single question; did you mean 'prompt'?",
    ]


def test_unknown_bank_key_without_a_close_match_lists_the_valid_ones(problems):
    assert problems("zzz: 1\n" + single()) == [
        "bank.yaml:1:1: error: unknown field 'zzz' for the bank (valid: description, id, instructions, "
        "labels, language, lint, questions, sections, source, title)"
    ]


def test_missing_required_fields(problems):
    assert problems("id: t\nquestions:\n  - {id: q1, type: truefalse, prompt: x}\n") == [
        "bank.yaml:1:1: error: missing required field 'title' for the bank",
        "bank.yaml:3:5: error: missing required field 'answer' for a truefalse question",
    ]


def test_missing_question_type_lists_the_types(problems):
    assert problems(HEAD + "  - {id: q1, prompt: x}\n") == [
        "bank.yaml:4:5: error: missing required field 'type' for a question (one of: single, multiple, "
        "truefalse, short, numeric, cloze, card, order, match, essay)"
    ]


def test_duplicate_keys_are_reported_not_silently_dropped(problems):
    assert problems(single(answer="a\n    answer: b")) == [
        "bank.yaml:9:5: error: duplicate key 'answer' (first given on line 8); "
        "YAML would silently keep only the last one"
    ]


def test_duplicate_question_ids(problems):
    text = single() + "  - {id: q1, type: truefalse, prompt: x, answer: true}\n"
    assert problems(text) == ["bank.yaml:9:10: error: duplicate question id 'q1' (first used on line 4)"]


def test_invalid_id_characters(problems):
    assert problems(single(id='"q 1!"')) == [
        "bank.yaml:4:9: error: 'id' value 'q 1!' is not valid: use up to 64 ASCII letters (a-z, A-Z), digits, "
        "'.', '_' or '-', starting with a letter or digit"
    ]


def test_answer_must_be_one_of_the_choices(problems):
    assert problems(single(answer="A")) == [
        "bank.yaml:8:13: error: answer 'A' is not one of the choices; did you mean 'a'?"
    ]


def test_an_answer_given_as_a_choice_letter_is_told_to_use_the_choice_text(problems):
    text = HEAD + (
        "  - {id: s, type: single, prompt: x, choices: [Paris, Lyon, Nice], answer: B}\n"
        "  - {id: m, type: multiple, prompt: x, choices: [Paris, Lyon, Nice], answer: [a, Lyon]}\n"
        "  - {id: d, type: single, prompt: x, choices: [Paris, Lyon], answer: D}\n"
    )
    assert problems(text) == [
        "bank.yaml:4:76: error: answer 'B' is not one of the choices; write the choice's text, not its letter: 'Lyon'",
        "bank.yaml:5:79: error: answer 'a' is not one of the choices; write the choice's text, not its letter: 'Paris'",
        "bank.yaml:6:70: error: answer 'D' is not one of the choices",  # no choice D to point at
    ]


def test_multiple_answers_must_be_choices(problems):
    text = single(type="multiple", answer="[a, d]")
    assert problems(text) == ["bank.yaml:8:17: error: answer 'd' is not one of the choices"]


def test_duplicate_choices(problems):
    assert problems(single(choices="[a, b, a]")) == ["bank.yaml:7:21: error: duplicate choice 'a'"]


@pytest.mark.parametrize(
    "choices, message",
    [
        ("[a]", "'choices' needs 2 to 10 items, got 1"),
        ("[" + ", ".join("abcdefghijk") + "]", "'choices' needs 2 to 10 items, got 11"),
    ],
)
def test_choice_count_limits(problems, choices, message):
    assert problems(single(choices=choices)) == [f"bank.yaml:7:14: error: {message}"]


def test_single_with_several_answers(problems):
    assert problems(single(answer="[a, b]")) == [
        "bank.yaml:8:13: error: 'answer': a single-choice question has exactly one answer; "
        "use type: multiple for several"
    ]


@pytest.mark.parametrize(
    "text, messages",
    [
        ("No markers here", ["cloze text has no {{c1::answer}} markers"]),
        (
            '"Broken {{c1:x}}"',
            [
                "'{{c1:x}}' looks like a cloze marker but is not one, so it would print as written, "
                "answer included: write {{c1::x}}, or \\{{ if the braces are meant as text"
            ],
        ),
        ('"{{c0::zero}}"', ["cloze numbers start at 1 ({{c0::...}} is never shown by Anki)"]),
        ('"{{c1:: }} and {{c2::fine::hint}}"', ["cloze marker c1 has an empty answer"]),
    ],
)
def test_cloze_markers(problems, text, messages):
    found = problems(HEAD + f"  - id: c\n    type: cloze\n    text: {text}\n")
    assert found == [f"bank.yaml:6:11: error: {m}" for m in messages]


BRACES_AS_TEXT = r"""id: t
title: T
description: 'Templates write \{{ name }}; sets are {1, 2}.'
instructions: 'Anki writes \{{c1::answer}}; C++ writes `std::vector<T>{}` and `{{ x }}`.'
sections:
  - title: One
    intro: 'A brace alone: \{ and \}, or &#123;&#123; as a reference.'
    questions:
      - id: cz
        type: cloze
        text: 'Jinja prints \{{ name }}, Anki hides \{{c2::this}}, and the blank is {{c1::mass}}; code `{{ x }}`, math $x^{{2}}$.'
      - {id: card, type: card, front: 'What does \{{c1::x}} do in Anki?', back: 'It hides x: {x}.'}
      - {id: one, type: single, prompt: 'Pick', choices: ['\{{x}}', 'x'], answer: x, explanation: 'See `{{x}}`.'}
      - {id: two, type: order, prompt: 'Order', items: ['\{{a}}', b, c]}
      - id: three
        type: match
        prompt: Match
        pairs: [{left: '\{{a}}', right: '{N}'}, {left: b, right: c}, {left: d, right: e}]
      - {id: four, type: essay, prompt: 'Explain \{{ }}', answer: 'Braces: \{{ and \}}', notes: '```\n{{c1::x}}\n```'}
"""


def test_braces_meant_as_text_are_accepted_in_every_field(problems):
    assert problems(BRACES_AS_TEXT) == []


def test_a_brace_written_as_text_is_no_marker_and_never_reaches_the_html_as_a_brace():
    from quizgen.text import cloze, markup

    text = r"Anki hides \{{c2::this}} and \\{{c3::that}}; {{c1::mass}} ends at \}} here}}"
    assert [(d.number, d.answer) for d in cloze.deletions(text)] == [(3, "that"), (1, r"mass")]
    assert cloze.flatten_nested(r"{{c1::a \{{c2::b}} c}}") == r"{{c1::a \{{c2::b}} c}}"
    rendered = str(markup.block(r"\{{c2::this}} {{c1::mass \}}}}"))
    assert rendered == "<p>&#123;{c2::this}} {{c1::mass &#125;}}}</p>"
    assert [d.answer for d in cloze.deletions(rendered)] == ["mass &#125;"]
    assert markup.plain(r"\{{ name }} &#123;{x}}") == "{{ name }} {{x}}"


def test_a_text_full_of_lookalikes_is_checked_in_linear_time_and_reported_a_few_times(problems):
    text = "{{ x }} " * 2_400
    start = time.perf_counter()
    found = problems(HEAD + f"  - {{id: c, type: cloze, text: '{text}'}}\n")
    assert time.perf_counter() - start < 5
    assert len(found) == 3 and found[-1].endswith("('text' has 2,397 more like these)")


def test_cloze_alternatives_must_name_a_blank_of_the_text(problems):
    found = problems(
        HEAD + '  - id: c\n    type: cloze\n    text: "{{c1::Paris}} is big"\n'
        "    accept: {c1: [paris city], c2: [Lyon], d: [x]}\n"
    )
    assert found == [
        "bank.yaml:7:32: error: 'accept' names blank c2, but the text has no {{c2::...}} (its blanks: c1)",
        "bank.yaml:7:44: error: 'accept' cannot have an entry 'd': name a blank as c1, c2...",
    ]


@pytest.mark.parametrize(
    "value, message",
    [
        ("1:30", "'answer' must be a number, got '1:30'"),
        ("twelve", "'answer' must be a number, got 'twelve'"),
        (".nan", "'answer' must be a number, got '.nan'"),
    ],
)
def test_numeric_answer_must_be_a_number(problems, value, message):
    text = HEAD + f"  - id: n\n    type: numeric\n    prompt: x\n    answer: {value}\n"
    assert problems(text) == [f"bank.yaml:7:13: error: {message}"]


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "3,5",
            "'answer' must be a number, got '3,5'; write 3.5 (numbers take a decimal point; a decimal comma "
            "only stays as written in quoted text)",
        ),
        ("3.5 g", "'answer' must be a number, got '3.5 g'; write 3.5 and give the unit in its own field: unit: g"),
        (
            "-12km/h",
            "'answer' must be a number, got '-12km/h'; write -12 and give the unit in its own field: unit: km/h",
        ),
    ],
)
def test_numeric_answer_slips_get_a_fix(problems, value, message):
    text = HEAD + f"  - id: n\n    type: numeric\n    prompt: x\n    answer: {value}\n"
    assert problems(text) == [f"bank.yaml:7:13: error: {message}"]


def test_a_unit_is_suggested_only_where_there_is_a_unit_field(problems):
    assert problems(single(points="2 pts")) == ["bank.yaml:9:13: error: 'points' must be a number, got '2 pts'"]


def test_numeric_needs_an_answer_or_a_range_and_a_sane_range(problems):
    text = HEAD + (
        "  - {id: n1, type: numeric, prompt: x}\n"
        "  - {id: n2, type: numeric, prompt: x, range: [5, 1]}\n"
        "  - {id: n3, type: numeric, prompt: x, answer: 9, range: [1, 5]}\n"
    )
    assert problems(text) == [
        "bank.yaml:4:5: error: a numeric question needs 'answer' (with an optional 'tolerance') or "
        "'range: [low, high]'",
        "bank.yaml:5:47: error: range [5, 1] has its low end above its high end",
        "bank.yaml:6:58: error: give either 'answer' (with an optional 'tolerance') or 'range: [low, high]', not both",
    ]


def test_a_numeric_with_both_an_answer_and_a_range_is_refused(problems):
    """The key would print one of them and the JSON export carry both: which one counts?"""
    text = HEAD + "  - id: n\n    type: numeric\n    prompt: x\n    answer: 3\n    range: [2, 4]\n"
    assert problems(text) == [
        "bank.yaml:8:12: error: give either 'answer' (with an optional 'tolerance') or 'range: [low, high]', not both"
    ]


def test_yaml_11_conversions_keep_the_text_the_author_typed(problems, tmp_path):
    text = HEAD + (
        "  - id: q1\n    type: single\n    prompt: x\n    choices: [yes, no, 1.10, 010, 2024-01-02]\n"
        "    answer: 1.10\n"
        "  - {id: q2, type: numeric, prompt: x, answer: 010}\n"
    )
    assert problems(text) == []
    bank = load_bank(tmp_path / "bank.yaml").bank
    assert bank.questions[0].choices == ("yes", "no", "1.10", "010", "2024-01-02")
    assert bank.questions[0].answer == "1.10"
    assert bank.questions[1].answer == 10  # not octal 8


def test_yaml_11_booleans_are_refused_where_true_or_false_is_meant(problems):
    text = HEAD + "  - {id: q1, type: truefalse, prompt: x, answer: yes}\n"
    assert problems(text) == ["bank.yaml:4:50: error: 'answer' must be true or false, got 'yes'"]


@pytest.mark.parametrize("value", ['"true"', "'False'"])
def test_a_quoted_true_or_false_is_text_and_the_message_says_so(problems, value):
    text = HEAD + f"  - {{id: q1, type: truefalse, prompt: x, answer: {value}}}\n"
    assert problems(text) == [
        f"bank.yaml:4:50: error: 'answer' must be true or false, got {value}: the quotes make it text; "
        f"write {value[1:-1].lower()} without quotes"
    ]


def test_file_that_is_not_utf8(problems):
    assert problems(b"id: t\ntitle: caf\xe9\n") == [
        "bank.yaml:2:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_utf16_file_is_refused_with_a_hint(problems):
    assert problems(codecs.BOM_UTF16_LE + single().encode("utf-16-le")) == [
        "bank.yaml:1:1: error: file is UTF-16-encoded; save it as UTF-8"
    ]


def test_utf8_byte_order_mark_is_accepted(problems):
    assert problems(codecs.BOM_UTF8 + single().encode()) == []


def test_nul_byte(problems):
    assert problems(b"id: t\ntitle: a\0b\n") == [
        "bank.yaml:2:9: error: file contains a NUL byte; is it a binary file, or UTF-16 without a byte-order mark?"
    ]


def test_empty_file(problems):
    assert problems("\n  \n") == [
        "bank.yaml:1:1: error: file is empty; a bank needs at least 'id', 'title' and 'questions'"
    ]


def test_file_over_the_size_cap(problems):
    assert problems(single() + "#" * 2000 + "\n", max_bytes=1024) == [
        "bank.yaml:1:1: error: file is 0.0 MiB; the limit is 0.000976562 MiB (raise it with --max-bank-mb)"
    ]


def test_aliases_are_refused_where_they_are_used(problems):
    text = single(choices="&c [a, b, c]") + "  - {id: q2, type: single, prompt: x, choices: *c, answer: a}\n"
    assert problems(text) == ["bank.yaml:9:48: error: YAML aliases (*c) are not allowed in banks; write the value out"]


def test_billion_laughs_fails_fast(problems):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    started = time.monotonic()
    found = problems("\n".join(lines) + "\n")
    assert time.monotonic() - started < 10  # a generous bound: expanding it would take forever
    assert found[0] == "bank.yaml:2:10: error: YAML aliases (*a0) are not allowed in banks; write the value out"
    assert len(found) == 81


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{", "}"), ("[{a: ", "}]")])
def test_deep_nesting_is_refused_before_it_can_crash_the_parser(problems, opening, closing):
    """Quizgen's own limit speaks first, whatever limit the installed libyaml has of its own
    (PyYAML 6.0.4's stops at 1000 levels, with its own wording, while reading ahead)."""
    [message] = problems("a: " + opening * 100_000 + closing * 100_000 + "\n")
    assert message.startswith("bank.yaml:1:")
    assert message.endswith(" error: nesting deeper than 64 levels; a bank needs only a few")


def test_two_documents_in_one_file(problems):
    assert problems(single() + "---\n" + single()) == [
        "bank.yaml:9:1: error: a bank file holds one YAML document; remove the second '---'"
    ]


def test_images_must_stay_inside_the_bank_folder(problems, tmp_path):
    (tmp_path / "pic.png").write_bytes(ONE_PIXEL_PNG)
    (tmp_path / "escape.png").symlink_to("/etc/passwd")
    text = HEAD + (
        "  - id: q1\n    type: card\n"
        "    front: '![ok](pic.png) ![a](/etc/passwd) ![b](../x.png)'\n"
        "    back: '![c](https://example.com/c.png) ![d](file:///etc/passwd) ![e](missing.png)'\n"
        "    explanation: '![f](escape.png)'\n"
    )
    assert problems(text) == [
        "bank.yaml:6:12: error: image '../x.png' in 'front' leads outside the bank's folder",
        "bank.yaml:6:12: error: image '/etc/passwd' in 'front' must be a relative path inside the bank's "
        "folder, not an absolute path",
        "bank.yaml:7:11: error: image 'file:///etc/passwd' in 'back' must be a file in the bank's folder "
        "(URLs are not allowed: outputs work offline)",
        "bank.yaml:7:11: error: image 'https://example.com/c.png' in 'back' must be a file in the bank's "
        "folder (URLs are not allowed: outputs work offline)",
        "bank.yaml:7:11: error: image 'missing.png' in 'back' was not found in the bank's folder (.)",
        "bank.yaml:8:18: error: image 'escape.png' in 'explanation' leads outside the bank's folder (through a link)",
    ]


def test_image_syntax_the_renderer_cannot_read_is_refused_with_a_fix(problems, tmp_path):
    """A path with a space ends the image for CommonMark: it would print as raw Markdown."""
    (tmp_path / "my water.png").write_bytes(ONE_PIXEL_PNG)
    text = HEAD + (
        "  - id: q1\n    type: card\n"
        "    front: 'Look: ![diagram](my water.png)'\n"
        "    back: '![ok](<my water.png>) ![ok too](my%20water.png) `![code](is text.png)`'\n"
        "    explanation: '![c][nowhere] *![a](b.png*'\n"
    )
    assert problems(text) == [
        "bank.yaml:6:12: error: image '![diagram](my water.png)' in 'front' is not read as an image "
        "and would print as text: write the path in <angle brackets>, ![diagram](<my water.png>), "
        "or rename the file without spaces",
        "bank.yaml:8:18: error: image '![a](b.png' in 'explanation' is not read as an image and would "
        "print as text: write it as ![alt text](file.png), with the closing parenthesis",
        "bank.yaml:8:18: error: image '![c][nowhere]' in 'explanation' is not read as an image and "
        "would print as text: define the reference on a line of its own ([nowhere]: file.png) or "
        "write ![alt text](file.png)",
    ]


def test_order_and_match_need_distinct_entries(problems):
    text = HEAD + (
        "  - {id: o, type: order, prompt: x, items: [a, b, a]}\n"
        "  - id: m\n    type: match\n    prompt: x\n    pairs:\n"
        "      - {left: a, right: 1}\n      - {left: a, right: 2}\n"
        "      - {left: c, right: 3}\n"
    )
    assert problems(text) == [
        "bank.yaml:4:51: error: duplicate item 'a'",
        "bank.yaml:10:16: error: duplicate left side 'a'",
    ]


def test_short_answers_that_only_differ_in_case_are_duplicates(problems):
    text = HEAD + "  - {id: s, type: short, prompt: x, answer: [Scale AI, scale  ai]}\n"
    assert problems(text) == ["bank.yaml:4:56: error: duplicate accepted answer 'scale ai'"]


def test_every_problem_in_one_run_sorted_by_place(problems):
    text = HEAD + (
        "  - {id: q1, type: single, prompt: x, choices: [a, b], answer: c}\n"
        "  - {id: q2, type: truefalse, prompt: x, answer: maybe}\n"
        "  - {id: q3, type: short, prompt: x, answer: y, difficulty: eazy}\n"
    )
    found = problems(text)
    assert [line.split(": error")[0] for line in found] == ["bank.yaml:4:64", "bank.yaml:5:50", "bank.yaml:6:61"]


def test_diagnostic_shows_the_line_and_a_caret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bank.yaml").write_text(single(answer="z"))
    result = load_bank("bank.yaml")
    assert result.diagnostics[0].format(result.lines) == (
        "bank.yaml:8:13: error: answer 'z' is not one of the choices\n        answer: z\n                ^"
    )


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
        "text (raise it with the environment variable QUIZGEN_MAX_TEXT_CHARS)"
    ]


def test_the_text_limit_can_be_raised(problems, monkeypatch):
    monkeypatch.setenv("QUIZGEN_MAX_TEXT_CHARS", "30000")
    assert problems(single(prompt="x" * 20_001)) == []


def test_a_huge_image_is_refused_with_the_way_to_raise_the_limit(problems, tmp_path, monkeypatch):
    with open(tmp_path / "big.png", "wb") as image:
        image.write(png_header(10, 10))
        image.truncate(11 * 2**20)  # sparse: costs no disk
    text = single(prompt="'![big](big.png)'")
    assert problems(text) == [
        "bank.yaml:6:13: error: image 'big.png' in 'prompt' is 11.0 MiB; the limit is 10 MiB per image "
        "(raise it with the environment variable QUIZGEN_MAX_IMAGE_MB)"
    ]
    monkeypatch.setenv("QUIZGEN_MAX_IMAGE_MB", "12")
    assert problems(text) == []


def test_an_image_of_too_many_pixels_is_refused_with_the_way_to_raise_the_limit(problems, tmp_path, monkeypatch):
    """A 12,000 x 12,000 PNG compresses to 420 KB and decodes to 576 MB: the PDF took over a
    gigabyte for it, and left out a bigger one without a word."""
    (tmp_path / "wide.png").write_bytes(png_header(12_000, 12_000))
    (tmp_path / "huge.png").write_bytes(png_header(100_000, 100_000))  # past Pillow's own guard
    (tmp_path / "fine.png").write_bytes(png_header(7_000, 5_000))
    text = single(prompt="'![a](wide.png) ![b](huge.png) ![c](fine.png)'")
    limit = (
        "the limit is 40 million pixels per image (raise it with the environment variable QUIZGEN_MAX_IMAGE_MEGAPIXELS)"
    )
    assert problems(text) == [
        f"bank.yaml:6:13: error: image 'huge.png' in 'prompt' is more than 178 million pixels; {limit}",
        f"bank.yaml:6:13: error: image 'wide.png' in 'prompt' is 12,000 x 12,000 pixels; {limit}",
    ]
    monkeypatch.setenv("QUIZGEN_MAX_IMAGE_MEGAPIXELS", "150")
    assert problems(single(prompt="'![a](wide.png)'")) == []


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(problems, tmp_path):
    """Issue 12: a text file saved as .png passed validation, then each format showed only the alt
    text. The content decides, not the name: a real JPEG named .png is fine."""
    (tmp_path / "notes.png").write_text("not a picture", encoding="utf-8")
    (tmp_path / "empty.gif").write_bytes(b"")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 30)
    from PIL import Image

    Image.new("RGB", (3, 2)).save(tmp_path / "photo.png", format="JPEG")
    text = single(prompt="'![a](notes.png) ![b](empty.gif) ![c](broken.png) ![d](photo.png)'")
    assert problems(text) == [
        "bank.yaml:6:13: error: image 'broken.png' in 'prompt' is damaged: its width and height cannot be read",
        "bank.yaml:6:13: error: image 'empty.gif' in 'prompt' is not a PNG, JPEG, GIF or WebP image "
        "(its content says so, whatever its name)",
        "bank.yaml:6:13: error: image 'notes.png' in 'prompt' is not a PNG, JPEG, GIF or WebP image "
        "(its content says so, whatever its name)",
    ]


def test_an_image_whose_header_is_whole_but_pixels_are_cut_or_damaged_is_refused(problems, tmp_path):
    """A cut-off download keeps its header, so its size reads fine; the PDF then printed a black
    box and the page a broken-image icon. A whole image of each kind still passes."""
    import weasyprint  # noqa: F401  (it tells Pillow to accept cut-off files, as in a build)
    from PIL import Image

    for name, kind in (("photo.jpg", "JPEG"), ("chart.png", "PNG"), ("icon.gif", "GIF"), ("pic.webp", "WEBP")):
        Image.effect_noise((64, 48), 60).convert("RGB").save(tmp_path / name, format=kind)
    whole = single(prompt="'![a](photo.jpg) ![b](chart.png) ![c](icon.gif) ![d](pic.webp)'")
    assert problems(whole) == []
    for name in ("photo.jpg", "chart.png"):
        data = (tmp_path / name).read_bytes()
        (tmp_path / f"cut-{name}").write_bytes(data[: len(data) // 2])
    png = (tmp_path / "chart.png").read_bytes()
    at = png.index(b"IDAT") + 8
    (tmp_path / "flipped.png").write_bytes(png[:at] + bytes(b ^ 0xFF for b in png[at : at + 16]) + png[at + 16 :])
    damaged = "is damaged: its header is whole but its pixels cannot be read"
    assert [
        p.split(" in 'prompt' ")[0].rsplit(" ", 1)[1]
        for p in problems(single(prompt="'![a](cut-photo.jpg) ![b](cut-chart.png) ![c](flipped.png)'"))
        if damaged in p
    ] == ["'cut-chart.png'", "'cut-photo.jpg'", "'flipped.png'"]


def test_image_kind_reads_the_content_not_the_name(tmp_path):
    from PIL import Image

    from quizgen.bank.assets import image_kind

    for kind in ("png", "jpeg", "gif", "webp"):
        Image.new("RGB", (2, 2)).save(tmp_path / "picture.txt", format=kind.upper())
        assert image_kind(tmp_path / "picture.txt") == kind
    (tmp_path / "page.png").write_text("<html><script>x</script>", encoding="utf-8")
    assert image_kind(tmp_path / "page.png") is None
    assert image_kind(tmp_path / "missing.png") is None


# The loader skips its event scan when cheap tests prove the scan would find nothing; check
# that promise against the scan itself on YAML made of the characters that matter.
_YAML_BITS = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        "*a",
        "&a ",
        "!t ",
        "!!str ",
        "- ",
        "? ",
        ": ",
        "a",
        " ",
        "\n",
        "  ",
        "\t",
        ",",
        "---\n",
        "...\n",
        "'",
        '"',
        "x: ",
        "\n  - ",
    ]
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(_YAML_BITS, max_size=60).map("".join))
def test_skipping_the_event_scan_never_hides_an_alias_a_document_or_deep_nesting(text):
    """(or an anchor or a tag, which would silently drop the first word of a text)"""
    from quizgen.bank.diagnostics import Report
    from quizgen.bank.load import _needs_event_scan, _scan_events

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


@pytest.mark.parametrize("value", ['"quoted"', "[a, b]", "|"])
def test_a_line_that_uses_yaml_syntax_on_purpose_is_told_about_its_indentation_not_its_first_character(problems, value):
    [message] = problems(CARD + f"    front: x\n   back: {value}\n")
    assert message.endswith(
        "; check the indentation of this line and the one before: the fields of one "
        "question line up under each other, indented with spaces"
    )


def test_lines_on_a_question_without_a_written_answer_is_a_warning_not_silence(problems):
    assert problems(single(lines=4)) == [
        "bank.yaml:9:12: warning: 'lines' sets the answer lines of a written answer (essay, card, short); "
        "a single question prints none, so it changes nothing"
    ]
    assert problems(single(type="short", choices=None, answer="a", lines=4)) == []
