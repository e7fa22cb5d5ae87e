"""`quizgen grade --annotate` images and the results row of a version that drew fewer questions,
from sheets laid out by `quizgen.present.answersheet` (no printing: a blank page image)."""

from __future__ import annotations

import textwrap
from fractions import Fraction

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("cv2")

from quizgen.bank.load import load_bank  # noqa: E402
from quizgen.present import answersheet  # noqa: E402
from quizgen.present.results_table import NOT_ON_PAPER  # noqa: E402
from quizgen.scans import annotate, marks  # noqa: E402
from quizgen.scans.locate import PX_PER_MM  # noqa: E402
from quizgen.scans.papers import Paper  # noqa: E402
from quizgen.scans.result import Answer, Result  # noqa: E402

BANK = textwrap.dedent(
    """\
    id: drawn
    title: Drawn
    sections:
      - title: Part A
        draw: 2
        questions:
    """
) + "".join(
    f"      - {{id: q{i}, type: multiple, prompt: Q{i}?, choices: [a{i}, b{i}, c{i}, d{i}], answer: [a{i}, b{i}], points: 2}}\n"
    for i in range(4)
)


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    path = tmp_path_factory.mktemp("annotate") / "drawn.yaml"
    path.write_text(BANK, encoding="utf-8")
    loaded = load_bank(path)
    assert loaded.bank is not None, loaded
    return loaded.bank


@pytest.fixture(scope="module")
def sheet(bank):
    return answersheet.sheet(bank, 1, "A", "a4")


def graded(sheet, flags: list[str]) -> Result:
    page = sheet.pages[0]
    width, height = answersheet.PAPERS["a4"]
    image = np.full((int(height * PX_PER_MM), int(width * PX_PER_MM)), 255, np.uint8)
    result = Result("a/scan.jpg", 1, version="A", image=image, sheet_page=page, flags=list(flags))
    for row in page.rows:
        readings = [
            marks.Reading(b, 0.6 if i == 0 else 0.0, 0.0, marks.FULL if i == 0 else marks.EMPTY)
            for i, b in enumerate(row.bubbles)
        ]
        # A alone of the right A and B: half the question, 1 of its 2 points.
        result.answers[row.number] = Answer(
            row.printed.question.id, "A", (0,), Fraction(1, 2), readings, frozenset({0, 1})
        )
    return result


def test_flags_are_listed_beside_the_page_never_over_it(sheet):
    calm = annotate.draw(graded(sheet, []))
    many = [f"{n}: several marks (ABCD) where one is asked, scored 0, and a doubtful mark on E" for n in range(60)]
    busy = annotate.draw(graded(sheet, many))
    page_h, page_w = int(297 * PX_PER_MM), int(210 * PX_PER_MM)
    assert busy.shape[1] > page_w and busy.shape[0] > calm.shape[0]  # the panel grew for 60 long flags
    assert np.array_equal(busy[:page_h, :page_w], calm[:page_h, :page_w])


def test_each_row_shows_the_points_earned_as_the_csv_counts_them(sheet, monkeypatch):
    drawn = []
    monkeypatch.setattr(annotate, "_text", lambda image, text, *args, **kwargs: drawn.append(text))
    annotate.draw(graded(sheet, []))
    rows = sheet.pages[0].rows
    assert len(rows) == 2 and drawn.count("1") == len(rows)  # half of 2 points, not "0.5"


def test_scans_of_one_name_in_two_folders_get_two_images(tmp_path, sheet):
    first, second = graded(sheet, []), graded(sheet, [])
    second.file = "b/scan.jpg"
    lone = Result("c/other.png", 2, problem="blank page: nothing printed or written on it", image=first.image)
    written = annotate.write([first, second, lone], tmp_path)
    assert sorted(p.name for p in written) == ["a__scan-p1.png", "b__scan-p1.png", "other-p2.png"]
    assert annotate.names([Result("x/a/t.jpg", 1), Result("y/a/t.jpg", 1), Result("t.jpg", 1), Result("t.jpg", 1)]) == [
        "x__a__t-p1.png",
        "y__a__t-p1.png",
        "t-p1.png",
        "t-p1-2.png",
    ]


def test_questions_a_version_did_not_draw_are_marked_not_on_this_paper(sheet):
    result = graded(sheet, [])
    assert sheet.pages[0].questions == 2
    assert Paper([result]).row([1, 2, 3, 4], "", [])[8:] == ["A", "A", NOT_ON_PAPER, NOT_ON_PAPER]


def test_a_page_without_code_whose_squares_name_a_version_not_printed_is_not_graded(bank, monkeypatch):
    """The squares along a page's foot read `C` while the sheets read by their QR codes are A and
    B: graded as C it would score against a paper nobody had; it is left for grading by hand."""
    from quizgen.scans import grade, locate

    grader = grade.Grader(bank)
    grader.printings, grader.versions = {(1, "a4")}, {"A", "B"}
    image = np.full((10, 10), 255, np.uint8)
    for letter, graded_as in (("C", False), ("B", True)):
        monkeypatch.setattr(locate, "by_markers", lambda gray, paper, letter=letter: (gray, letter, 1, False))
        unread = Result("scan.jpg", 1, problem="no QR code could be read", image=image, no_code=True)
        result = grader.grade_without_code(unread)
        assert result.graded == graded_as
    assert result.version == "B"
    monkeypatch.setattr(locate, "by_markers", lambda gray, paper: (gray, "C", 1, False))
    result = grader.grade_without_code(Result("scan.jpg", 1, problem="no QR code could be read", image=image))
    assert result.problem == (
        "no QR code could be read; the squares along its foot read version C, but the other sheets are "
        "versions A, B: version C was not printed, so the squares were misread (grade this page by hand)"
    )
