"""`quizgen report` and `quizgen lint --results`: every statistic against values worked out by
hand and against NumPy's own formulas, the four result files a teacher has (grade's results.csv
of several versions, the page's exported attempts, Moodle's Responses report, Canvas's Student
Analysis), the flags a mis-keyed question raises, the lint warnings at the bank's lines, bad
input as located errors, and the report in Chromium (no request, no error, axe clean, RTL)."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from pathlib import Path

import pytest

from quizgen import grading
from quizgen.bank.load import load_bank
from quizgen.grading import statistics

BANK = """\
id: geo
title: Geography
sections:
  - title: Places
    questions:
      - id: capital
        type: single
        prompt: Capital of France?
        choices: [Paris, Lyon, Nice, Lille]
        answer: Paris
        tags: [europe]
      - id: river
        type: single
        prompt: Longest river in Europe?
        choices: [Volga, Danube, Rhine]
        answer: Danube
        tags: [europe]
  - title: Other
    questions:
      - id: primes
        type: multiple
        prompt: Which are prime?
        choices: ["2", "3", "4", "5"]
        answer: ["2", "3", "5"]
        tags: [maths]
      - id: sky
        type: truefalse
        prompt: The sky is blue.
        answer: true
"""


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# --------------------------------------------------------------------- the statistics by hand

# Five students, three questions right (1) or wrong (0), one point each.
MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]


def test_each_statistic_matches_the_value_worked_by_hand():
    totals = [sum(row) for row in MATRIX]  # 3 2 2 1 0
    first = [row[0] for row in MATRIX]
    assert statistics.facility(first) == pytest.approx(0.6)
    # Rest scores 2 1 1 1 0 against 1 1 1 0 0: sum dxdy = 1.0, sum dx^2 = 1.2, sum dy^2 = 2.
    assert statistics.corrected_point_biserial(first, 1, totals) == pytest.approx(1 / math.sqrt(2.4))
    # KR-20: p = .6 .6 .4, sum pq = .72; totals' variance 1.04; 3/2 * (1 - .72/1.04) = 6/13.
    found = statistics.reliability(MATRIX)
    assert found is not None and found.name == "KR-20" and found.value == pytest.approx(6 / 13)
    # 27% of 5 is one student a group: the best (3) and the worst (0).
    split = statistics.groups(totals)
    assert split == statistics.Groups(lower=(4,), upper=(0,))
    assert statistics.upper_minus_lower(dict(enumerate(first)), split) == 1.0
    summary = statistics.summary(totals)
    assert (summary.mean, summary.median) == (1.6, 2) and summary.sd == pytest.approx(math.sqrt(5.2 / 4))


def test_part_marks_give_cronbachs_alpha_worked_by_hand():
    # Two questions of one point: variances .171875 each, totals' .5625: 2 * (1 - .34375/.5625) = 7/9.
    found = statistics.reliability([[1, 1], [0.5, 1], [0, 0], [1, 0.5]])
    assert found is not None and found.name == "Cronbach's alpha" and found.value == pytest.approx(7 / 9)


def test_the_statistics_agree_with_numpy_on_a_larger_class():
    np = pytest.importorskip("numpy")
    rng = random.Random(7)
    ability = [rng.random() for _ in range(60)]
    rows = [[min(1.0, max(0.0, round(a + rng.uniform(-0.5, 0.5), 1))) for _ in range(6)] for a in ability]
    table = np.array(rows)
    totals = table.sum(axis=1)
    for j in range(6):
        rest = totals - table[:, j]
        want = np.corrcoef(table[:, j], rest)[0, 1]
        assert statistics.corrected_point_biserial(list(table[:, j]), 1, list(totals)) == pytest.approx(want)
    k = table.shape[1]
    alpha = k / (k - 1) * (1 - table.var(axis=0).sum() / totals.var())
    assert statistics.reliability(rows).value == pytest.approx(alpha)


def test_nothing_divides_by_zero():
    everyone_right = [1, 1, 1, 1, 1]
    assert statistics.facility(everyone_right) == 1
    assert statistics.corrected_point_biserial(everyone_right, 1, [3, 2, 2, 1, 0]) is None
    assert statistics.reliability([[1, 1], [1, 1], [1, 1]]) is None  # the totals do not vary
    assert statistics.reliability([[1], [0]]) is None  # one question
    assert statistics.groups([1, 0, 1]) is None  # too few to split
    assert statistics.summary([4]).sd is None and statistics.facility([]) is None


def test_ties_at_a_groups_edge_keep_the_order_of_the_results():
    assert statistics.groups([1, 2, 1, 2]) == statistics.Groups(lower=(0,), upper=(3,))
    assert statistics.histogram([0, 0.05, 0.5, 1.0, 1.0], 1.0, 10) == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]


# ---------------------------------------------------------------------- a class of 30 students


def attempts_file(student: str, questions: list[dict], retry: list[dict] | None = None) -> dict:
    """One student's attempts file as the page saves it (docs/html.md, "The attempts file")."""

    def attempt(number, answers):
        return {
            "attempt": number,
            "first": number == 1,
            "mode": "exam",
            "at": "2026-12-06T10:00:00Z",
            "questions": [{**a, "points": 1} if "earned" in a else a for a in answers],
        }

    attempts = [attempt(1, questions)] + ([attempt(2, retry)] if retry else [])
    attempts.append(
        {
            "attempt": None,
            "first": False,
            "mode": "practice",
            "at": "2026-12-06T09:00:00Z",
            "questions": [{"id": "river", "response": 1}],
        }
    )
    return {
        "format": "quizgen-attempts",
        "version": 1,
        "bank": "geo",
        "page": "0f",
        "saved": "2026-12-06T10:30:00Z",
        "student": student,
        "attempts": attempts,
    }


def class_attempts() -> list[dict]:
    """Thirty students, weakest first, each with their attempts file. `capital` separates well and
    nobody picks Lille; `river` is mis-keyed (the strong pick Volga); `primes` gives part marks
    and one blank; `sky` everyone gets right. A retry (all right) never counts."""
    found = []
    for r in range(30):
        answers = [
            {"id": "capital", "response": 0 if r >= 10 else 1 + r % 2},
            {"id": "river", "response": 0 if r >= 15 else (1 if r % 3 == 0 else 2)},
            {"id": "primes", "response": None if r == 0 else [0, 1, 3] if r >= 20 else [0, 1] if r >= 10 else [0, 2]},
            {"id": "sky", "response": True},
        ]
        retry = [{"id": "capital", "response": 0}, {"id": "river", "response": 1}]
        found.append(attempts_file(f"S{r:02d}", answers, retry))
    return found


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    (folder / "geo.yaml").write_text(BANK, encoding="utf-8")
    (folder / "class.json").write_text(json.dumps(class_attempts()), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reported(made):
    """`quizgen report` of the class: its HTML, JSON and CSV."""
    from click.testing import CliRunner

    from quizgen.cli import cli

    args = ["report", made / "geo.yaml", made / "class.json", "-o", made / "r.html"]
    args += ["--json", made / "r.json", "--csv", made / "r.csv", "--students"]
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = (made / "r.html").read_text(encoding="utf-8")
    data = json.loads((made / "r.json").read_text(encoding="utf-8"))
    table = {row["id"]: row for row in csv.DictReader(io.StringIO((made / "r.csv").read_text(encoding="utf-8")))}
    return html, data, table


def test_the_mis_keyed_question_is_flagged_in_words_with_its_line(reported):
    html, data, _ = reported
    river = next(q for q in data["questions"] if q["id"] == "river")
    # 27% of 30 is 8 students a group. The best is S12 (Danube, the key, and 3.67 points); then
    # ten tie on 3 points, of whom the last seven in the file (ties keep the file's order): Volga.
    assert {c["name"]: (c["upper"], c["lower"]) for c in river["choices"]}["A"] == (7, 0)
    assert [f["code"] for f in river["flags"]][:2] == ["miskeyed", "negative-discrimination"]
    # Named by letter and text: on a shuffled paper, A was another letter.
    assert "probably mis-keyed: the strongest students chose A, Volga (7 of 8), the key B, Danube (1)" in html
    miskeyed = river["flags"][0]
    assert (miskeyed["choice"], miskeyed["choice_text"], miskeyed["key_text"]) == ("A", "Volga", "Danube")
    assert "chose A, Volga" in miskeyed["message"]
    assert '<a href="#q-river">Question 2</a> <bdi class="where">' in html
    assert f"geo.yaml:{line_of(BANK, 'id: river')}" in html


def test_every_flag_the_issue_names(reported):
    _, data, table = reported
    flags = {q["id"]: [f["code"] for f in q["flags"]] for q in data["questions"]}
    assert "unused-distractor" in flags["capital"]  # Lille
    assert "unused-distractor (D, Lille)" in table["capital"]["flags"].split("; ")
    assert "too-easy" in flags["sky"] and table["sky"]["discrimination"] == ""  # everyone right: no r
    assert "miskeyed" not in flags["capital"] and "negative-discrimination" not in flags["capital"]
    capital = next(q for q in data["questions"] if q["id"] == "capital")
    assert capital["facility"] == pytest.approx(20 / 30) and capital["upper_minus_lower"] == 1.0


def test_part_marks_blanks_tags_and_sections(reported):
    html, data, table = reported
    primes = next(q for q in data["questions"] if q["id"] == "primes")
    # 10 right, 10 with two of three (2/3), 9 with one right and one wrong (0), one blank.
    assert primes["partial"] and primes["blank"] == 1
    assert primes["facility"] == pytest.approx((10 + 10 * 2 / 3) / 30)
    assert table["primes"]["blank"] == "1"
    assert data["reliability"]["name"] == "Cronbach's alpha"
    shares = {t["tag"]: t["share"] for t in data["tags"]}
    assert shares["europe"] == pytest.approx((20 + 5) / 60)  # capital: 20 right; river: r = 0, 3, 6, 9, 12
    assert [s["section"] for s in data["sections"]] == ["Places", "Other"]
    s00 = next(s for s in data["students"] if s["student"] == "S00")
    assert s00["earned"] == pytest.approx(2) and s00["revise"] == ["capital", "primes"]
    # The HTML names them alike: a question's number differs from one printed version to the next.
    row = next(line for line in html.splitlines() if "<bdi>S00</bdi>" in line)
    assert row.endswith("<td>capital, primes</td></tr>"), row


# ----------------------------------------------------------------- results of other programs


def read_file(made, name: str, text: str, seed: int = 0):
    from quizgen.report import read

    path = made / name
    path.write_text(text, encoding="utf-8")
    bank = load_bank(made / "geo.yaml").bank
    return bank, read.read(bank, [path], seed=seed)


def test_results_csv_of_two_versions_counts_each_choice_under_the_bank_s_letter(tmp_path):
    """The same bank choice is a different letter on versions A and B: the report adds them up."""
    from quizgen.present import versions
    from quizgen.report import analysis, read
    from quizgen.text import markup

    (tmp_path / "geo.yaml").write_text(BANK, encoding="utf-8")
    bank = load_bank(tmp_path / "geo.yaml").bank
    papers = {v.letter: v for v in versions.versions(bank, 5, 2)}
    rows = [["file", "page", "version", "student", "score", "max", "flags", "1", "2", "3", "4"]]
    picks = {"capital": 2, "river": 1, "primes": 0}  # Nice, Danube, "2"
    answers = {"capital": 2, "river": 1, "primes": [0], "sky": True}  # as the grading model reads them
    score = sum(float(grading.grade(grading.spec(q, bank), answers[q.id]).fraction) * q.points for q in bank.questions)
    for n, letter in enumerate("ABAB"):
        cells = [""] * 4
        for p in papers[letter].questions:
            if p.type == "truefalse":
                cells[p.number - 1] = "T"
                continue
            wanted = str(markup.inline(p.question.choices[picks[p.question.id]]))
            cells[p.number - 1] = next(o.label for o in p.options if str(o.html) == wanted)
        rows.append(
            [f"scan{n}.pdf", "1", letter, f"1000{n}", grading.micro_text(round(score * grading.MICRO)), "4", ""]
        )
        rows[-1] += cells
    letters_of = {letter: [r[7:] for r in rows[1:] if r[2] == letter] for letter in "AB"}
    assert letters_of["A"][0] != letters_of["B"][0]  # the shuffles differ
    (tmp_path / "results.csv").write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    reading = read.read(bank, [tmp_path / "results.csv"], seed=5)
    assert not reading.problems
    stats = {s.question.id: s for s in analysis.analyse(bank, reading.attempts).questions}
    assert {c.name: c.total for c in stats["capital"].choices} == {"A": 0, "B": 0, "C": 4, "D": 0}
    assert {c.name: c.total for c in stats["river"].choices} == {"A": 0, "B": 4, "C": 0}
    assert stats["river"].facility == 1 and stats["capital"].facility == 0
    # The wrong seed names letters the papers never had, or other choices, whose worth is not
    # the score the grader wrote: said, never guessed.
    other = read.read(bank, [tmp_path / "results.csv"], seed=6)
    assert other.failed and any("give the --seed" in p.format() for p in other.problems)
    # A sheet of version C when two were printed: versions A and B fit seed 5, so the seed is
    # right and the version is the odd one (it was blamed on the seed).
    rows.append(["scan9.pdf", "1", "C", "10009"] + rows[1][4:])
    (tmp_path / "results.csv").write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    odd = read.read(bank, [tmp_path / "results.csv"], seed=5)
    (problem,) = odd.problems
    assert problem.format().startswith(f"{tmp_path / 'results.csv'}:6:5: error: the grader scored this page")
    assert problem.format().endswith(
        "on the papers of --seed 5: version 'C' was not printed, it seems: the rows of versions A, B fit "
        "--seed 5 and none of 'C' does; check the version on this sheet"
    )


# Moodle's Responses report as downloaded (layout: mod/quiz/report/responses, whose columns are
# "Response {$a}", "Question {$a}", "Right answer {$a}", and mod/quiz/report/responses/tests/behat/
# basic.feature, where the state column reads "Status", "-" marks no answer and a grade column is
# "Grade/<max>"); a multiple-answer response is the choices' texts joined by "; " (qtype_multichoice).
MOODLE = """\
Surname,First name,Email address,Status,Started,Completed,Duration,Grade/4.00,Question 1,Response 1,Right answer 1,Question 2,Response 2,Right answer 2,Question 3,Response 3,Right answer 3,Question 4,Response 4,Right answer 4
One,Student,s1@example.org,Finished,"6 December 2026, 10:00 AM","6 December 2026, 10:20 AM",20 mins,3.67,Capital of France?: Paris; Lyon; Nice; Lille,Paris,Paris,Longest river in Europe?: Volga; Danube; Rhine,Volga,Danube,Which are prime?: 2; 3; 4; 5,2; 3,2; 3; 5,The sky is blue.,True,True
Two,Student,s2@example.org,Finished,"6 December 2026, 10:01 AM","6 December 2026, 10:30 AM",29 mins,1.00,Capital of France?: Paris; Lyon; Nice; Lille,-,Paris,Longest river in Europe?: Volga; Danube; Rhine,Danube,Danube,Which are prime?: 2; 3; 4; 5,4,2; 3; 5,The sky is blue.,False,True
Three,Student,s3@example.org,In progress,"6 December 2026, 10:02 AM",,,,Capital of France?: Paris; Lyon; Nice; Lille,Lyon,Paris,Longest river in Europe?: Volga; Danube; Rhine,-,Danube,Which are prime?: 2; 3; 4; 5,-,2; 3; 5,The sky is blue.,-,True
"""


def test_moodle_responses_report(made):
    bank, reading = read_file(made, "moodle.csv", MOODLE)
    assert not [p for p in reading.problems if p.is_error]
    assert "1 attempt(s) not finished" in reading.problems[-1].message
    one, two = reading.attempts
    assert one.student == "Student One" and one.responses["capital"].score == 1
    assert one.responses["river"].chosen == (0,) and one.responses["river"].score == 0
    assert one.responses["primes"].chosen == (0, 1) and one.responses["primes"].score == pytest.approx(2 / 3)
    assert two.responses["capital"].blank and two.responses["sky"].chosen == (False,)


# Canvas's Student Analysis as downloaded (layout: canvas-lms app/models/quizzes/quiz_statistics/
# student_analysis.rb #to_csv: identity columns, "<id>: <question text>" and a points column per
# question, "n correct", "n incorrect", "score"; several answers joined by ",").
CANVAS = """\
name,id,sis_id,section,section_id,section_sis_id,submitted,attempt,1001: Capital of France?,1.0,1002: Longest river in Europe?,1.0,1003: Which are prime?,1.0,1004: The sky is blue.,1.0,n correct,n incorrect,score
Ana Lima,41,s41,Group 1,7,,2026-12-06 10:20:00 UTC,1,Paris,1.0,Volga,0.0,"2,3,5",1.0,True,1.0,3,1,3.0
Ben Ode,42,s42,Group 1,7,,2026-12-06 10:25:00 UTC,1,Nice,0.0,Danube,1.0,"2,4",0.0,False,0.0,1,3,1.0
"""


def test_canvas_student_analysis(made):
    bank, reading = read_file(made, "canvas.csv", CANVAS)
    assert not reading.problems
    ana, ben = reading.attempts
    assert ana.student == "Ana Lima" and ana.responses["primes"].chosen == (0, 1, 3)
    assert ana.responses["river"].chosen == (0,) and ana.responses["river"].score == 0
    assert ben.responses["capital"].chosen == (2,) and ben.responses["sky"].chosen == (False,)


def test_bad_result_files_are_located_errors_all_in_one_run(made, run_cli):
    (made / "bad.json").write_text(
        '{"format": "quizgen-attempts", "version": 1, "bank": "geo", "attempts": [{"attempt": 1, "first": true,\n'
        ' "mode": "exam", "questions": [{"id": "nope"},\n  {"id": "capital", "response": 9}]}]}',
        encoding="utf-8",
    )
    (made / "broken.json").write_text('{"quizgen": ', encoding="utf-8")
    practice = attempts_file("P", [])
    practice["attempts"] = practice["attempts"][-1:]
    (made / "practice.json").write_text(json.dumps(practice), encoding="utf-8")
    (made / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (made / "junk.json").write_bytes(b'{"format":\n"\xff"}')
    (made / "latin.csv").write_bytes("Surname,First name\nGarc\u00eda,Ana\n".encode("latin-1"))
    names = ("bad.json", "broken.json", "other.csv", "practice.json", "junk.json", "latin.csv")
    files = [made / name for name in names]
    result = run_cli("report", made / "geo.yaml", *files, "-o", made / "bad-report.html")
    assert result.exit_code == 1
    err = result.stderr
    assert f"{made / 'bad.json'}:2:39: error: the bank has no question 'nope'" in err
    assert f"{made / 'bad.json'}:3:33: error: a choice is named by its index, 0 to 3" in err
    assert f"{made / 'broken.json'}:1:13: error: is not JSON" in err
    assert f"{made / 'other.csv'}:1:1: error: not a result file quizgen reads" in err
    assert f"{made / 'practice.json'}:1:1: note: no first exam attempt (only practice?): left out" in err
    # The advice fits the file: a spreadsheet is saved again, an attempt exported again.
    assert f"{made / 'junk.json'}:2:1: error: is not UTF-8 text: the page exports attempts as UTF-8" in err
    assert f"{made / 'latin.csv'}:2:1: error: is not UTF-8 text: save it as CSV UTF-8" in err
    assert "CSV" not in next(line for line in err.splitlines() if "junk.json" in line)
    assert "Traceback" not in result.output and not (made / "bad-report.html").exists()


def test_an_answer_equal_in_python_to_one_read_before_is_still_checked(made, run_cli):
    """The page's reader grades each distinct answer once; True == 1 in Python, but `true` is not
    a choice's index nor a number of points, even after a student gave the valid answer."""
    good = attempts_file("A", [{"id": "primes", "response": [1]}, {"id": "sky", "earned": 1}])
    bad = attempts_file("B", [{"id": "primes", "response": [True]}, {"id": "sky", "earned": True}])
    (made / "lookalike.json").write_text(json.dumps([good, bad], indent=1), encoding="utf-8")
    result = run_cli("report", made / "geo.yaml", made / "lookalike.json", "-o", made / "lookalike.html")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stderr
    assert "a choice is named by its index, 0 to 3" in errors[0] and '"earned" must be a number' in errors[1]
    assert all(line.startswith(f"{made / 'lookalike.json'}:") for line in errors)


# ------------------------------------------------------------------------ lint that learns


def test_lint_warns_at_the_question_lines_with_numbers_and_sample(made, run_cli):
    result = run_cli("lint", made / "geo.yaml", "--results", made / "class.json")
    assert result.exit_code == 0, result.output
    bank = f"{made / 'geo.yaml'}"
    lines = [line for line in result.stderr.splitlines() if line.startswith(bank)]
    answer = line_of(BANK, "answer: Danube")
    assert any(
        line.startswith(
            f"{bank}:{answer}:17: warning[miskeyed]: probably mis-keyed: the strongest students chose A, Volga "
            "(7 of 8), the key B, Danube (1) (from 30 students)"
        )
        for line in lines
    ), lines
    lille = line_of(BANK, "choices: [Paris")
    assert any(
        f"{bank}:{lille}:" in line and "warning[unused-distractor]: distractor D, Lille was never chosen" in line
        for line in lines
    )
    assert any("warning[too-easy]: too easy: facility 1.00, above 0.95 (from 30 students)" in line for line in lines)


def test_lint_says_nothing_below_the_minimum_sample(made, run_cli):
    (made / "few.json").write_text(json.dumps(class_attempts()[-19:]), encoding="utf-8")
    result = run_cli("lint", made / "geo.yaml", "--results", made / "few.json")
    assert result.exit_code == 0 and "warning[" not in result.stderr, result.stderr
    # ... but says why, once: silence would read as "nothing wrong".
    note = f"{made / 'few.json'}:1:1: note: answers of 19 student(s) read from the result files"
    assert result.stderr.count(note) == 1 and "at least 20 students" in result.stderr, result.stderr


def test_lint_with_several_result_files_after_one_results_says_to_repeat_it(made, run_cli):
    result = run_cli("lint", made / "geo.yaml", "--results", made / "class.json", made / "class.json")
    assert result.exit_code == 2 and "repeat --results before each" in result.stderr, result.stderr


# ------------------------------------------------------------------------------ in Chromium


ARABIC = BANK.replace("id: geo\ntitle: Geography", "id: geo\ntitle: جغرافيا\nlanguage: ar")


def open_report(browser, path: Path, scheme: str):
    """The report as Chromium shows it, recording errors and requests (it has no script to wait for)."""
    from tests.support.browser import Quiz

    context = browser.new_context(viewport={"width": 1024, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = Quiz(page, path.as_uri())
    page.on("console", lambda m: m.type in ("error", "warning") and found.errors.append(m.text))
    page.on("pageerror", lambda e: found.errors.append(str(e)))
    page.on("request", lambda r: found.requests.append(r.url))
    page.goto(found.url)
    return context, found


def test_the_report_opens_clean_and_passes_axe_in_both_directions_and_schemes(made, reported, browser, run_cli):
    """The English report and the Arabic one (right to left, its words translated) open with no
    request and no error; axe finds nothing in the Arabic one, light, nor in its dark colours."""
    from axe_playwright_python.sync_playwright import Axe

    context, english = open_report(browser, made / "r.html", "light")
    english.assert_clean()
    assert english.page.locator("html").get_attribute("dir") == "ltr"
    context.close()
    (made / "ar.yaml").write_text(ARABIC, encoding="utf-8")
    args = ("report", made / "ar.yaml", made / "class.json", "-o", made / "r-ar.html", "--students")
    assert run_cli(*args).exit_code == 0
    context, arabic = open_report(browser, made / "r-ar.html", "light")
    arabic.assert_clean()
    page = arabic.page
    assert page.locator("html").get_attribute("dir") == "rtl" and "التقرير" in page.locator("h1").inner_text()
    assert page.locator("svg[role=img] title").count() >= 4  # every chart has its text alternative
    violations = Axe().run(page).response["violations"]
    page.emulate_media(color_scheme="dark")
    contrast = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    violations += Axe().run(page, options=contrast).response["violations"]
    context.close()
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_on_a_phone_the_report_fits_and_its_words_are_readable(made, reported, browser):
    """At 360 px: nothing wider than the screen, the questions table's caption on the screen
    (the table scrolls, its caption does not), the charts' words at least 10 px high."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto((made / "r.html").as_uri())
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    caption = page.locator("table.overview caption").bounding_box()
    sizes = page.evaluate(
        "[...document.querySelectorAll('svg.chart text')].filter(t => t.getBBox().width)"
        ".map(t => t.getBoundingClientRect().height)"
    )
    context.close()
    assert widths[0] <= widths[1] == 360
    assert caption is not None and 0 <= caption["x"] and caption["x"] + caption["width"] <= 360, caption
    assert sizes and min(sizes) >= 10, sorted(sizes)[:5]


def test_too_few_students_for_groups_say_so_instead_of_a_chart_of_zeros(made):
    from quizgen.report import analysis, read, render

    (made / "three.json").write_text(json.dumps(class_attempts()[-3:]), encoding="utf-8")
    bank = load_bank(made / "geo.yaml").bank
    page = render.html(analysis.analyse(bank, read.read(bank, [made / "three.json"]).attempts))
    assert page.count("Too few students to compare groups.") == 4  # one per choice question
    assert "Upper group (strongest 27%)" not in page


def test_results_csv_pages_of_one_student_make_one_attempt(tmp_path):
    """100 questions fill two A4 sheet pages: a student's two rows are one attempt, each row's
    empty cells for the other page's questions are not blanks; `by hand` has no score."""
    from quizgen.present import answersheet
    from quizgen.report import read

    questions = "".join(
        f"  - {{id: q{n}, type: single, prompt: Pick {n}., choices: [a{n}, b{n}, c{n}], answer: a{n}, shuffle: false}}\n"
        for n in range(1, 101)
    )
    essay = "  - {id: why, type: essay, prompt: Why?, answer: Because.}\n"
    (tmp_path / "long.yaml").write_text("id: long\ntitle: Long\nquestions:\n" + questions + essay, encoding="utf-8")
    bank = load_bank(tmp_path / "long.yaml").bank
    pages = answersheet.sheet(bank, 0, "", "a4").pages
    first = {r.number for r in pages[0].rows}
    assert len(pages) == 2 and 1 in first and 101 not in first
    header = ["file", "page", "version", "student", "score", "max", "flags"] + [str(n) for n in range(1, 102)]

    def row(page: int, student: str, letter: str = "B") -> list[str]:
        on_page = {r.number for r in pages[page - 1].rows}
        cells = [("by hand" if n == 101 else letter) if n in on_page else "" for n in range(1, 102)]
        return ["s.pdf", str(page), "", student, "0", "1", ""] + cells

    # Line 4: a student number not read; line 5: page 1 of 12345 scanned again (other letters).
    rows = [header, row(1, "12345"), row(2, "12345"), row(1, "1?345"), row(1, "12345", "C")]
    rows.append(["s.pdf", "3", "", "", "", "", "not read"])
    (tmp_path / "results.csv").write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    reading = read.read(bank, [tmp_path / "results.csv"])
    assert [(p.location.line, p.location.col, p.message) for p in reading.problems] == [
        (4, 4, "student number '1?345' was not read: this page counts as a student of its own"),
        (5, 4, "student 12345's page 1 was already read on line 2: left out"),
        (6, 1, "page not graded, left out: not read"),
    ]
    assert not reading.failed
    whole, partial = reading.attempts
    assert len(whole.responses) == 101 and whole.responses["why"].score is None
    assert all(whole.responses[f"q{n}"].chosen == (1,) and not whole.responses[f"q{n}"].blank for n in range(1, 101))
    assert len(partial.responses) == len(first)  # an unread student number: a page of its own


def test_results_csv_with_a_row_per_student_reads_each_row_as_one_attempt(tmp_path):
    """Today's results.csv (a `name` column; a row per student's sheet, all its pages): a row is
    an attempt, a question on a page not found is no response, a student twice counts once."""
    from quizgen.present import answersheet
    from quizgen.report import read

    questions = "".join(
        f"  - {{id: q{n}, type: single, prompt: Pick {n}., choices: [a{n}, b{n}, c{n}], answer: a{n}, shuffle: false}}\n"
        for n in range(1, 101)
    )
    (tmp_path / "long.yaml").write_text("id: long\ntitle: Long\nquestions:\n" + questions, encoding="utf-8")
    bank = load_bank(tmp_path / "long.yaml").bank
    second = {r.number for r in answersheet.sheet(bank, 0, "", "a4").pages[1].rows}
    header = ["file", "page", "version", "student", "name", "score", "max", "flags"] + [str(n) for n in range(1, 101)]
    whole = ["a.pdf; b.pdf", "1; 1", "", "12345", "Ada", "100", "100", ""] + ["A"] * 100
    lost = ["c.pdf", "1", "", "777", "Alan", str(100 - len(second)), str(100 - len(second)), "page 2 of 2 not found"]
    lost += ["page not found" if n in second else "A" for n in range(1, 101)]
    again = ["d.pdf", "1", "", "12345", "Ada", "0", "100", ""] + ["B"] * 100
    rows = [header, whole, lost, again]
    (tmp_path / "results.csv").write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    reading = read.read(bank, [tmp_path / "results.csv"])
    assert [(p.location.line, p.location.col, p.message) for p in reading.problems] == [
        (4, 4, "student 12345 was already read on line 2: left out")
    ]
    ada, alan = reading.attempts
    assert len(ada.responses) == 100 and all(r.score == 1 for r in ada.responses.values())
    assert len(alan.responses) == 100 - len(second) and not any(r.blank for r in alan.responses.values())


# ------------------------------------------------------------------ the bank's own names


def test_choices_and_true_false_go_by_the_bank_s_letters_and_words(made):
    """An Arabic bank's papers print أ ب ج: so does its report (charts, tables, flags, CSV), and its
    true/false counts go by the bank's words, its `labels:` when it sets them."""
    from quizgen.report import analysis, read, render

    attempts = made / "class.json"
    own = BANK.replace(
        "id: geo\n", 'id: geo\nlabels: {letters: "a b c d", "true": "Yes indeed", "false": "Not at all"}\n'
    )
    for name, text, letters, words in (
        ("ar-letters.yaml", ARABIC, ["أ", "ب", "ج", "د"], ["صحيح", "خطأ"]),
        ("own-letters.yaml", own, ["a", "b", "c", "d"], ["Yes indeed", "Not at all"]),
    ):
        (made / name).write_text(text, encoding="utf-8")
        bank = load_bank(made / name).bank
        found = analysis.analyse(bank, read.read(bank, [attempts]).attempts)
        stats = {s.question.id: s for s in found.questions}
        assert [c.name for c in stats["capital"].choices] == letters
        assert [c.name for c in stats["sky"].choices] == words
        table = {row["id"]: row for row in csv.DictReader(io.StringIO(render.csv_table(found)))}
        assert table["capital"]["key"] == letters[0] and table["sky"]["chosen"] == f"{words[0]}:30 {words[1]}:0"
        river = next(f for f in stats["river"].flags if f.code == "miskeyed")
        assert river.params["choice"] == letters[0] and river.params["key"] == letters[1]
        page = render.html(found)
        assert f"{letters[1]} ✓" in page and f"{letters[0]}, Volga" in page and f"{words[0]} ✓" in page


# Moodle's summary of a cloze (qtype_multianswer get_question_summary) writes each blank as
# "_____"; other tools write "[...]", "..." or leave it empty.
CLOZE_BANK = """\
id: space
title: Space
questions:
  - id: iss
    type: cloze
    text: The {{c1::ISS}} orbits the *Earth* about every {{c2::90}} minutes.
  - id: moon
    type: single
    prompt: What orbits the Earth?
    choices: [The Moon, The Sun]
    answer: The Moon
"""

MOODLE_CLOZE = """\
Surname,First name,Status,Grade/2.00,Question 1,Response 1,Question 2,Response 2
One,Student,Finished,1.00,What orbits the Earth?: The Moon; The Sun,The Moon,The _____ orbits the Earth about every _____ minutes.,part 1: ISS; part 2: 90
Two,Student,Finished,1.00,The [...] orbits the Earth about every ... minutes.,part 1: ISS; part 2: 45,What orbits the Earth?: The Moon; The Sun,The Sun
Three,Student,Finished,1.00,The  orbits the Earth about every  minutes.,-,What orbits the Earth?: The Moon; The Sun,-
Four,Student,Finished,1.00,The _____ orbits the Moon about every _____ minutes.,-,What orbits the Earth?: The Moon; The Sun,-
"""


def test_moodle_responses_with_a_cloze_match_it_by_its_text_and_blanks(tmp_path):
    from quizgen.report import read

    (tmp_path / "space.yaml").write_text(CLOZE_BANK, encoding="utf-8")
    (tmp_path / "moodle.csv").write_text(MOODLE_CLOZE, encoding="utf-8")
    bank = load_bank(tmp_path / "space.yaml").bank
    reading = read.read(bank, [tmp_path / "moodle.csv"])
    one, two, three, four = reading.attempts
    assert set(one.responses) == set(two.responses) == set(three.responses) == {"iss", "moon"}
    assert one.responses["moon"].score == 1 and two.responses["moon"].score == 0
    assert three.responses["iss"].blank
    # Other words around the blanks are another question: said, at its cell.
    [error] = [p for p in reading.problems if p.is_error]
    assert (error.location.line, error.location.col) == (5, 5) and "none of the bank's questions" in error.message
    assert "moon" in four.responses and "iss" not in four.responses
