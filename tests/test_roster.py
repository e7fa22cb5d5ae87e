"""Papers per student: `--roster class.csv|xlsx` for `build -f sheets` and `grade`.

The class list is read with every bad row reported at its place; each student gets the answer
sheet of their version (dealt out in class order) with their name and id, the id in its QR
code; `grade --roster` names every row's student from the code, flags a number grid that
disagrees, and lists at the end the students no sheet was graded for.
"""

from __future__ import annotations

import csv
import io
import random

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.present import roster

CLASS = "Student Number,Name,Email\n20260001,Ada Lovelace,ada@example.org\n20260002,Alan Turing,\n20260003,Grace Hopper,\n7,Edsger Dijkstra,\n"


def test_a_class_list_in_csv_or_xlsx_gives_its_students_in_order(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(CLASS, encoding="utf-8")
    read = roster.read(path)
    assert read.ok
    assert [(s.id, s.name) for s in read.students] == [
        ("20260001", "Ada Lovelace"),
        ("20260002", "Alan Turing"),
        ("20260003", "Grace Hopper"),
        ("7", "Edsger Dijkstra"),
    ]
    assert [letter for _, letter in read.dealt(["A", "B"])] == ["A", "B", "A", "B"]
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["ID", "First name", "Last name"])
    book.active.append([1001, "Ada", "Lovelace"])
    book.active.append([None, None, None])
    book.active.append(["b-2", "Alan", "Turing"])
    book.save(tmp_path / "class.xlsx")
    read = roster.read(tmp_path / "class.xlsx")
    assert [(s.id, s.name) for s in read.students] == [("1001", "Ada Lovelace"), ("b-2", "Alan Turing")]


def test_every_bad_row_of_a_class_list_is_a_located_error_and_nothing_is_built(run_cli, tmp_path):
    (tmp_path / "demo.yaml").write_text(
        "id: demo\ntitle: Demo\nquestions:\n  - {id: q, type: truefalse, prompt: Yes?, answer: true}\n",
        encoding="utf-8",
    )
    (tmp_path / "bad.csv").write_text("id;name\n1;Ann\n;Bob\n1;Cy\nx y;\n", encoding="utf-8")
    (tmp_path / "headless.csv").write_text("who,what\n1,Ann\n", encoding="utf-8")
    result = run_cli("build", "demo.yaml", "-f", "sheets", "--roster", "bad.csv", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bad.csv:3:1: error: no student id in this row",
        "bad.csv:4:1: error: student id '1' again (first at line 2)",
        "bad.csv:5:1: error: student id 'x y': at most 20 letters, digits, '.', '_' or '-' "
        "(it is printed, carried by the QR code and names files)",
        "bad.csv:5:2: error: no name in this row",
    ]
    assert not (tmp_path / "out").exists()
    result = run_cli("grade", "demo.yaml", "demo.yaml", "--roster", "headless.csv", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("headless.csv:1:1: error: no id column: the header row names none of id,")
    assert "Traceback" not in result.stderr


@pytest.mark.pdf
def test_sheets_per_student_are_graded_back_to_their_students(tmp_path):
    pytest.importorskip("cv2")
    from quizgen.bank.load import load_bank
    from quizgen.present import answersheet
    from tests.support import photos
    from tests.test_photos import bank_text

    bank_path = tmp_path / "b" / "demo.yaml"
    bank_path.parent.mkdir()
    bank_path.write_text(bank_text(6), encoding="utf-8")
    (tmp_path / "class.csv").write_text(CLASS, encoding="utf-8")
    build = ["build", str(bank_path), "-f", "pdf,sheets", "--versions", "2", "--seed", "5", "--collate", "-q"]
    result = CliRunner().invoke(cli, [*build, "--roster", str(tmp_path / "class.csv"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "photo-demo"
    ids = ["20260001", "20260002", "20260003", "7"]
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(
        [f"photo-demo-{kind}-{i}.pdf" for i in ids for kind in ("paper", "sheet")]
        + ["photo-demo-key-A.pdf", "photo-demo-key-B.pdf"]
        + [f"photo-demo-{name}.pdf" for name in ("papers", "keys", "sheets")]
    )
    import subprocess

    def text(name: str) -> str:
        return subprocess.run(["pdftotext", str(out / name), "-"], capture_output=True, text=True, check=True).stdout

    paper = " ".join(text("photo-demo-paper-20260002.pdf").split())
    assert "Alan Turing · Student number 20260002" in paper
    collated = " ".join(text("photo-demo-papers.pdf").split())
    assert [
        collated.index(name) for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra")
    ] == sorted(collated.index(name) for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"))
    sheets = " ".join(text("photo-demo-sheets.pdf").split())
    assert sheets.index("Ada Lovelace · 20260001") < sheets.index("Edsger Dijkstra · 7")
    bank = load_bank(bank_path).bank
    rng = random.Random(6)
    files, answers = [], {}
    # Ada fills her number's grid, Alan leaves it empty, Grace fills another number; Edsger's
    # sheet is never handed in.
    for i, (student, grid) in enumerate(zip(ids[:3], ["20260001", "", "20260009"])):
        version = "AB"[i % 2]
        page = answersheet.sheet(bank, 5, version, "a4").pages[0]
        image = photos.render(out / f"photo-demo-sheet-{student}.pdf", 150)
        image, filled = photos.fill(image, page, version, 150, rng, photos.FILL, grid, erased=0, smudge=0, double=0)
        answers[student] = [filled.answers.get(n, "") for n in range(1, 7)]
        path = tmp_path / f"scan-{i}.jpg"
        path.write_bytes(photos.scan(image, 150, rng))
        files.append(str(path))
    result = CliRunner().invoke(cli, ["grade", str(bank_path), *files, "--roster", str(tmp_path / "class.csv")])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:8] == ["file", "page", "version", "student", "name", "score", "max", "flags"]
    by_student = {row[3]: row for row in rows[1:]}
    assert [row[3] for row in rows[1:]] == ids
    assert [by_student[s][2] for s in ids[:3]] == ["A", "B", "A"]  # neighbours differ
    assert by_student["20260001"][4] == "Ada Lovelace" and by_student["20260001"][7] == ""
    assert by_student["20260002"][7] == ""
    assert by_student["20260003"][7] == "student number grid reads 20260009, the QR code names 20260003"
    for student in ids[:3]:
        assert by_student[student][8:] == answers[student]
    assert by_student["7"][:8] == ["", "", "", "7", "Edsger Dijkstra", "", "", "no sheet graded for this student"]


# ------------------------------------------------------------ a row per student, and the name


def long_bank(questions: int = 100) -> str:
    """True/false claims, true when odd: 100 fill two A4 sheet pages (92 on the first)."""
    claims = "".join(
        f"  - {{id: t{i}, type: truefalse, prompt: Claim {i}., answer: {'true' if i % 2 else 'false'}}}\n"
        for i in range(1, questions + 1)
    )
    return f"id: long\ntitle: Long quiz\nquestions:\n{claims}"


THREE = "id,name\n20260001,Ada Lovelace\n20260002,Alan Turing\n20260003,Grace Hopper\n"


@pytest.fixture(scope="module")
def long_sheets(tmp_path_factory):
    """A roster build of a quiz whose sheets have two pages: Ada's two pages and Alan's first
    filled in (the number grids left empty: the QR code names the student)."""
    pytest.importorskip("cv2")
    from quizgen.bank.load import load_bank
    from quizgen.present import answersheet
    from tests.support import photos

    folder = tmp_path_factory.mktemp("long")
    (folder / "bank").mkdir()
    bank_path = folder / "bank" / "long.yaml"
    bank_path.write_text(long_bank(), encoding="utf-8")
    (folder / "class.csv").write_text(THREE, encoding="utf-8")
    build = ["build", str(bank_path), "-f", "sheets", "--versions", "2", "--seed", "5", "-q"]
    result = CliRunner().invoke(cli, [*build, "--roster", str(folder / "class.csv"), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    bank = load_bank(bank_path).bank
    rng = random.Random(8)
    filled, images, key = {}, {}, {}
    for student, version, numbers in (("20260001", "A", (1, 2)), ("20260002", "B", (1,))):
        pages = answersheet.sheet(bank, 5, version, "a4").pages
        assert len(pages) == 2
        for page in pages:
            # The right letter of each row, from the paper's question behind it (True first).
            for row in page.rows:
                key[version, row.number] = row.bubbles[0 if row.printed.question.answer else 1].label
            if page.number in numbers:
                image = photos.render(folder / "out" / "long" / f"long-sheet-{student}.pdf", 150, page.number - 1)
                images[student, page.number], filled[student, page.number] = photos.fill(
                    image, page, version, 150, rng, photos.FILL, "", double=0, erased=0, smudge=0
                )
    return bank_path, bank, folder, filled, images, key, rng


@pytest.mark.pdf
def test_the_pages_of_each_student_s_sheet_make_one_row_in_class_order(long_sheets):
    """Ada's two pages scanned in reverse order; Alan's first page scanned twice and his second
    lost; Grace absent: one row each, in class order, the scores summed over the pages, the
    missing and the repeated page flagged on the row; `quizgen report` reads it back."""
    from tests.support import photos

    bank_path, bank, folder, filled, images, key, rng = long_sheets

    def right_answers(filled) -> int:
        return sum(letters == key[filled.version, number] for number, letters in filled.answers.items())

    order = [("20260002", 1), ("20260001", 2), ("20260001", 1), ("20260002", 1)]
    files = []
    for i, (student, page) in enumerate(order):
        path = folder / f"scan-{i}.jpg"
        path.write_bytes(photos.scan(images[student, page], 150, rng))
        files.append(str(path))
    results = folder / "results.csv"
    classes = ["--roster", str(folder / "class.csv"), "-o", str(results)]
    run = CliRunner().invoke(cli, ["grade", str(bank_path), *files, *classes])
    assert run.exit_code == 0, run.output
    rows = list(csv.reader(io.StringIO(results.read_text(encoding="utf-8"))))
    assert rows[0][:8] == ["file", "page", "version", "student", "name", "score", "max", "flags"]
    assert [row[3:5] for row in rows[1:]] == [
        ["20260001", "Ada Lovelace"],
        ["20260002", "Alan Turing"],
        ["20260003", "Grace Hopper"],
    ]
    ada, alan, grace = rows[1:]
    first_page = max(filled["20260002", 1].answers)  # the last question on page 1
    # Ada: page 1 then page 2, whatever order they were scanned in; one score for both.
    assert ada[:3] == [f"{files[2]}; {files[1]}", "1; 1", "A"]
    assert ada[5:8] == [str(right_answers(filled["20260001", 1]) + right_answers(filled["20260001", 2])), "100", ""]
    both = {**filled["20260001", 1].answers, **filled["20260001", 2].answers}
    assert ada[8:] == [both[n] for n in range(1, 101)]
    # Alan: his page 1 counted once, his page 2 missing; its questions are not blanks.
    assert alan[:3] == [files[0], "1", "B"]
    assert alan[7] == (
        f"page 2 of 2 not found; page 1 scanned twice ({files[0]} page 1 and {files[3]} page 1): counted once"
    )
    assert alan[5:7] == [str(right_answers(filled["20260002", 1])), str(first_page)]
    assert alan[8 + first_page :] == ["page not found"] * (100 - first_page)
    assert grace[7] == "no sheet graded for this student"
    assert "student 20260002: check: page 2 of 2 not found" in run.stderr

    from quizgen.report import read

    reading = read.read(bank, [results], seed=5)
    assert [p.message for p in reading.problems] == ["row not graded, left out: no sheet graded for this student"]
    assert [len(a.responses) for a in reading.attempts] == [100, first_page]

    # Without the class list the names come from the QR codes; the rows in scan order.
    run = CliRunner().invoke(cli, ["grade", str(bank_path), *files[:3]])
    assert run.exit_code == 0, run.output
    names = [row[3:5] for row in csv.reader(io.StringIO(run.stdout))][1:]
    assert names == [["20260002", "Alan Turing"], ["20260001", "Ada Lovelace"]]


def _graded(sheet, number: int, student: str, name: str = "", letters: str = "T", file: str = "s.jpg"):
    """A page as the grader reads it: every row marked with `letters` (scored 0: only the rows'
    shape matters here)."""
    from fractions import Fraction

    from quizgen.present import answersheet
    from quizgen.scans.result import Answer, Result

    page = sheet.pages[number - 1]
    result = Result(file, 1, version=sheet.letter, student=student, name=name, seed=sheet.seed, paper="a4")
    result.name_room = answersheet.NAME_MAX_BYTES  # the room a short bank id leaves
    result.sheet_page = page
    for row in page.rows:
        result.answers[row.number] = Answer(row.printed.question.id, letters, (letters == "T",), Fraction(0))
        result.out_of += 1_000_000
    return result


def test_the_code_carries_the_name_last_and_old_codes_still_read():
    from quizgen.bank.diagnostics import Location
    from quizgen.present import answersheet

    bank = _bank(long_bank(3))
    sheet = answersheet.sheet(bank, 5, "A", "a4")
    long_name = "Александра Владимировна Лебедева-Римская"  # 79 bytes of UTF-8
    named = sheet.__class__(**{**sheet.__dict__, "student": roster.Student("b-2", long_name, Location("c.csv"))})
    text = named.payload(named.pages[0])
    payload = answersheet.parse_payload(text)
    assert payload["student"] == "b-2"
    assert payload["name"] == answersheet.coded_name(long_name) == long_name[: len(payload["name"])]
    assert len(payload["name"].encode()) <= answersheet.NAME_MAX_BYTES < len(long_name.encode())
    # However long the bank's and the student's ids, the code stays within 45 modules: the
    # name gets the room left.
    longest = _bank(long_bank(3).replace("id: long", "id: " + "b" * 64))
    sheet = answersheet.sheet(longest, 7, "A", "letter")
    named = sheet.__class__(**{**sheet.__dict__, "student": roster.Student("x" * 20, long_name, Location("c"))})
    crowded = named.payload(named.pages[0])
    assert len(crowded.encode()) <= answersheet.PAYLOAD_MAX_BYTES
    assert answersheet.qr_code(crowded).symbol_size(border=0)[0] <= 45
    assert answersheet.parse_payload(crowded)["name"] == ""  # 9 bytes were left: too few for a name
    longest = _bank(long_bank(3).replace("id: long", "id: " + "b" * 50))
    sheet = answersheet.sheet(longest, 7, "A", "letter")
    named = sheet.__class__(**{**sheet.__dict__, "student": roster.Student("x" * 20, long_name, Location("c"))})
    crowded = named.payload(named.pages[0])
    assert answersheet.PAYLOAD_MAX_BYTES - 1 <= len(crowded.encode()) <= answersheet.PAYLOAD_MAX_BYTES
    assert answersheet.qr_code(crowded).symbol_size(border=0)[0] == 45
    assert long_name.startswith(answersheet.parse_payload(crowded)["name"]) and crowded.endswith(
        " Александр"
    )  # cut between letters
    # Sheets printed before names, with and without a class list, are read as they were.
    for old, student in ((text.rsplit(" ", 3)[0] + " b-2", "b-2"), (text.split(" b-2 ")[0], "")):
        blank = {"name": "", "name_room": 0}
        assert answersheet.parse_payload(old) | blank == payload | blank | {"student": student}


def _bank(text: str):
    import tempfile
    from pathlib import Path

    from quizgen.bank.load import load_bank

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.yaml"
        path.write_text(text, encoding="utf-8")
        return load_bank(path).bank


def test_the_class_list_s_name_wins_and_one_that_differs_is_flagged(tmp_path):
    pytest.importorskip("cv2")  # quizgen.scans.grade reads scans with OpenCV
    from quizgen.present import answersheet
    from quizgen.scans.grade import results_csv
    from quizgen.scans.papers import papers

    sheet = answersheet.sheet(_bank(long_bank(3)), 5, "A", "a4")
    grace = "Grace Brewster Murray Hopper, Rear Admiral of the United States Navy"
    cut = answersheet.coded_name(grace)
    assert cut != grace
    pages = [
        _graded(sheet, 1, "20260001", "Ada Lovelace"),
        _graded(sheet, 1, "20260002", "Alan Turing"),
        _graded(sheet, 1, "20260003", cut),  # a long name, cut in the code: not a disagreement
        _graded(sheet, 1, "20269999", "Nobody Known"),
    ]
    (tmp_path / "class.csv").write_text(
        f'id,name\n20260001,Ada Lovelace\n20260002,Alan M. Turing\n20260003,"{grace}"\n',
        encoding="utf-8",
    )
    students = roster.read(tmp_path / "class.csv")
    table = list(csv.reader(io.StringIO(results_csv(papers(pages), [1, 2, 3], students))))
    assert [(row[3], row[4], row[7]) for row in table[1:]] == [
        ("20260001", "Ada Lovelace", ""),
        ("20260002", "Alan M. Turing", "the QR code names Alan Turing, the class list Alan M. Turing"),
        ("20260003", grace, ""),
        ("20269999", "Nobody Known", "student 20269999 is not on the class list"),
    ]
    without = list(csv.reader(io.StringIO(results_csv(papers(pages), [1, 2, 3]))))
    assert [row[4] for row in without[1:]] == ["Ada Lovelace", "Alan Turing", cut, "Nobody Known"]


def test_pages_that_cannot_be_one_sheet_stay_rows_of_their_own_and_say_why():
    """Two different page 1s under one number (two students wrote the same?) are two rows,
    both flagged, the page 2 joining the first; a page whose number was not read is alone."""
    from quizgen.present import answersheet
    from quizgen.scans.papers import papers

    sheet = answersheet.sheet(_bank(long_bank(100)), 5, "A", "a4")
    pages = [
        _graded(sheet, 1, "123", letters="T", file="a.jpg"),
        _graded(sheet, 1, "123", letters="F", file="b.jpg"),
        _graded(sheet, 2, "123", file="c.jpg"),
        _graded(sheet, 2, "1?3", file="d.jpg"),
    ]
    pages[1].flags.append("7: doubtful mark on T, not counted")
    first, second, alone = papers(pages)
    assert [p.file for p in first.pages] == ["a.jpg", "c.jpg"] and first.out_of == 100_000_000
    twice = "student 123 has 2 sheets with different answers in these scans (the same number written by two students?)"
    assert first.flags == [f"{twice}: check which is whose"]
    assert second.flags == [
        "page 2 of 2 not found",
        f"{twice}: check which is whose",
        "page 1: 7: doubtful mark on T, not counted",
    ]
    assert alone.flags == [
        "no student number read: page 2 of 2 graded alone, not joined to the other pages of its sheet"
    ]
    assert alone.row([1, 100], "", alone.flags)[8:] == ["page not found", "T"]
