"""Whether a student's name in the sheet's QR code still lets the code be read from bad scans.

    python benchmarks/bench_qr_names.py [--takes 20]

A longer payload makes the code's modules smaller (the printed code keeps its size), so a name
costs legibility. For each name length it prints a sheet page of a roster student (the real
template and renderer; the name not cut), then reads the code back from `--takes` flatbed scans
at 150 dpi saved as JPEG of quality 30 (blurred, noisy, askew: tests/support/photos.py), from as
many phone photos at 150 dpi (perspective up to 10°, shadow, colour JPEG), and, to show the
margin left, from scans at 100 dpi of quality 30. Each row: the payload's bytes, the code's
modules and module size, and how many codes were read by zxing-cpp alone and by the grader's
whole reader (`quizgen.scans.locate.decode_qr`, zxing-cpp then OpenCV), with the text exact.
The first row, no student at all, is the baseline; then names of every length and script, and
the longest ids there can be with a name, all carried whole. The last two rows are what is
printed: a long name cut to `answersheet.NAME_MAX_BYTES`, then the longest
ids there can be (a 64-character bank id, a 20-character student id), the name cut to what
keeps the text within `answersheet.PAYLOAD_MAX_BYTES`.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Latin with accents, Cyrillic, Arabic and CJK: one, two and three UTF-8 bytes a character.
NAMES = [
    "",
    "Ada Lovelace",
    "María José Fernández de Córdoba",
    "Александра Владимировна Лебедева",
    "محمد عبد الرحمن الحسيني",
    "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Senior",
    "山田 太郎 三郎 次郎 花子 一郎 四郎 五郎 六郎 七郎",
]
LONGEST = ("b" * 64, "2026-ABCDEFGHIJ-0001", "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Senior, Jr")
BANK = "id: BANK_ID\ntitle: Names in codes\nquestions:\n  - {id: q, type: truefalse, prompt: Yes?, answer: true}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    import io

    import numpy as np
    import zxingcpp
    from PIL import Image, ImageOps

    from quizgen.bank.diagnostics import Location
    from quizgen.bank.load import load_bank
    from quizgen.formats import BuildOptions
    from quizgen.formats.sheets.format import SheetsFormat
    from quizgen.present import answersheet, roster
    from quizgen.printing.render import render
    from quizgen.scans import locate
    from tests.support import photos

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        banks = {}
        for bank_id in ("roster-names", LONGEST[0]):
            (folder / f"{bank_id}.yaml").write_text(BANK.replace("BANK_ID", bank_id), encoding="utf-8")
            banks[bank_id] = load_bank(folder / f"{bank_id}.yaml").bank
        sheets = SheetsFormat(BuildOptions(output_dir=folder))
        print(
            f"{'name (bytes)':>12} {'payload':>7} {'modules':>7} {'module mm':>9}  "
            + "  ".join(f"{take:>17}" for take in ("scan150 q30", "photo150", "scan100 q30"))
        )
        print(f"{'':>12} {'':>7} {'':>7} {'':>9}  " + "  ".join(f"{'zxing / reader':>17}" for _ in range(3)))
        rows = [("roster-names", "20260001", text, False) for text in NAMES] + [(*LONGEST, False)]
        rows += [("roster-names", "20260001", NAMES[-1], True), (*LONGEST, True)]
        limits = answersheet.NAME_MAX_BYTES, answersheet.PAYLOAD_MAX_BYTES
        for bank_id, student_id, text, capped in rows:
            bank = banks[bank_id]
            student = roster.Student(student_id, text, Location("class.csv")) if text else None
            sheet = dataclasses.replace(answersheet.sheets(bank, 7, 2, "a4")[0], student=student)
            page = sheet.pages[0]
            # The whole name but in the last rows (cut as printed), to see what each length costs.
            if not capped:
                answersheet.NAME_MAX_BYTES = answersheet.PAYLOAD_MAX_BYTES = 10_000
            try:
                payload = sheet.payload(page)
                pdf = render(sheets.html(bank, sheet), folder).pdf
            finally:
                answersheet.NAME_MAX_BYTES, answersheet.PAYLOAD_MAX_BYTES = limits
            fields = payload.split(" ", 8)
            carried = fields[8] if len(fields) > 8 else ""
            (folder / "sheet.pdf").write_bytes(pdf)
            modules = answersheet.qr_code(payload).symbol_size(border=0)[0]
            rng = random.Random(args.seed)
            cells = []
            for dpi, how in ((150, "scan"), (150, "photo"), (100, "scan")):
                image = photos.render(folder / "sheet.pdf", dpi)
                by_zxing = by_reader = 0
                for _ in range(args.takes):
                    if how == "scan":
                        data = photos.scan(image, dpi, rng, quality=30)
                    else:
                        data = photos.photograph(image, dpi, rng).jpeg
                    gray = np.array(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L"))
                    read = [c.text for c in zxingcpp.read_barcodes(gray) if c.valid]
                    by_zxing += read == [payload]
                    try:
                        by_reader += locate.decode_qr(gray)[0] == payload
                    except locate.NoCode:
                        pass
                cells.append(f"{by_zxing:>7}/{args.takes} {by_reader:>3}/{args.takes}")
            module = answersheet.QR_SIZE / (modules + 2 * locate.QR_BORDER)
            print(
                f"{len(carried.encode()):>12} {len(payload.encode()):>7} {modules:>7} {module:>9.2f}  "
                + "  ".join(cells)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
