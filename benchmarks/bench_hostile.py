"""Hostile banks: the worst cases of issue 14, refused or built, with time, peak memory and output size.

    python benchmarks/bench_hostile.py [--runs 3] [--formats json html anki pdf] [--only NAME ...]

Each case writes a bank (and its images) to a temporary folder, then runs `quizgen validate` and,
for banks within the limits, `quizgen build` of each format, each in a fresh process. The table
shows medians: a refused bank must be refused in seconds, and a bank within the documented
limits must build within 1 GiB of memory and 50 MB of output per format (docs/security.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Callable, NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

HEAD = "id: hostile\ntitle: Hostile bank\nquestions:\n"


def png(width: int, height: int) -> bytes:
    """A black greyscale PNG of any size, compressed the way an attacker would (rows are zeros)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", body)
        + chunk(b"IEND", b"")
    )


def cards(count: int, front: Callable[[int], str], back: str = "b") -> str:
    return HEAD + "".join(
        f'  - id: q{i}\n    type: card\n    front: "{front(i)}"\n    back: {back}\n' for i in range(count)
    )


# -- the cases: (name, what it is, expected outcome, writer) -------------------------------------


def cloze_openings(folder: Path) -> None:
    """800 cloze texts of 3,333 unclosed `{{c1::` (16 MB): minutes per text before the fix."""
    text = "{{c1::" * 3333
    (folder / "bank.yaml").write_text(
        HEAD + "".join(f'  - {{id: q{i}, type: cloze, text: "{text}"}}\n' for i in range(800)), encoding="utf-8"
    )


def star_line(folder: Path) -> None:
    """A 15 MB comment line of `a*`: the alias pre-scan was quadratic (about 30 minutes)."""
    (folder / "bank.yaml").write_text("# " + "a*" * 7_500_000 + "\n" + cards(1, lambda i: "f"), encoding="utf-8")


def alias_after_cr(folder: Path) -> None:
    """A billion-laughs bomb with old Mac line endings (CR only): slipped past the pre-scan."""
    lines = ["id: hostile", "title: Hostile bank", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    (folder / "bank.yaml").write_bytes("\r".join(lines).encode() + b"\r")


def reference_links(folder: Path) -> None:
    """200 KB of texts whose reference links repeat a 9 KB target: 257 MiB page before the fix."""
    text = "[r]: /" + "u" * 9000 + "\\n\\n" + "[a][r]" * 1500
    (folder / "bank.yaml").write_text(cards(10, lambda i: text), encoding="utf-8")


def huge_image(folder: Path) -> None:
    """A 12,000 x 12,000 PNG (about 420 KB): over 1 GiB and 6 s per PDF before the fix."""
    (folder / "big.png").write_bytes(png(12_000, 12_000))
    (folder / "bank.yaml").write_text(cards(1, lambda i: "![big](big.png)"), encoding="utf-8")


def many_answers(folder: Path) -> None:
    """One short question with 50,000 accepted answers: the PDF took >30 s and 1.1 GiB."""
    answers = ", ".join(f"a{i}" for i in range(50_000))
    (folder / "bank.yaml").write_text(
        HEAD + f"  - {{id: q1, type: short, prompt: p, answer: [{answers}]}}\n", encoding="utf-8"
    )


def points_overflow(folder: Path) -> None:
    """Two questions of 1.7e308 points: the page's total was Infinity and its JSON broke."""
    (folder / "bank.yaml").write_text(
        HEAD
        + "".join(
            f"  - {{id: q{i}, type: truefalse, prompt: p{i}, answer: true, points: 1.7e308}}\n" for i in range(2)
        ),
        encoding="utf-8",
    )


def at_the_list_limits(folder: Path) -> None:
    """Within the limits: 20 questions with 100 answers of 200 characters and 100 tags each."""
    answers = ", ".join(f'"answer {j} ' + "x" * 190 + '"' for j in range(100))
    tags = ", ".join(f"t{j}" for j in range(100))
    (folder / "bank.yaml").write_text(
        HEAD
        + "".join(
            f"  - {{id: q{i}, type: short, prompt: Question {i}, answer: [{answers}], tags: [{tags}]}}\n"
            for i in range(20)
        ),
        encoding="utf-8",
    )


def at_the_growth_limit(folder: Path) -> None:
    """Within the limits: 20 prompts of 19,000 characters that grow 9 times through references."""
    text = "[r]: /" + "u" * 40 + "\\n\\n" + "[a][r] " * 2700
    (folder / "bank.yaml").write_text(cards(20, lambda i: text + f" {i}"), encoding="utf-8")


def at_the_pixel_limit(folder: Path) -> None:
    """Within the limits: a 40-megapixel PNG (8,000 x 5,000) in 20 questions."""
    (folder / "photo.png").write_bytes(png(8_000, 5_000))
    (folder / "bank.yaml").write_text(cards(20, lambda i: f"Picture {i}: ![photo](photo.png)"), encoding="utf-8")


def longest_texts(folder: Path) -> None:
    """Within the limits: 50 questions whose front and back are 20,000 characters each (2 MB)."""
    words = ("lorem ipsum dolor sit amet " * 800)[:19_990]
    (folder / "bank.yaml").write_text(cards(50, lambda i: f"{i} {words}", back=f'"{words}"'), encoding="utf-8")


CASES = [
    ("cloze-openings", cloze_openings, "refused"),
    ("star-line", star_line, "valid"),
    ("alias-after-cr", alias_after_cr, "refused"),
    ("reference-links", reference_links, "refused"),
    ("huge-image", huge_image, "refused"),
    ("many-answers", many_answers, "refused"),
    ("points-overflow", points_overflow, "refused"),
    ("at-the-list-limits", at_the_list_limits, "valid"),
    ("at-the-growth-limit", at_the_growth_limit, "valid"),
    ("at-the-pixel-limit", at_the_pixel_limit, "valid"),
    ("longest-texts", longest_texts, "valid"),
]


class Run(NamedTuple):
    seconds: float
    peak_mib: float
    exit_code: int


# Like bench.timed_build, but the exit code is part of the result: a refused bank is not a failure.
_CLI = (
    "import resource, runpy, sys, time\n"
    "sys.argv = ['quizgen'] + sys.argv[1:]\n"
    "began = time.perf_counter()\n"
    "code = 0\n"
    "try:\n    runpy.run_module('quizgen', run_name='__main__')\n"
    "except SystemExit as exit:\n    code = exit.code or 0\n"
    "peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(time.perf_counter() - began, peak, code, file=sys.stderr)"
)


def timed(args: list[str], cwd: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-c", _CLI, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    seconds, peak, code = done.stderr.split()[-3:]
    return Run(float(seconds), int(peak) / 1024, int(code))


def median_run(args: list[str], cwd: Path, runs: int) -> Run:
    results = [timed(args, cwd) for _ in range(runs)]
    return Run(
        statistics.median(r.seconds for r in results),
        statistics.median(r.peak_mib for r in results),
        results[-1].exit_code,
    )


def output_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and ".quizgen" not in str(p)) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["json", "html", "anki", "pdf"])
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    args = parser.parse_args()
    print(
        "| case | bank | expected | validate | peak RSS | "
        + " | ".join(f"build {name} (time, peak, output)" for name in args.formats)
        + " |"
    )
    print("| --- | ---: | --- | ---: | ---: |" + " --- |" * len(args.formats))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("QUIZGEN_CACHE_DIR", str(Path(tmp) / "key"))
        for name, write, expected in CASES:
            if args.only and name not in args.only:
                continue
            folder = Path(tmp) / name
            folder.mkdir()
            write(folder)
            size = (folder / "bank.yaml").stat().st_size / 2**20
            check = median_run(["validate", "bank.yaml"], folder, args.runs)
            outcome = (
                "refused" if check.exit_code == 1 else "valid" if check.exit_code == 0 else f"exit {check.exit_code}"
            )
            cells = []
            if outcome == "valid":
                for format_name in args.formats:
                    out = folder / f"out-{format_name}"
                    build = median_run(
                        ["build", "bank.yaml", "-f", format_name, "-q", "--force", "-o", str(out)], folder, args.runs
                    )
                    cells.append(
                        f"{build.seconds:.1f} s, {build.peak_mib:.0f} MiB, {output_mib(out):.1f} MB"
                        if build.exit_code == 0
                        else f"failed (exit {build.exit_code})"
                    )
            else:
                cells = ["-"] * len(args.formats)
            mark = "" if outcome == expected else " (UNEXPECTED)"
            print(
                f"| {name} | {size:.2f} MiB | {outcome}{mark} | {check.seconds:.2f} s | {check.peak_mib:.0f} MiB | "
                + " | ".join(cells)
                + " |",
                flush=True,
            )


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s in all)")
