"""The report as one self-contained HTML file (templates/report/), and its numbers as CSV and JSON.

The HTML carries no script at all, and a Content-Security-Policy that allows only its own
stylesheet (by hash) and `data:` images, like the quiz page's: bank text reaches it through
Jinja's autoescaping, as plain text. Its words are the bank's language (present/i18n catalogs),
its numbers written as that language writes them (Babel), its direction the language's.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from markupsafe import Markup

from quizgen import grading
from quizgen.bank.diagnostics import shown_path
from quizgen.present import i18n
from quizgen.present.templating import environment, render_for
from quizgen.report import charts
from quizgen.report.analysis import Analysis, QuestionStats
from quizgen.runtime.csvsafe import csv_text

TEMPLATE, STYLE = "report.html", "report.css"


class Numbers:
    """Numbers as the bank's language writes them (Babel's CLDR data: `0,45` and `45 %` in
    French). The symbols are read once and the numbers written by Python: a report of thousands
    of students writes tens of thousands of them, and Babel's formatter takes a tenth of a
    millisecond each."""

    def __init__(self, language: str):
        from babel import Locale, UnknownLocaleError
        from babel.numbers import format_percent, get_decimal_symbol, get_minus_sign_symbol

        try:
            locale = Locale.parse((language or "en").replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            locale = Locale("en")
        self.point = get_decimal_symbol(locale)
        self.minus = get_minus_sign_symbol(locale)
        self.percent_form = format_percent(0.12, locale=locale).replace("12", "{}", 1)

    def _signed(self, text: str) -> str:
        return text.replace(".", self.point).replace("-", self.minus)

    def decimal(self, value: float | None, digits: int = 2) -> str:
        if value is None:
            return "–"
        return self._signed(f"{value + 0.0:.{digits}f}")  # + 0.0: no "-0.00"

    def percent(self, value: float | None) -> str:
        return "–" if value is None else self._signed(self.percent_form.format(round(100 * value)))


def _plain(text: str) -> str:
    from quizgen.text import markup

    return " ".join(markup.plain(text).split())


def _prompt(q) -> str:
    from quizgen.present.answers import title

    text = getattr(q, "prompt", None) or getattr(q, "front", None)
    return _plain(text) if text else title(q)


def html(analysis: Analysis, *, students: bool = False, templates: Path | None = None) -> str:
    bank = analysis.bank
    env = environment("report", templates)
    words = i18n.translations(bank)
    numbers = Numbers(bank.language)
    rtl = i18n.direction(bank) == "rtl"
    style = env.loader.get_source(env, STYLE)[0]
    if "</style" in style.lower():
        raise ValueError("the report's style contains a closing tag")
    slices = len(analysis.histogram)
    labels = [f"{100 * i // slices}–{100 * (i + 1) // slices}" for i in range(slices)]
    context = {
        "analysis": analysis,
        "numbers": numbers,
        "flag_text": lambda flag: flag.text(words, numbers.decimal),
        "prompt": _prompt,
        "plain": _plain,
        "where": lambda q: f"{shown_path(q.where().path)}:{q.where().line}",
        "histogram": charts.histogram(analysis.histogram, labels),
        "choices": {s.question.id: _choice_chart(s, rtl) for s in analysis.questions if s.choices and s.attempts},
        "tags": charts.horizontal(
            [(t.name, [(t.share or 0.0, numbers.percent(t.share), "all")]) for t in analysis.tags], 1.0, rtl
        ),
        "sections": charts.horizontal(
            [(s.name, [(s.share or 0.0, numbers.percent(s.share), "all")]) for s in analysis.sections], 1.0, rtl
        ),
        "flagged": [s for s in analysis.questions if s.flags],
        "students": students,
        # Joined here, not in the template: thousands of students' rows render in a blink.
        "student_tags": lambda st: ", ".join(f"{tag} {numbers.percent(share)}" for tag, share in st.tags.items()),
        # By id, not number: the number differs on each printed version.
        "student_revise": lambda st: ", ".join(q.id for q in st.revise),
        "points": grading.micro_text,
        "micro": grading.to_micro,
        "style": Markup(style),
        "style_hash": "sha256-" + base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii"),
    }
    return render_for(env, bank, TEMPLATE, "report template", context)


def _choice_chart(stats: QuestionStats, rtl: bool) -> charts.Chart:
    rows = []
    most = max([max(c.upper, c.lower) for c in stats.choices] + [1])
    for choice in stats.choices:
        name = f"{choice.name} ✓" if choice.key else choice.name
        rows.append((name, [(choice.upper, str(choice.upper), "upper"), (choice.lower, str(choice.lower), "lower")]))
    return charts.horizontal(rows, most, rtl)


CSV_COLUMNS = [
    "question",
    "id",
    "type",
    "line",
    "attempts",
    "blank",
    "unmarked",
    "facility",
    "discrimination",
    "upper_minus_lower",
    "chosen",
    "chosen_upper",
    "chosen_lower",
    "key",
    "flags",
]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _flag_cell(flag) -> str:
    """A flag in the CSV: its code, and the choice it is about by letter and text (`miskeyed (C, Pacific)`)."""
    if "choice" not in flag.params:
        return flag.code
    text = flag.params.get("choice_text")
    return f"{flag.code} ({flag.params['choice']}, {text})" if text else f"{flag.code} ({flag.params['choice']})"


def csv_table(analysis: Analysis) -> str:
    """One row per question, numbers with a point whatever the bank's language (for spreadsheets
    and scripts), no cell a formula (runtime.csvsafe)."""
    rows = [CSV_COLUMNS]
    for s in analysis.questions:
        rows.append(
            [
                str(s.number),
                s.question.id,
                s.question.type,
                str(s.question.where().line),
                str(s.attempts),
                str(s.blank),
                str(s.unmarked),
                _number(s.facility),
                _number(s.discrimination),
                _number(s.upper_lower),
                " ".join(f"{c.name}:{c.total}" for c in s.choices),
                " ".join(f"{c.name}:{c.upper}" for c in s.choices),
                " ".join(f"{c.name}:{c.lower}" for c in s.choices),
                "".join(c.name for c in s.choices if c.key),
                "; ".join(_flag_cell(f) for f in s.flags),
            ]
        )
    return csv_text([shown_path(cell) for cell in row] for row in rows)


def json_data(analysis: Analysis, *, students: bool = False) -> str:
    """Everything the report shows, as data (described in docs/report.md)."""
    summary = analysis.summary
    data = {
        "bank": analysis.bank.id,
        "attempts": analysis.attempts,
        "max_points": analysis.max_points,
        "summary": None
        if summary is None
        else {"count": summary.count, "mean": summary.mean, "median": summary.median, "sd": summary.sd},
        "reliability": None
        if analysis.reliability is None
        else {
            "name": analysis.reliability.name,
            "value": analysis.reliability.value,
            "items": analysis.reliability.items,
            "attempts": analysis.reliability.attempts,
        },
        "histogram": analysis.histogram,
        "min_sample": analysis.min_sample,
        "questions": [
            {
                "id": s.question.id,
                "number": s.number,
                "type": s.question.type,
                "line": s.question.where().line,
                "attempts": s.attempts,
                "blank": s.blank,
                "unmarked": s.unmarked,
                "facility": s.facility,
                "discrimination": s.discrimination,
                "upper_minus_lower": s.upper_lower,
                "partial": s.partial,
                "choices": [
                    {"name": c.name, "key": c.key, "chosen": c.total, "upper": c.upper, "lower": c.lower}
                    for c in s.choices
                ],
                "flags": [{"code": f.code, "message": f.text(), **f.params} for f in s.flags],
            }
            for s in analysis.questions
        ],
        "tags": [{"tag": t.name, "questions": t.questions, "share": t.share} for t in analysis.tags],
        "sections": [{"section": t.name, "questions": t.questions, "share": t.share} for t in analysis.sections],
    }
    if students:
        data["students"] = [
            {
                "student": s.name,
                "earned": s.earned,
                "out_of": s.out_of,
                "tags": s.tags,
                "revise": [q.id for q in s.revise],
            }
            for s in analysis.students
        ]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
