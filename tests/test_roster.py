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
