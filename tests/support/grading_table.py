"""The shared table of grading cases (tests/grading_cases.yaml): every row as the Python model
sees it, and the rows a page's copy of the JavaScript model judges otherwise. The Python model,
the HTML page and the Anki cards are all checked against it."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import yaml

from quizgen import grading
from quizgen.bank.load import load_bank

TABLE = Path(__file__).resolve().parents[1] / "grading_cases.yaml"
SCRIPT = grading.SCRIPT


def _groups() -> list[dict]:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def table_cases(tmp_path_factory) -> list[tuple[str, dict, object, str, Fraction, float | None]]:
    """(label, grading spec, response, expected verdict, expected fraction, expected reading with
    the other decimal mark) for every row, with each group's question loaded through the real
    loader so the spec is what a build uses."""
    folder = tmp_path_factory.mktemp("grading")
    groups = _groups()
    by_language: dict[str, list[tuple[int, dict]]] = {}
    for n, group in enumerate(groups):
        by_language.setdefault(group.get("language", "en"), []).append((n, group))
    rows = []
    for language, members in by_language.items():
        questions = []
        for n, group in members:
            question = {"id": f"q{n}", **group["question"]}
            if question["type"] not in ("cloze", "card"):
                question.setdefault("prompt", "Question?")
            questions.append(question)
        path = folder / f"bank-{language}.yaml"
        path.write_text(
            yaml.safe_dump(
                {"id": f"cases-{language}", "title": "Cases", "language": language, "questions": questions},
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        result = load_bank(path)
        assert result.ok, [str(d) for d in result.diagnostics]
        loaded = {q.id: q for q in result.bank.questions}
        for n, group in members:
            spec = grading.spec(loaded[f"q{n}"], result.bank)
            for case in group["cases"]:
                response, status, *rest = case
                extra = rest.pop() if rest and isinstance(rest[-1], dict) else {}
                fraction = Fraction(str(rest[0])) if rest else Fraction(int(status == "correct"))
                rows.append(
                    (
                        f"{group['question']['type']} {response!r}",
                        spec,
                        response,
                        status,
                        fraction,
                        extra.get("other_decimal"),
                    )
                )
    return rows


def javascript_disagreements(page, cases) -> list[str]:
    """The rows of the table that the grading script loaded in `page` judges otherwise than the
    table expects (the page, an Anki card, or a bare page with the script)."""
    payload = [[spec, response] for _, spec, response, *_ in cases]
    results = page.evaluate(
        """rows => rows.map(([spec, response]) => {
        const v = QuizgenGrading.grade(spec, response);
        return [v.status, v.num, v.den, v.otherDecimal === undefined ? null : v.otherDecimal];
    })""",
        json.loads(json.dumps(payload)),
    )
    return [
        f"{label}: JavaScript says {js_status} {num}/{den} {js_other}, expected {status} {fraction} {other}"
        for (label, spec, response, status, fraction, other), (js_status, num, den, js_other) in zip(cases, results)
        if (js_status, Fraction(num, den), js_other) != (status, fraction, other)
    ]
