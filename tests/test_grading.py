"""The grading model: one table of cases, judged by the Python model and by its JavaScript twin in
real Chromium, must give the same verdicts and scores (and the ones the table expects)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen import grading
from tests.support.grading_table import SCRIPT, javascript_disagreements, table_cases


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    return table_cases(tmp_path_factory)


def test_the_table_covers_every_rule(cases):
    assert len(cases) >= 80
    types = {spec["type"] for _, spec, *_ in cases}
    assert any(other is not None for *_, other in cases)  # the other decimal mark's reading
    assert types == {"single", "multiple", "truefalse", "short", "numeric", "cloze", "order", "match", "card", "essay"}
    assert {status for *_, status, _, _ in cases} == {"correct", "partial", "wrong", "empty"}


def test_python_grades_the_table_as_expected(cases):
    wrong = []
    for label, spec, response, status, fraction, other in cases:
        verdict = grading.grade(spec, response)
        if (verdict.status, verdict.fraction, verdict.other_decimal) != (status, fraction, other):
            wrong.append(
                f"{label}: got {verdict.status} {verdict.fraction} {verdict.other_decimal}, "
                f"expected {status} {fraction} {other}"
            )
    assert wrong == []


def test_javascript_grades_the_table_like_python(cases, browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>grading</title>")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    assert javascript_disagreements(page, cases) == []
    page.close()


def test_javascript_normalises_and_parses_like_python(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>grading</title>")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    texts = ["  «Meta’s»  ", "Straße", "İstanbul", "ΟΔΟΣ", "Ｍｅｔａ—AI", "¿Qué?", "a\u2028b", "x\u0301"]
    numbers = [
        ("1 234,5", ","),
        ("1,234.5", "."),
        ("−6.02×10^23", "."),
        ("٣٫١", "."),
        ("12e", "."),
        ("١٬٢٣٤", "."),
        ("۱٬۲۳۴٫۵", ","),
        ("٣٬١", "."),
    ]
    units = [
        "m/s²",
        "kg m s^-2",
        "kg*m/s^2",
        "kg.m/s2",
        "J/(kg·K)",
        "m/s/s",
        "1/s",
        "s⁻¹",
        "m s",
        "% p.a.",
        "billion USD",
        "man-hours",
        "Ｋｇ",
        "µm²",
        "سم",
        "s^1234",
        "m^-0",
        "kg··m",
        " 1 ",
        "",
    ]
    js = page.evaluate(
        """([texts, numbers, units]) => [
        texts.map(t => [QuizgenGrading.normaliseText(t, false, "keep"), QuizgenGrading.normaliseText(t, true, "ignore")]),
        numbers.map(([t, d]) => QuizgenGrading.parseNumber(t, d, [])),
        units.map(u => QuizgenGrading.normaliseUnit(u))]""",
        [texts, numbers, units],
    )
    page.close()
    assert js[2] == [grading.normalise_unit(u) for u in units]
    assert js[2][:8] == ["m·s^-2", *["kg·m·s^-2"] * 3, "j·k^-1·kg^-1", "m·s^-2", "s^-1", "s^-1"]
    assert js[0] == [
        [grading.normalise_text(t, False, "keep"), grading.normalise_text(t, True, "ignore")] for t in texts
    ]
    assert js[1] == [grading.parse_number(t, d) for t, d in numbers]
    assert js[1][3:] == [3.1, None, 1234, 1234.5, None]  # U+066B, U+066C: Arabic separators


def test_scores_are_exact_and_rounded_only_for_display():
    third = grading.Verdict("partial", Fraction(1, 3))
    tenth = [grading.Verdict("correct", Fraction(1))] * 3
    assert sum(v.earned_micro(0.1) for v in tenth) == 300_000
    assert grading.micro_text(sum(v.earned_micro(0.1) for v in tenth)) == "0.3"
    assert grading.micro_text(third.earned_micro(1)) == "0.33"
    assert grading.micro_text(grading.Verdict("partial", Fraction(1, 2)).earned_micro(3)) == "1.5"


def test_javascript_scores_like_python(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>grading</title>")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    rows = [(0.1, 1, 1), (1, 1, 3), (2.5, 2, 3), (7, 5, 7), (0.33, 1, 2)]
    js = page.evaluate(
        """rows => rows.map(([p, n, d]) => {
        const m = QuizgenGrading.earnedMicro(p, {num: n, den: d});
        return [m, QuizgenGrading.microText(m)];
    })""",
        rows,
    )
    page.close()
    python = []
    for points, num, den in rows:
        micro = grading.Verdict("partial", Fraction(num, den)).earned_micro(points)
        python.append([micro, grading.micro_text(micro)])
    assert js == python


# A number written the way a person would: separators, a decimal comma or point, a sign, a unit.
@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=10**9),
    cents=st.integers(min_value=0, max_value=99),
    negative=st.booleans(),
    decimal=st.sampled_from([".", ","]),
    grouping=st.sampled_from(["", " ", "thousands", "\u2009", "\u202f"]),
    unit=st.sampled_from(["", "%", "kg", "months", "USD"]),
    spaced=st.booleans(),
    minus=st.sampled_from(["-", "\u2212"]),
)
def test_a_number_written_as_people_write_it_is_right(whole, cents, negative, decimal, grouping, unit, spaced, minus):
    digits = f"{whole:,}" if grouping else str(whole)
    separator = {"": "", "thousands": "," if decimal == "." else "."}.get(grouping, grouping)
    digits = digits.replace(",", separator)
    text = f"{minus if negative else ''}{digits}{decimal}{cents:02d}"
    aliases = grading.unit_forms(unit)
    if unit:
        text += (" " if spaced else "") + ("$" if unit == "USD" else unit)
    value = (-1 if negative else 1) * (whole + cents / 100)
    assert grading.number_within(grading.parse_number(text, decimal, aliases), value, value), text


# A unit written as people write units: any mark between two units, any way of writing a power,
# the units below the line after a `/` or with negative powers, in any order.
@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    factors=st.dictionaries(
        st.sampled_from(["m", "kg", "s", "K", "mol", "cd", "µm", "°C"]),
        st.sampled_from([-3, -2, -1, 1, 2, 3]),
        min_size=1,
        max_size=4,
    ),
    times=st.sampled_from([" ", "*", "·", "⋅", ".", " * ", " · "]),
    power=st.sampled_from(["^", "**", "", "sup"]),
    slash=st.booleans(),
    order=st.randoms(),
)
def test_a_unit_spelt_any_way_is_the_same_unit(factors, times, power, slash, order):
    superscripts = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")

    def term(name, p):
        if p == 1:
            return name
        return name + (str(p).translate(superscripts) if power == "sup" else f"{power}{p}")

    terms = list(factors.items())
    order.shuffle(terms)
    up = [(n, p) for n, p in terms if p > 0]
    down = [(n, -p) for n, p in terms if p < 0]
    if slash and up and down:
        text = times.join(term(n, p) for n, p in up) + " / " + times.join(term(n, p) for n, p in down)
    else:
        text = times.join(term(n, p) for n, p in terms)
    canonical = "·".join(f"{n}^{p}" for n, p in sorted(factors.items()))
    assert grading.normalise_unit(text) == grading.normalise_unit(canonical), text
    value = grading.parse_number(f"2.5 {text}", ".", grading.unit_forms(canonical))
    assert value == 2.5, text
