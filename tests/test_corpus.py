"""The hostile-bank corpus: every broken bank gives exactly its expected diagnostics, exit 1, no
traceback and no output; every hostile-but-valid bank builds and keeps its text verbatim.

Each case under tests/corpus/ is a bank file `NAME.<ext>` and `NAME.expected`: the diagnostic lines
(`NAME.yaml:line:col: error: ...`, without the source and caret lines) that `quizgen validate` and
`quizgen build` must print. An empty `.expected` marks a bank that must be *accepted* (script
injection is not an error: raw HTML shows as text). Cases too big to commit, or that need a
symbolic link, are generated below and checked by the same function.
"""

from __future__ import annotations

import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.text import markup
from tests.support.images import ONE_PIXEL_PNG
from tests.support.process import run_quizgen_process

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.stem for p in CORPUS.glob("*.expected"))
BROKEN = [name for name in CASES if (CORPUS / f"{name}.expected").read_text(encoding="utf-8").strip()]
ACCEPTED = [name for name in CASES if name not in BROKEN]


def bank_file(name: str) -> Path:
    [path] = [p for p in CORPUS.glob(f"{name}.*") if p.suffix != ".expected"]
    return path


def expected_lines(name: str) -> list[str]:
    return (CORPUS / f"{name}.expected").read_text(encoding="utf-8").splitlines()


def invoke(cwd: Path, *args: str):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def diagnostic_lines(stderr: str) -> tuple[list[str], str]:
    """The `path:line:col: error:` lines and the closing summary, without source and caret lines."""
    lines = [line for line in stderr.splitlines() if not line.startswith("    ")]
    return lines[:-1], (lines[-1] if lines else "")


def summary_for(count: int) -> str:
    return f"{count} error{'s' if count != 1 else ''} in 1 file"


def output_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def assert_refused(folder: Path, filename: str, expected: list[str]) -> None:
    """`validate` and `build -f json` both print exactly `expected`, exit 1, and write nothing."""
    out = folder.parent / "out"
    for args in (["validate", filename], ["build", filename, "-f", "json", "-o", str(out)]):
        result = invoke(folder, *args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert "Traceback" not in result.output + result.stderr
        assert "internal error" not in result.stderr
        found, summary = diagnostic_lines(result.stderr)
        assert found == expected, f"quizgen {args[0]}"
        assert summary == summary_for(len(expected))
        assert result.exit_code == 1
        assert result.stdout == ""
    assert output_files(out) == []


def copy_case(name: str, tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "bank"
    folder.mkdir(parents=True)
    source = bank_file(name)
    shutil.copyfile(source, folder / source.name)
    return folder, source.name


def test_the_corpus_is_big_enough_and_every_case_is_complete():
    assert len(CASES) >= 45
    for name in CASES:
        bank_file(name)  # exactly one bank file per expectation
    banks = {p.stem for p in CORPUS.iterdir() if p.suffix != ".expected" and p.name != ".gitattributes"}
    assert banks == set(CASES), "a bank file without NAME.expected"


# Cases whose refusal means rendering megabytes of Markdown first.
HEAVY = {"markdown-amplification"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in HEAVY else n for n in BROKEN])
def test_broken_bank_gives_exactly_its_diagnostics(name, tmp_path):
    folder, filename = copy_case(name, tmp_path)
    assert_refused(folder, filename, expected_lines(name))


@pytest.mark.parametrize("name", ["bom-unknown-field", "utf16-le", "alias-bomb", "control-raw"])
def test_as_a_real_process_too(name, tmp_path):
    folder, filename = copy_case(name, tmp_path)
    result = run_quizgen_process("build", filename, "-f", "json", "-o", tmp_path / "out", cwd=folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    found, summary = diagnostic_lines(result.stderr)
    assert found == expected_lines(name)
    assert output_files(tmp_path / "out") == []


@pytest.mark.parametrize("name", ["cloze-lookalikes", "cloze-lookalikes-outside-cloze"])
def test_a_bank_with_broken_cloze_markers_builds_nothing_in_any_format(name, tmp_path):
    """`{{ c1::mass }}` would print its answer on the paper and the page: `quizgen build` of every
    format (sheets too) refuses the bank, as a real process, and writes no file at all, not even
    into an output folder an earlier build filled."""
    folder, filename = copy_case(name, tmp_path)
    out = tmp_path / "out"
    result = run_quizgen_process("build", filename, "-o", out, cwd=folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found, summary = diagnostic_lines(result.stderr)
    assert found == expected_lines(name) and summary == summary_for(len(found))
    assert output_files(out) == []
    earlier = out / "corpus" / "corpus.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("{}", encoding="utf-8")
    result = run_quizgen_process("build", filename, "-o", out, "-f", "sheets", "-f", "html", cwd=folder)
    assert result.returncode == 1 and diagnostic_lines(result.stderr)[0] == expected_lines(name)
    assert output_files(out) == [earlier] and earlier.read_text(encoding="utf-8") == "{}"


def test_python_tags_are_never_constructed(tmp_path):
    folder, filename = copy_case("python-tag", tmp_path)
    invoke(folder, "build", filename, "-f", "json", "-o", str(tmp_path / "out"))
    assert sorted(p.name for p in folder.iterdir()) == [filename]  # os.system never ran `touch`


def test_crlf_and_lf_mixed_keep_lines_and_columns_and_show_the_right_source_line(tmp_path):
    folder, filename = copy_case("mixed-line-endings", tmp_path)
    assert b"\r\n" in (folder / filename).read_bytes() and b"e\n" in (folder / filename).read_bytes()
    result = invoke(folder, "validate", filename)
    first, source, caret = result.stderr.splitlines()[:3]
    assert first == expected_lines("mixed-line-endings")[0]
    column = int(first.split(":")[2])
    assert source == "        answer: maybe"
    assert caret.index("^") == len("    ") + column - 1


# -- generated cases: too big to commit, or needing a symbolic link ---------------------------

HEAD = "id: big\ntitle: Big\nquestions:\n"


def test_huge_file_is_refused_before_it_is_parsed(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    question = "  - {id: q%d, type: card, front: front, back: back}\n"
    with open(folder / "huge.yaml", "w", encoding="utf-8") as handle:
        handle.write(HEAD)
        i = 0
        while handle.tell() < 17 * 2**20:
            handle.write("".join(question % (i + k) for k in range(1000)))
            i += 1000
    size = (folder / "huge.yaml").stat().st_size / 2**20
    assert_refused(
        folder,
        "huge.yaml",
        [f"huge.yaml:1:1: error: file is {size:.1f} MiB; the limit is 16 MiB (raise it with --max-bank-mb)"],
    )


def test_a_megabyte_long_line_is_refused_as_too_long_a_text(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    prompt = "word " * 200_000
    (folder / "long.yaml").write_text(
        HEAD + f"  - id: q1\n    type: truefalse\n    prompt: {prompt}\n    answer: true\n", encoding="utf-8"
    )
    assert_refused(
        folder,
        "long.yaml",
        [
            "long.yaml:6:13: error: 'prompt' is 999,999 characters long; the limit is 20,000 characters per text (raise it with the environment variable QUIZGEN_MAX_TEXT_CHARS)"
        ],
    )


def test_a_syntax_error_at_the_end_of_a_very_long_line(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    choices = ", ".join(f"c{i}" for i in range(100_000))
    (folder / "long.yaml").write_text(HEAD + f"  - {{id: q1, choices: [{choices}}}\n", encoding="utf-8")
    column = len(f"  - {{id: q1, choices: [{choices}") + 1
    assert_refused(
        folder,
        "long.yaml",
        [
            f"long.yaml:4:{column}: error: YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence)"
        ],
    )


def test_a_long_line_full_of_stars_is_scanned_once(tmp_path):
    """The alias pre-scan looked back to the line's start from every `*`: 2.5 MB of `a*` on one
    comment line took 44 s. A star inside text is not an alias, and the bank is valid."""
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "stars.yaml").write_text(
        "# " + "a*" * 1_250_000 + "\n" + HEAD + "  - {id: q1, type: card, front: 2*3, back: '*6*'}\n", encoding="utf-8"
    )
    result = invoke(folder, "validate", "stars.yaml")
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_bank_of_many_ballooning_texts_is_refused_after_ten(tmp_path):
    """Measuring a text that balloons means rendering it; a bank of hundreds must not take minutes."""
    folder = tmp_path / "bank"
    folder.mkdir()
    text = "[r]: /" + "u" * 2000 + "\\n\\n" + "[a][r]" * 300
    (folder / "many.yaml").write_text(
        HEAD + "".join(f'  - {{id: q{i}, type: card, front: "{text}", back: b}}\n' for i in range(200)),
        encoding="utf-8",
    )
    limit = (
        "renders to 605,108 characters of HTML, which is 159 times its length; the limit is 10 times "
        "the text's length (raise it with the environment variable QUIZGEN_MAX_MARKUP_GROWTH)"
    )
    assert_refused(
        folder,
        "many.yaml",
        [f"many.yaml:{4 + i}:33: error: 'front' {limit}" for i in range(10)]
        + [
            "many.yaml:14:34: error: 'front' and the texts after it were not checked: 10 texts already render "
            "to too much HTML"
        ],
    )


def test_a_symbolic_link_inside_the_folder_that_points_out(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    (folder / "inside.png").symlink_to(outside)
    (folder / "etc").symlink_to("/etc")
    (folder / "link.yaml").write_text(
        HEAD + "  - id: q1\n    type: card\n    front: '![a](inside.png)'\n    back: '![b](etc/passwd)'\n",
        encoding="utf-8",
    )
    assert_refused(
        folder,
        "link.yaml",
        [
            "link.yaml:6:12: error: image 'inside.png' in 'front' leads outside the bank's folder (through a link)",
            "link.yaml:7:11: error: image 'etc/passwd' in 'back' leads outside the bank's folder (through a link)",
        ],
    )


def test_an_image_name_too_long_for_the_file_system_is_a_diagnostic(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "name.yaml").write_text(
        HEAD + f"  - id: q1\n    type: card\n    front: '![a]({'x' * 300}.png)'\n    back: b\n", encoding="utf-8"
    )
    assert_refused(
        folder,
        "name.yaml",
        [f"name.yaml:6:12: error: image '{'x' * 300}.png' in 'front' cannot be opened (File name too long)"],
    )


def test_a_loop_of_links_is_a_diagnostic(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "a.png").symlink_to("b.png")
    (folder / "b.png").symlink_to("a.png")
    (folder / "loop.yaml").write_text(
        HEAD + "  - {id: q1, type: card, front: '![a](a.png)', back: b}\n", encoding="utf-8"
    )
    result = invoke(folder, "validate", "loop.yaml")
    [line], _ = diagnostic_lines(result.stderr)
    assert line.startswith("loop.yaml:4:33: error: image 'a.png' in 'front' cannot be opened (")
    assert result.exit_code == 1


def test_percent_encoded_image_names_are_decoded_before_they_are_looked_up(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "café au lait.png").write_bytes(ONE_PIXEL_PNG)
    (folder / "ok.yaml").write_text(
        HEAD + "  - {id: q1, type: card, front: '![a](<café au lait.png>)', back: b}\n", encoding="utf-8"
    )
    result = invoke(folder, "validate", "ok.yaml")
    assert result.exit_code == 0, result.stderr


# -- hostile but valid: injection is shown as text, never run ----------------------------------


def string_leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from string_leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from string_leaves(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def follow(data, path):
    for step in path:
        if isinstance(data, list) and isinstance(step, str):
            data = data[0]  # a citation written alone is exported as a list of one
        data = data[step]
    return data


@pytest.mark.parametrize("name", ACCEPTED)
def test_injection_is_kept_verbatim_in_the_json_export(name, tmp_path):
    folder, filename = copy_case(name, tmp_path)
    assert invoke(folder, "validate", filename).exit_code == 0
    result = invoke(folder, "build", filename, "-f", "json", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    source = yaml.safe_load((folder / filename).read_text(encoding="utf-8"))
    exported = json.loads((tmp_path / "out" / "corpus" / "corpus.json").read_text(encoding="utf-8"))
    leaves = list(string_leaves(source))
    assert sum("<script" in text or "javascript:" in text or "onerror" in text for _, text in leaves) >= 5
    for path, text in leaves:
        value = follow(exported, path)
        assert value == text.strip() or value == [text.strip()], path


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '![a" onerror="alert(1)](a.png)',
    '[a](http://example.com "t\\" onclick=\\"alert(1)")',
    "<a href='javascript:alert(1)'>x</a>",
    "``<script>`` and `<b onclick=x>`",
    "<style>body{display:none}</style>",
    "<!-- <script> -->",
    "<details open ontoggle=alert(1)>",
    "![x](javascript:alert(1))",
    "<math><mi xlink:href=javascript:x>",
]


def assert_inert(rendered: str) -> None:
    """Only allowlisted tags and attributes, no event handler, no URL with a script scheme."""
    parser = _Elements()
    parser.feed(rendered)
    for tag, attrs in parser.tags:
        assert tag in markup.ALLOWED_TAGS, rendered
        for attr, value in attrs.items():
            assert not attr.startswith("on"), rendered
            if (tag, attr) == ("a", "rel"):
                assert value == "noopener noreferrer"
                continue
            assert attr in markup.ALLOWED_ATTRIBUTES.get(tag, ()), rendered
            if attr in ("href", "src") and value and ":" in value.split("/")[0]:
                assert value.split(":")[0].lower() in markup.LINK_SCHEMES, rendered
    assert "<script" not in rendered.lower()


@pytest.mark.parametrize("render", [markup.block, markup.inline], ids=["block", "inline"])
@pytest.mark.parametrize("text", PAYLOADS)
def test_markup_never_emits_scripts_event_handlers_or_script_urls(render, text):
    assert_inert(str(render(text)))


def test_markup_shows_raw_html_as_text():
    assert str(markup.block("<script>alert(1)</script>")) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert str(markup.inline("[x](javascript:alert(1))")) == '<a rel="noopener noreferrer">x</a>'
    assert markup.plain('<img src=x onerror="alert(1)">') == '<img src=x onerror="alert(1)">'


def test_the_injection_cases_render_safely_in_every_field(tmp_path):
    """Every text of the injection banks, rendered as a format would, stays inert."""
    from quizgen.bank.load import load_bank

    checked = 0
    for name in ACCEPTED:
        folder, filename = copy_case(name, tmp_path / name)
        bank = load_bank(folder / filename).bank
        texts = [("description", bank.description)]
        texts += [(key, text) for question in bank.questions for key, text in question.markdown_texts()]
        for _key, text in texts:
            for render in (markup.block, markup.inline):
                assert_inert(str(render(text)))
                checked += 1
    assert checked > 50
