"""The command line as a user meets it: exit codes, messages, files written."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from quizgen import __version__
from tests.support.process import REPO, run_quizgen_process


def with_id(text: str, bank_id: str) -> str:
    return re.sub(r"^id: \S+", f"id: {bank_id}", text, count=1, flags=re.M)


BAD_BANK = "id: t\ntitle: T\nquestions:\n  - {id: q1, type: single, prompt: x, choices: [a, b], answer: c}\n"


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"quizgen, version {__version__}"


def test_help_lists_every_command(run_cli):
    from quizgen.cli import cli

    result = run_cli("--help")
    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)  ", result.output.split("Commands:", 1)[1], re.M)
    assert listed and sorted(listed) == sorted(name for name, command in cli.commands.items() if not command.hidden)


def test_validate_ok_bank_exits_0(run_cli, example_bank):
    result = run_cli("validate", example_bank)
    assert result.exit_code == 0
    count = len(yaml.safe_load(example_bank.read_text())["questions"])
    assert result.stdout == f"{example_bank}: ok, {count} questions\n"


def test_validate_counts_one_question_in_the_singular(run_cli, write_bank):
    bank = write_bank("id: t\ntitle: T\nquestions:\n  - {id: q, type: truefalse, prompt: x, answer: true}\n")
    result = run_cli("validate", bank)
    assert result.stdout == f"{bank}: ok, 1 question\n"


def test_validate_bad_bank_reports_every_problem_and_exits_1(run_cli, write_bank):
    bank = write_bank(BAD_BANK + "  - {id: q2, type: truefalse, prompt: x, answer: maybe}\n")
    result = run_cli("validate", bank)
    assert result.exit_code == 1
    assert f"{bank}:4:64: error: answer 'c' is not one of the choices\n" in result.stderr
    assert f"{bank}:5:50: error: 'answer' must be true or false, got 'maybe'\n" in result.stderr
    assert result.stderr.rstrip().endswith("2 errors in 1 file")
    assert "Traceback" not in result.stderr


def test_build_json_writes_the_bank_to_output_bank_id(run_cli, example_bank, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", example_bank, "-o", out, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads((out / "example" / "example.json").read_text())
    written = yaml.safe_load(example_bank.read_text())
    assert data["quizgen_format"] == 2
    assert data["id"] == written["id"] == "example"
    assert [q["type"] for q in data["questions"]] == [q["type"] for q in written["questions"]]
    assert "wrote" in result.stdout


def test_json_export_lists_citations_and_lint_settings(run_cli, write_bank, tmp_path):
    bank = write_bank(
        "id: b\ntitle: B\nquestions:\n"
        "  - {id: q, type: card, front: F, back: B, source: {section: S, paragraph: 1, evidence: x},\n"
        "     lint: {ignore: reverse-question-card, why: Because}}\n"
    )
    assert run_cli("build", bank, "-o", tmp_path / "out", "-f", "json").exit_code == 0
    question = json.loads((tmp_path / "out" / "b" / "b.json").read_text())["questions"][0]
    assert question["source"] == [{"section": "S", "paragraph": 1, "evidence": ["x"]}]
    assert question["lint"] == {"ignore": ["reverse-question-card"], "why": "Because"}


def test_json_export_holds_what_the_yaml_says(example_bank, run_cli, tmp_path):
    """The JSON export round-trips: every field the author wrote comes back with its value."""
    run_cli("build", example_bank, "-o", tmp_path, "-f", "json")
    exported = json.loads((tmp_path / "example" / "example.json").read_text())
    written = yaml.safe_load(example_bank.read_text())
    for source, out in zip(written["questions"], exported["questions"], strict=True):
        for key, value in source.items():
            if key == "answer" and isinstance(out[key], list) and not isinstance(value, list):
                value = [value]
            assert out[key] == value, (source["id"], key)


def test_build_with_no_paths_builds_every_bank_under_questions(run_cli, tmp_path):
    (tmp_path / "questions" / "sub").mkdir(parents=True)
    for name in ("one", "two"):
        text = with_id((REPO / "templates" / "new" / "bank.yaml").read_text(), name)
        (tmp_path / "questions" / "sub" / f"{name}.yaml").write_text(text)
    result = run_cli("build", "-f", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "one" / "one.json").is_file()
    assert (tmp_path / "output" / "two" / "two.json").is_file()


def test_invalid_bank_leaves_earlier_outputs_untouched_and_others_build(run_cli, write_bank, example_bank, tmp_path):
    out = tmp_path / "out"
    good = write_bank(with_id(example_bank.read_text(), "good"), "banks/good.yaml")
    assert run_cli("build", good, "-o", out, "-f", "json").exit_code == 0
    before = (out / "good" / "good.json").read_bytes()
    good.write_text(good.read_text().replace("answer: Paris", "answer: Pariss"))
    other = write_bank(with_id(example_bank.read_text(), "other"), "banks/other.yaml")
    result = run_cli("build", good, other, "-o", out, "-f", "json")
    assert result.exit_code == 1
    assert "answer 'Pariss' is not one of the choices; did you mean 'Paris'?" in result.stderr
    assert (out / "good" / "good.json").read_bytes() == before
    assert (out / "other" / "other.json").is_file()
    assert not list(out.rglob("*.tmp"))


def test_two_banks_with_the_same_id_are_an_error(run_cli, write_bank, example_bank, tmp_path):
    first = write_bank(example_bank.read_text(), "a.yaml")
    second = write_bank(example_bank.read_text(), "b.yaml")
    result = run_cli("build", first, second, "-o", tmp_path / "out", "-f", "json")
    assert result.exit_code == 1
    assert (
        f"{second}:6:5: error: bank id 'example' is also used by {first}; both would build into the same output folder"
    ) in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["build", "-f", "docx"], "unknown format 'docx'"),
        (["build", "missing.yaml"], "missing.yaml: no such file or folder"),
        (["validate", "empty-dir"], "no bank files (*.yaml) found in empty-dir"),
        (["build", "--versions", "0"], "Invalid value for '--versions'"),
    ],
)
def test_usage_mistakes_exit_2(run_cli, tmp_path, args, message):
    (tmp_path / "empty-dir").mkdir()
    result = run_cli(*args, cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr


def test_new_writes_a_bank_that_validates_and_refuses_to_overwrite(run_cli, tmp_path):
    path = tmp_path / "My Quiz.yaml"
    result = run_cli("new", path)
    assert result.exit_code == 0
    assert "id: my-quiz" in path.read_text()
    assert run_cli("validate", path).exit_code == 0
    again = run_cli("new", path)
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_schema_accepts_valid_banks_and_rejects_broken_ones(run_cli, example_bank):
    result = run_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for bank in (example_bank, REPO / "questions" / "muse-spark.yaml"):
        errors = list(validator.iter_errors(yaml.safe_load(bank.read_text())))
        assert errors == [], bank
    broken = yaml.safe_load(example_bank.read_text())
    broken["questions"][0]["promt"] = "typo"
    broken["questions"][3]["answer"] = True  # a short answer must be text
    del broken["title"]
    messages = sorted(e.message for e in validator.iter_errors(broken))
    assert any("'title' is a required property" in m for m in messages)
    assert any("'promt' was unexpected" in m for m in messages)
    # A numeric question's `other_decimal` (docs/format.md): hint or accept, and nothing else.
    numeric = yaml.safe_load(example_bank.read_text())
    question = next(q for q in numeric["questions"] if q["type"] == "numeric")
    question["other_decimal"] = "accept"
    assert list(validator.iter_errors(numeric)) == []
    question["other_decimal"] = "maybe"
    assert [e.message for e in validator.iter_errors(numeric)] == ["'maybe' is not one of ['hint', 'accept']"]


def test_every_error_path_is_a_message_not_a_traceback(tmp_path):
    """Run as a real process over a file of many mistakes, as a user would."""
    bank = tmp_path / "bank.yaml"
    bank.write_bytes(b"id: [\n")
    result = run_quizgen_process("build", bank, "-f", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bank}:2:1: error: YAML syntax error:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["docs"]])
def test_help_does_not_import_heavy_libraries(tmp_path, args):
    code = (
        "import sys; from quizgen.cli import cli\n"
        f"try:\n    cli({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'genanki', 'markdown_it', 'nh3', 'yaml', 'jinja2') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    result = run_quizgen_process_code(code, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY:"


def run_quizgen_process_code(code: str, cwd: Path):
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


def test_build_files_honour_the_umask(run_cli, example_bank, tmp_path):
    old = os.umask(0o027)
    try:
        run_cli("build", example_bank, "-o", tmp_path / "out", "-f", "json")
    finally:
        os.umask(old)
    mode = (tmp_path / "out" / "example" / "example.json").stat().st_mode & 0o777
    assert mode == 0o640


def test_a_changed_catalog_or_grading_script_rebuilds_the_outputs(run_cli, example_bank, tmp_path, monkeypatch):
    """Someone translating a catalog (or changing the grading script) sees the new words on the
    next build: quizgen's data files are inputs of every output, like its code."""
    from quizgen.build import incremental

    package = tmp_path / "package"  # a copy: the installed quizgen is left alone
    shutil.copytree(Path(incremental.__file__).parent.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(incremental, "_PACKAGE", package)
    out = tmp_path / "out"
    incremental._code_digest.cache_clear()
    assert "1 written" in run_cli("build", example_bank, "-o", out, "-f", "json").stdout
    assert "up to date: " in run_cli("build", example_bank, "-o", out, "-f", "json").stdout
    for changed in (package / "locale" / "fr" / "LC_MESSAGES" / "quizgen.po", package / "grading" / "grading.js"):
        changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        incremental._code_digest.cache_clear()  # a new process reads the files again
        assert "1 written" in run_cli("build", example_bank, "-o", out, "-f", "json").stdout, changed
    incremental._code_digest.cache_clear()


def test_unchanged_outputs_are_not_rebuilt_unless_forced(run_cli, example_bank, tmp_path):
    out = tmp_path / "out"
    assert "1 written, 0 up to date" in run_cli("build", example_bank, "-o", out, "-f", "json").stdout
    target = out / "example" / "example.json"
    assert "up to date: " in run_cli("build", example_bank, "-o", out, "-f", "json").stdout

    target.write_text("tampered")  # an output changed by hand is rebuilt
    assert "1 written" in run_cli("build", example_bank, "-o", out, "-f", "json").stdout
    assert json.loads(target.read_text())["id"] == "example"

    assert "1 written" in run_cli("build", example_bank, "-o", out, "-f", "json", "--force").stdout
    # JSON reads no seed (quizgen.formats.json declares no option): another seed changes nothing.
    assert "up to date: " in run_cli("build", example_bank, "-o", out, "-f", "json", "--seed", "7").stdout
    example_bank.write_text(example_bank.read_text().replace("Lyon", "Lille"))
    assert "1 written" in run_cli("build", example_bank, "-o", out, "-f", "json").stdout
    assert "Lille" in target.read_text()


def test_many_banks_build_in_parallel_to_the_same_bytes_as_one_process(run_cli, example_bank, tmp_path):
    banks = tmp_path / "banks"
    banks.mkdir()
    for name in ("one", "two", "three"):
        (banks / f"{name}.yaml").write_text(with_id(example_bank.read_text(), name))
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = run_cli("build", banks, "-o", out, "-f", "json,html,anki", "--jobs", jobs)
        assert result.exit_code == 0, result.output
        assert "9 written, 0 up to date" in result.stdout
        outputs[jobs] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert outputs["1"] == outputs["2"]


def test_a_seed_or_versions_change_rebuilds_only_what_it_changes(run_cli, write_bank, tmp_path):
    """`--seed` rebuilt every deck and package that declares it, even where it shuffles nothing of
    the bank; `--versions` is read only by the printed formats."""
    bank = write_bank("""\
id: seeded
title: Seeded
questions:
  - {id: s, type: single, prompt: Pick., choices: [One, Two, Three], answer: One}
  - {id: t, type: truefalse, prompt: True?, answer: true}
""")
    out = tmp_path / "out"

    def build(*extra: str) -> set[str]:
        result = run_cli("build", bank, "-o", out, "-f", "json,html,anki,qti", *extra)
        assert result.exit_code == 0, result.output
        return {Path(line.split()[1]).name for line in result.stdout.splitlines() if line.startswith("wrote ")}

    assert len(build()) == 4
    # The page shuffles the choices with the seed; the deck and the QTI package shuffle no choice.
    assert build("--seed", "7") == {"seeded.html"}
    assert build("--seed", "7", "--versions", "3") == set()  # no printed format here
    bank.write_text(bank.read_text() + "  - {id: o, type: order, prompt: Sort., items: [A, B, C, D]}\n")
    assert len(build("--seed", "7")) == 4  # the bank changed
    assert build("--seed", "8") == {"seeded.html", "seeded.apkg", "seeded-qti.zip"}  # an order to scramble


def test_formats_declare_what_a_seed_or_versions_change(write_bank):
    """Which outputs count a change of --seed or --versions (quizgen.build.incremental), checked on
    the fingerprints themselves: the printed formats are too slow to build for each case here."""
    from quizgen.bank.load import load_bank
    from quizgen.build.incremental import fingerprint
    from quizgen.formats import BuildOptions

    plain = load_bank(
        write_bank(
            "id: b\ntitle: B\nquestions:\n  - {id: c, type: card, front: F, back: B}\n"
            "  - {id: s, type: single, prompt: P, choices: [x, y], answer: x}\n"
        )
    ).bank

    def changes(name: str, change: dict, **base) -> bool:
        before, after = BuildOptions(**base), BuildOptions(**{**base, **change})
        return fingerprint(plain, name, after, []) != fingerprint(plain, name, before, [])

    every = ("pdf", "sheets", "html", "anki", "cards", "qti", "moodle")
    assert {name for name in every if changes(name, {"seed": 3})} == {"pdf", "sheets", "html"}
    assert changes("cards", {"seed": 3}, card_answers=True)  # a choice card's front is shuffled
    assert {name for name in every if changes(name, {"versions": 2})} == {"pdf", "sheets"}


@pytest.mark.pdf
def test_an_option_rebuilds_only_the_formats_that_read_it(run_cli, example_bank, tmp_path):
    """A format's outputs depend on the options it declares: --subdecks is Anki's, so it rebuilds
    the deck and leaves the PDFs (slow to render) and the rest as they are."""
    from quizgen import formats

    assert [o.name for o in formats.declaration("anki").options if o.name == "subdecks"] == ["subdecks"]
    assert "subdecks" not in [o.name for o in formats.declaration("pdf").options]
    out = tmp_path / "out"

    def build(*extra: str) -> tuple[set[str], set[str]]:
        result = run_cli("build", example_bank, "-o", out, "-f", "json,anki,pdf", *extra)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        return (
            {Path(line.split()[1]).name for line in lines if line.startswith("wrote ")},
            {Path(line.split()[-1]).name for line in lines if line.startswith("up to date: ")},
        )

    assert build()[0] == {"example.json", "example.apkg", "example-paper.pdf", "example-key.pdf"}
    assert build("--subdecks") == ({"example.apkg"}, {"example.json", "example-paper.pdf", "example-key.pdf"})
    # An option the PDF reads rebuilds it, and the deck (built with --subdecks) again without it.
    assert build("--collate")[0] == {
        "example.apkg",
        "example-paper.pdf",
        "example-key.pdf",
        "example-papers.pdf",
        "example-keys.pdf",
    }


def test_quiet_build_prints_nothing_and_no_progress_bar_outside_a_terminal(run_cli, example_bank, tmp_path):
    quiet = run_cli("build", example_bank, "-o", tmp_path / "q", "-f", "json,html", "--quiet")
    assert quiet.exit_code == 0
    assert quiet.stdout == "" and quiet.stderr == ""
    loud = run_cli("build", example_bank, "-o", tmp_path / "l", "-f", "json,html")
    assert loud.stderr == ""  # no progress bar: standard error is not a terminal
    assert loud.stdout.splitlines()[-1].startswith("2 written, 0 up to date in ")


def test_a_format_whose_library_is_missing_is_reported_once_and_the_others_still_build(
    run_cli, example_bank, tmp_path, monkeypatch
):
    from quizgen import formats

    real_load = formats.load

    def load(name):
        if name == "pdf":
            raise formats.FormatUnavailable("the pdf format cannot be used: no module named 'weasyprint'")
        return real_load(name)

    monkeypatch.setattr(formats, "load", load)
    second = tmp_path / "second.yaml"
    second.write_text(with_id(example_bank.read_text(), "second"))
    result = run_cli("build", example_bank, second, "-o", tmp_path / "out", "-f", "json,pdf", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.count("error: the pdf format cannot be used: no module named 'weasyprint'") == 1
    assert (tmp_path / "out" / "example" / "example.json").is_file()
    assert (tmp_path / "out" / "second" / "second.json").is_file()


# ------------------------------------------------------------------ the user's system, not a bug


@pytest.mark.parametrize(
    "output, message",
    [
        ("/proc/quizgen-out", "error: cannot write /proc/quizgen-out: No such file or directory"),
        ("a-file/out", "error: cannot write a-file/out: Not a directory"),
    ],
)
def test_an_output_folder_that_cannot_be_made_is_named_with_the_reason(
    run_cli, example_bank, tmp_path, output, message
):
    (tmp_path / "a-file").write_text("not a folder")
    result = run_cli("build", example_bank, "-o", output, "-f", "json,html", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"


def test_a_read_only_output_folder_is_named_once_with_the_reason(run_cli, example_bank, tmp_path, monkeypatch):
    import errno
    import tempfile

    def read_only(*args, dir=None, **kwargs):  # what the kernel says for a folder we may not write
        raise PermissionError(errno.EACCES, "Permission denied", os.path.join(dir, "x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = run_cli("build", example_bank, "-o", tmp_path / "out", "-f", "json,html", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {tmp_path / 'out' / 'example'}: Permission denied\n"


def test_an_unwritable_schema_file_is_the_users_situation_not_a_bug(run_cli, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    result = run_cli("schema", "-o", tmp_path / "a-file" / "schema.json")
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {tmp_path / 'a-file'}: it is a file, not a folder\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_shows_the_traceback_of_a_bug_before_or_after_the_command(run_cli, example_bank, monkeypatch, where):
    from quizgen.build import pipeline as build

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(build, "validate", broken)
    quiet = run_cli("validate", example_bank)
    assert quiet.exit_code == 1
    assert "internal error: RuntimeError('a bug'). This is a bug in quizgen" in quiet.stderr
    args = ["--verbose", "validate", example_bank] if where == "before" else ["validate", "--verbose", example_bank]
    with pytest.raises(RuntimeError, match="a bug"):
        run_cli(*args)


def test_format_names_ignore_letter_case(run_cli, example_bank, tmp_path):
    result = run_cli("build", example_bank, "-o", tmp_path, "-f", "JSON", "-f", "Html,json")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "example").glob("example.*")) == ["example.html", "example.json"]


@pytest.mark.parametrize("value", ["", " , "])
def test_an_empty_format_is_refused_rather_than_building_everything(run_cli, example_bank, tmp_path, value):
    from quizgen import formats

    result = run_cli("build", example_bank, "-o", tmp_path, "-f", value)
    assert result.exit_code == 2
    assert (
        f"Invalid value for '-f' / '--format': no format given; name one or more of: {', '.join(formats.names())}"
    ) in " ".join(result.stderr.split())
    assert not (tmp_path / "example").exists()


def test_build_help_lists_the_format_names_from_the_registry(run_cli):
    from quizgen import formats

    help_text = " ".join(run_cli("build", "--help").stdout.split())
    assert f"Formats to build (default: all but sheets): {', '.join(formats.names())}." in help_text


@pytest.mark.parametrize("misplaced", ["paper.html.j2", "templates/pdf/paper.html.j2", "pdf/paper.html"])
def test_a_templates_folder_that_overrides_nothing_says_so(run_cli, example_bank, tmp_path, misplaced):
    folder = tmp_path / "mine"
    (folder / misplaced).parent.mkdir(parents=True, exist_ok=True)
    (folder / misplaced).write_text("never read")
    result = run_cli("build", example_bank, "-o", tmp_path / "out", "-f", "html", "--templates", folder)
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: --templates {folder}: nothing in it replaces a bundled template of html, so it changes "
        f"nothing; an override goes where the bundled file is, under a folder named after its format, e.g. "
        f"{folder / 'html' / 'page.html'} (see `quizgen docs html`)\n"
    )


def test_a_templates_folder_in_the_expected_layout_is_used_without_a_warning(run_cli, example_bank, tmp_path):
    folder = tmp_path / "mine" / "html"
    folder.mkdir(parents=True)
    (folder / "quiz.css").write_text((REPO / "templates" / "html" / "quiz.css").read_text() + "\n/* mine */\n")
    result = run_cli("build", example_bank, "-o", tmp_path / "out", "-f", "html", "--templates", folder.parent)
    assert result.exit_code == 0 and result.stderr == ""
    assert "/* mine */" in (tmp_path / "out" / "example" / "example.html").read_text()


def test_a_system_error_anywhere_names_the_path_and_is_not_called_a_bug(run_cli, example_bank, monkeypatch):
    import errno

    from quizgen.build import pipeline as build

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/somewhere/locked")

    monkeypatch.setattr(build, "validate", denied)
    result = run_cli("validate", example_bank)
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot use /somewhere/locked: Permission denied\n"


@pytest.mark.pdf
def test_a_default_build_counts_long_lists_of_notes_and_naming_the_format_lists_them(run_cli, tmp_path):
    """The real bank has a dozen or more notes per LMS format; an author who ran a plain `quizgen
    build` gets one line per format saying how many and the command that lists them."""
    folder = tmp_path / "questions"  # a copy: the build updates the Anki state beside the bank
    shutil.copytree(REPO / "questions", folder)
    bank = folder / "muse-spark.yaml"
    out = tmp_path / "out"
    result = run_cli("build", "-f", "json", "-o", out, bank)  # named formats: every note listed
    assert result.exit_code == 0
    plain = run_cli("build", "-o", out, bank)
    assert plain.exit_code == 0, plain.stderr
    summaries = re.findall(
        r"^(\S+): note: (\w+): (\d+) notes on what this format carries differently; "
        r"`(quizgen build -f \w+ --force \S+)` lists them$",
        plain.stderr,
        re.M,
    )
    assert {name for _, name, _, _ in summaries} >= {"moodle", "gift"}, plain.stderr
    assert all(path == str(bank) for path, *_ in summaries)
    assert len(plain.stderr.splitlines()) < 10, plain.stderr
    _, name, count, command = next(s for s in summaries if s[1] == "moodle")
    named = run_cli(*command.split()[1:], "-o", out)
    listed = [line for line in named.stderr.splitlines() if ": note: " in line]
    assert named.exit_code == 0 and len(listed) == int(count) > 3, named.stderr
