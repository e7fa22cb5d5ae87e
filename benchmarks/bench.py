"""Core benchmark: parsing and validation against bare libyaml, and CLI start-up.

    python benchmarks/bench.py [--sizes 100 1000 10000] [--runs 5] [--all]

Each measurement runs in a fresh process (so peak memory is that step's alone) and the table
shows the median of the runs. Format benchmarks live beside this file (bench_<format>.py, each
runnable alone with the same --sizes and --runs); `--all` runs them after this one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import write_bank  # noqa: E402

# Each snippet does one step on the bank at argv[1] and prints its own seconds and peak RSS.
_MEASURE = """
import resource, sys, time
path = sys.argv[1]
{setup}
started = time.perf_counter()
{body}
seconds = time.perf_counter() - started
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
# (setup, timed body): imports are set up outside the timed part, for both sides alike.
BARE_YAML = ("import yaml", "yaml.load(open(path, encoding='utf-8').read(), Loader=yaml.CSafeLoader)")
VALIDATE = ("from quizgen.bank.load import load_bank", "assert load_bank(path).ok")


def measure(step: tuple[str, str], bank: Path, runs: int) -> tuple[float, float]:
    """Median seconds of the step and median peak RSS (MiB) of its process."""
    setup, body = step
    code = _MEASURE.format(setup=setup, body=body)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    times, memory = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code, str(bank)], env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        times.append(float(out[0]))
        memory.append(int(out[1]) / 1024)
    return statistics.median(times), statistics.median(memory)


def wall_time(argv: list[str], runs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def no_change_rebuild(runs: int) -> float:
    """Wall time of `quizgen build` when everything is already up to date (a copy of questions/)."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(REPO / "questions", Path(tmp) / "questions")
        command = [sys.executable, "-m", "quizgen", "build"]
        subprocess.run(command, cwd=tmp, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True, capture_output=True)
        started = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(
                command, cwd=tmp, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True, capture_output=True
            )
            started.append(time.perf_counter() - began)
        return statistics.median(started)


def timed_build(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, the largest of quizgen's processes) of one `quizgen build`."""
    code = (
        "import resource, runpy, sys, time\n"
        "sys.argv = ['quizgen'] + sys.argv[1:]\n"
        "began = time.perf_counter()\n"
        "try:\n    runpy.run_module('quizgen', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "print(time.perf_counter() - began, peak, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    seconds, peak = done.stderr.split()[-2:]
    return float(seconds), int(peak) / 1024


def whole_builds(sizes: list[int], formats: list[str]) -> None:
    """Each format's whole build (parse and validate included): cold, then after a one-question edit."""
    print("\n| questions | format | cold build | peak RSS | rebuild after a one-question edit |")
    print("| ---: | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / str(size)
            bank = write_bank(size, folder / "questions" / "bank.yaml")
            for name in formats:
                cold, peak = timed_build(["build", "-f", name, "-q", "--force"], folder)
                text = bank.read_text(encoding="utf-8")
                bank.write_text(text.replace("Question 0:", "Question zero:", 1), encoding="utf-8")
                warm, _ = timed_build(["build", "-f", name, "-q"], folder)
                bank.write_text(text, encoding="utf-8")
                print(f"| {size:,} | {name} | {cold:.2f} s | {peak:.0f} MiB | {warm:.2f} s |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="also run every bench_<format>.py")
    parser.add_argument(
        "--builds",
        nargs="*",
        metavar="FORMAT",
        help="also time whole builds of these formats (all when none are named)",
    )
    args = parser.parse_args()
    sizes = args.sizes

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {args.runs} runs\n")
    print("| questions | file | bare yaml.load | validate | ratio (target <= 1.3) | peak RSS bare / validate |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            bank = write_bank(size, Path(tmp) / f"bank-{size}.yaml")
            bare, bare_mem = measure(BARE_YAML, bank, args.runs)
            ours, our_mem = measure(VALIDATE, bank, args.runs)
            print(
                f"| {size:,} | {bank.stat().st_size / 2**20:.2f} MiB | {bare:.3f} s | {ours:.3f} s "
                f"| {ours / bare:.2f}x | {bare_mem:.0f} / {our_mem:.0f} MiB |"
            )
    help_time = wall_time([sys.executable, "-m", "quizgen", "--help"], args.runs * 2)
    print(f"\n`quizgen --help` wall time: {help_time:.3f} s (target < 0.25 s)")
    print(f"no-change rebuild of questions/, every format: {no_change_rebuild(args.runs):.3f} s (target < 0.5 s)")
    if args.builds is not None:
        from quizgen import formats

        whole_builds(sizes, args.builds or formats.names())
    if args.all:
        for script in sorted(Path(__file__).parent.glob("bench_*.py")):
            print(f"\n## {script.stem}\n", flush=True)
            subprocess.run([sys.executable, str(script), "--runs", str(args.runs)], check=True)


if __name__ == "__main__":
    main()
