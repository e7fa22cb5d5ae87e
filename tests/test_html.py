"""The HTML quiz page, driven in real headless Chromium (Playwright), as a learner would use it.

Browser tests skip when /usr/bin/chromium is missing, except under CI=true where that fails.
A few checks of the built file itself (no browser) come first.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from tests.support.browser import Quiz

# ------------------------------------------------------------------------------------ building

GRADING_BANK = """\
id: grading
title: Grading rules
questions:
  - {id: s1, type: single, prompt: Pick A., choices: [A, B, C], answer: A, tags: [alpha]}
  - id: m-partial
    type: multiple
    prompt: Pick a and b.
    choices: [a, b, c, d]
    answer: [a, b]
    partial_credit: true
    points: 2
    tags: [beta]
  - {id: m-all, type: multiple, prompt: Pick x and y., choices: [x, y, z], answer: [x, y], points: 2, tags: [beta],
     partial_credit: false}
  - {id: short, type: short, prompt: Which city?, answer: [New York, NYC]}
  - {id: short-cs, type: short, prompt: Acidity symbol?, answer: [pH], case_sensitive: true}
  - {id: num, type: numeric, prompt: Ten?, answer: 10, tolerance: 0.5, unit: kg}
  - {id: num-range, type: numeric, prompt: One to two?, range: [1, 2]}
  - {id: cloze, type: cloze, text: "{{c1::Red}} and {{c2::blue}}."}
  - {id: cloze2, type: cloze, text: "Water has {{c1::hydrogen::an element}}."}
  - {id: order, type: order, prompt: Count up., items: [one, two, three]}
  - id: match
    type: match
    prompt: Match.
    points: 3
    tags: [alpha]
    pairs:
      - {left: Cat, right: Meow}
      - {left: Dog, right: Woof}
      - {left: Cow, right: Moo}
  - {id: tf, type: truefalse, prompt: Sky is blue., answer: true}
  - {id: card, type: card, front: Front side, back: Back side}
"""


def test_answers_are_not_in_the_page_source(example_bank, build_html):
    text = build_html(example_bank).read_text(encoding="utf-8")
    # Accepted answers, cloze deletions and explanations appear only encoded.
    for secret in (
        "Jupiter",
        "hydrogen",
        "299.8",
        "Paris has been the capital",
        "Hello (French)",
        "only 2 and 3 are prime",
    ):
        assert secret not in text, secret
    assert "Which planet is the largest" in text  # the questions themselves are there


def test_the_page_is_self_contained_and_reproducible(example_bank, build_html, tmp_path):
    page = build_html(example_bank)
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", text)
    assert '<link rel="stylesheet"' not in text and "<script src" not in text
    first = page.read_bytes()
    page.unlink()
    assert build_html(example_bank).read_bytes() == first


def test_csp_hashes_match_the_inline_style_and_script(example_bank, build_html):
    text = build_html(example_bank).read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)[1]
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    styles = re.findall(r"<style>(.*?)</style>", text, re.S)
    assert len(scripts) == 1 and len(styles) == 1
    for body in scripts + styles:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


# ------------------------------------------------------------------------------------ browser
# (the open_quiz fixture is in conftest.py: the language and math tests open pages too)


def choose(quiz: Quiz, qid: str, *labels: str) -> None:
    for label in labels:
        quiz.q(qid).get_by_label(label, exact=True).check()


def arrange(quiz: Quiz, qid: str, wanted: list[str]) -> None:
    """Put an order question's items in the wanted order with its Up buttons."""
    for target, item in enumerate(wanted):
        current = quiz.q(qid).locator(".order-item .item-text").all_inner_texts()
        for _ in range(current.index(item) - target):
            quiz.q(qid).get_by_role("button", name=f"Up: {item}").click()
    assert quiz.q(qid).locator(".order-item .item-text").all_inner_texts() == wanted


def pair(quiz: Quiz, qid: str, left: str, right: str) -> None:
    """Match `left` with `right`: find right's letter in the listed options, pick that letter."""
    letters = {
        li.locator(".option-text").inner_text().strip(): li.locator(".letter").inner_text()
        for li in quiz.q(qid).locator(".match-options li").all()
    }
    quiz.q(qid).get_by_label(left).select_option(label=letters[right])


def submit(quiz: Quiz, *, anyway: bool = True) -> None:
    """Press "Submit all answers"; when the page asks about unanswered questions, answer it."""
    quiz.page.get_by_role("button", name="Submit all answers").click()
    dialog = quiz.page.get_by_role("dialog")
    if dialog.is_visible():
        dialog.get_by_role("button", name="Submit anyway" if anyway else "Keep answering").click()


def answer_example(quiz: Quiz) -> None:
    """Answer every question of the `quizgen new` example correctly (in practice, rating the
    flashcard checks it; the exam does not score flashcards)."""
    choose(quiz, "capital-of-france", "Paris")
    choose(quiz, "prime-numbers", "2", "3")
    choose(quiz, "water-boils", "True")
    quiz.q("largest-planet").get_by_label("Your answer").fill("jupiter")
    quiz.q("speed-of-light").get_by_label(re.compile("^Your answer")).fill("299.6")
    quiz.q("water-formula").locator("input.blank").nth(0).fill("Hydrogen")
    quiz.q("water-formula").locator("input.blank").nth(1).fill("oxygen")
    if quiz.page.locator("main").get_attribute("data-mode") == "practice":
        quiz.q("bonjour").get_by_role("button", name="Show the answer").click()
        choose(quiz, "bonjour", "I knew it")
    arrange(quiz, "planets-from-sun", ["Mercury", "Venus", "Earth", "Mars"])
    for left, right in (("Italy", "Rome"), ("Spain", "Madrid"), ("Portugal", "Lisbon")):
        pair(quiz, "countries-capitals", left, right)


EXAMPLE_IDS = [
    "capital-of-france",
    "prime-numbers",
    "water-boils",
    "largest-planet",
    "speed-of-light",
    "water-formula",
    "bonjour",
    "planets-from-sun",
    "countries-capitals",
]


def set_mode(quiz: Quiz, mode: str) -> None:
    quiz.page.locator(f"#settings input[name=mode][value={mode}]").check()


def test_practice_mode_all_correct_scores_100(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    assert quiz.score == "No answers checked yet."
    answer_example(quiz)
    for qid in EXAMPLE_IDS:
        if qid != "bonjour":  # a flashcard has no Check button: its rating checked it
            quiz.q(qid).get_by_role("button", name="Check answer").click()
        assert quiz.q(qid).locator(".verdict").inner_text().startswith("Correct"), qid
    assert quiz.score == "Score: 10 of 10 points (100%), 9 of 9 questions checked."
    assert quiz.page.locator("#score").get_attribute("role") == "status"
    # Feedback shows the explanation and the correct answer, decoded only now.
    feedback = quiz.q("capital-of-france").locator(".feedback").inner_text()
    assert "Paris has been the capital" in feedback
    assert "Jupiter" in quiz.q("largest-planet").locator(".feedback").inner_text()
    assert quiz.page.locator("#retry").is_hidden()
    quiz.assert_clean()


def test_feedback_shows_every_citation_with_its_evidence(write_bank, build_html, open_quiz):
    bank = write_bank("""\
id: cited
title: Cited
questions:
  - id: q1
    type: truefalse
    prompt: Muse Spark ties a rival on GPQA.
    answer: true
    source:
      - {section: "TL;DR", paragraph: 4, evidence: ["0.9"]}
      - {section: "Frequently asked questions", paragraph: 2, evidence: ["GPQA", "one day earlier"]}
""")
    quiz = open_quiz(build_html(bank))
    choose(quiz, "q1", "True")
    quiz.q("q1").get_by_role("button", name="Check answer").click()
    assert (
        "Source: section “TL;DR”, paragraph 4 (look for “0.9”); section “Frequently asked questions”, "
        "paragraph 2 (look for “GPQA”, “one day earlier”)."
    ) in quiz.q("q1").locator(".feedback").inner_text()


def test_exam_mode_all_correct_scores_100_after_one_submit(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    set_mode(quiz, "exam")
    assert quiz.page.get_by_role("button", name="Check answer").first.is_hidden()
    answer_example(quiz)
    assert quiz.page.locator(".verdict").count() == 0  # nothing is graded before submitting
    assert quiz.q("bonjour").locator(".feedback").is_hidden()  # nor is the flashcard's back shown
    quiz.page.get_by_role("button", name="Submit all answers").click()
    assert quiz.page.get_by_role("dialog").count() == 0 or quiz.page.get_by_role("dialog").is_hidden()
    # The flashcard (1 point) does not count in the exam; its back shows after submitting.
    assert quiz.score == "Score: 9 of 9 points (100%)."
    assert quiz.page.locator(".question.correct").count() == 8
    assert "Hello" in quiz.q("bonjour").locator(".feedback").inner_text()
    assert quiz.q("bonjour").locator(".verdict").count() == 0
    assert quiz.page.get_by_role("button", name="Submit all answers").is_hidden()  # submit once
    bars = quiz.page.locator("#bars li").all_inner_texts()
    assert any(b.startswith("science") and "5 of 5 points (100%)" in b for b in bars), bars
    quiz.assert_clean()


def answer_grading_bank(quiz: Quiz) -> None:
    """A chosen mix of right, partly right and wrong answers to GRADING_BANK."""
    choose(quiz, "s1", "B")  # wrong: 0 of 1
    choose(quiz, "m-partial", "a", "b", "c")  # 2 right - 1 wrong: 1 of 2
    choose(quiz, "m-all", "x")  # all-or-nothing: 0 of 2
    quiz.q("short").get_by_label("Your answer").fill("  new   YORK ")  # case and spaces: 1 of 1
    quiz.q("short-cs").get_by_label("Your answer").fill("PH")  # case-sensitive: 0 of 1
    quiz.q("num").get_by_label(re.compile("^Your answer")).fill("10,4")  # decimal comma, in tolerance: 1
    quiz.q("num-range").get_by_label(re.compile("^Your answer")).fill("2.5")  # outside the range: 0
    blanks = quiz.q("cloze").locator("input.blank")
    blanks.nth(0).fill("red")
    blanks.nth(1).fill("green")  # one blank of 2 wrong: 0.5 of 1
    quiz.q("cloze2").locator("input.blank").fill("HYDROGEN")  # 1 of 1
    # order: left as shuffled (never the right order): 0 of 1
    for left, right in (("Cat", "Meow"), ("Dog", "Woof"), ("Cow", "Moo")):
        pair(quiz, "match", left, right)  # 3 of 3
    choose(quiz, "tf", "False")  # 0 of 1
    if quiz.page.locator("main").get_attribute("data-mode") == "practice":
        quiz.q("card").get_by_role("button", name="Show the answer").click()
        choose(quiz, "card", "I did not")  # 0 of 1 (practice only)


GRADING_IDS = [
    "s1",
    "m-partial",
    "m-all",
    "short",
    "short-cs",
    "num",
    "num-range",
    "cloze",
    "cloze2",
    "order",
    "match",
    "tf",
    "card",
]
GRADING_EXPECTED = {
    "m-partial": "partial",
    "short": "correct",
    "num": "correct",
    "cloze2": "correct",
    "cloze": "partial",
    "match": "correct",
    "order": "empty",
}


def test_exam_mode_scores_a_chosen_set_of_wrong_answers_exactly(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(GRADING_BANK)))
    set_mode(quiz, "exam")
    answer_grading_bank(quiz)
    submit(quiz)  # the untouched order question is unanswered: the page asks first
    # 1 + 1 + 1 + 0.5 + 1 + 3 = 7.5 of 16 points (the flashcard does not count in the exam).
    assert quiz.score == "Score: 7.5 of 16 points (46.9%)."
    assert quiz.q("cloze").locator(".verdict").inner_text() == "Partly right: 0.5 of 1 point."
    for qid in GRADING_IDS[:-1]:
        assert quiz.q(qid).get_attribute("class").split()[-1] == GRADING_EXPECTED.get(qid, "wrong"), qid
    assert quiz.q("m-partial").locator(".verdict").inner_text() == "Partly right: 1 of 2 points."
    bars = dict(line.split("\n", 1) for line in quiz.page.locator("#bars li").all_inner_texts())
    assert bars["alpha"].split("\n")[-1] == "3 of 4 points (75%)"
    assert bars["beta"].split("\n")[-1] == "1 of 4 points (25%)"
    quiz.assert_clean()


def test_practice_mode_scores_the_same_answers_the_same(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(GRADING_BANK)))
    answer_grading_bank(quiz)
    for qid in GRADING_IDS[:-1]:  # the flashcard was checked by its rating
        quiz.q(qid).get_by_role("button", name="Check answer").click()
    assert quiz.score == "Score: 7.5 of 17 points (44.1%), 13 of 13 questions checked."
    assert quiz.q("order").locator(".verdict").inner_text() == "Not answered: 0 of 1 point."
    # A checked question is locked and says what the right answer was.
    assert quiz.q("s1").get_by_label("A", exact=False).first.is_disabled()
    assert quiz.q("s1").locator(".choice.is-answer").inner_text().split() == ["A", "(correct", "answer)"]
    assert "(your choice, wrong)" in quiz.q("s1").locator(".choice.is-wrong-pick").inner_text()
    assert "one" in quiz.q("order").locator(".answer-text").inner_text()
    quiz.assert_clean()


def visible_ids(quiz: Quiz) -> list[str]:
    return [q.get_attribute("data-id") for q in quiz.page.locator("fieldset.question:visible").all()]


def test_exam_retry_keeps_the_exam_score_and_scores_the_retry_on_its_own(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(GRADING_BANK)))
    set_mode(quiz, "exam")
    answer_grading_bank(quiz)
    submit(quiz)
    quiz.page.get_by_role("button", name="Retry the ones I missed").click()
    missed = [qid for qid in GRADING_IDS[:-1] if GRADING_EXPECTED.get(qid) != "correct"]
    assert visible_ids(quiz) == missed
    assert quiz.q("s1").locator("input:checked").count() == 0  # answers of missed ones are cleared
    assert quiz.score == (
        "Score: 7.5 of 16 points (46.9%). Now retrying 8 questions: submit them for a "
        "retry score (the score above stays)."
    )
    choose(quiz, "s1", "A")
    submit(quiz)
    # The exam's score stays; the retry round is scored on its own, and says what it covers.
    assert quiz.score == (
        "Score: 7.5 of 16 points (46.9%). Retry 1, the 8 questions you had missed: 1 of 10 points (10%)."
    )
    quiz.page.get_by_role("button", name="Show all questions").click()
    assert visible_ids(quiz) == GRADING_IDS
    # Nothing was wiped: the questions right the first time still show their result.
    assert quiz.q("short").locator(".verdict").inner_text().startswith("Correct")
    assert quiz.q("s1").locator(".verdict").inner_text().startswith("Correct")  # the retry's answer
    assert quiz.score.startswith("Score: 7.5 of 16 points (46.9%). Retry 1")
    before = quiz.page.evaluate("() => JSON.stringify(localStorage)")
    quiz.reload()
    after = quiz.page.evaluate("() => JSON.stringify(localStorage)")
    assert quiz.score.startswith("Score: 7.5 of 16 points (46.9%). Retry 1"), (before, after)
    quiz.assert_clean()


def test_practice_retry_score_stays_possible_and_show_all_keeps_results(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(GRADING_BANK)))
    answer_grading_bank(quiz)
    for qid in GRADING_IDS[:-1]:
        quiz.q(qid).get_by_role("button", name="Check answer").click()
    assert quiz.score == "Score: 7.5 of 17 points (44.1%), 13 of 13 questions checked."
    quiz.page.get_by_role("button", name="Retry the ones I missed").click()
    missed = [qid for qid in GRADING_IDS if GRADING_EXPECTED.get(qid) != "correct"]
    assert visible_ids(quiz) == missed
    # The missed ones are cleared for another try; the score counts what is still checked, out
    # of every question of the bank (it once said "42 of 19 questions checked").
    assert quiz.score == "Score: 6 of 6 points (100%), 4 of 13 questions checked."
    assert "latest check" in quiz.page.locator("#filter-note").inner_text()
    choose(quiz, "s1", "A")
    quiz.q("s1").get_by_role("button", name="Check answer").click()
    assert quiz.score == "Score: 7 of 7 points (100%), 5 of 13 questions checked."
    quiz.page.get_by_role("button", name="Show all questions").click()
    assert visible_ids(quiz) == GRADING_IDS
    assert quiz.q("match").locator(".verdict").inner_text().startswith("Correct")
    assert quiz.score == "Score: 7 of 7 points (100%), 5 of 13 questions checked."
    quiz.assert_clean()


def tab_to(quiz: Quiz, selector: str, limit: int = 300) -> None:
    """Press Tab until the focused element matches `selector` (a keyboard user's way there)."""
    for _ in range(limit):
        quiz.page.keyboard.press("Tab")
        if quiz.page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused_value(quiz: Quiz) -> str:
    return quiz.page.evaluate("() => document.activeElement.value")


def test_keyboard_alone_completes_the_exam(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    key = quiz.page.keyboard
    page = quiz.page
    # Switch to exam mode: Tab into the mode radios, arrow to "exam".
    tab_to(quiz, "input[name=mode]")
    key.press("ArrowDown")
    assert page.locator("main").get_attribute("data-mode") == "exam"

    def label_of_focused() -> str:
        return page.evaluate("() => document.activeElement.closest('label').innerText.trim()")

    def arrow_until(wanted: str) -> None:
        for _ in range(10):
            if label_of_focused() == wanted:
                break
            key.press("ArrowDown")
        key.press("Space")  # selects the focused radio (arrows already did, except the first one)
        assert label_of_focused() == wanted

    tab_to(quiz, "#q-capital-of-france input")
    arrow_until("Paris")
    for _ in range(4):
        tab_to(quiz, "#q-prime-numbers input")
        if label_of_focused() in ("2", "3"):
            key.press("Space")
    tab_to(quiz, "#q-water-boils input")
    arrow_until("True")
    tab_to(quiz, "#q-largest-planet input")
    key.type("Jupiter")
    tab_to(quiz, "#q-speed-of-light input")
    key.type("300")
    tab_to(quiz, "#q-water-formula input.blank")
    key.type("hydrogen")
    key.press("Tab")
    key.type("oxygen")
    for item, steps in (("Mercury", 3), ("Venus", 3), ("Earth", 3)):
        for _ in range(steps):
            texts = page.locator("#q-planets-from-sun .item-text").all_inner_texts()
            if texts.index(item) == ["Mercury", "Venus", "Earth"].index(item):
                break
            tab_to(quiz, f"#q-planets-from-sun li:nth-child({texts.index(item) + 1}) button[data-dir=up]")
            key.press("Enter")
    assert page.locator("#q-planets-from-sun .item-text").all_inner_texts() == ["Mercury", "Venus", "Earth", "Mars"]
    for n, right in enumerate(["Rome", "Madrid", "Lisbon"]):
        letter = page.locator(f"#q-countries-capitals .match-options li:has-text('{right}') .letter").inner_text()
        tab_to(quiz, f"#q-countries-capitals-m{n}")
        for _ in range(5):
            if (
                page.evaluate("() => { const s = document.activeElement; return s.options[s.selectedIndex].text; }")
                == letter
            ):
                break
            key.press("ArrowDown")
    tab_to(quiz, "#submit")
    key.press("Enter")
    assert quiz.score == "Score: 9 of 9 points (100%)."
    assert page.evaluate("() => document.activeElement.id") == "results-title"
    quiz.assert_clean()


def test_keyboard_practice_check_with_enter_and_focus_moves_to_feedback(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    tab_to(quiz, "#q-largest-planet input")
    quiz.page.keyboard.type("Saturn")
    quiz.page.keyboard.press("Enter")
    assert quiz.page.evaluate("() => document.activeElement.id") == "q-largest-planet-feedback"
    assert quiz.q("largest-planet").locator(".verdict").inner_text() == "Not quite: 0 of 1 point."
    assert quiz.score.startswith("Score: 0 of 1 point (0%)")
    # The focus outline is visible on keyboard focus.
    tab_to(quiz, "#q-speed-of-light input")
    outline = quiz.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    quiz.assert_clean()


def test_progress_survives_a_reload_and_start_over_clears_it(example_bank, build_html, open_quiz):
    path = build_html(example_bank)
    quiz = open_quiz(path)
    answer_example(quiz)
    quiz.q("capital-of-france").get_by_role("button", name="Check answer").click()
    quiz.reload()
    assert quiz.q("capital-of-france").locator(".verdict").inner_text().startswith("Correct")
    assert quiz.q("prime-numbers").locator("input:checked").count() == 2
    assert quiz.q("largest-planet").get_by_label("Your answer").input_value() == "jupiter"
    assert quiz.q("planets-from-sun").locator(".item-text").all_inner_texts() == ["Mercury", "Venus", "Earth", "Mars"]
    assert quiz.q("countries-capitals").get_by_label("Spain").input_value() != ""
    # Two checked: France, and the flashcard (rating it is its check).
    assert quiz.score == "Score: 2 of 2 points (100%), 2 of 9 questions checked."
    quiz.page.get_by_role("button", name="Start over").click()
    # It asks first, in the page: Cancel keeps everything, the dialog's own button clears it.
    dialog = quiz.page.get_by_role("dialog", name="Start over?")
    assert dialog.is_visible()
    assert quiz.page.evaluate("() => document.activeElement.id") == "confirm-no"
    dialog.get_by_role("button", name="Cancel").click()
    assert dialog.is_hidden()
    assert quiz.score == "Score: 2 of 2 points (100%), 2 of 9 questions checked."
    assert quiz.page.evaluate("() => document.activeElement.id") == "start-over"
    quiz.page.get_by_role("button", name="Start over").click()
    dialog.get_by_role("button", name="Start over").click()
    quiz.reload()
    assert quiz.page.locator("fieldset.question input:checked").count() == 0
    assert quiz.q("largest-planet").get_by_label("Your answer").input_value() == ""
    assert quiz.score == "No answers checked yet."
    assert quiz.errors == [] and quiz.dialogs == []


def test_a_one_question_page_counts_in_the_singular(write_bank, build_html, open_quiz):
    path = build_html(
        write_bank(
            "id: one\ntitle: One\nquestions:\n  - {id: tf, type: truefalse, prompt: Sky is blue., answer: true}\n"
        )
    )
    assert '<p class="progress" id="progress" aria-live="off">1 question</p>' in path.read_text()
    quiz = open_quiz(path)
    assert quiz.page.locator("#progress").inner_text() == "0 of 1 question answered"
    quiz.q("tf").get_by_label("True").check()
    quiz.q("tf").get_by_role("button", name="Check answer").click()
    assert quiz.page.locator("#progress").inner_text() == "1 of 1 question answered"
    assert quiz.score == "Score: 1 of 1 point (100%), 1 of 1 question checked."


def test_a_changed_bank_does_not_restore_stale_answers(example_bank, build_html, open_quiz):
    path = build_html(example_bank)
    quiz = open_quiz(path)
    quiz.q("largest-planet").get_by_label("Your answer").fill("Jupiter")
    quiz.reload()
    assert quiz.q("largest-planet").get_by_label("Your answer").input_value() == "Jupiter"
    example_bank.write_text(example_bank.read_text().replace("Which planet", "What planet"))
    assert build_html(example_bank) == path
    quiz.reload()
    assert "What planet" in quiz.q("largest-planet").inner_text()
    assert quiz.q("largest-planet").get_by_label("Your answer").input_value() == ""
    keys = quiz.page.evaluate("() => Object.keys(localStorage)")
    assert len([k for k in keys if k.startswith("quizgen:example:")]) <= 1  # the stale entry is gone


def test_shuffle_reorders_questions_and_choices_but_respects_shuffle_false(write_bank, build_html, open_quiz):
    choices = [f"c{i}" for i in range(10)]
    bank = (
        "id: shuf\ntitle: Shuffle\nquestions:\n"
        + "".join(f"  - {{id: q{i}, type: single, prompt: P{i}, choices: {choices}, answer: c0}}\n" for i in range(12))
        + f"  - {{id: fixed, type: single, prompt: Fixed, choices: {choices}, answer: c0, shuffle: false}}\n"
    )
    quiz = open_quiz(build_html(write_bank(bank)))

    def ids():
        return [q.get_attribute("data-id") for q in quiz.page.locator("fieldset.question").all()]

    def labels(qid):
        return [t.strip() for t in quiz.q(qid).locator(".choice-text").all_inner_texts()]

    before, q0_before = ids(), labels("q0")
    assert labels("fixed") == choices
    quiz.page.get_by_label("Shuffle the questions and their choices").check()
    shuffled_ids = ids()
    assert sorted(shuffled_ids) == sorted(before) and shuffled_ids != before
    assert labels("q0") != q0_before and labels("fixed") == choices
    assert quiz.page.locator(".qnum").all_inner_texts() == [str(n) for n in range(1, 14)]
    choose(quiz, "q0", "c0")
    quiz.q("q0").get_by_role("button", name="Check answer").click()
    assert quiz.q("q0").locator(".verdict").inner_text().startswith("Correct")
    quiz.reload()
    assert ids() == shuffled_ids  # the shuffled order is kept across a reload
    quiz.page.get_by_label("Shuffle the questions and their choices").uncheck()
    assert ids() == before and labels("q0") == q0_before
    quiz.assert_clean()


@pytest.mark.parametrize("width,scheme", [(1280, "light"), (360, "dark")])
def test_no_axe_violations_before_and_after_grading(example_bank, build_html, open_quiz, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    quiz = open_quiz(build_html(example_bank), width=width, color_scheme=scheme)

    def check(when: str) -> None:
        results = axe.run(quiz.page)
        assert results.violations_count == 0, f"{when}:\n{results.generate_report()}"

    check("fresh page")
    answer_example(quiz)
    quiz.q("largest-planet").get_by_label("Your answer").fill("Saturn")
    for qid in EXAMPLE_IDS[:5]:
        quiz.q(qid).get_by_role("button", name="Check answer").click()
    check("practice feedback")
    set_mode(quiz, "exam")
    choose(quiz, "capital-of-france", "Paris")
    check("an exam in progress (practice locked)")
    quiz.page.get_by_role("button", name="Submit all answers").click()
    check("the dialog asking about unanswered questions")
    quiz.page.get_by_role("dialog").get_by_role("button", name="Submit anyway").click()
    check("exam results")


INJECTION = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">[x](javascript:window.__pwned=3)'
INJECTION_BANK = f"""\
id: inject
title: '{INJECTION.replace("'", "''")}'
description: '{INJECTION.replace("'", "''")}'
questions:
  - id: s
    type: single
    prompt: '{INJECTION.replace("'", "''")} <svg onload="window.__pwned=4">'
    choices: ['{INJECTION.replace("'", "''")}', 'plain']
    answer: plain
    explanation: '{INJECTION.replace("'", "''")} [y](javascript:alert(1))'
    tags: ['<img/src=x/onerror=window.__pwned=5>', '<script>window.__pwned=6</script>']
  - id: c
    type: cloze
    text: 'Say {{{{c1::<img src=x onerror=window.__pwned=7>::<script>window.__pwned=8</script>}}}}'
  - id: m
    type: match
    prompt: m
    pairs:
      - {{left: '<script>window.__pwned=9</script>', right: '<img src=x onerror=window.__pwned=10>'}}
      - {{left: b, right: '"><script>alert(1)</script>'}}
      - {{left: c, right: d}}
"""


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_an_injection_bank_runs_no_script(write_bank, build_html, open_quiz, bypass_csp):
    # The page's CSP would block inline handlers anyway; with it bypassed, escaping and
    # sanitising alone must keep every injected script from running.
    quiz = open_quiz(build_html(write_bank(INJECTION_BANK)), bypass_csp=bypass_csp)
    page = quiz.page
    choose(quiz, "s", "plain")
    quiz.q("s").get_by_role("button", name="Check answer").click()
    quiz.q("c").locator("input.blank").fill("x")
    quiz.q("c").get_by_role("button", name="Check answer").click()
    quiz.q("m").get_by_role("button", name="Check answer").click()
    quiz.page.get_by_label("Shuffle the questions and their choices").check()
    set_mode(quiz, "exam")
    submit(quiz)
    assert page.evaluate("() => window.__pwned") is None
    assert quiz.dialogs == []
    # The bank's text is shown as text, and its javascript: links are not links.
    assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("#q-s .tag").first.inner_text() == "<img/src=x/onerror=window.__pwned=5>"
    assert quiz.errors == []
    assert [u for u in quiz.requests if not u.startswith("data:")] == [quiz.url]


def test_a_question_far_down_a_2000_question_page_is_reached_answered_and_kept(tmp_path, build_html, open_quiz):
    """The page draws its questions as they are needed (templates/html/quiz/draw.js): the first
    at once, a linked one at once, the rest while idle. A question far down is reached by a link
    and by scrolling, answered, checked, and holds its answer after a reload."""
    import subprocess
    import sys

    bank = tmp_path / "big" / "big.yaml"
    bank.parent.mkdir()
    repo = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(repo / "benchmarks" / "generate.py"), "2000", str(bank)], check=True)
    page_path = build_html(bank)
    far = "q1990"  # a multiple-choice question (the generator's types repeat every 9)
    in_view = "q => { const r = q.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }"
    # The first screen is at least three questions (draw.js), whatever the window.
    numbers = "all => all.slice(0, 3).map(f => f.querySelector('.qnum').textContent)"

    # Shuffling while the rest is being drawn: the new order's first questions come at once.
    quiz = open_quiz(page_path)
    quiz.page.set_default_timeout(20_000)  # 2,000 questions on a machine running other tests
    quiz.page.wait_for_selector("html[data-ready]")
    quiz.page.get_by_label("Shuffle the questions and their choices").check()
    assert quiz.page.eval_on_selector_all("fieldset.question", numbers) == ["1", "2", "3"]
    quiz.page.get_by_label("Shuffle the questions and their choices").uncheck()
    assert quiz.page.eval_on_selector_all("fieldset.question", numbers) == ["1", "2", "3"]
    # A link followed after checking question 1 (which keeps the focus) stays on the question
    # linked while the questions above it are drawn.
    quiz.q("q0").get_by_role("button", name="Check answer").click()
    quiz.page.evaluate(f"location.hash = '#q-{far}'")
    quiz.page.wait_for_selector("html[data-drawn]", timeout=60_000)
    assert quiz.q(far).evaluate(in_view)

    # A link to it: drawn and shown as soon as the page is ready, long before the rest.
    quiz = open_quiz(page_path)
    quiz.page.set_default_timeout(20_000)
    quiz.page.goto("about:blank")
    quiz.page.goto(f"{quiz.url}#q-{far}")
    quiz.page.wait_for_selector("html[data-ready]")
    assert quiz.q(far).evaluate(in_view) and not quiz.q("q0").evaluate(in_view)
    assert quiz.q(far).locator(".qnum").inner_text() == "1991"
    top = "q => q.getBoundingClientRect().top"
    # At the top of the window at once, the page long enough below it (within a pixel: the
    # window scrolls by whole pixels).
    assert abs(quiz.q(far).evaluate(top)) <= 1

    # Scrolling: every question is there once the page has drawn them all, in order; the linked
    # question never moved meanwhile.
    quiz.page.wait_for_selector("html[data-drawn]", timeout=60_000)
    assert abs(quiz.q(far).evaluate(top)) <= 1
    ids = quiz.page.eval_on_selector_all("fieldset.question", "all => all.map(f => f.dataset.id)")
    assert ids == [f"q{i}" for i in range(2000)]
    assert "Question 1996: put these events in order." in quiz.page.locator("#questions").text_content()
    quiz.q(far).scroll_into_view_if_needed()
    choices = quiz.q(far).locator(".choice")
    for text in ("It is small 1990", "It is fast 1990"):
        choices.filter(has_text=text).locator("input").check()
    quiz.q(far).get_by_role("button", name="Check answer").click()
    assert quiz.q(far).locator(".verdict").inner_text().startswith("Correct")
    assert quiz.score == "Score: 2 of 2 points (100%), 1 of 2000 questions checked."

    quiz.reload()
    # Printing draws every question at once, before the idle drawing is done.
    assert quiz.page.evaluate("""() => {
      const before = document.querySelectorAll("fieldset.question").length;
      window.dispatchEvent(new Event("beforeprint"));
      return [before < 2000, document.querySelectorAll("fieldset.question").length];
    }""") == [True, 2000]
    assert quiz.q(far).locator(".verdict").inner_text().startswith("Correct")
    assert [c.is_checked() for c in quiz.q(far).locator(".choice input").all()].count(True) == 2
    quiz.assert_clean()


def test_a_long_page_draws_the_rest_only_once_it_has_been_open_a_moment(tmp_path, build_html, open_quiz, browser):
    """The first screen comes at once; the rest waits 0.2 s (draw.js, AFTER_OPENING), so that a
    slice of drawing cannot hold up the page's first frames or a first click, then comes whole."""
    import subprocess
    import sys

    bank = tmp_path / "long" / "long.yaml"
    bank.parent.mkdir()
    repo = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(repo / "benchmarks" / "generate.py"), "300", str(bank)], check=True)
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    # The page's clock stands still, and its timers run only when the test moves it on.
    context.clock.install(time=1_000_000)
    context.clock.pause_at(1_001_000)
    try:
        quiz = open_quiz(build_html(bank), context=context)
        drawn = "() => document.querySelectorAll('fieldset.question').length"
        first_screen = quiz.page.evaluate(drawn)
        assert 3 <= first_screen <= 10
        quiz.page.clock.run_for(190)
        assert quiz.page.evaluate(drawn) == first_screen
        choose(quiz, "q0", "April 1")  # usable meanwhile
        quiz.page.clock.run_for(1000)
        quiz.page.wait_for_selector("html[data-drawn]")
        assert quiz.page.evaluate(drawn) == 300
        assert quiz.q("q0").get_by_label("April 1", exact=True).is_checked()
        quiz.assert_clean()
    finally:
        context.close()


def test_the_real_bank_opens_cleanly_and_passes_axe(build_html, open_quiz, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    bank = Path(__file__).resolve().parent.parent / "questions" / "muse-spark.yaml"
    quiz = open_quiz(build_html(bank), width=360)
    set_mode(quiz, "exam")
    submit(quiz)
    assert quiz.score.startswith("Score: 0 of ")
    assert "Source: section" in quiz.q("priority").locator(".feedback").inner_text()
    results = Axe().run(quiz.page)
    assert results.violations_count == 0, results.generate_report()
    quiz.assert_clean()


# ------------------------------------------------------------------------------------ issue 13


def test_enter_on_a_choice_never_submits_the_exam(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    set_mode(quiz, "exam")
    quiz.q("capital-of-france").get_by_label("Paris").focus()
    quiz.page.keyboard.press("Enter")
    quiz.q("prime-numbers").get_by_label("2", exact=True).focus()
    quiz.page.keyboard.press("Enter")
    assert quiz.score == "Answer the questions, then submit them for your score."
    assert quiz.page.get_by_role("dialog").is_hidden()
    assert quiz.page.locator(".verdict").count() == 0
    quiz.assert_clean()


def test_submitting_with_unanswered_questions_asks_first_in_the_page(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    set_mode(quiz, "exam")
    choose(quiz, "capital-of-france", "Paris")
    quiz.page.get_by_role("button", name="Submit all answers").click()
    # 9 questions, one answered, the flashcard not scored: 7 unanswered.
    dialog = quiz.page.get_by_role("dialog", name="7 questions unanswered: submit anyway?")
    assert dialog.is_visible()
    assert quiz.page.evaluate("() => document.activeElement.textContent") == "Keep answering"
    dialog.get_by_role("button", name="Keep answering").click()
    assert dialog.is_hidden()
    assert quiz.score == "Answer the questions, then submit them for your score."
    # Focus goes to the first unanswered question, to carry on answering (waited for: the page
    # moves it after the dialog has closed).
    focused = quiz.page.locator("fieldset.question:focus-within")
    focused.wait_for()
    assert focused.get_attribute("data-id") == "prime-numbers"
    quiz.page.get_by_role("button", name="Submit all answers").click()
    quiz.page.keyboard.press("Escape")  # Escape is "keep answering" too
    assert dialog.is_hidden() and quiz.page.locator(".verdict").count() == 0
    quiz.page.get_by_role("button", name="Submit all answers").click()
    dialog.get_by_role("button", name="Submit anyway").click()
    assert quiz.score == "Score: 1 of 9 points (11.1%)."
    assert quiz.page.evaluate("() => document.activeElement.id") == "results-title"
    quiz.assert_clean()  # never alert() or confirm()


def test_an_exam_in_progress_keeps_its_mode_and_cannot_peek_at_answers(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    page = quiz.page
    practice = page.locator("#settings input[name=mode][value=practice]")
    set_mode(quiz, "exam")
    assert practice.is_enabled()  # nothing answered yet: the exam has not started
    choose(quiz, "capital-of-france", "Paris")
    # The exam has started: Practice (where Check shows answers) is locked until it is submitted.
    assert practice.is_disabled()
    assert "submit it, or restart it" in page.locator("#mode-note").inner_text()
    page.locator("#settings label", has_text="Practice").click(force=True)
    assert page.locator("main").get_attribute("data-mode") == "exam"
    assert page.get_by_role("button", name="Check answer").first.is_hidden()
    submit(quiz)
    assert quiz.score == "Score: 1 of 9 points (11.1%)."
    # Submitted: practice is open again, and its answers are its own (none yet).
    set_mode(quiz, "practice")
    assert quiz.q("capital-of-france").locator("input:checked").count() == 0
    quiz.q("largest-planet").get_by_label("Your answer").fill("Jupiter")
    quiz.q("largest-planet").get_by_role("button", name="Check answer").click()
    # Back to the exam: it is still submitted with its score; it cannot be submitted again.
    set_mode(quiz, "exam")
    assert quiz.score == "Score: 1 of 9 points (11.1%)."
    assert page.get_by_role("button", name="Submit all answers").is_hidden()
    assert quiz.q("largest-planet").get_by_label("Your answer").input_value() == ""
    # Practice kept its answer and its feedback through both switches.
    set_mode(quiz, "practice")
    assert quiz.q("largest-planet").locator(".verdict").inner_text().startswith("Correct")
    # A new exam only by restarting it on purpose, after a confirmation.
    set_mode(quiz, "exam")
    page.get_by_role("button", name="Restart the exam").click()
    dialog = page.get_by_role("dialog", name="Restart the exam?")
    dialog.get_by_role("button", name="Cancel").click()
    assert quiz.score == "Score: 1 of 9 points (11.1%)."
    page.get_by_role("button", name="Restart the exam").click()
    dialog.get_by_role("button", name="Restart the exam").click()
    assert quiz.score == "Answer the questions, then submit them for your score."
    assert quiz.q("capital-of-france").locator("input:checked").count() == 0
    quiz.assert_clean()


def attempts(quiz: Quiz) -> list[str]:
    box = quiz.page.locator("#attempts-box")
    return box.locator("li").all_inner_texts() if box.is_visible() else []


def test_every_exam_attempt_is_kept_and_practice_after_it_says_so(example_bank, build_html, open_quiz):
    """A finished exam restarted keeps its score, listed with every later attempt (the first
    marked as such) across reloads and starting over; practice after an exam, which shows the
    answers, is labelled practice."""
    quiz = open_quiz(build_html(example_bank))
    page = quiz.page
    assert attempts(quiz) == []
    set_mode(quiz, "exam")
    choose(quiz, "capital-of-france", "Paris")
    submit(quiz)
    assert quiz.score == "Score: 1 of 9 points (11.1%)."
    assert attempts(quiz) == ["First attempt: 1 of 9 points (11.1%)."]
    # Practice after the exam: allowed, the answers shown, and its score says it is practice.
    set_mode(quiz, "practice")
    assert attempts(quiz) == ["First attempt: 1 of 9 points (11.1%)."]
    answer_example(quiz)
    quiz.q("largest-planet").get_by_role("button", name="Check answer").click()
    assert quiz.score == "Practice (not an exam attempt): 2 of 2 points (100%), 2 of 9 questions checked."
    # A second exam: the first attempt's score stays, whatever the restart.
    set_mode(quiz, "exam")
    page.get_by_role("button", name="Restart the exam").click()
    page.get_by_role("dialog", name="Restart the exam?").get_by_role("button", name="Restart the exam").click()
    assert quiz.score == "Answer the questions, then submit them for your score."
    assert attempts(quiz) == ["First attempt: 1 of 9 points (11.1%)."]
    answer_example(quiz)
    submit(quiz)
    second = ["First attempt: 1 of 9 points (11.1%).", "Attempt 2: 9 of 9 points (100%)."]
    assert attempts(quiz) == second
    quiz.reload()
    assert attempts(quiz) == second
    # Starting over clears every answer, not the record of the exams taken.
    page.get_by_role("button", name="Start over").click()
    dialog = page.get_by_role("dialog", name="Start over?")
    assert "The scores of finished exams stay listed." in dialog.inner_text()
    dialog.get_by_role("button", name="Start over").click()
    assert quiz.score == "Answer the questions, then submit them for your score."
    assert page.locator("fieldset.question input:checked").count() == 0
    assert attempts(quiz) == second
    set_mode(quiz, "practice")
    assert attempts(quiz) == second and quiz.score == "No answers checked yet."
    quiz.assert_clean()


def test_the_attempts_are_saved_as_a_file_the_bank_grades_again_alike(example_bank, build_html, open_quiz):
    """The page saves every exam attempt (and the practice besides) as a JSON file to hand in
    (docs/html.md): each answer named as the grading model names it, so grading the file's
    answers against the bank gives the points the page gave, question by question."""
    import json
    from datetime import datetime

    from quizgen import grading
    from quizgen.bank.load import load_bank

    example_bank.write_text(
        example_bank.read_text() + "  - {id: why, type: essay, prompt: Why seasons?, answer: The tilt., points: 2}\n"
    )
    quiz = open_quiz(build_html(example_bank))
    page = quiz.page
    set_mode(quiz, "exam")
    choose(quiz, "capital-of-france", "Lyon")
    choose(quiz, "prime-numbers", "2")
    quiz.q("why").get_by_role("textbox", name="Your answer").fill("The Earth leans.")
    submit(quiz)
    page.get_by_role("button", name="Restart the exam").click()
    page.get_by_role("dialog", name="Restart the exam?").get_by_role("button", name="Restart the exam").click()
    answer_example(quiz)
    submit(quiz)
    set_mode(quiz, "practice")
    quiz.q("largest-planet").get_by_label("Your answer").fill("Saturn")
    quiz.q("largest-planet").get_by_role("button", name="Check answer").click()
    quiz.reload()  # the attempts' answers are kept like their scores
    with page.expect_download() as download:
        page.get_by_role("button", name="Save the attempts to hand in").click()
    assert download.value.suggested_filename == "example-attempts.json"
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))

    assert (saved["format"], saved["version"], saved["bank"]) == ("quizgen-attempts", 1, "example")
    rounds = saved["attempts"]
    assert [(r["attempt"], r["first"], r["mode"]) for r in rounds] == [
        (1, True, "exam"),
        (2, False, "exam"),
        (None, False, "practice"),
    ]
    assert [f"{r['earned']:g} of {r['points']:g}" for r in rounds[:2]] == [
        re.match(r".*: (\S+ of \S+) points", line)[1] for line in attempts(quiz)
    ]
    for r in rounds:
        assert datetime.fromisoformat(r["at"].replace("Z", "+00:00")).tzinfo is not None
    first = {row["id"]: row for row in rounds[0]["questions"]}
    bank = load_bank(example_bank).bank
    by_id = {q.id: q for q in bank.questions}
    assert first["capital-of-france"]["response"] == by_id["capital-of-france"].choices.index("Lyon")
    assert first["prime-numbers"]["response"] == [by_id["prime-numbers"].choices.index("2")]
    assert first["why"] == {
        "id": "why",
        "type": "essay",
        "response": None,
        "text": "The Earth leans.",
        "status": "not scored",
        "earned": None,
        "points": 2,
    }
    assert "bonjour" not in first  # a flashcard is no part of an exam
    assert [row["id"] for row in rounds[2]["questions"]] == ["largest-planet"]
    assert rounds[2]["questions"][0]["response"] == "Saturn"
    for r in rounds:
        for row in r["questions"]:
            if row["status"] == "not scored":
                continue
            question = by_id[row["id"]]
            verdict = grading.grade(grading.spec(question, bank), row["response"])
            earned = float(grading.micro_text(verdict.earned_micro(question.points)))
            assert (verdict.status, earned, question.points) == (row["status"], row["earned"], row["points"]), row
    assert {row["status"] for row in rounds[1]["questions"]} == {"correct", "not scored"}
    quiz.assert_clean()


def test_an_essay_keeps_its_text_across_reloads_until_start_over(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(ESSAY_BANK)))
    page = quiz.page
    box = quiz.q("e1").get_by_role("textbox", name="Your answer")
    box.fill("Because the snow melts.")
    quiz.reload()
    assert box.input_value() == "Because the snow melts."
    # The exam keeps its own text, as it keeps its own answers; practice's is still there after.
    set_mode(quiz, "exam")
    assert box.input_value() == ""
    box.fill("Snow, then rain.")
    quiz.reload()
    assert box.input_value() == "Snow, then rain."
    assert page.locator("#settings input[name=mode][value=practice]").is_disabled()  # the exam has begun
    page.get_by_role("button", name="Restart the exam").click()
    page.get_by_role("dialog", name="Restart the exam?").get_by_role("button", name="Restart the exam").click()
    assert box.input_value() == ""
    set_mode(quiz, "practice")
    assert box.input_value() == "Because the snow melts."
    # Rated, the text stays and can still be read and changed; a reload keeps both.
    quiz.q("e1").get_by_role("button", name="Show the model answer").click()
    choose(quiz, "e1", "I knew it")
    quiz.reload()
    assert box.input_value() == "Because the snow melts."
    assert quiz.q("e1").locator(".verdict").inner_text() == "Correct: 1 of 1 point."
    page.get_by_role("button", name="Start over").click()
    page.get_by_role("dialog", name="Start over?").get_by_role("button", name="Start over").click()
    assert box.input_value() == ""
    quiz.reload()
    assert box.input_value() == ""
    quiz.assert_clean()


def test_an_exam_in_progress_stays_locked_after_a_reload(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    set_mode(quiz, "exam")
    choose(quiz, "water-boils", "True")
    quiz.reload()
    assert quiz.page.locator("main").get_attribute("data-mode") == "exam"
    assert quiz.page.locator("#settings input[name=mode][value=practice]").is_disabled()
    assert quiz.q("water-boils").get_by_label("True").is_checked()
    quiz.assert_clean()


def test_a_flashcard_is_never_lost_and_is_not_a_free_exam_point(example_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(example_bank))
    card = quiz.q("bonjour")
    # Practice: no "Check answer" that would lock the card before its back was seen.
    assert card.get_by_role("button", name="Check answer").count() == 0
    card.get_by_role("button", name="Show the answer").click()
    assert "Hello" in card.locator(".feedback").inner_text()
    choose(quiz, "bonjour", "I did not")  # rating it is its check
    assert card.locator(".verdict").inner_text() == "Not quite: 0 of 1 point."
    assert quiz.score == "Score: 0 of 1 point (0%), 1 of 9 questions checked."
    # Exam: the back stays hidden and the card cannot be rated until the exam is submitted.
    set_mode(quiz, "exam")
    assert card.get_by_role("button", name="Show the answer").is_hidden()
    assert card.locator(".rating").is_hidden() and card.locator(".feedback").is_hidden()
    assert "do not count in the exam" in card.inner_text()
    answer_example(quiz)
    submit(quiz)
    assert quiz.score == "Score: 9 of 9 points (100%)."
    assert "Hello" in card.locator(".feedback").inner_text()
    quiz.assert_clean()


def test_an_untouched_order_question_is_not_answered(write_bank, build_html, open_quiz):
    bank = write_bank(
        "id: ord\ntitle: Order\nquestions:\n"
        "  - {id: a, type: order, prompt: Count., items: [one, two, three]}\n"
        "  - {id: b, type: order, prompt: Count., items: [one, two, three]}\n"
        "  - {id: c, type: order, prompt: Count., items: [one, two, three]}\n"
    )
    quiz = open_quiz(build_html(bank))
    quiz.q("a").get_by_role("button", name="Check answer").click()
    assert quiz.q("a").locator(".verdict").inner_text() == "Not answered: 0 of 1 point."
    # Keeping the order as it stands is an answer (here a wrong one: it starts scrambled).
    quiz.q("b").get_by_role("button", name="Keep this order as my answer").click()
    quiz.q("b").get_by_role("button", name="Check answer").click()
    assert quiz.q("b").locator(".verdict").inner_text() == "Not quite: 0 of 1 point."
    set_mode(quiz, "exam")
    arrange(quiz, "c", ["one", "two", "three"])
    submit(quiz)
    assert quiz.q("a").locator(".verdict").inner_text() == "Not answered: 0 of 1 point."
    assert quiz.q("c").locator(".verdict").inner_text() == "Correct: 1 of 1 point."
    quiz.assert_clean()


LONG = "an extraordinarily long stretch of text that keeps going well past the width of any phone"
WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
URL = "https://example.com/" + "a-path-without-any-spaces/" * 8
TABLE = (
    "| "
    + " | ".join(f"column {n} heading" for n in range(8))
    + " |\n|"
    + "---|" * 8
    + "\n| "
    + " | ".join(f"cell{n}cellcellcell" for n in range(8))
    + " |"
)
LONG_BANK = f"""\
id: long
title: Long texts everywhere
questions:
  - id: match
    type: match
    prompt: Match each item.
    pairs:
      - {{left: short, right: "The right-hand text is {LONG}, {LONG}"}}
      - {{left: "{WORD}", right: "{WORD}"}}
      - {{left: a link, right: "{URL}"}}
  - id: single
    type: single
    prompt: "Pick one: `{WORD}` {URL}"
    choices: ["{LONG} {LONG}", "{WORD}", "{URL}"]
    answer: "{URL}"
    explanation: "{WORD}\\n\\n{TABLE}"
  - id: code
    type: short
    prompt: "What does this print?\\n\\n```\\nprint('{LONG}')\\n```\\n\\n{TABLE}"
    answer: ["{WORD}"]
  - id: cloze
    type: cloze
    text: "It is {{{{c1::{WORD}}}}} and {{{{c2::{LONG}}}}} or {{{{c3::{URL}}}}}."
  - id: order
    type: order
    prompt: Order them.
    items: ["{LONG}", "{WORD}", "{URL}"]
  - {{id: num, type: numeric, prompt: Ten?, answer: 10, unit: "{LONG}"}}
"""


def overflow(quiz: Quiz) -> int:
    """How many pixels the page is wider than the screen (0: it never pans sideways)."""
    return quiz.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [320, 360])
def test_nothing_overflows_a_phone_whatever_the_text_lengths(write_bank, build_html, open_quiz, width):
    path = build_html(write_bank(LONG_BANK))
    quiz = open_quiz(path, width=width)
    assert overflow(quiz) == 0, "fresh page"
    # The match options are listed as wrapped text; the drop-downs hold only letters.
    assert quiz.q("match").locator(".match-options li").first.bounding_box()["height"] > 40
    assert quiz.q("match").locator("select").first.locator("option").nth(1).inner_text() == "A"
    pair(quiz, "match", "short", f"The right-hand text is {LONG}, {LONG}")
    for qid in ("match", "single", "code", "cloze", "order", "num"):
        quiz.q(qid).get_by_role("button", name="Check answer").click()
    assert overflow(quiz) == 0, "practice feedback"
    exam = open_quiz(path, width=width)
    set_mode(exam, "exam")
    submit(exam)
    assert overflow(exam) == 0, "exam results"
    quiz.assert_clean()


def test_match_letters_follow_a_shuffle(write_bank, build_html, open_quiz):
    pairs = "".join(f"      - {{left: L{n}, right: R{n}}}\n" for n in range(6))
    quiz = open_quiz(
        build_html(
            write_bank(
                f"id: m\ntitle: M\nquestions:\n  - id: m\n    type: match\n    prompt: Match.\n    pairs:\n{pairs}"
            )
        )
    )
    quiz.page.get_by_label("Shuffle the questions and their choices").check()
    letters = quiz.q("m").locator(".match-options .letter").all_inner_texts()
    assert letters == list("ABCDEF")  # lettered again in the new order
    for n in range(6):
        pair(quiz, "m", f"L{n}", f"R{n}")
    quiz.q("m").get_by_role("button", name="Check answer").click()
    assert quiz.q("m").locator(".verdict").inner_text() == "Correct: 1 of 1 point."
    quiz.assert_clean()


def test_order_items_have_room_on_a_phone(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(LONG_BANK)), width=360)
    for text in quiz.q("order").locator(".item-text").all():
        assert text.bounding_box()["width"] >= 250  # the text gets the row; the buttons go under it


TOUCHES_BANK = """\
id: touches
title: Touches
questions:
  - id: nested
    type: cloze
    text: "{{c1::Canberra was {{c2::founded::a verb}} in 1913}}, as the {{c3::capital}}."
    explanation: "See [the docs](javascript:alert(1)) or [the site](https://example.com)."
  - {id: short, type: cloze, text: "A {{c1::cat}}."}
  - {id: long, type: cloze, text: "A {{c1::hippopotamus monstrosesquippedaliophobia}}."}
  - {id: a, type: single, prompt: A, choices: [x, y], answer: x, tags: [small]}
  - {id: b, type: single, prompt: B, choices: [x, y], answer: x, points: 4, tags: [big]}
"""


def test_nested_cloze_blanks_sizes_and_disarmed_links(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(TOUCHES_BANK)))
    nested = quiz.q("nested")
    # Anki reveals the whole outer deletion: one blank for it, and no stray "}}".
    assert "}}" not in nested.inner_text() and "{{" not in nested.inner_text()
    blanks = nested.locator("input.blank")
    assert blanks.count() == 2
    blanks.nth(0).fill("Canberra was founded in 1913")
    blanks.nth(1).fill("capital")
    nested.get_by_role("button", name="Check answer").click()
    assert nested.locator(".verdict").inner_text() == "Correct: 1 of 1 point."
    # A blank is as wide as its answer needs, within bounds.
    short = quiz.q("short").locator("input.blank").bounding_box()["width"]
    long = quiz.q("long").locator("input.blank").bounding_box()["width"]
    assert long > 2.5 * short
    # The sanitiser's disarmed javascript: link reads as plain text, unlike a real link.
    inert = nested.locator(".explanation a:not([href])")
    real = nested.locator(".explanation a[href]")
    style = "e => [getComputedStyle(e).color, getComputedStyle(e).textDecorationLine]"
    body = quiz.page.evaluate("() => getComputedStyle(document.body).color")
    assert inert.evaluate(style) == [body, "none"]
    assert real.evaluate(style) != [body, "none"]
    quiz.assert_clean()


def test_tag_bars_share_one_scale(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(TOUCHES_BANK)))
    choose(quiz, "a", "x")
    choose(quiz, "b", "y")
    for qid in ("a", "b"):
        quiz.q(qid).get_by_role("button", name="Check answer").click()
    widths = {
        li.locator(".bar-label").inner_text(): li.locator(".bar").bounding_box()["width"]
        for li in quiz.page.locator("#bars li").all()
    }
    # "big" has 4 points possible, "small" 1: its bar is 4 times as long.
    assert widths["big"] == pytest.approx(4 * widths["small"], rel=0.05)
    small = quiz.page.locator("#bars li", has_text="small")
    assert small.locator(".bar-fill").bounding_box()["width"] == pytest.approx(widths["small"] - 2, abs=1.5)
    quiz.assert_clean()


def test_without_javascript_the_page_says_it_needs_it_and_offers_nothing_dead(example_bank, build_html, browser):
    # The questions are drawn by the script (a bank of 10,000 would otherwise be an 18 MiB page):
    # without it, the page says so plainly, in the bank's language, and shows no control.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(build_html(example_bank).as_uri())
        assert [b.inner_text() for b in page.get_by_role("button").all() if b.is_visible()] == []
        assert page.locator("#settings").is_hidden() and page.locator("#results").is_hidden()
        assert page.locator(".noscript").is_visible()
        notice = page.locator(".noscript").inner_text()
        assert "JavaScript is turned off" in notice and "turn it on" in notice
        assert page.locator("h1").is_visible()
    finally:
        context.close()


def test_another_build_of_the_bank_keeps_the_first_builds_progress(
    example_bank, build_html, open_quiz, browser, tmp_path
):
    first = build_html(example_bank)
    kept = tmp_path / "first.html"
    kept.write_bytes(first.read_bytes())
    example_bank.write_text(example_bank.read_text().replace("Which planet", "What planet"))
    second = build_html(example_bank)
    context = browser.new_context()  # both pages share one file:// storage, as in a real browser
    try:
        one = open_quiz(kept, context=context)
        one.q("largest-planet").get_by_label("Your answer").fill("Jupiter")
        two = open_quiz(second, context=context)
        two.q("largest-planet").get_by_label("Your answer").fill("Saturn")
        # Each page writes localStorage in its own renderer process, which tells the others a
        # moment later: wait until both answers are stored, as a person switching tabs would.
        two.page.wait_for_function("""() => ['Jupiter', 'Saturn'].every(answer => Object.keys(localStorage)
            .some(key => (localStorage.getItem(key) || '').includes(answer)))""")
        # Opened afresh (a reload would let the browser refill the form by itself).
        again = open_quiz(kept, context=context)
        assert again.q("largest-planet").get_by_label("Your answer").input_value() == "Jupiter"
        assert "What planet" not in again.q("largest-planet").inner_text()
        assert (
            open_quiz(second, context=context).q("largest-planet").get_by_label("Your answer").input_value() == "Saturn"
        )
    finally:
        context.close()


def _png(width: int, height: int, seed: int = 1) -> bytes:
    """A real PNG of noise (noise does not compress: the file is about width*height*3 bytes)."""
    import random
    import struct
    import zlib

    random.seed(seed)
    rows = b"".join(b"\x00" + random.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_an_image_used_500_times_is_embedded_once(write_bank, build_html, open_quiz):
    image = _png(100, 100)  # about 30 KB
    questions = "".join(
        f"  - {{id: q{n}, type: truefalse, prompt: 'Look: ![a noisy square](img/noise.png)', answer: true}}\n"
        for n in range(500)
    )
    bank = write_bank("id: pics\ntitle: Pictures\nquestions:\n" + questions)
    (bank.parent / "img").mkdir()
    (bank.parent / "img" / "noise.png").write_bytes(image)
    page = build_html(bank)
    text = page.read_text(encoding="utf-8")
    assert text.count(base64.b64encode(image).decode()) == 1
    without = len(text.replace(base64.b64encode(image).decode(), ""))
    assert len(text) < without + 1.4 * len(image)  # one base64 copy, not 500
    assert "img/noise.png" not in text
    quiz = open_quiz(page)
    last = quiz.q("q499").get_by_role("img", name="a noisy square")
    last.scroll_into_view_if_needed()
    assert last.bounding_box()["width"] == 100  # drawn, at its own size
    quiz.assert_clean()


def _printed(quiz: Quiz, tmp_path: Path):
    """Print the page as Chromium does (A4, no background graphics): its PDF and the text."""
    import io

    from pypdf import PdfReader

    pdf = quiz.page.pdf(format="A4")
    (tmp_path / "printed.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    return tmp_path / "printed.pdf", len(reader.pages), unicodedata.normalize("NFKC", text)  # ﬁ → fi


def _columns_with_ink(pdf: Path, page: int) -> list[int]:
    """Rasterise one PDF page (poppler's pdftoppm) and say which pixel columns hold anything dark."""
    import subprocess

    gray = subprocess.run(
        ["pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page), str(pdf)], check=True, capture_output=True
    ).stdout
    magic, width, height, depth, pixels = gray.split(maxsplit=4)
    width, height = int(width), int(height)
    assert magic == b"P5" and depth == b"255"
    return [x for x in range(width) if any(pixels[y * width + x] < 200 for y in range(height))] + [width]


def _loose(words: str) -> str:
    """A pattern for text as a PDF gives it back: any apostrophe, any white space."""
    return r"\s*".join(re.escape(w).replace("'", "['’]") for w in words.split())


@pytest.mark.pdf
def test_a_graded_exam_prints_compactly_with_everything_on_the_page(build_html, open_quiz, tmp_path):
    from quizgen.bank.load import load_bank
    from quizgen.bank.model import Match

    bank = Path(__file__).resolve().parent.parent / "questions" / "muse-spark.yaml"
    questions = load_bank(bank).bank.questions
    match = next(q for q in questions if isinstance(q, Match))
    (chosen, right), (other, _), *_, (unanswered, _) = ((p.left, p.right) for p in match.pairs)
    quiz = open_quiz(build_html(bank))
    set_mode(quiz, "exam")
    pair(quiz, match.id, chosen, right)
    pair(quiz, match.id, other, right)  # a wrong pairing prints too
    submit(quiz)
    pdf, pages, text = _printed(quiz, tmp_path)
    # About 0.45 A4 pages a question with its answer and explanation (61 questions once took 38).
    assert pages <= 0.45 * len(questions) + 1, (pages, len(questions))
    # A match question prints its options, and the letter chosen for each item.
    letter = quiz.q(match.id).locator(".match-options li", has_text=right).locator(".letter").inner_text()
    flat = re.sub(r"\s+", " ", text)
    printed = flat[flat.find(match.prompt) :][:800]
    assert re.search(rf"{_loose(chosen)} → {letter}: {_loose(right)}", flat), printed
    assert re.search(rf"{_loose(other)} → {letter}: ", flat), printed
    assert re.search(rf"{_loose(unanswered)} → \(no choice\)", flat), printed
    # Every question's border is inside the page: a margin of white at the right edge.
    ink = _columns_with_ink(pdf, 1)
    width = ink[-1]
    assert max(ink[:-1]) < width - 8
    # The tag bars are drawn with borders, which print without background graphics.
    quiz.page.emulate_media(media="print")
    fill = quiz.page.locator("#bars .bar").first.evaluate(
        "e => [getComputedStyle(e).borderTopWidth, getComputedStyle(e).borderTopStyle]"
    )
    assert fill[0] != "0px" and fill[1] == "solid"
    assert "By tag" in text and "strategy" in text
    quiz.assert_clean()


def test_progress_saved_by_an_earlier_page_of_the_same_content_is_kept(example_bank, build_html, open_quiz):
    """Pages built by earlier quizgen versions saved one answer set for both modes (version 1)."""
    path = build_html(example_bank)
    quiz = open_quiz(path)
    key = quiz.page.evaluate("() => Object.keys(localStorage).find(k => k.startsWith('quizgen:example:'))")
    assert key is None  # nothing saved until something is answered
    digest = quiz.page.evaluate("() => JSON.parse(document.getElementById('quiz-data').textContent).hash")
    old = {
        "v": 1,
        "mode": "practice",
        "shuffle": None,
        "answers": {"largest-planet": "Jupiter"},
        "checked": {"largest-planet": True},
        "revealed": {},
        "submitted": False,
        "only": None,
    }
    quiz.page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [f"quizgen:example:{digest}", old])
    again = open_quiz(path, context=quiz.page.context)
    assert again.q("largest-planet").get_by_label("Your answer").input_value() == "Jupiter"
    assert again.q("largest-planet").locator(".verdict").inner_text().startswith("Correct")
    again.assert_clean()


def test_the_page_embeds_the_grading_model_the_table_is_run_against(
    example_bank, build_html, open_quiz, tmp_path_factory
):
    """The shared table of cases (tests/grading_cases.yaml), graded by the script the page carries."""
    from tests.support.grading_table import javascript_disagreements, table_cases

    quiz = open_quiz(build_html(example_bank))
    assert javascript_disagreements(quiz.page, table_cases(tmp_path_factory)) == []
    quiz.assert_clean()


WRITTEN = """\
id: written
title: Written the way people write
language: de
questions:
  - {id: owner, type: short, prompt: Whose model?, answer: ["Meta's"]}
  - {id: price, type: numeric, prompt: The deal?, answer: 14300, unit: USD}
  - {id: who, type: cloze, text: "{{c1::Mark Zuckerberg}} leads {{c2::Meta}}.", accept: {c1: [Zuckerberg]}}
"""


def test_answers_written_as_people_write_them_are_right_on_the_page(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(WRITTEN)))
    # A German bank: the page speaks German (quizgen.present.i18n).
    quiz.q("owner").get_by_label("Ihre Antwort").fill("Meta’s.")  # a phone's apostrophe, a full stop
    quiz.q("price").get_by_label(re.compile("^Ihre Antwort")).fill("14.300 $")  # German thousands point
    quiz.q("who").locator("input.blank").nth(0).fill("zuckerberg")
    quiz.q("who").locator("input.blank").nth(1).fill("Meta")
    for qid in ("owner", "price", "who"):
        quiz.q(qid).get_by_role("button", name="Antwort prüfen").click()
        assert quiz.q(qid).locator(".verdict").inner_text().startswith("Richtig"), qid
    assert quiz.score == "Ergebnis: 3 von 3 Punkte (100\u00a0%), 3 von 3 Fragen geprüft."  # German: "100 %"
    quiz.assert_clean()


DECIMALS = """\
id: decimals
title: Décimales
language: fr
questions:
  - {id: fall, type: numeric, prompt: Chute ?, answer: 4.905, unit: m}
  - {id: either, type: numeric, prompt: Chute ?, answer: 4.905, unit: m, other_decimal: accept}
"""


def test_a_number_right_with_the_other_decimal_mark_says_so(write_bank, build_html, open_quiz):
    """4.905 is 4905 in French: wrong for 4,905, and the verdict says why; a question that accepts
    either mark scores it, says which mark the quiz uses, and its answer says either counts."""
    quiz = open_quiz(build_html(write_bank(DECIMALS)))
    hint = "Dans ce quiz, la virgule marque les décimales\u00a0: vouliez-vous dire 4,905\u00a0?"
    for qid in ("fall", "either"):
        quiz.q(qid).get_by_label(re.compile("^Votre réponse")).fill("4.905 m")
        quiz.q(qid).get_by_role("button", name="Vérifier la réponse").click()
        assert quiz.q(qid).locator(".decimal-hint").inner_text() == hint
    assert quiz.q("fall").locator(".verdict").inner_text().startswith("Pas tout à fait")
    assert quiz.q("either").locator(".verdict").inner_text().startswith("Juste")
    assert "4,905 m, avec l’un ou l’autre séparateur décimal" in quiz.q("either").locator(".answer").inner_text()
    assert "séparateur" not in quiz.q("fall").locator(".answer").inner_text()
    # The exam's results say it too; a number wrong either way says nothing of decimal marks.
    set_mode(quiz, "exam")
    quiz.q("fall").get_by_label(re.compile("^Votre réponse")).fill("4.905")
    quiz.q("either").get_by_label(re.compile("^Votre réponse")).fill("4.906")
    quiz.page.get_by_role("button", name="Envoyer toutes les réponses").click()
    assert quiz.q("fall").locator(".decimal-hint").inner_text() == hint
    assert quiz.q("either").locator(".decimal-hint").count() == 0
    quiz.assert_clean()


ESSAY_BANK = """\
id: essays
title: Essays
instructions: Write in full sentences.
sections:
  - title: Part A
    intro: A shared passage about rivers.
    draw: 1
    questions:
      - {id: a1, type: truefalse, prompt: Alpha one., answer: true}
      - {id: a2, type: truefalse, prompt: Alpha two., answer: true}
      - {id: a3, type: truefalse, prompt: Alpha three., answer: true}
  - title: Part B
    questions:
      - {id: e1, type: essay, prompt: Why do rivers flood?, answer: Modelanswer melting snow., notes: Markingnote.}
      - {id: p1, type: truefalse, prompt: Paper only., answer: true, outputs: [pdf]}
"""


def test_an_essay_is_written_then_self_assessed_like_a_card(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(ESSAY_BANK)))
    assert "Write in full sentences." in quiz.page.locator("header").inner_text()
    assert quiz.page.locator(".section-intro").inner_text() == "A shared passage about rivers."
    assert quiz.page.locator("fieldset.question").count() == 4  # every question but the paper-only one
    essay = quiz.q("e1")
    essay.get_by_role("textbox", name="Your answer").fill("Because the snow melts.")
    assert essay.get_by_role("button", name="Check answer").count() == 0
    essay.get_by_role("button", name="Show the model answer").click()
    assert "Modelanswer" in essay.locator(".feedback").inner_text()
    assert "Markingnote" in essay.locator(".feedback").inner_text()
    choose(quiz, "e1", "I knew it")
    assert essay.locator(".verdict").inner_text() == "Correct: 1 of 1 point."
    set_mode(quiz, "exam")
    assert essay.locator(".rating").is_hidden() and essay.locator(".feedback").is_hidden()
    quiz.assert_clean()


def test_draw_makes_a_practice_page_of_the_drawn_questions(write_bank, build_html, tmp_path):
    page = build_html(write_bank(ESSAY_BANK), "--draw").read_text(encoding="utf-8")
    assert sum(f"Alpha {n}." in page for n in ("one", "two", "three")) == 1
    assert "Why do rivers flood?" in page and "Paper only." not in page


def test_shuffling_keeps_questions_under_their_section(write_bank, build_html, open_quiz):
    rows = "".join(
        f"      - {{id: {p}{i}, type: truefalse, prompt: {p} {i}., answer: true}}\n" for i in range(6) for p in ("x",)
    )
    more = rows.replace("x", "y")
    kept = rows.replace("x", "z")
    bank = write_bank(
        f"id: sec\ntitle: Sec\nsections:\n  - title: Part X\n    questions:\n{rows}"
        f"  - title: Part Y\n    intro: The Y passage.\n    questions:\n{more}"
        f"  - title: Part Z\n    shuffle: false\n    questions:\n{kept}"
    )
    quiz = open_quiz(build_html(bank))

    def layout():
        return quiz.page.locator("#questions .section-head, #questions fieldset.question").evaluate_all(
            "nodes => nodes.map(n => n.classList.contains('section-head') ? n.innerText.replace(/\\s+/g, ' ').trim() : n.dataset.id)"
        )

    built = layout()
    assert built == [
        "Part X",
        *[f"x{i}" for i in range(6)],
        "Part Y The Y passage.",
        *[f"y{i}" for i in range(6)],
        "Part Z",
        *[f"z{i}" for i in range(6)],
    ]
    quiz.page.get_by_label("Shuffle the questions and their choices").check()
    shuffled = layout()
    assert shuffled != built
    assert shuffled[0] == "Part X" and sorted(shuffled[1:7]) == [f"x{i}" for i in range(6)]
    assert shuffled[7] == built[7] and sorted(shuffled[8:14]) == [f"y{i}" for i in range(6)]
    assert shuffled[14:] == built[14:]  # shuffle: false keeps the section's order
    quiz.page.get_by_label("Shuffle the questions and their choices").uncheck()
    assert layout() == built
    quiz.assert_clean()
