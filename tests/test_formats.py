"""The format registry: what each format declares (name, suffixes, options), `quizgen build`'s
flags gathered from the declarations, formats added by other packages (entry points), and how
every format handles every question type (quizgen.bank.dispatch)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizgen import formats
from quizgen.formats import options as shared
from tests.support.process import REPO


def python(code: str, *, path: list[Path] = (), cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, [REPO, *path]))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)


def quizgen(*args, path: list[Path] = (), cwd: Path | None = None) -> subprocess.CompletedProcess:
    return python(
        f"from quizgen.cli import main; import sys; sys.argv = ['quizgen', *{list(map(str, args))!r}]; main()",
        path=path,
        cwd=cwd,
    )


def test_every_format_declares_itself_and_its_options_once():
    names = formats.names()
    assert names[:4] == ["json", "html", "anki", "pdf"]  # cheap first
    assert set(formats.defaults()) == set(names) - {"sheets"}
    for name in names:
        declared = formats.declaration(name)
        assert declared.name == name and declared.description and declared.suffixes
        assert formats.load(name).declaration() is declared
    # A shared option is one object, named by every format that reads it.
    readers = {option.name: users for option, users in formats.option_users()}
    assert readers["versions"] == ("pdf", "sheets") and readers["subdecks"] == ("anki",)
    assert set(readers["tag_categories"]) == {"moodle", "gift"}
    for name in names:
        for option in formats.declaration(name).options:
            if len(readers[option.name]) > 1:
                assert option in (
                    shared.SEED,
                    shared.VERSIONS,
                    shared.PAPER,
                    shared.TAG_CATEGORIES,
                    shared.COLLATE,
                    shared.ROSTER,
                ), option


def test_build_help_names_the_formats_reading_each_option(run_cli):
    help_text = " ".join(run_cli("build", "--help").stdout.split())
    assert "--subdecks anki: one subdeck per tag" in help_text
    assert "--paper [a4|letter] pdf, cards, sheets: the paper size. [default: a4]" in help_text
    assert "--versions INTEGER RANGE pdf, sheets: printed versions" in help_text


def test_build_help_reads_only_the_declarations():
    """`quizgen build --help` lists every format's options without importing any format's build
    code, nor the libraries behind it, nor the bank model."""
    result = python(
        "import sys\nfrom quizgen.cli import cli\ntry:\n    cli(['build', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.endswith('.format') or m.split('.')[0] in "
        "('weasyprint', 'genanki', 'cv2', 'segno', 'pypdf', 'jinja2', 'markdown_it', 'nh3', 'babel'))"
        " + [m for m in ('quizgen.bank.model', 'quizgen.build.pipeline') if m in sys.modules])"
    )
    assert result.returncode == 0, result.stderr
    assert "--card-answers" in result.stdout
    assert result.stdout.splitlines()[-1] == "[]"


def test_build_options_take_any_declared_option_and_refuse_others():
    options = formats.BuildOptions(versions=3)
    assert (options.versions, options.seed, options.subdecks, options.paper) == (3, 0, False, "a4")
    with pytest.raises(TypeError, match="no format declares the option 'version'"):
        formats.BuildOptions(version=3)
    with pytest.raises(AttributeError):
        _ = options.colour


# -- a format from another package ----------------------------------------------------------------


def docs_example() -> dict[str, str]:
    """The files of the example package in docs/architecture.md ("A format from another
    package"), each code block under its first line's comment (`# quizgen_tiny/format.py: ...`)."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("### A format from another package", 1)[1]
    blocks = re.findall(r"```(?:python|toml)\n# (\S+)(?::[^\n]*)?\n(.*?)```", section, re.S)
    return dict(blocks)


@pytest.fixture
def tiny_plugin(tmp_path: Path) -> Path:
    """A folder holding the example package as pip would install it: its code, and a
    `.dist-info` whose entry_points.txt registers its format in the group `quizgen.formats`."""
    files = docs_example()
    site = tmp_path / "site"
    for name in ("quizgen_tiny/__init__.py", "quizgen_tiny/format.py"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(files[name])
    [entry] = re.findall(r'^(\w+) = "([\w.:]+)"$', files["pyproject.toml"], re.M)
    info = site / "quizgen_tiny-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: quizgen-tiny\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[quizgen.formats]\n{entry[0]} = {entry[1]}\n")
    return site


@pytest.mark.slow
def test_a_package_adds_a_format_through_an_entry_point(tiny_plugin, example_bank, tmp_path):
    out = tmp_path / "out"
    help_text = " ".join(quizgen("build", "--help", path=[tiny_plugin]).stdout.split())
    assert "qti, sheets, tiny." in help_text and "--tiny-upper tiny: write the lines in capitals." in help_text

    built = quizgen("build", example_bank, "-o", out, "-f", "tiny,json", path=[tiny_plugin])
    assert built.returncode == 0, built.stderr
    lines = (out / "example" / "example.txt").read_text().splitlines()
    assert len(lines) == 9 and "capital-of-france single" in lines
    # Its own option rebuilds it, and only it.
    again = quizgen("build", example_bank, "-o", out, "-f", "tiny,json", "--tiny-upper", path=[tiny_plugin])
    assert "up to date: " in again.stdout and "1 written, 1 up to date" in again.stdout, again.stdout
    assert "CAPITAL-OF-FRANCE SINGLE" in (out / "example" / "example.txt").read_text()
    # So does a change to its code, as a change to quizgen's would.
    code = tiny_plugin / "quizgen_tiny" / "format.py"
    code.write_text(code.read_text().replace("{q.type}", "({q.type})"))
    changed = quizgen("build", example_bank, "-o", out, "-f", "tiny", "--tiny-upper", path=[tiny_plugin])
    assert (
        "1 written" in changed.stdout and "CAPITAL-OF-FRANCE (SINGLE)" in (out / "example" / "example.txt").read_text()
    )
    # Without the package, the format is unknown again.
    gone = quizgen("build", example_bank, "-o", out, "-f", "tiny")
    assert gone.returncode == 2 and "unknown format 'tiny'" in gone.stderr


class _Entry:
    """An entry point as importlib.metadata gives it."""

    def __init__(self, name: str, value, module: str = "elsewhere"):
        self.name, self.value, self.module, self._value = name, f"{module}:DECLARATION", module, value

    def load(self):
        if isinstance(self._value, Exception):
            raise self._value
        return self._value


def test_a_broken_or_clashing_format_package_is_left_out_with_a_warning(monkeypatch, run_cli, example_bank, tmp_path):
    entries = [
        _Entry("broken", ImportError("No module named 'tiny_dependency'")),
        _Entry("pdf", formats.Declaration(name="pdf", description="another PDF", suffixes=(".pdf",))),
        _Entry(
            "seedy",
            formats.Declaration(
                name="seedy",
                description="its own seed",
                suffixes=(".txt",),
                options=(formats.Option("seed", "another seed", default=1),),
            ),
        ),
        _Entry(
            "forceful",
            formats.Declaration(
                name="forceful", description="", suffixes=(".txt",), options=(formats.Option("force", "mine"),)
            ),
        ),
        _Entry("odd", "not a declaration"),
    ]
    monkeypatch.setattr(formats, "_entry_points", lambda: entries)
    formats.refresh()
    try:
        assert formats.names() == [n for n in formats.names() if n not in ("broken", "seedy", "forceful", "odd")]
        assert formats.declaration("pdf").description != "another PDF"
        result = run_cli("build", example_bank, "-o", tmp_path, "-f", "json")
    finally:
        monkeypatch.undo()
        formats.refresh()
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 5, result.stderr
    assert (
        "format 'broken' (elsewhere:DECLARATION, entry point group quizgen.formats) is left out: "
        "ImportError(\"No module named 'tiny_dependency'\")" in result.stderr
    )
    assert "format 'pdf' from elsewhere is left out: quizgen already has a format of that name" in result.stderr
    assert "its option --seed differs from the one html, anki, pdf, cards, qti, sheets read" in result.stderr
    assert "its option --force is one of quizgen build's own" in result.stderr
    assert "it names a str, not a quizgen.formats.Declaration" in result.stderr


# -- every question type, in every format -----------------------------------------------------------


@pytest.mark.parametrize("name", formats.names())
def test_every_format_handles_or_notes_every_question_type(name, run_cli, example_bank, tmp_path):
    """Each format's table (quizgen.bank.dispatch) has a handler for every question type of the
    model, or the note that tells the author why the format leaves it out; a format with no
    table says why every type is written alike. What a build says of a left-out question is
    exactly that note, at the question."""
    from quizgen.bank.load import load_bank
    from quizgen.bank.model import QUESTION_TYPES

    types = formats.load(name).question_types
    assert types.format_name == name
    assert types.missing() == [], f"{name} neither handles nor notes these question types"
    if types.written_alike:
        assert not types.handlers and not types.unsupported
        return
    assert set(types.handlers) | set(types.unsupported) == set(QUESTION_TYPES.values())
    if not types.unsupported:
        return
    result = run_cli("build", example_bank, "-o", tmp_path / "out", "-f", name)
    assert result.exit_code == 0, result.output
    bank = load_bank(example_bank).bank
    for kind, note in types.unsupported.items():
        assert note.strip()
        [question] = [q for q in bank.questions if type(q) is kind]  # the example has one of each type
        assert f"{question.where()}: note: {note}\n" in result.stderr


def test_a_question_type_a_format_does_not_know_is_a_located_error():
    from quizgen.bank.diagnostics import Location, Report
    from quizgen.bank.dispatch import QuestionTypes, Unsupported
    from quizgen.bank.model import Card, Essay, TrueFalse

    types = QuestionTypes("demo", {TrueFalse: "yes-or-no", Card: Unsupported("demo has no cards")})
    assert types.missing() == [
        name for name in ("single", "multiple", "short", "numeric", "cloze", "order", "match", "essay")
    ]
    at = {"": Location("bank.yaml", 3, 5)}
    assert types.handler(TrueFalse(id="t", prompt="p", answer=True, locations=at)) == "yes-or-no"
    notes = Report()
    assert types.handler(Card(id="c", front="f", back="b", locations=at), notes.note) is None
    assert [d.format() for d in notes.diagnostics] == ["bank.yaml:3:5: note: demo has no cards"]
    with pytest.raises(formats.BuildError, match="the demo format does not know question type 'essay'") as error:
        types.handler(Essay(id="e", prompt="p", answer="a", locations=at))
    assert error.value.location == at[""]
    with pytest.raises(ValueError, match="'truefalse' is in the table twice"):
        QuestionTypes("demo", {TrueFalse: 1, (TrueFalse, Card): 2})
