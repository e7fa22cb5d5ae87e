"""`quizgen lint`: each rule warns on a bank that has its flaw, with the exact text a user sees,
and stays quiet on the same bank with the flaw fixed; silencing, exit codes and the real bank.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from quizgen.bank import lint

REPO = Path(__file__).resolve().parent.parent


def bank_text(questions: str, head: str = "") -> str:
    listed = "questions:\n" + textwrap.indent(textwrap.dedent(questions), "  ") if questions else ""
    return "id: b\ntitle: B\n" + head + listed


@pytest.fixture
def warnings(run_cli, write_bank):
    """`quizgen lint BANK`: the warning lines (without caret lines) of rule `code`."""

    def run(questions: str, code: str, head: str = "") -> list[str]:
        bank = write_bank(bank_text(questions, head))
        result = run_cli("lint", bank)
        assert result.exit_code == 0, result.output
        prefix = f"{bank}:"
        return [
            line[len(prefix) :]
            for line in result.stderr.splitlines()
            if line.startswith(prefix) and f"warning[{code}]" in line
        ]

    return run


FOUR_SINGLES = "".join(
    f"- {{id: s{i}, type: single, prompt: Pick {n}., choices: [{n}, x{i}, y{i}], answer: {n}}}\n"
    for i, n in enumerate(["red", "blue", "green", "gold"])
)

TF_PATTERN = (
    "- {id: t1, type: truefalse, prompt: Bats are always blind., answer: false}\n"
    "- {id: t2, type: truefalse, prompt: Every spider spins a web., answer: false}\n"
    "- {id: t3, type: truefalse, prompt: Only mammals feed their young., answer: false}\n"
    "- {id: t4, type: truefalse, prompt: Snakes never swim., answer: %s}\n"
    "- {id: t5, type: truefalse, prompt: Whales breathe air., answer: true}\n"
    "- {id: t6, type: truefalse, prompt: Octopuses have three hearts., answer: true}\n"
)

# (code, a bank with the flaw, the exact warnings, the same bank with the flaw fixed)
CASES = [
    (
        "answer-in-prompt",
        "- {id: q, type: single, prompt: Which city in France is Paris?, choices: [Paris, Lyon, Nice], answer: Paris}\n",
        [
            "4:35: warning[answer-in-prompt]: the prompt contains 'Paris', found in the key 'Paris' and in no "
            "distractor; reword so the question does not name its answer"
        ],
        "- {id: q, type: single, prompt: Which French city has the Louvre?, choices: [Paris, Lyon, Nice], answer: Paris}\n",
    ),
    (
        "answer-in-prompt",
        "- {id: q, type: short, prompt: Muse Spark opens which series?, answer: [Muse, Muse series]}\n",
        [
            "4:34: warning[answer-in-prompt]: the prompt contains 'Muse' from the answer 'Muse'; reword so "
            "the question does not name its answer"
        ],
        "- {id: q, type: short, prompt: Spark opens which Meta series?, answer: [Muse, Muse series]}\n",
    ),
    (
        "answer-in-prompt",
        "- {id: q, type: cloze, text: '{{c1::Avocado}} was the code name; Avocado became Muse Spark.'}\n",
        [
            "4:32: warning[answer-in-prompt]: cloze c1 hides 'Avocado', which the rest of the text shows; "
            "reword so the question does not name its answer"
        ],
        "- {id: q, type: cloze, text: '{{c1::Avocado}} was the code name of Muse Spark.'}\n",
    ),
    (
        "longest-choice",
        "- {id: q, type: single, prompt: What drove the rise?, choices: [Market momentum played an equal part alongside "
        "the launch, The launch alone, Falling revenue, Rising oil prices], answer: Market momentum played an equal "
        "part alongside the launch}\n",
        [
            "4:189: warning[longest-choice]: the key is the longest choice (57 characters; the distractors average 16); "
            "make the choices about equally long and detailed"
        ],
        "- {id: q, type: single, prompt: What drove the rise?, choices: [Market momentum, The launch alone, "
        "Falling revenue, Rising oil prices], answer: Market momentum}\n",
    ),
    (
        "longest-choice",
        "- {id: q, type: multiple, prompt: Which apply?, choices: [Rival valuations above one trillion dollars, "
        "Gemini spreading through enterprises, Oil, Ads], answer: [Rival valuations above one trillion dollars, "
        "Gemini spreading through enterprises]}\n",
        [
            "4:163: warning[longest-choice]: every key is longer than every distractor (the shortest key has 36 "
            "characters; the distractors average 3); make the choices about equally long and detailed"
        ],
        "- {id: q, type: multiple, prompt: Which apply?, choices: [Rival valuations, Gemini in enterprises, "
        "Oil price rises, Falling ad sales], answer: [Rival valuations, Gemini in enterprises]}\n",
    ),
    (
        "lone-elaboration",
        "- {id: q, type: single, prompt: What is the deficit?, choices: ['Adoption, a distribution problem', "
        "Compute budget money, Data infrastructure, GPQA scores], answer: 'Adoption, a distribution problem'}\n",
        [
            "4:168: warning[lone-elaboration]: only the key elaborates or hedges (','); no distractor does; "
            "qualify the distractors as carefully, or state the key plainly"
        ],
        "- {id: q, type: single, prompt: What is the deficit?, choices: [Developer adoption, Compute budget, "
        "Data infrastructure, GPQA scores], answer: Developer adoption}\n",
    ),
    (
        "grammar-cue",
        "- {id: q, type: single, prompt: Meta calls Muse Spark an, choices: [efficient model, frontier giant, "
        "open model], answer: efficient model}\n",
        [
            "4:35: warning[grammar-cue]: the stem ends with the article 'an', which does not fit 'frontier giant'; "
            "end the stem before the article or verb, or make every choice fit it"
        ],
        "- {id: q, type: single, prompt: What does Meta call Muse Spark?, choices: [An efficient model, "
        "A frontier giant, An open model], answer: An efficient model}\n",
    ),
    (
        "grammar-cue",
        "- {id: q, type: single, prompt: The open questions are, choices: [long contexts, a benchmark, "
        "the stock], answer: long contexts}\n",
        [
            "4:35: warning[grammar-cue]: the stem ends with the verb 'are', which does not fit 'a benchmark', "
            "'the stock'; end the stem before the article or verb, or make every choice fit it"
        ],
        "- {id: q, type: single, prompt: The open questions are, choices: [long contexts, benchmarks, "
        "stock prices], answer: long contexts}\n",
    ),
    (
        "all-none-of-the-above",
        "- {id: q, type: single, prompt: Which domain?, choices: [Science, Law, None of the above], answer: Science}\n",
        [
            "4:74: warning[all-none-of-the-above]: the choice 'None of the above' can be judged from two other "
            "choices alone; replace it with a plausible distractor"
        ],
        "- {id: q, type: single, prompt: Which domain?, choices: [Science, Law, Finance], answer: Science}\n",
    ),
    (
        "negative-stem",
        "- {id: q, type: single, prompt: Which is not a domain of Muse Spark?, choices: [Law, Math, Health], answer: Law}\n",
        [
            "4:35: warning[negative-stem]: the prompt is negative ('not') without emphasis; ask it positively, "
            "or emphasise the negative (**NOT**)"
        ],
        "- {id: q, type: single, prompt: Which is **not** a domain of Muse Spark?, choices: [Law, Math, Health], "
        "answer: Law}\n",
    ),
    (
        "count-giveaway",
        "- {id: q, type: multiple, prompt: Which two companies is Meta chasing?, choices: [OpenAI, Google, Mistral], "
        "answer: [OpenAI, Google]}\n",
        [
            "4:37: warning[count-giveaway]: the prompt says how many choices are correct ('Which two'); ask for "
            "all that apply, so the count is part of what is tested"
        ],
        "- {id: q, type: multiple, prompt: Which companies is Meta chasing? (choose all that apply), "
        "choices: [OpenAI, Google, Mistral], answer: [OpenAI, Google]}\n",
    ),
    (
        "numeric-bound",
        "- {id: q, type: numeric, prompt: The two rivals are worth above how many trillion dollars?, answer: 1}\n",
        [
            "4:36: warning[numeric-bound]: the prompt asks for a bound ('above how many'), which other numbers also "
            'satisfy, but only 1 is accepted; ask for the figure itself ("What is ...")'
        ],
        "- {id: q, type: numeric, prompt: What floor does the article give for the two rivals' worth?, answer: 1}\n",
    ),
    (
        "reverse-question-card",
        "- {id: q, type: card, front: What is Avocado?, back: Muse Spark's code name, reverse: true}\n",
        [
            "4:89: warning[reverse-question-card]: the front is a question, so the reversed card asks for a question "
            "from its answer; make the front a term or name, or drop reverse"
        ],
        "- {id: q, type: card, front: Avocado, back: Muse Spark's code name, reverse: true}\n",
    ),
    (
        "short-form",
        "- {id: q, type: short, prompt: Who leads the lab? (full name), answer: [Alexandr Wang, Wang]}\n",
        [
            "4:90: warning[short-form]: the prompt asks for the full name, but 'Wang' is accepted; accept only "
            "answers of that form, or drop the demand"
        ],
        "- {id: q, type: short, prompt: Who leads the lab? (full name), answer: [Alexandr Wang]}\n",
    ),
    (
        "near-duplicate",
        "- {id: a, type: numeric, prompt: What did Muse Spark score on GPQA?, answer: 0.9}\n"
        "- {id: b, type: short, prompt: On which benchmark did Muse Spark score 0.9?, answer: GPQA}\n",
        [
            "5:10: warning[near-duplicate]: asks much the same as 'a' (line 4): both turn on '0.9', 'GPQA', "
            "'Muse', 'score', 'Spark'; drop one, or make each test a different fact"
        ],
        "- {id: a, type: numeric, prompt: What did Muse Spark score on GPQA?, answer: 0.9}\n"
        "- {id: b, type: short, prompt: Which lab built Muse Spark?, answer: Meta Superintelligence Labs}\n",
    ),
    (
        "near-duplicate",
        "- {id: a, type: short, prompt: Who painted the Mona Lisa?, answer: [Leonardo da Vinci]}\n"
        "- {id: b, type: short, prompt: Which Renaissance master created La Gioconda?, answer: [Leonardo da Vinci]}\n",
        [
            "5:10: warning[near-duplicate]: asks much the same as 'a' (line 4): both have the answer "
            "'Leonardo da Vinci'; drop one, or make each test a different fact"
        ],
        "- {id: a, type: short, prompt: Who painted the Mona Lisa?, answer: [Leonardo da Vinci]}\n"
        "- {id: b, type: short, prompt: Which Renaissance master was born in Vinci?, answer: [Leonardo da Vinci]}\n",
    ),
    (
        "key-position",
        FOUR_SINGLES,
        [
            "4:3: warning[key-position]: 4 of 4 single-choice keys are written as choice 1; vary where the key is "
            "written: the JSON export and questions with shuffle: false keep the written order"
        ],
        FOUR_SINGLES.replace("[blue, x1, y1]", "[x1, blue, y1]").replace("[green, x2, y2]", "[x2, y2, green]"),
    ),
    (
        "truefalse-balance",
        "".join(f"- {{id: t{i}, type: truefalse, prompt: Claim {i}., answer: false}}\n" for i in range(4)),
        [
            "4:3: warning[truefalse-balance]: 4 of 4 true/false statements are false; balance true and false keys, "
            "so guessing the majority does not pay"
        ],
        "".join(
            f"- {{id: t{i}, type: truefalse, prompt: Claim {i}., answer: {str(i % 2 == 0).lower()}}}\n"
            for i in range(4)
        ),
    ),
    (
        "difficulty-spread",
        "".join(
            f"- {{id: t{i}, type: truefalse, prompt: Claim {i}., answer: true, difficulty: easy}}\n" for i in range(4)
        ),
        [
            "4:3: warning[difficulty-spread]: 4 of 4 rated questions are easy; spread the questions over easy, "
            "medium and hard"
        ],
        "".join(
            f"- {{id: t{i}, type: truefalse, prompt: Claim {i}., answer: true, difficulty: {level}}}\n"
            for i, level in enumerate(["easy", "medium", "hard", "easy"])
        ),
    ),
    (
        "absolute-distractor",
        "- {id: q, type: single, prompt: What happens to a gas heated at constant pressure?, choices: [It expands, It always shrinks, It stays the same], answer: It expands}\n",
        [
            "4:109: warning[absolute-distractor]: the distractor 'It always shrinks' says 'always', which no key says: sweeping choices are ruled out without knowing the fact; word the distractors as carefully as the key"
        ],
        "- {id: q, type: single, prompt: What happens to a gas heated at constant pressure?, choices: [It expands, It shrinks, It stays the same], answer: It expands}\n",
    ),
    (
        "brittle-blank",
        "- {id: q, type: cloze, text: 'A prism splits white light into its {{c1::colours}}.'}\n- {id: r, type: short, prompt: Which color has the longest wavelength?, answer: [red]}\n",
        [
            "4:32: warning[brittle-blank]: cloze c1 accepts only 'colours', but the bank itself writes 'color'; accept the other spelling too (accept: {c1: [colors]})"
        ],
        "- {id: q, type: cloze, text: 'A prism splits white light into its {{c1::colours}}.', accept: {c1: [colors]}}\n- {id: r, type: short, prompt: Which color has the longest wavelength?, answer: [red]}\n",
    ),
    (
        "brittle-blank",
        "- {id: q, type: cloze, text: 'Scale AI sells {{c1::data labelling}}.'}\n"
        "- {id: r, type: short, prompt: What did the firm do with images?, answer: [labeling them]}\n",
        [
            "4:32: warning[brittle-blank]: cloze c1 accepts only 'data labelling', but the bank itself writes "
            "'labeling'; accept the other spelling too (accept: {c1: [data labeling]})"
        ],
        "- {id: q, type: cloze, text: 'Scale AI sells {{c1::data labelling}}.', accept: {c1: [data labeling]}}\n"
        "- {id: r, type: short, prompt: What did the firm do with images?, answer: [labeling them]}\n",
    ),
    (
        "combined-choices",
        "- {id: q, type: single, prompt: 'Which are mammals? I. Whale II. Shark III. Bat', choices: [I only, I and III, II and III], answer: I and III}\n",
        [
            "4:94: warning[combined-choices]: the choices combine numbered statements ('I only'): a complex multiple true/false (Type K) item rewards eliminating combinations more than knowing each statement; ask the statements as a multiple-response question, or as separate true/false statements"
        ],
        "- {id: q, type: multiple, prompt: Which are mammals? (choose all that apply), choices: [Whale, Shark, Bat], answer: [Whale, Bat]}\n",
    ),
    (
        "common-blank",
        "- {id: q, type: cloze, text: 'The Earth goes {{c1::around}} the Sun once a year.'}\n",
        [
            "4:32: warning[common-blank]: cloze c1 hides 'around', a word that grammar alone fills in; hide the word that carries the fact"
        ],
        "- {id: q, type: cloze, text: 'The Earth goes around the {{c1::Sun}} once a year.'}\n",
    ),
    (
        "compound-statement",
        "- {id: q, type: truefalse, prompt: Diamond is pure carbon and it conducts electricity well., answer: false}\n",
        [
            "4:38: warning[compound-statement]: the statement joins two claims ('and it'): one may be true and the other false; split it into two statements, one claim each"
        ],
        "- {id: q, type: truefalse, prompt: Diamond conducts electricity well., answer: false}\n",
    ),
    (
        "cross-leak",
        "- {id: q, type: short, prompt: Who discovered penicillin?, answer: [Alexander Fleming, Fleming]}\n- {id: r, type: order, prompt: Put these in order., items: [Jenner tests a vaccine, Fleming sees mould kill bacteria, Salk's polio vaccine is licensed]}\n",
        [
            "4:10: warning[cross-leak]: 'r' (line 5) prints 'Fleming', this question's answer, on the same paper; reword one of them, show them in different outputs (outputs:), or draw them apart in a section"
        ],
        "- {id: q, type: short, prompt: Who discovered penicillin?, answer: [Alexander Fleming, Fleming], outputs: [pdf]}\n- {id: r, type: order, prompt: Put these in order., items: [Jenner tests a vaccine, Fleming sees mould kill bacteria, Salk's polio vaccine is licensed], outputs: [html]}\n",
    ),
    (
        "fragment-stem",
        "- {id: q, type: single, prompt: The largest planet of the Solar System., choices: [Jupiter, Saturn, Mars], answer: Jupiter}\n",
        [
            "4:35: warning[fragment-stem]: the stem is neither a question nor an instruction, so the choices must be read to know what is asked; ask a full question that could be answered with the choices covered"
        ],
        "- {id: q, type: single, prompt: Which is the largest planet of the Solar System?, choices: [Jupiter, Saturn, Mars], answer: Jupiter}\n",
    ),
    (
        "near-identical-key",
        "- {id: q, type: single, prompt: What does a barometer measure?, choices: [Air pressure at one place, Air temperature at one place, Wind speed, Rainfall], answer: Air pressure at one place}\n",
        [
            "4:165: warning[near-identical-key]: the key 'Air pressure at one place' and the distractor 'Air temperature at one place' differ in one word: the odd pair out tells that one of them is right; reword the pair apart, or give the distractors look-alikes of their own"
        ],
        "- {id: q, type: single, prompt: What does a barometer measure?, choices: [Air pressure, Air temperature, Wind speed, Rainfall], answer: Air pressure}\n",
    ),
    (
        "overlapping-choices",
        "- {id: q, type: single, prompt: How many bones does an adult human have?, choices: [Fewer than 150, Between 150 and 250, More than 200], answer: Between 150 and 250}\n",
        [
            "4:124: warning[overlapping-choices]: the choices 'Between 150 and 250' and 'More than 200' overlap, so one answer can make both true; make the ranges separate, so exactly one choice is true"
        ],
        "- {id: q, type: single, prompt: How many bones does an adult human have?, choices: [Fewer than 150, Between 150 and 250, More than 250], answer: Between 150 and 250}\n",
    ),
    (
        "overlapping-choices",
        "- {id: q, type: single, prompt: What does the Sun mostly burn?, choices: [Hydrogen, Hydrogen and helium, Oxygen], "
        "answer: Hydrogen}\n",
        [
            "4:87: warning[overlapping-choices]: the choice 'Hydrogen and helium' includes 'Hydrogen', so one answer "
            "can make both true; make each choice a claim of its own, not a sum of others"
        ],
        "- {id: q, type: single, prompt: What does the Sun mostly burn?, choices: [Hydrogen, Helium, Oxygen], "
        "answer: Hydrogen}\n",
    ),
    (
        "truefalse-cue",
        "- {id: q, type: truefalse, prompt: Lightning always strikes the tallest object., answer: false}\n",
        [
            "4:38: warning[truefalse-cue]: a false statement that says 'always': test-wise students mark sweeping statements false; make the statement false for a reason other than its absolute, or drop the absolute"
        ],
        "- {id: q, type: truefalse, prompt: Lightning always comes before its thunder., answer: true}\n",
    ),
    (
        "truefalse-pattern",
        TF_PATTERN % "false",
        [
            "4:3: warning[truefalse-pattern]: guessing false whenever an absolute word appears scores 4 of 4 true/false statements; write true statements with an absolute word too"
        ],
        TF_PATTERN % "true",
    ),
    (
        "vague-frequency",
        "- {id: q, type: single, prompt: Which cloud usually brings thunderstorms?, choices: [Cumulonimbus, Cirrus, Stratus], answer: Cumulonimbus}\n",
        [
            "4:35: warning[vague-frequency]: the prompt says 'usually', a frequency readers put at very different figures; say how often, or ask about what is so without the hedge"
        ],
        "- {id: q, type: single, prompt: Which cloud brings thunderstorms?, choices: [Cumulonimbus, Cirrus, Stratus], answer: Cumulonimbus}\n",
    ),
]


@pytest.mark.parametrize("code, flawed, expected, fixed", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_warns_on_its_flaw_and_not_on_the_fix(warnings, code, flawed, expected, fixed):
    assert warnings(flawed, code) == expected
    assert warnings(fixed, code) == []


# (code, a question an editor would accept that an earlier version of the rule warned about)
QUIET = [
    (
        "longest-choice",
        "- {id: q, type: single, prompt: What is the kinetic energy of mass $m$ at speed $v$?, "
        "choices: ['$\\frac{1}{2} m v^2$', '$m v$', '$m g h$', '$m c^2$'], answer: '$\\frac{1}{2} m v^2$'}\n",
    ),
    (
        "longest-choice",
        "- {id: q, type: single, prompt: Which planet has the shortest year?, choices: [Mercury, Mars, Venus], answer: Mercury}\n",
    ),
    (
        "longest-choice",
        "- {id: q, type: single, prompt: Which gas do plants take in?, choices: [Carbon dioxide, Nitrogen, Oxygen, Argon], "
        "answer: Carbon dioxide}\n",
    ),
    (
        "answer-in-prompt",
        "- {id: q, type: short, prompt: Which sea lies east of Italy?, answer: [Adriatic Sea, Adriatic]}\n",
    ),
    ("answer-in-prompt", "- {id: q, type: short, prompt: Which lake feeds the White Nile?, answer: [Lake Victoria]}\n"),
    (
        "answer-in-prompt",
        "- {id: q, type: single, prompt: Which labs did Meta set up?, choices: [Superintelligence Lab, FAIR, Reality Labs], "
        "answer: Superintelligence Lab}\n",
    ),
    (
        "negative-stem",
        "- {id: q, type: single, prompt: I never eat meat — which word describes my diet?, "
        "choices: [Vegetarian, Carnivorous, Omnivorous], answer: Vegetarian}\n",
    ),
    (
        "negative-stem",
        "- {id: q, type: single, prompt: 'Who wrote \"Because I could not stop for Death\"?', "
        "choices: [Emily Dickinson, Walt Whitman, Robert Frost], answer: Emily Dickinson}\n",
    ),
    (
        "grammar-cue",
        "- {id: q, type: single, prompt: The hottest planet is, choices: [Venus, Mars, Mercury], answer: Venus}\n",
    ),
    (
        "lone-elaboration",
        "- {id: q, type: single, prompt: What is the capital of the United States?, "
        "choices: [New York City, 'Washington, D.C.', Philadelphia, Boston], answer: 'Washington, D.C.'}\n",
    ),
    (
        "compound-statement",
        "- {id: q, type: truefalse, prompt: Table salt is a compound of sodium and chlorine., answer: true}\n",
    ),
    (
        "cross-leak",
        "- {id: q, type: short, prompt: Which organ pumps blood?, answer: [heart]}\n"
        "- {id: r, type: cloze, text: 'The {{c1::Amazon}} lies at the heart of the rainforest.'}\n",
    ),
    (
        "near-duplicate",  # one answer, two facts: what each asks of it differs
        "- {id: q, type: short, prompt: Which planet is the largest?, answer: [Jupiter]}\n"
        "- {id: r, type: short, prompt: Which planet has the Great Red Spot?, answer: [Jupiter]}\n"
        "- {id: s, type: short, prompt: Who composed the Moonlight Sonata?, answer: [Beethoven]}\n"
        "- {id: t, type: short, prompt: Which composer wrote the Choral Symphony?, answer: [Beethoven]}\n",
    ),
    (
        "overlapping-choices",
        "- {id: q, type: single, prompt: How many keys has a piano?, choices: ['52', '66', '88', '104'], answer: '88'}\n",
    ),
]


@pytest.mark.parametrize("code, questions", QUIET, ids=[f"{c[0]}-{i}" for i, c in enumerate(QUIET)])
def test_rules_stay_quiet_on_what_an_editor_accepts(warnings, code, questions):
    assert warnings(questions, code) == []


def test_questions_only_anki_shows_do_not_leak(warnings):
    # Anki shows one card at a time: two questions that meet nowhere else are never seen together.
    pair = (
        "- {id: q, type: short, prompt: Who discovered penicillin?, answer: [Fleming], outputs: [anki%s]}\n"
        "- {id: r, type: order, prompt: Order these., items: [Jenner tests a vaccine, Fleming sees mould, "
        "Salk's vaccine is licensed], outputs: [anki, html]}\n"
    )
    assert warnings(pair % "", "cross-leak") == []
    assert warnings(pair % ", html", "cross-leak") != []


def test_questions_drawn_apart_in_a_section_do_not_leak(warnings):
    head = (
        "sections:\n  - title: One of two\n    draw: 1\n    questions:\n"
        "      - {id: q, type: short, prompt: Who built the first European press?, answer: [Gutenberg]}\n"
        "      - {id: r, type: single, prompt: Where did Gutenberg print his Bible?, choices: [Mainz, Paris], answer: Mainz}\n"
    )
    assert warnings("", "cross-leak", head=head.replace("draw: 1", "draw: 2")) != []
    assert warnings("", "cross-leak", head=head) == []


def test_every_rule_has_a_test_and_a_rationale_in_the_docs():
    # The rules that learn from students' answers are tested in tests/test_report.py.
    assert {case[0] for case in CASES} == set(lint.CODES) - set(lint.RESULT_CODES)
    docs = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    for code in lint.CODES:
        assert f"| `{code}` |" in docs, code


# ---------------------------------------------------------------------------------- silencing

FLAWED = (
    "- {id: q, type: card, front: What is Avocado?, back: A code name, reverse: true%s}\n"
    "- {id: r, type: card, front: What is Spark?, back: A model, reverse: true}\n"
)


def test_a_question_silences_a_rule_with_a_reason(warnings):
    silenced = FLAWED % ", lint: {ignore: [reverse-question-card], why: A riddle on purpose}"
    assert [line.split(":")[0] for line in warnings(silenced, "reverse-question-card")] == ["5"]


def test_a_bank_silences_a_rule_for_every_question(warnings):
    assert warnings(FLAWED % "", "reverse-question-card", head="lint: {ignore: [reverse-question-card]}\n") == []


def test_a_near_duplicate_is_silenced_from_either_question(warnings):
    pair = (
        "- {id: a, type: numeric, prompt: What did Muse Spark score on GPQA?, answer: 0.9%s}\n"
        "- {id: b, type: short, prompt: On which benchmark did Muse Spark score 0.9?, answer: GPQA}\n"
    )
    assert warnings(pair % ", lint: {ignore: near-duplicate, why: Recall both ways}", "near-duplicate") == []


def test_silencing_needs_a_reason_and_a_known_code(run_cli, write_bank):
    bank = write_bank(
        bank_text(
            "- {id: q, type: card, front: F, back: B, lint: {ignore: [reverse-question-card]}}\n"
            "- {id: r, type: card, front: F, back: B, lint: {ignore: [longest], why: Short}}\n"
        )
    )
    result = run_cli("validate", bank)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(bank))]
    assert lines == [
        f"{bank}:4:50: error: missing required field 'why' for a question's lint settings",
        f"{bank}:5:60: error: 'lint.ignore[0]' value 'longest' is not valid; did you mean 'longest-choice'?",
    ]


def test_the_json_schema_lists_the_lint_codes(run_cli):
    schema = json.loads(run_cli("schema").stdout)
    question = schema["properties"]["questions"]["items"]["allOf"][0]["then"]
    assert question["properties"]["lint"]["required"] == ["ignore", "why"]
    assert schema["properties"]["lint"]["required"] == ["ignore"]
    ignore = schema["properties"]["lint"]["properties"]["ignore"]["anyOf"][0]
    assert ignore == {"enum": list(lint.CODES)}


# ------------------------------------------------------------------------------- the command

TWO_FLAWS = (
    "- {id: q, type: single, prompt: Which is not a domain?, choices: [Law, Math, Health], answer: Law}\n"
    "- {id: c, type: card, front: What is Avocado?, back: A code name, reverse: true}\n"
)


def test_warnings_are_sorted_counted_and_exit_0(run_cli, write_bank):
    bank = write_bank(bank_text(TWO_FLAWS))
    result = run_cli("lint", bank)
    assert result.exit_code == 0
    assert result.stderr == (
        f"{bank}:4:35: warning[negative-stem]: the prompt is negative ('not') without emphasis; ask it "
        "positively, or emphasise the negative (**NOT**)\n"
        "      - {id: q, type: single, prompt: Which is not a domain?, choices: [Law, Math, Health], answer: Law}\n"
        "                                      ^\n"
        f"{bank}:5:78: warning[reverse-question-card]: the front is a question, so the reversed card asks for "
        "a question from its answer; make the front a term or name, or drop reverse\n"
        "      - {id: c, type: card, front: What is Avocado?, back: A code name, reverse: true}\n"
        "                                                                                 ^\n"
        "0 errors and 2 warnings in 1 file\n"
    )
    assert result.stdout == ""


def test_strict_fails_on_warnings(run_cli, write_bank):
    assert run_cli("lint", "--strict", write_bank(bank_text(TWO_FLAWS))).exit_code == 1


def test_a_clean_bank_says_so_and_passes_strict(run_cli, write_bank):
    bank = write_bank(bank_text("- {id: q, type: card, front: Avocado, back: A code name}\n"))
    result = run_cli("lint", "--strict", bank)
    assert result.exit_code == 0
    assert result.stdout == f"{bank}: ok, 1 questions, no warnings\n"
    assert result.stderr == ""


def test_an_invalid_bank_fails_with_its_errors_and_no_warnings(run_cli, write_bank):
    bank = write_bank(
        bank_text(
            "- {id: q, type: truefalse, prompt: Is it?, answer: maybe}\n"
            "- {id: r, type: order, prompt: Order., items: [a, b]}\n"
        )
    )
    result = run_cli("lint", bank)
    assert result.exit_code == 1
    assert "error: 'answer' must be true or false, got 'maybe'" in result.stderr
    assert "warning[" not in result.stderr


def test_the_real_bank_passes_strict(run_cli):
    result = run_cli("lint", "--strict", REPO / "questions")
    assert [line for line in result.stderr.splitlines() if "warning[" in line] == []
    assert result.exit_code == 0, result.stderr


# ------------------------------------------------------------------------------ the source text

ARTICLE = """# Orbit

The International Space Station (ISS) has had a crew since November 2000.

A Soyuz capsule carries up to three people, and lift-off is at dawn.

# Ground

The ESA flies its rockets from Kourou, where every satellite arrives by ship.
"""

CITING = (
    "- {id: iss, type: cloze, text: 'The {{c1::ISS}} has had a crew since 2000.'%s,\n"
    "   source: {section: Orbit, paragraph: 1, evidence: [November 2000]}}\n"
    "- {id: soyuz, type: cloze, text: 'A Soyuz carries at most {{c1::3}} people; {{c2::liftoff}} is at dawn.',\n"
    "   source: {section: Orbit, paragraph: 2, evidence: [Soyuz]}}\n"
    "- {id: esa, type: cloze, text: 'The {{c1::ESA}} launches from Kourou.',\n"
    "   source: {section: Ground, paragraph: 1, evidence: [Kourou]}}\n"
)
SOURCE_WARNINGS = [
    "warning[brittle-blank]: cloze c1 accepts only 'ISS', but the source paragraph it cites says "
    "'International Space Station'; accept what the source says too (accept: {c1: [International Space Station]})",
    "warning[brittle-blank]: cloze c1 accepts only '3', but the source paragraph it cites says 'three'; "
    "accept what the source says too (accept: {c1: [three]})",
    "warning[brittle-blank]: cloze c2 accepts only 'liftoff', but the source paragraph it cites says "
    "'lift-off'; accept what the source says too (accept: {c2: [lift-off]})",
]


@pytest.fixture
def article_bank(write_bank):
    """A bank of cloze questions citing an article in its folder, `source.file` naming it or not."""

    def write(file: str | None, accept: str = "") -> Path:
        head = f"source: {{title: Orbit, file: {file}}}\n" if file else ""
        bank = write_bank(bank_text(CITING % accept, head))
        (bank.parent / "article.md").write_text(ARTICLE, encoding="utf-8")
        return bank

    return write


def _brittle(result) -> list[str]:
    """The brittle-blank warnings, without their place."""
    return [line.split(": ", 1)[1] for line in result.stderr.splitlines() if "warning[brittle-blank]" in line]


def test_a_blank_is_compared_with_the_paragraph_it_cites_in_the_file_the_bank_names(run_cli, article_bank):
    bank = article_bank("article.md")
    result = run_cli("lint", bank)
    assert result.exit_code == 0, result.stderr
    assert f"{bank}:5:34: warning[brittle-blank]: cloze c1 accepts only 'ISS'" in result.stderr  # at the blank
    assert _brittle(result) == SOURCE_WARNINGS  # not the ESA: "every satellite arrives" is no expansion
    fixed = article_bank("article.md", ", accept: {c1: [International Space Station]}")
    assert _brittle(run_cli("lint", fixed)) == SOURCE_WARNINGS[1:]


def test_lint_reads_the_source_the_user_passes_and_nothing_else(run_cli, article_bank):
    bank = article_bank(None)
    assert _brittle(run_cli("lint", bank)) == []  # no source named: none is read
    assert _brittle(run_cli("lint", bank, "--source", bank.parent / "article.md")) == SOURCE_WARNINGS


@pytest.mark.parametrize(
    "file, message",
    [
        ("../article.md", "source.file '../article.md' must be a file in the bank's folder"),
        ("/etc/hostname", "source.file '/etc/hostname' must be a file in the bank's folder"),
        ("missing.md", "source.file 'missing.md' was not found in the bank's folder"),
    ],
)
def test_a_source_file_outside_the_bank_folder_is_a_located_error(run_cli, article_bank, file, message):
    bank = article_bank(file)
    (bank.parent.parent / "article.md").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("lint", bank)
    assert result.exit_code == 1
    assert f"{bank}:3:30: error: {message}" in result.stderr  # at the file name
    assert "Traceback" not in result.stderr


def test_source_is_for_one_bank(run_cli, write_bank, tmp_path):
    write_bank(bank_text("- {id: q, type: card, front: A, back: B}\n"), "one.yaml")
    write_bank(bank_text("- {id: q, type: card, front: A, back: B}\n").replace("id: b", "id: c"), "two.yaml")
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("lint", tmp_path, "--source", tmp_path / "article.md")
    assert result.exit_code == 2
    assert "--source is the source of one bank, but 2 banks were found" in result.stderr


@pytest.mark.parametrize(
    "answer, paragraph, forms",
    [
        ("CPU", "The central processing unit (CPU) runs one instruction at a time.", ["central processing unit"]),
        ("CPU", "The CPU (central processing unit) runs one instruction at a time.", ["central processing unit"]),
        ("central processing unit", "The central processing unit (CPU) runs it.", ["CPU"]),
        ("GPS", "The Global Positioning System (GPS) is a ring of satellites.", ["Global Positioning System"]),
        ("ESA", "The ESA flies from Kourou, where every satellite arrives by ship.", []),
        ("aluminum", "Tanks are welded from an aluminium-lithium alloy.", ["aluminium"]),
        ("e-mail", "Send an email today.", ["email"]),
        ("twenty-one", "A blackjack is 21 points.", ["21"]),
        ("21", "A blackjack is twenty one points.", ["twenty one"]),
        ("spacewalk", "Astronauts rehearse spacewalks in a pool.", []),  # a plural is no other form
    ],
)
def test_the_other_forms_a_source_paragraph_writes(answer, paragraph, forms):
    from quizgen.bank.lint.variants import other_forms

    assert other_forms(answer, paragraph) == forms


def test_a_figure_among_choices_leaks_only_to_a_question_asking_much_the_same(warnings):
    bit = (
        "- {id: r, type: single, prompt: How many values can one bit hold?, choices: [One, Two, Eight], answer: Two}\n"
    )
    assert (
        warnings("- {id: q, type: cloze, text: 'One byte is made of {{c1::eight}} bits.'}\n" + bit, "cross-leak") == []
    )
    team = (
        "- {id: q, type: numeric, prompt: How many players does a football side field?, answer: 11}\n"
        "- {id: r, type: single, prompt: How many players are on a cricket team in the field?, "
        "choices: ['9', '11', '12'], answer: '11'}\n"
    )
    assert warnings(team, "cross-leak") != []
