"""Write synthetic banks of every question type, for benchmarks and scale tests.

python benchmarks/generate.py 1000 out.yaml
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

_TEMPLATES = [
    """  - id: q{i}
    type: single
    prompt: "Question {i}: on which day was release number {i} announced to the press?"
    choices: ["April {a}", "April {b}", "April {c}", "March {d}"]
    answer: "April {a}"
    explanation: "The announcement for release {i} came on April {a}, not on the other days."
    tags: [launch, t{t}]
    difficulty: easy
""",
    """  - id: q{i}
    type: multiple
    prompt: "Question {i}: which of these statements about item {i} are true?"
    choices: ["It is small {i}", "It is fast {i}", "It is open {i}", "It is old {i}"]
    answer: ["It is small {i}", "It is fast {i}"]
    explanation: "Item {i} is both *small* and *fast*."
    tags: [strategy]
    difficulty: medium
    points: 2
""",
    """  - id: q{i}
    type: truefalse
    prompt: "Statement {i}: the model number {i} matched its rival on the benchmark."
    answer: true
    explanation: "It matched, it did not beat."
    tags: [benchmarks]
""",
    """  - id: q{i}
    type: short
    prompt: "Question {i}: which company did the executive number {i} come from?"
    answer: ["Scale AI", "Scale"]
    explanation: "He came from Scale AI."
    tags: [people]
""",
    """  - id: q{i}
    type: numeric
    prompt: "Question {i}: how many billion dollars did deal {i} cost?"
    answer: {a}.3
    tolerance: 0.05
    unit: billion USD
    tags: [money]
    difficulty: hard
""",
    """  - id: q{i}
    type: cloze
    text: "Fact {i}: the model was code-named {{{{c1::Avocado}}}} and released in {{{{c2::April::month}}}}."
    tags: [launch]
""",
    """  - id: q{i}
    type: card
    front: "Term {i}"
    back: "Definition of term {i}, written out in a few words."
    reverse: {rev}
    tags: [faq]
""",
    """  - id: q{i}
    type: order
    prompt: "Question {i}: put these events in order."
    items: ["Event one {i}", "Event two {i}", "Event three {i}", "Event four {i}"]
    tags: [launch]
""",
    """  - id: q{i}
    type: match
    prompt: "Question {i}: match each person with a role."
    pairs:
      - {{left: "Person A{i}", right: "Role A{i}"}}
      - {{left: "Person B{i}", right: "Role B{i}"}}
      - {{left: "Person C{i}", right: "Role C{i}"}}
    tags: [people]
""",
]


def median_time(func, runs: int, before=None) -> tuple[float, object]:
    """Median seconds of `func()` over `runs` calls (`before()` runs untimed ahead of each), and
    the last call's result. Shared by the benchmark scripts."""
    times, result = [], None
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bank_text(count: int, bank_id: str | None = None) -> str:
    head = (
        f"id: {bank_id or f'synthetic-{count}'}\ntitle: Synthetic bank of {count} questions\n"
        "description: Generated for benchmarks.\nquestions:\n"
    )
    body = [
        _TEMPLATES[i % len(_TEMPLATES)].format(
            i=i, a=1 + i % 28, b=2 + i % 28, c=3 + i % 28, d=1 + i % 30, t=i % 7, rev="true" if i % 2 else "false"
        )
        for i in range(count)
    ]
    return head + "".join(body)


def sheet_bank_text(count: int, bank_id: str, title: str, kinds: tuple[str, ...], choices: int) -> str:
    """A bank answered on an answer sheet (single, multiple and true/false questions, `kinds` in
    turn): the scan benchmarks' and tests' banks. Single answers are the second choice, multiple
    the first and third."""
    letters = "abcdefghij"[:choices]
    lines = [f"id: {bank_id}", f"title: {title}", "questions:"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        lines += [f"  - id: q{i}", f"    type: {kind}", f"    prompt: Question {i}?"]
        if kind == "truefalse":
            lines.append("    answer: true")
        else:
            lines.append(f"    choices: [{', '.join(f'{c}{i}' for c in letters)}]")
            lines.append(f"    answer: {'b' + str(i) if kind == 'single' else [f'a{i}', f'c{i}']}")
    return "\n".join(lines) + "\n"


def write_bank(count: int, path: Path, bank_id: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bank_text(count, bank_id), encoding="utf-8")
    return path


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many questions (every type in turn)")
    parser.add_argument("out", type=Path, help="the bank file to write (its folder is made)")
    parser.add_argument("--id", dest="bank_id", help="the bank's id (default: synthetic-COUNT)")
    args = parser.parse_args()
    write_bank(args.count, args.out, args.bank_id)
