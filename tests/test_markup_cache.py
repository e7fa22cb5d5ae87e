"""Markdown parsed by one build is reused by the next, and a tampered cache injects nothing."""

from __future__ import annotations

import json
import os

import pytest

from quizgen.runtime import seal
from quizgen.text import markup


@pytest.fixture(autouse=True)
def cold_process():
    markup.forget()
    yield
    markup.forget()


def read_cache(path):
    """The cache's JSON (its first line is the seal)."""
    return json.loads(path.read_bytes().partition(b"\n")[2])


def write_cache(path, data):
    """Write `data` as a cache sealed with the current user's key."""
    payload = json.dumps(data).encode()
    path.write_bytes(seal.sign(payload).encode() + b"\n" + payload)


def build_html(run_cli, bank, out):
    result = run_cli("build", bank, "-o", out, "-f", "html", "--force")
    assert result.exit_code == 0, result.output
    return (out / "example" / "example.html").read_text(encoding="utf-8")


def test_a_rebuild_reuses_the_markdown_parsed_by_the_previous_build(run_cli, example_bank, tmp_path, monkeypatch):
    first = build_html(run_cli, example_bank, tmp_path)
    cache = tmp_path / "example" / ".quizgen-cache" / "markdown-html.json"
    # What was parsed (a plain text, such as most prompts, is never parsed: markup._PLAIN)
    assert "*Bonjour*" in read_cache(cache)["block"]

    markup.forget()  # a new process: nothing in memory, only the file

    def no_parsing():
        raise AssertionError("Markdown was parsed again")

    monkeypatch.setattr(markup, "_parser", no_parsing)
    assert build_html(run_cli, example_bank, tmp_path) == first


def test_a_tampered_cache_is_sanitised_like_fresh_markdown(run_cli, example_bank, tmp_path):
    """Even a cache that carries this user's seal (say, edited by someone who got the key)."""
    build_html(run_cli, example_bank, tmp_path)
    cache = tmp_path / "example" / ".quizgen-cache" / "markdown-html.json"
    data = read_cache(cache)
    data["block"]["*Bonjour*"] = '<p onclick="alert(1)">x<script>alert(2)</script></p>'
    write_cache(cache, data)
    markup.forget()
    page = build_html(run_cli, example_bank, tmp_path)
    assert "alert(" not in page and "onclick" not in page


def test_an_outdated_or_corrupt_cache_is_ignored(run_cli, example_bank, tmp_path):
    first = build_html(run_cli, example_bank, tmp_path)
    cache = tmp_path / "example" / ".quizgen-cache" / "markdown-html.json"
    for broken in (
        '{"version": "old", "block": {"*Bonjour*": "<p>stale</p>"}}',
        "{not json",
        '["a list"]',
    ):
        cache.write_text(broken)
        markup.forget()
        assert build_html(run_cli, example_bank, tmp_path) == first


def test_a_cache_from_someone_elses_build_is_not_trusted(run_cli, example_bank, tmp_path, monkeypatch):
    """A downloaded output folder's cache mapped a prompt to text that is nowhere in the bank, and
    the page showed it. Sealed with the author's key, it does not verify with the user's."""
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "author-key"))
    build_html(run_cli, example_bank, tmp_path / "out")
    cache = tmp_path / "out" / "example" / ".quizgen-cache" / "markdown-html.json"
    data = read_cache(cache)
    data["block"]["*Bonjour*"] = "<p>The answer is Atlantis.</p>"
    write_cache(cache, data)  # the author's own seal: valid for the author
    markup.forget()
    assert "Atlantis" in build_html(run_cli, example_bank, tmp_path / "out")  # the author's machine

    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(tmp_path / "user-key"))
    markup.forget()
    page = build_html(run_cli, example_bank, tmp_path / "out")
    assert "Atlantis" not in page and "<em>Bonjour</em>" in page


def test_the_seal_key_is_never_visible_before_it_is_written(tmp_path, monkeypatch):
    """Another build starting at the same moment reads the key file as soon as it exists: it
    must never exist empty or half written (that build would trust nothing, or sign with a
    key nobody else has)."""
    key_path = tmp_path / "keys" / seal.KEY_NAME
    seen_while_writing = []
    real_urandom = os.urandom

    def urandom(size):
        if size == seal._KEY_BYTES:
            seen_while_writing.append(key_path.exists())
        return real_urandom(size)

    monkeypatch.setattr(os, "urandom", urandom)
    key = seal._key_in(key_path.parent)
    assert seen_while_writing == [False]
    assert key is not None and key_path.read_bytes() == key
    assert sorted(p.name for p in key_path.parent.iterdir()) == [seal.KEY_NAME]  # no draft left behind
