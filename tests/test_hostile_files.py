"""What a downloaded bank folder can bring besides the bank: output folders with records and
caches, file names with terminal escapes, links to private files, another bank's id or title.
Each test reproduces the attack first where that is possible, then shows it no longer works.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from quizgen.build import incremental
from quizgen.formats.pdf.cache import Cache, Entry
from quizgen.runtime import seal

BANK = """\
id: {id}
title: {title}
questions:
  - {{id: q1, type: truefalse, prompt: The sky is blue on a clear day, answer: true}}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- records and caches in an output folder ----------------------------------------------------


def forge_page(out: Path, bank_id: str) -> Path:
    """What a bank author can ship: a page with a script, and the record edited to vouch for it,
    sealed with the author's own key (the one the current QUIZGEN_CACHE_DIR holds)."""
    page = out / bank_id / f"{bank_id}.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", "<script>steal()</script></body>"), encoding="utf-8"
    )
    record_path = out / bank_id / incremental.RECORD_NAME
    record = json.loads(record_path.read_text(encoding="utf-8"))
    entry = record["html"]
    entry["files"][page.name] = incremental._file_digest(page)
    entry["seal"] = seal.sign(incremental._sealed_bytes("html", entry))
    record_path.write_text(json.dumps(record), encoding="utf-8")
    return page


def test_a_shipped_page_with_a_record_that_vouches_for_it_is_rebuilt(run_cli, tmp_path, monkeypatch):
    bank = write(tmp_path / "bank" / "sky.yaml", BANK.format(id="sky", title="Sky"))
    out = tmp_path / "bank" / "output"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "author"))
    assert run_cli("build", bank, "-f", "html", "-o", out).exit_code == 0
    page = forge_page(out, "sky")
    result = run_cli("build", bank, "-f", "html", "-o", out)
    assert "up to date:" in result.stdout  # on the author's machine the forgery holds

    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "user"))  # the teacher who downloaded it
    result = run_cli("build", bank, "-f", "html", "-o", out)
    assert result.exit_code == 0
    assert "up to date:" not in result.stdout and "wrote" in result.stdout
    assert "steal()" not in page.read_text(encoding="utf-8")
    # ... and the rebuilt page's own record is trusted from then on.
    assert "up to date:" in run_cli("build", bank, "-f", "html", "-o", out).stdout


def test_a_record_without_a_usable_key_trusts_nothing(run_cli, tmp_path, monkeypatch):
    bank = write(tmp_path / "sky.yaml", BANK.format(id="sky", title="Sky"))
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "not-a-folder" / "quizgen"))
    for _ in range(2):
        result = run_cli("build", bank, "-f", "json", "-o", tmp_path / "out")
        assert result.exit_code == 0 and "wrote" in result.stdout and "up to date:" not in result.stdout


def test_a_pdf_part_from_someone_elses_build_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "parts"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "author"))
    Cache(folder, read_file=lambda path: b"").put("k" * 64, Entry(b"%PDF-1.7 forged", 1, ()))
    assert Cache(folder, read_file=lambda path: b"").get("k" * 64) is not None  # the author's own

    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "user"))
    assert Cache(folder, read_file=lambda path: b"").get("k" * 64) is None
    # Renaming an entry of one's own to another key does not pass either.
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "author"))
    shutil.copyfile(folder / ("k" * 64 + ".part"), folder / ("j" * 64 + ".part"))
    assert Cache(folder, read_file=lambda path: b"").get("j" * 64) is None


def test_the_key_is_private_to_the_user(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "keys"))
    assert seal.sign(b"x") is not None
    key = tmp_path / "keys" / seal.KEY_NAME
    assert key.stat().st_mode & 0o077 == 0 and len(key.read_bytes()) == 32


# -- file names and links -----------------------------------------------------------------------


def test_escapes_in_file_names_never_reach_the_terminal(run_cli, tmp_path):
    name = "\x1b]0;pwned\x07\x1b[2J\u202egpj.yaml"
    bad = write(tmp_path / "banks" / name, BANK.format(id="sky", title="Sky").replace("true}", "maybe}"))
    result = run_cli("validate", bad)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202egpj.yaml:4:" in result.stderr

    good = write(tmp_path / "banks" / "sky.yaml", BANK.format(id="sky", title="Sky"))
    out = tmp_path / "out\x1b[31m"
    result = run_cli("build", good, "-f", "json", "-o", out)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "out\\x1b[31m" in result.stdout


def test_a_bank_linked_from_outside_its_folder_is_not_read(run_cli, tmp_path):
    private = write(tmp_path / "home" / "diary.yaml", "id: x\nmy secret: the safe code is 4711\n")
    folder = tmp_path / "download"
    write(folder / "sky.yaml", BANK.format(id="sky", title="Sky"))
    (folder / "more.yaml").symlink_to(private)
    (folder / "same.yaml").symlink_to("sky.yaml")  # a link inside the folder is fine
    result = run_cli("validate", folder)
    assert result.exit_code == 1
    assert "4711" not in result.stderr + result.stdout
    assert (
        f"{folder / 'more.yaml'}: error: is a symbolic link to {private}, outside {folder}; quizgen "
        f"does not follow it (name the file itself to build it: quizgen build {private})"
    ) in result.stderr
    assert f"{folder / 'same.yaml'}: ok" in result.stdout
    # Named on the command line, it is the user's explicit choice.
    assert "4711" in run_cli("validate", folder / "more.yaml").stderr


# -- one id or one title for two banks ------------------------------------------------------------


def test_a_bank_that_reuses_another_banks_id_in_a_later_build_is_warned_about(run_cli, tmp_path):
    first = write(tmp_path / "a" / "sky.yaml", BANK.format(id="sky", title="Sky"))
    second = write(tmp_path / "b" / "other.yaml", BANK.format(id="sky", title="Other sky"))
    out = tmp_path / "out"
    assert run_cli("build", first, "-f", "json", "-o", out).stderr == ""
    result = run_cli("build", second, "-f", "json", "-o", out)
    assert result.exit_code == 0
    assert (
        f"other.yaml:1:5: warning: bank id 'sky' was last built from {first}; this build replaces "
        f"its outputs in {out / 'sky'}"
    ) in result.stderr
    # Rebuilding the same file is not a warning.
    assert run_cli("build", second, "-f", "json", "-o", out).stderr == ""


def test_two_banks_with_one_title_are_warned_about(run_cli, tmp_path):
    write(tmp_path / "a.yaml", BANK.format(id="sky-a", title="Weather"))
    write(tmp_path / "b.yaml", BANK.format(id="sky-b", title="weather"))
    result = run_cli("validate", tmp_path)
    assert result.exit_code == 0
    assert (
        f"{tmp_path / 'b.yaml'}:2:8: warning: title 'weather' is also the title of {tmp_path / 'a.yaml'}; "
        "in Anki both banks' cards would land in one deck"
    ) in result.stderr
