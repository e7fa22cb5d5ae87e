"""`quizgen check`: citations resolve to a paragraph of the source that holds their evidence.

The sample project in `roots/check/` has a short source document written for these tests
(`source.txt`), a bank whose citations all hold (`good.yaml`) and one with every kind of broken
citation (`broken.yaml`). The tests assert the exact text a user sees and the exit status.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizgen.bank.diagnostics import Location, Report
from quizgen.bank.model import Bank, SourceRef, TrueFalse
from quizgen.commands import grounding

REPO = Path(__file__).resolve().parent.parent
CHECK = Path(__file__).resolve().parent / "roots" / "check"
ARTICLE = REPO.parent / "shared" / "sources" / "muse-spark-article.txt"


@pytest.fixture
def check(run_cli):
    """Run `quizgen check ARGS` inside roots/check, so paths in messages are short and stable."""

    def run(*args: str):
        return run_cli("check", *args, cwd=CHECK)

    return run


# ------------------------------------------------------------------ parsing the source document


def test_the_source_splits_into_sections_of_numbered_paragraphs():
    document = grounding.parse_document((CHECK / "source.txt").read_text(encoding="utf-8"), "source.txt")
    assert {name: len(paragraphs) for name, paragraphs in document.sections.items()} == {
        "": 2,
        "History": 2,
        "Visiting": 1,
        "Frequently asked questions": 2,
        "About the Author": 2,
        "Follow on Mastodon": 0,
    }
    history = document.sections["History"]
    assert [(p.section, p.number, p.line) for p in history] == [("History", 1, 4), ("History", 2, 5)]


def test_a_question_and_its_answer_are_one_paragraph():
    document = grounding.parse_document("FAQ\nQ: Why?\nA: Because.\nQ: Alone?\nQ: Next?\nA: Yes.\nA: Again.\n")
    assert [p.text for p in document.sections["FAQ"]] == [
        "Q: Why?\nA: Because.",
        "Q: Alone?",
        "Q: Next?\nA: Yes.",
        "A: Again.",
    ]


@pytest.mark.parametrize(
    "line, heading",
    [
        ("History", True),
        ("Connect on LinkedIn", True),
        ("Ana R.", False),  # short, but ends like a sentence
        ("Is it open?", False),
        ("Note:", False),
        ("Wow!", False),
        ("Q: Short question", False),
        ("A: Short answer", False),
        ("A heading-like line that is far too long to be a heading at all", False),
    ],
)
def test_which_lines_are_headings(line, heading):
    assert grounding.is_heading(line) is heading


def test_text_before_the_first_heading_is_the_opening_section_named_empty():
    document = grounding.parse_document("Intro one.\n\n   \nIntro two.\nPart\nBody.\n")
    assert [(p.section, p.number, p.line) for p in document.paragraphs] == [("", 1, 1), ("", 2, 4), ("Part", 1, 6)]


def test_a_repeated_heading_continues_its_numbering():
    document = grounding.parse_document("Part\nOne.\nOther\nTwo.\nPart\nThree.\n")
    assert [p.text for p in document.sections["Part"]] == ["One.", "Three."]
    assert [p.number for p in document.sections["Part"]] == [1, 2]


def test_the_opening_section_can_be_cited_as_empty_text():
    # The loader's schema decides whether `section: ""` may be written; grounding accepts it.
    document = grounding.parse_document("Intro with 1871.\nPart\nBody.\n", "doc.txt")
    question = TrueFalse(
        id="q",
        prompt="p",
        answer=True,
        source=(SourceRef(section="", paragraph=1, evidence=("1871",)),),
        locations={"": Location("bank.yaml", 1, 1)},
    )
    report = Report()
    coverage = grounding.ground(Bank(id="b", title="B", questions=(question,)), document, report)
    assert report.diagnostics == []
    assert [(p.label, count) for p, count in coverage.rows] == [("(opening) ¶1", 1), ("Part ¶1", 0)]


def test_evidence_matching_ignores_case_and_runs_of_white_space():
    assert grounding.normalize("  Port\tEVANDER \n Gazette ") == "port evander gazette"


# ------------------------------------------------------------------ the command


def test_a_grounded_bank_passes_and_shows_its_coverage(check):
    result = check("good.yaml", "--source", "source.txt")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == textwrap.dedent("""\
        Coverage of source.txt:
          section                     para  cited  begins with
          (opening)                      1      0  The Gullrock lighthouse stands on a ...
          (opening)                      2      0  It was first lit in 1871 ...
          History                        1      1  Construction began in 1868 under the ...
          History                        2      1  The oil lamp gave way to ...
          Visiting                       1      1  Boats leave Port Evander twice a ...
          Frequently asked questions     1      1  Q: Can visitors climb the tower? ...
          Frequently asked questions     2      1  Q: Is there a cafe on ...
          About the Author               1      1  Ana R.
          About the Author               2      2  Ana writes about coastal heritage for ...
        Uncovered paragraphs (2):
          (opening) ¶1 (line 1): The Gullrock lighthouse stands on a ...
          (opening) ¶2 (line 2): It was first lit in 1871 ...
        Coverage: 7 of 9 paragraphs cited (77.7%)
        """)


def test_a_markdown_source_with_headings_and_hard_wrapped_paragraphs_gives_the_same_citations(check):
    """source.md is source.txt as Markdown: `#` headings, paragraphs wrapped and separated by
    blank lines, emphasis and a link. Every citation of good.yaml holds in both."""
    as_text = check("good.yaml", "--source", "source.txt").stdout
    result = check("good.yaml", "--source", "source.md")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == as_text.replace("source.txt", "source.md").replace(
        "(opening) ¶2 (line 2)", "(opening) ¶2 (line 4)"
    )


def test_markdown_paragraphs_and_list_items():
    document = grounding.parse_document(
        "# Part\nOne line\nwrapped, with *emphasis* and a [link](https://x.invalid).\n\n"
        "- item one\n- item two\n  wrapped\n\n## Next ##\nText.\n",
        "doc.txt",
    )
    assert [(p.section, p.number, p.line, p.text) for p in document.paragraphs] == [
        ("Part", 1, 2, "One line\nwrapped, with emphasis and a link."),
        ("Part", 2, 5, "item one"),
        ("Part", 3, 6, "item two\nwrapped"),
        ("Next", 1, 10, "Text."),
    ]


def test_min_coverage_that_is_met_passes(check):
    assert check("good.yaml", "--source", "source.txt", "--min-coverage", "77.7").exit_code == 0


def test_a_missed_threshold_is_never_shown_rounded_up_to_it(check):
    result = check("good.yaml", "--source", "source.txt", "--min-coverage", "77.8")  # 7/9 = 77.77...
    assert result.exit_code == 1
    assert result.stderr == "error: coverage 77.7% is below --min-coverage 77.8%\n"


def test_min_coverage_that_is_missed_fails(check):
    result = check("good.yaml", "--source", "source.txt", "--min-coverage", "80")
    assert result.exit_code == 1
    assert result.stderr == "error: coverage 77.7% is below --min-coverage 80%\n"
    assert result.stdout.endswith("Coverage: 7 of 9 paragraphs cited (77.7%)\n")


def test_full_coverage_is_reached_when_every_paragraph_is_cited(check, tmp_path):
    source = tmp_path / "source.txt"
    # The same document without its opening paragraphs: every paragraph is cited by good.yaml.
    source.write_text(
        "".join((CHECK / "source.txt").read_text(encoding="utf-8").splitlines(True)[2:]), encoding="utf-8"
    )
    result = check("good.yaml", "--source", str(source), "--min-coverage", "100")
    assert result.exit_code == 0, result.output
    assert "Uncovered paragraphs: none\nCoverage: 7 of 7 paragraphs cited (100.0%)\n" in result.stdout


def test_every_broken_citation_is_reported_where_it_is_written(check):
    result = check("broken.yaml", "--source", "source.txt")
    assert result.exit_code == 1
    messages = [line for line in result.stderr.splitlines() if not line.startswith("    ")]
    assert messages == [
        "broken.yaml:8:23: error: unknown section 'Histroy' in source.txt; did you mean 'History'?",
        "broken.yaml:13:23: error: unknown section 'Prices' in source.txt; its headings are 'History', "
        "'Visiting', 'Frequently asked questions', 'About the Author', 'Follow on Mastodon'",
        "broken.yaml:18:44: error: paragraph 3 is out of range: section 'Visiting' has only 1 paragraph",
        "broken.yaml:23:54: error: paragraph 1 is out of range: section 'Follow on Mastodon' has no paragraphs",
        "broken.yaml:28:65: error: evidence '1871' is not in History ¶1 (line 4 of source.txt)",
        "broken.yaml:33:13: error: the citation of History ¶2 has no evidence; add 'evidence' with "
        "short terms from that paragraph (names, numbers, dates, key phrases)",
        "broken.yaml:34:5: warning: question 'unsourced' has no source",
        "broken.yaml:45:18: warning: evidence 'Boats leave Port Evander twice a day' has 7 words; "
        "keep evidence to short terms of at most 5 words, not copied sentences",
        "6 errors and 2 warnings in 1 file",
    ]


def test_a_diagnostic_shows_the_line_and_a_caret(check):
    result = check("broken.yaml", "--source", "source.txt")
    assert result.stderr.startswith(
        "broken.yaml:8:23: error: unknown section 'Histroy' in source.txt; did you mean 'History'?\n"
        '        source: {section: Histroy, paragraph: 1, evidence: ["Mira Holt"]}\n'
        "                          ^\n"
    )


def test_broken_citations_do_not_count_as_coverage(check):
    result = check("broken.yaml", "--source", "source.txt")
    assert result.stdout.endswith("Coverage: 3 of 9 paragraphs cited (33.3%)\n")


SEVERAL = """\
id: b
title: B
questions:
  - id: timeline
    type: order
    prompt: Earliest first.
    items: [Construction begins, First lit, Electric lantern]
    source:
      - {section: History, paragraph: 1, evidence: ["1868"]}
      - {section: "", paragraph: 2, evidence: ["%s"]}
      - {section: History, paragraph: 2, evidence: ["1932"]}
      - {section: History, paragraph: 1, evidence: ["Mira Holt"]}
"""


def test_a_question_citing_several_paragraphs_covers_each_once(check, tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(SEVERAL % "1871", encoding="utf-8")
    result = check(str(bank), "--source", "source.txt")
    assert result.exit_code == 0, result.stderr
    rows = [line.split()[:3] for line in result.stdout.splitlines()[2:9]]
    assert rows == [
        ["(opening)", "1", "0"],
        ["(opening)", "2", "1"],
        ["History", "1", "1"],
        ["History", "2", "1"],
        ["Visiting", "1", "0"],
        ["Frequently", "asked", "questions"],
        ["Frequently", "asked", "questions"],
    ]
    assert "Coverage: 3 of 9 paragraphs cited (33.3%)" in result.stdout


def test_each_citation_is_checked_against_its_own_paragraph(check, tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(SEVERAL % "1868", encoding="utf-8")  # true of History ¶1, not of the opening ¶2
    result = check(str(bank), "--source", "source.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{bank}:10:48: error: evidence '1868' is not in (opening) ¶2 (line 2 of source.txt)"
    )


def test_a_question_without_source_is_only_a_warning(check, tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "id: b\ntitle: B\nquestions:\n  - {id: q1, type: truefalse, prompt: Granite?, answer: true}\n", encoding="utf-8"
    )
    result = check(str(bank), "--source", "source.txt")
    assert result.exit_code == 0
    assert result.stderr == (
        f"{bank}:4:5: warning: question 'q1' has no source\n"
        "      - {id: q1, type: truefalse, prompt: Granite?, answer: true}\n"
        "        ^\n"
        "0 errors and 1 warning in 1 file\n"
    )


def test_a_bank_that_does_not_load_fails_without_a_table(check, tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text("id: b\ntitle: B\nquestions: [\n", encoding="utf-8")
    result = check(str(bank), "--source", "source.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bank}:4:1: error: YAML syntax error:")


def test_a_source_without_paragraphs_is_an_error(check, tmp_path):
    source = tmp_path / "headings.txt"
    source.write_text("Only\nHeadings\n", encoding="utf-8")
    result = check("good.yaml", "--source", str(source))
    assert result.exit_code == 1
    assert result.stderr == (f"{source}: error: source document has no paragraphs to cite\n1 error in 1 file\n")


def test_a_byte_order_mark_does_not_spoil_the_first_heading(tmp_path):
    source = tmp_path / "bom.txt"
    source.write_bytes(b"\xef\xbb\xbfIntro\r\nBody.\r\n")
    document = grounding.read_document(source, Report())
    assert [(p.section, p.text) for p in document.paragraphs] == [("Intro", "Body.")]


def test_a_source_that_is_not_utf8_is_an_error(check, tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("Caf\u00e9 history.\n".encode("latin-1"))
    result = check("good.yaml", "--source", str(source))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}: error: source document is not valid UTF-8 (byte offset 3)")


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["good.yaml"], "Missing option '--source'"),
        (["good.yaml", "--source", "missing.txt"], "'missing.txt' does not exist"),
        (["missing.yaml", "--source", "source.txt"], "'missing.yaml' does not exist"),
        (["good.yaml", "--source", "source.txt", "--min-coverage", "101"], "101"),
    ],
)
def test_usage_mistakes_exit_2(check, args, complaint):
    result = check(*args)
    assert result.exit_code == 2
    assert complaint in result.stderr


# ------------------------------------------------------------------ the real bank


@pytest.mark.skipif(not ARTICLE.exists(), reason="the Muse Spark article is not beside the repository")
def test_the_muse_spark_bank_is_grounded_in_its_article(run_cli):
    result = run_cli("check", REPO / "questions" / "muse-spark.yaml", "--source", ARTICLE, "--min-coverage", "100")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
