"""The format registry: what each format declares (name, suffixes, options), and `quizgen
build`'s flags gathered from the declarations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizgen import formats
from quizgen.formats import options as shared
from tests.conftest import REPO


def python(code: str, *, path: list[Path] = (), cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, [REPO, *path]))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)


def quizgen(*args, path: list[Path] = (), cwd: Path | None = None) -> subprocess.CompletedProcess:
    return python(f"from quizgen.cli import main; import sys; sys.argv = ['quizgen', *{list(map(str, args))!r}]; main()",
                  path=path, cwd=cwd)


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
                assert option in (shared.SEED, shared.VERSIONS, shared.PAPER, shared.TAG_CATEGORIES), option


def test_build_help_names_the_formats_reading_each_option(run_cli):
    help_text = " ".join(run_cli("build", "--help").stdout.split())
    assert "--subdecks anki: one subdeck per tag" in help_text
    assert "--paper [a4|letter] pdf, cards, sheets: the paper size. [default: a4]" in help_text
    assert "--versions INTEGER RANGE pdf, sheets: printed versions" in help_text


def test_build_help_reads_only_the_declarations():
    """`quizgen build --help` lists every format's options without importing any format's build
    code, nor the libraries behind it, nor the bank model."""
    result = python("import sys\nfrom quizgen.cli import cli\ntry:\n    cli(['build', '--help'])\n"
                    "except SystemExit:\n    pass\n"
                    "print(sorted(m for m in sys.modules if m.endswith('.format') or m.split('.')[0] in "
                    "('weasyprint', 'genanki', 'cv2', 'segno', 'pypdf', 'jinja2', 'markdown_it', 'nh3', 'babel'))"
                    " + [m for m in ('quizgen.bank.model', 'quizgen.build.pipeline') if m in sys.modules])")
    assert result.returncode == 0, result.stderr
    assert "--card-answers" in result.stdout
    assert result.stdout.splitlines()[-1] == "[]"


def test_build_options_take_any_declared_option_and_refuse_others():
    options = formats.BuildOptions(versions=3)
    assert (options.versions, options.seed, options.subdecks, options.paper) == (3, 0, False, "a4")
    with pytest.raises(TypeError, match="no format declares the option 'version'"):
        formats.BuildOptions(version=3)
    with pytest.raises(AttributeError):
        options.colour
