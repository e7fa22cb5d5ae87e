"""Markdown parsed by one build is reused by the next, and a tampered cache injects nothing."""

from __future__ import annotations

import json

import pytest

from quizgen import markup


@pytest.fixture(autouse=True)
def cold_process():
    markup.forget()
    yield
    markup.forget()


def build_html(run_cli, bank, out):
    result = run_cli("build", bank, "-o", out, "-f", "html", "--force")
    assert result.exit_code == 0, result.output
    return (out / "example" / "example.html").read_text(encoding="utf-8")


def test_a_rebuild_reuses_the_markdown_parsed_by_the_previous_build(run_cli, example_bank, tmp_path, monkeypatch):
    first = build_html(run_cli, example_bank, tmp_path)
    cache = tmp_path / "example" / ".quizgen-cache" / "markdown-html.json"
    assert "What is the capital of France?" in json.loads(cache.read_text())["block"]

    markup.forget()  # a new process: nothing in memory, only the file

    def no_parsing():
        raise AssertionError("Markdown was parsed again")
    monkeypatch.setattr(markup, "_parser", no_parsing)
    assert build_html(run_cli, example_bank, tmp_path) == first


def test_a_tampered_cache_is_sanitised_like_fresh_markdown(run_cli, example_bank, tmp_path):
    build_html(run_cli, example_bank, tmp_path)
    cache = tmp_path / "example" / ".quizgen-cache" / "markdown-html.json"
    data = json.loads(cache.read_text())
    data["block"]["What is the capital of France?"] = '<p onclick="alert(1)">x<script>alert(2)</script></p>'
    cache.write_text(json.dumps(data))
    markup.forget()
    page = build_html(run_cli, example_bank, tmp_path)
    assert "alert(" not in page and "onclick" not in page


def test_an_outdated_or_corrupt_cache_is_ignored(run_cli, example_bank, tmp_path):
    first = build_html(run_cli, example_bank, tmp_path)
    cache = tmp_path / "example" / ".quizgen-cache" / "markdown-html.json"
    for broken in ('{"version": "old", "block": {"What is the capital of France?": "<p>stale</p>"}}',
                   "{not json", '["a list"]'):
        cache.write_text(broken)
        markup.forget()
        assert build_html(run_cli, example_bank, tmp_path) == first
