"""QTI 2.1 response processing that scores like quizgen's grading model (docs/grading.md).

SCORE is in points (0 to the question's `points`), MAXSCORE is the points. The standard templates
are named where their rules are exactly these (`map_response`: single, true/false, multiple with
partial credit, match with partial credit; `match_correct`: all or nothing for 1 point);
their rules are written out too, because not every engine fetches templates. The rest is custom:
numbers in an interval, cloze (blanks right ÷ blanks), order (neighbouring pairs kept ÷
(items − 1)), and all-or-nothing questions worth other than 1 point.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quizgen.formats.qti.xhtml import q

TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
MAP_RESPONSE = TEMPLATES + "map_response"
MATCH_CORRECT = TEMPLATES + "match_correct"


def number(value: float) -> str:
    """A float as QTI writes it: exact (repr), `1.0` rather than `1`."""
    return repr(float(value))


def el(tag: str, attrs: dict | None = None, *children: ET.Element, text: str | None = None) -> ET.Element:
    element = ET.Element(q(tag), attrs or {})
    element.extend(children)
    if text is not None:
        element.text = text
    return element


def variable(identifier: str) -> ET.Element:
    return el("variable", {"identifier": identifier})


def base(kind: str, value) -> ET.Element:
    return el("baseValue", {"baseType": kind}, text=number(value) if kind == "float" else str(value))


def set_outcome(identifier: str, expression: ET.Element) -> ET.Element:
    return el("setOutcomeValue", {"identifier": identifier}, expression)


def condition(*branches: tuple[ET.Element | None, list[ET.Element]]) -> ET.Element:
    """responseCondition from (test, rules) branches; a last branch with test None is the else."""
    parts = []
    for i, (test, rules) in enumerate(branches):
        if test is None:
            parts.append(el("responseElse", {}, *rules))
        else:
            parts.append(el("responseIf" if i == 0 else "responseElseIf", {}, test, *rules))
    return el("responseCondition", {}, *parts)


def map_response(response: str = "RESPONSE") -> list[ET.Element]:
    """The rules of the standard map_response template."""
    return [
        condition(
            (el("isNull", {}, variable(response)), [set_outcome("SCORE", base("float", 0))]),
            (None, [set_outcome("SCORE", el("mapResponse", {"identifier": response}))]),
        )
    ]


def all_or_nothing(points: float, response: str = "RESPONSE") -> list[ET.Element]:
    """match_correct, worth `points` instead of 1."""
    test = el("match", {}, variable(response), el("correct", {"identifier": response}))
    return [
        condition(
            (test, [set_outcome("SCORE", base("float", points))]), (None, [set_outcome("SCORE", base("float", 0))])
        )
    ]


def share(points: float, counter: str, out_of: int) -> ET.Element:
    """points × counter ÷ out_of."""
    return el("divide", {}, el("product", {}, base("float", points), variable(counter)), base("float", out_of))


def in_interval(low: float, high: float, points: float) -> list[ET.Element]:
    test = el(
        "and",
        {},
        el("gte", {}, variable("RESPONSE"), base("float", low)),
        el("lte", {}, variable("RESPONSE"), base("float", high)),
    )
    return [
        condition(
            (el("isNull", {}, variable("RESPONSE")), [set_outcome("SCORE", base("float", 0))]),
            (test, [set_outcome("SCORE", base("float", points))]),
            (None, [set_outcome("SCORE", base("float", 0))]),
        )
    ]


def text_right(response: str, patterns: list[str]) -> ET.Element:
    """A text response is right when the mapping lists it (the accepted answers spelt out, for
    engines and importers that read only the mapping) or one of the patterns matches it (the
    grading model's forgiveness, see patterns.py)."""
    return el(
        "or",
        {},
        el("gt", {}, el("mapResponse", {"identifier": response}), base("float", 0)),
        *[el("patternMatch", {"pattern": p}, variable(response)) for p in patterns],
    )


def text(patterns: list[str], points: float) -> list[ET.Element]:
    """Short answer: the points when the response is right (`text_right`)."""
    return [
        condition(
            (el("isNull", {}, variable("RESPONSE")), [set_outcome("SCORE", base("float", 0))]),
            (text_right("RESPONSE", patterns), [set_outcome("SCORE", base("float", points))]),
            (None, [set_outcome("SCORE", base("float", 0))]),
        )
    ]


def blanks(patterns: list[list[str]], points: float, partial: bool) -> list[ET.Element]:
    """Cloze: RESPONSE_1..n, one per blank; BLANKS counts those right (`text_right`)."""
    count = len(patterns)
    rules = [set_outcome("BLANKS", base("float", 0))]
    for i, accepted in enumerate(patterns, start=1):
        response = f"RESPONSE_{i}"
        right = el("and", {}, el("not", {}, el("isNull", {}, variable(response))), text_right(response, accepted))
        rules.append(condition((right, [set_outcome("BLANKS", el("sum", {}, variable("BLANKS"), base("float", 1)))])))
    full = el("gte", {}, variable("BLANKS"), base("float", count))
    rules.append(
        condition(
            (full, [set_outcome("SCORE", base("float", points))]),
            (None, [set_outcome("SCORE", share(points, "BLANKS", count) if partial else base("float", 0))]),
        )
    )
    return rules


def neighbours(identifiers: list[str], points: float, partial: bool) -> list[ET.Element]:
    """Order: full marks for the key; else, with partial credit, points × (neighbouring pairs of
    the key kept next to each other, in order) ÷ (items − 1). Written with `index`, as `contains`
    on ordered containers is read backwards by some engines."""
    rules = all_or_nothing(points)
    if not partial or len(identifiers) < 2:
        return rules
    follows = list(zip(identifiers, identifiers[1:]))
    counting = [set_outcome("PAIRS", base("float", 0))]
    for k in range(1, len(identifiers)):
        kept = el(
            "or",
            {},
            *[
                el(
                    "and",
                    {},
                    el("match", {}, el("index", {"n": str(k)}, variable("RESPONSE")), base("identifier", a)),
                    el("match", {}, el("index", {"n": str(k + 1)}, variable("RESPONSE")), base("identifier", b)),
                )
                for a, b in follows
            ],
        )
        counting.append(condition((kept, [set_outcome("PAIRS", el("sum", {}, variable("PAIRS"), base("float", 1)))])))
    counting.append(set_outcome("SCORE", share(points, "PAIRS", len(identifiers) - 1)))
    test = el("match", {}, variable("RESPONSE"), el("correct", {"identifier": "RESPONSE"}))
    return [
        condition(
            (el("isNull", {}, variable("RESPONSE")), [set_outcome("SCORE", base("float", 0))]),
            (test, [set_outcome("SCORE", base("float", points))]),
            (None, counting),
        )
    ]
