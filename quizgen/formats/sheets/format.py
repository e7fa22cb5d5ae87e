"""`-f sheets`: printed answer sheets that `quizgen grade` reads back from scans.

`<bank-id>-sheet.pdf`, or `<bank-id>-sheet-A.pdf`, ... with `--versions`: one per version, with
the same question numbers and choice letters as the paper of the same `--seed` and `--versions`.
Where everything stands is decided by `quizgen.present.answersheet` (shared with the grader); the
template only draws it. Each page carries a QR code (segno) naming the bank, version, seed,
paper, page and the bank's fingerprint. Rendering goes through `quizgen.printing.render`, shared
with the paper (its fetcher refuses everything but `data:` URLs and the bank's folder, its fonts are
set up once per process).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from quizgen.bank.dispatch import QuestionTypes
from quizgen.bank.model import Bank
from quizgen.formats import Format, class_list, class_list_files
from quizgen.present import answersheet
from quizgen.present.templating import environment, render_for
from quizgen.runtime.output import write_atomic

try:  # the code is made in quizgen.present.answersheet; a missing segno is told here, at load
    import segno  # noqa: F401
except ImportError as error:  # the registry reports it as the format being unavailable
    raise ImportError("the sheets format needs segno: pip install 'quizgen[grade]'") from error

from quizgen.printing.merge import collate  # noqa: E402
from quizgen.printing.render import created_date, refusal, render  # noqa: E402


def qr_data_uri(payload: str) -> str:
    return answersheet.qr_code(payload).svg_data_uri(border=4)


class SheetsFormat(Format):
    name = "sheets"
    # The rows are the grader's too: quizgen.present.answersheet lays them out, for every type.
    question_types = QuestionTypes.alike(
        "sheets",
        "every question is one numbered row: bubbles for single, "
        "multiple and truefalse (read from the scan), a box marked by "
        "hand for every other type (quizgen.present.answersheet)",
    )

    def __init__(self, options):
        super().__init__(options)
        self._env = environment("sheets", options.templates)

    def html(self, bank: Bank, sheet: answersheet.Sheet) -> str:
        context = {
            "bank": bank,
            "sheet": sheet,
            "created": created_date(),
            "qr": {page.number: qr_data_uri(sheet.payload(page)) for page in sheet.pages},
            "marker": answersheet.MARKER_SIZE,
            "code_cell": answersheet.CODE_CELL,
            "margin": answersheet.MARGIN,
            "qr_size": answersheet.QR_SIZE,
            "qr_top": answersheet.QR_TOP,
            "number_width": answersheet.NUMBER_WIDTH,
            "digits_box_top": answersheet.digits_box_top(),
            "instructions_left": answersheet.instructions_left(),
        }
        return render_for(self._env, bank, "sheet.html.j2", "answer sheet template", context)

    def planned(self, bank: Bank) -> list[tuple[str, answersheet.Sheet]]:
        """(file name, sheet) of every sheet: one per version, or one per student of `--roster`
        with the versions dealt out in class order."""
        options = self.options
        versions = answersheet.sheets(bank, options.seed, options.versions, options.paper)
        students = class_list(options)
        if students is None:
            return [(f"{bank.id}-sheet{'-' + s.letter if s.letter else ''}.pdf", s) for s in versions]
        return [
            (f"{bank.id}-sheet-{student.id}.pdf", dataclasses.replace(sheet, student=student))
            for student, sheet in students.dealt(versions)
        ]

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        made = []
        for name, sheet in self.planned(bank):
            rendered = render(self.html(bank, sheet), bank.folder)
            if rendered.refused:
                raise refusal(bank, "the answer sheet", rendered.refused)
            made.append((out_dir / name, rendered.pdf))
        if self.options.collate and len(made) > 1:
            # One file for the printer, in class (or version) order: every sheet starts on a new
            # sheet of paper when printed double-sided.
            made.append((out_dir / f"{bank.id}-sheets.pdf", collate([pdf for _, pdf in made])))
        # Written only once every sheet rendered: a failed build leaves the old files whole.
        return [write_atomic(path, pdf) for path, pdf in made]

    def extra_inputs(self, bank: Bank) -> list[Path]:
        return class_list_files(self.options)


FORMAT = SheetsFormat
