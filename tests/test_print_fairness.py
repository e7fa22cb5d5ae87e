"""What a printed paper gives away (issue 28): a cloze blank's width, an order printed backwards.
Read from the printed versions (quizgen.present.versions), which the paper, key, cards and
answer sheets all print; no PDF is rendered."""

from __future__ import annotations

import re

from quizgen.bank.load import load_bank
from quizgen.present import versions

BANK = """\
id: fair
title: Fair
questions:
  - {id: gaps, type: cloze, text: "An {{c1::ox}} pulls a {{c2::plough across the longest field}} and a {{c3::cart}}."}
  - {id: three, type: order, prompt: Order., items: [Alpha, Beta, Gamma]}
"""


def test_every_blank_of_a_cloze_is_as_wide_as_its_longest_answer(write_bank):
    bank = load_bank(write_bank(BANK)).bank
    for version in versions.versions(bank, 1, 3):
        cloze = next(p for p in version.questions if p.type == "cloze")
        widths = [float(w) for w in re.findall(r'class="blank" style="width: ([\d.]+)em"', cloze.prompt)]
        assert len(widths) == 3 and len(set(widths)) == 1
        assert widths[0] >= versions._blank_width("plough across the longest field")


def test_an_order_question_never_prints_in_order_or_reversed(write_bank):
    bank = load_bank(write_bank(BANK)).bank
    seen = set()
    for seed in range(40):
        for version in versions.versions(bank, seed, 3):
            order = next(p for p in version.questions if p.type == "order")
            shown = tuple(str(o.html) for o in order.options)
            assert shown not in (("Alpha", "Beta", "Gamma"), ("Gamma", "Beta", "Alpha"))
            seen.add(shown)
    assert len(seen) == 4  # every other arrangement still comes up


def test_a_formula_that_is_a_whole_choice_is_drawn_full_size():
    """A fraction alone as a choice was shrunk to a line's height (inline style); in a sentence
    it stays inline."""
    from quizgen.text import formulas, markup

    fraction = str(markup.inline("$\\frac{1}{2}$"))
    html = f'<span class="text" dir="ltr">{fraction}</span><p>half is {fraction}</p>'
    heights = [float(h) for h in re.findall(r"height:([\d.]+)em", formulas.as_svg_images(html))]
    assert len(heights) == 2 and heights[0] > 1.3 * heights[1]


def test_true_false_letters_on_the_answer_sheet_are_the_papers(write_bank):
    """The paper printed A and B for True and False while the answer sheet's bubbles said T and
    F (or V/F, ص/خ): a student copying "B" from the paper found no B."""
    from quizgen.present import answersheet

    for language, labels in (("en", ""), ("fr", ""), ("ar", ""), ("fr", "labels: {true: Oui, false: Non}\n")):
        bank = load_bank(
            write_bank(
                f"id: tf\ntitle: TF\nlanguage: {language}\n{labels}questions:\n"
                "  - {id: t, type: truefalse, prompt: P, answer: true}\n"
                "  - {id: s, type: single, prompt: Q, choices: [x, y], answer: x}\n",
                name=f"{language}{len(labels)}.yaml",
            )
        ).bank
        for version, sheet in zip(versions.versions(bank, 1, 2), answersheet.sheets(bank, 1, 2, "a4")):
            paper = {p.number: [o.label for o in p.options] for p in version.questions}
            bubbles = {row.number: [b.label for b in row.bubbles] for page in sheet.pages for row in page.rows}
            assert paper == bubbles, language
            truefalse = next(p for p in version.questions if p.type == "truefalse")
            assert [o.label for o in truefalse.options] != ["A", "B"]
