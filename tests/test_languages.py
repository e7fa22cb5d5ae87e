"""`language:` translates the fixed words of every output, `labels:` replaces them, and a right
to left language lays out mirrored. Each output is read back with its real client: pdftotext
for the papers, Chromium for the page, Anki's backend for the deck."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from quizgen.bank.languages import shipped as i18n_shipped
from tests.support.anki_deck import imported_deck

BANK = """\
id: words-{language}
title: Words
language: {language}
{extra}questions:
  - {{id: sky, type: truefalse, prompt: "{prompt}", answer: true}}
  - {{id: pi, type: numeric, prompt: "π?", answer: 3.14, tolerance: 0.01}}
  - {{id: pick, type: single, prompt: "A?", choices: [A, B], answer: A}}
"""

# Per language: a word of the paper's header ("Name"; in Arabic "Class": pdftotext reads the
# lam-alef ligature of الاسم back in the wrong order), the key's title ("Answer key"; its first word), True, False, the page's
# "Check answer", the verdict "Correct", and 3.14 as the language writes it.
EXPECTED = {
    "en": ("Name", "Answer key", "True", "False", "Check answer", "Correct", "3.14"),
    "fr": ("Nom", "Corrigé", "Vrai", "Faux", "Vérifier la réponse", "Juste", "3,14"),
    "de": ("Name", "Lösungsschlüssel", "Wahr", "Falsch", "Antwort prüfen", "Richtig", "3,14"),
    "es": ("Nombre", "Solucionario", "Verdadero", "Falso", "Comprobar la respuesta", "Correcto", "3,14"),
    "pt": ("Nome", "Chave de respostas", "Verdadeiro", "Falso", "Verificar a resposta", "Certo", "3,14"),
    "ar": ("الصف", "مفتاح", "صحيح", "خطأ", "تحقّق من الإجابة", "صحيح", "3.14"),
}


def pdf_text(path: Path) -> str:
    """The text of a PDF, without the direction marks pdftotext puts around right-to-left runs."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)


def build(
    run_cli, write_bank, tmp_path, language: str, formats: str, *, extra: str = "", prompt: str = "The sky is blue."
) -> Path:
    bank = write_bank(BANK.format(language=language, extra=extra, prompt=prompt), f"{language}.yaml")
    out = tmp_path / "out"
    result = run_cli("build", "-f", formats, "-o", out, bank)
    assert result.exit_code == 0, result.output + result.stderr
    return out / f"words-{language}"


def test_every_shipped_language_has_a_catalog():

    assert set(EXPECTED) <= set(i18n_shipped())


@pytest.mark.pdf
@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_papers_speak_the_bank_language(run_cli, write_bank, tmp_path, language):
    name, key_title, true, false, *_, number = EXPECTED[language]
    folder = build(run_cli, write_bank, tmp_path, language, "pdf")
    paper = pdf_text(folder / f"words-{language}-paper.pdf")
    key = pdf_text(folder / f"words-{language}-key.pdf")
    assert name in paper and true in paper and false in paper
    assert key_title in key
    assert number in key and f"0{number[1]}01" in key  # 3,14 and 0,01 where the language writes a comma
    if language != "en":
        for english in ("Name", "True", "False", "Answer key", "Page 1 of", "points in total", "is right"):
            if english not in EXPECTED[language]:  # German writes "Name" too
                assert english not in paper + key, (language, english)


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_page_speaks_the_bank_language(run_cli, write_bank, tmp_path, open_quiz, language):
    *_, true, false, check, correct, number = EXPECTED[language]
    quiz = open_quiz(build(run_cli, write_bank, tmp_path, language, "html") / f"words-{language}.html")
    sky = quiz.q("sky")
    assert sky.get_by_role("button", name=check).is_visible()
    sky.get_by_label(true, exact=True).check()
    sky.get_by_role("button", name=check).click()
    assert sky.locator(".verdict").inner_text().startswith(correct)
    quiz.q("pi").locator("input").fill(number)
    quiz.q("pi").get_by_role("button", name=check).click()
    assert quiz.q("pi").locator(".verdict").inner_text().startswith(correct)
    assert quiz.page.locator("html").get_attribute("lang") == language
    if language != "en":
        shown = quiz.page.locator("body").inner_text()
        for english in ("Check answer", "Your score", "Submit all answers", "Show all questions", " of "):
            assert english not in shown, (language, english)
    quiz.assert_clean()


@pytest.mark.anki
@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_cards_speak_the_bank_language(run_cli, write_bank, tmp_path, language):
    pytest.importorskip("anki")

    *_, true, false, _check, _correct, number = EXPECTED[language]
    folder = build(run_cli, write_bank, tmp_path, language, "anki")
    with imported_deck(folder / f"words-{language}.apkg", tmp_path / "learner") as (_, notes):
        front = notes["sky"].cards()[0].question()
        assert true in front and false in front
        assert f"{number} ± 0{number[1]}01" in notes["pi"].cards()[0].answer()
        if language != "en":
            assert f'lang="{language}"' in front
            assert "True" not in front and "False" not in front


# The card scripts' own words, per language: the choice card's two hints, its verdict when
# nothing was picked, the label "Not quite" that starts a wrong verdict, and "(your pick)".
CARD_WORDS = {
    "en": ("Choose one.", "Choose all that apply.", "You did not pick an answer.", "Not quite", "(your pick)"),
    "fr": (
        "Choisissez une réponse.",
        "Cochez toutes les bonnes réponses.",
        "Vous n’avez choisi aucune réponse.",
        "Pas tout à fait",
        "(votre choix)",
    ),
    "de": (
        "Wählen Sie eine Antwort.",
        "Wählen Sie alle zutreffenden aus.",
        "Sie haben keine Antwort gewählt.",
        "Nicht ganz",
        "(Ihre Wahl)",
    ),
    "es": (
        "Elige una opción.",
        "Elige todas las que correspondan.",
        "No elegiste ninguna respuesta.",
        "No del todo",
        "(tu elección)",
    ),
    "pt": (
        "Escolha uma opção.",
        "Escolha todas as que se aplicam.",
        "Não escolheu nenhuma resposta.",
        "Não exatamente",
        "(a sua escolha)",
    ),
    "ar": ("اختر إجابة واحدة.", "اختر كل ما ينطبق.", "لم تختر أي إجابة.", "ليس تمامًا", "(اختيارك)"),
}
# The English words of the card scripts and templates (none is left on a non-English card;
# "compare" alone is Portuguese too).
CARD_ENGLISH = ("Choose", "apply", "Correct", "Not quite", "your pick", "did not pick", "compare your", "accepted")

CARD_BANK = """\
id: cards-{language}
title: Cards
language: {language}
{extra}questions:
  - {{id: one, type: single, prompt: "A?", choices: [A, B], answer: A, shuffle: false}}
  - {{id: many, type: multiple, prompt: "B?", choices: [A, B, C], answer: [A, B], shuffle: false}}
  - {{id: city, type: short, prompt: "C?", answer: [Paris]}}
  - {{id: pi, type: numeric, prompt: "π?", answer: 3.14, tolerance: 0.01}}
"""


def card_notes(run_cli, write_bank, tmp_path, language: str, extra: str = ""):
    """The cards bank built for Anki and imported into a fresh collection: a context giving
    (collection, notes by id)."""
    bank = write_bank(CARD_BANK.format(language=language, extra=extra), f"cards-{language}.yaml")
    result = run_cli("build", "-f", "anki", "-o", tmp_path / "out", bank)
    assert result.exit_code == 0, result.output + result.stderr
    return imported_deck(tmp_path / "out" / f"cards-{language}" / f"cards-{language}.apkg", tmp_path / "learner")


@pytest.mark.anki
@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_card_scripts_speak_the_bank_language(run_cli, write_bank, tmp_path, browser, language):
    """The hint on a choice card's front and every verdict its back or a typed card's back shows,
    rendered by Anki's backend and run in Chromium."""
    pytest.importorskip("anki")
    from tests.support.card_view import DESKTOP, CardView, type_then_turn

    *_, correct, number = EXPECTED[language]
    one, many, nothing, not_quite, yours = CARD_WORDS[language]
    errors: list[str] = []
    shown = []  # every side's text, as the learner reads it
    with card_notes(run_cli, write_bank, tmp_path, language) as (col, notes):

        def front_of(qid: str):
            view = CardView(browser, errors, **DESKTOP)
            page = view.show(notes[qid].cards()[0].question())
            shown.append(page.locator("body").inner_text())
            return view, page

        def back_of(view, qid: str):
            page = view.show(notes[qid].cards()[0].answer())
            shown.append(page.locator("body").inner_text())
            return page

        view, front = front_of("one")
        assert front.locator(".qg-hint").all_inner_texts() == [one]  # once, in the language
        front.locator(".qg-choices li", has_text="A").click()
        back = back_of(view, "one")
        assert back.locator(".qg-hint").is_hidden()
        assert back.inner_text(".qg-verdict") == f"{correct}."
        view, front = front_of("many")
        assert front.locator(".qg-hint").all_inner_texts() == [many]
        front.locator(".qg-choices li", has_text="A").click()
        front.locator(".qg-choices li", has_text="C").click()
        back = back_of(view, "many")
        assert back.inner_text(".qg-verdict").startswith(not_quite)
        after = "li => getComputedStyle(li, '::after').content"  # the stylesheet's, from the field
        assert back.locator("li.qg-wrong").evaluate(after) == back.locator("li.qg-hit").evaluate(after) == f'" {yours}"'
        view, _ = front_of("one")
        assert back_of(view, "one").inner_text(".qg-verdict") == nothing

        for qid, typed, starts in (("city", "paris", correct), ("city", "Lyon", not_quite), ("pi", number, correct)):
            back = type_then_turn(col, browser, errors, notes[qid], typed)
            verdict = back.inner_text(".qg-verdict")
            assert verdict.startswith(starts) and typed in verdict, (typed, verdict)
            shown.append(back.locator("body").inner_text())
        if language != "en":
            assert back.get_attribute(".qg-verdict", "lang") == language  # read aloud as the language
            for text in shown:
                for english in CARD_ENGLISH:
                    assert not re.search(rf"\b{english}\b", text), (language, english, text)  # "Correcto" is Spanish
        if language == "ar":  # the verdict runs right to left from the right edge, as the fields do
            direction, right_gap, left_gap = back.evaluate("""() => {
                const verdict = document.querySelector('.qg-verdict'), text = document.createRange();
                text.selectNodeContents(verdict);
                const box = verdict.getBoundingClientRect(), line = text.getBoundingClientRect();
                return [getComputedStyle(verdict).direction, box.right - line.right, line.left - box.left]; }""")
            assert direction == "rtl" and right_gap < 1 < 40 < left_gap, (right_gap, left_gap)
    assert errors == []


@pytest.mark.anki
def test_the_cards_follow_the_banks_labels_as_text(run_cli, write_bank, tmp_path, browser):
    """`correct` and `wrong` labels start the cards' verdicts too; a label is text, never markup,
    even with quotes and tags that would end an attribute or open a script."""
    pytest.importorskip("anki")
    from tests.support.card_view import PHONE, CardView, type_then_turn

    sneaky = '"><img src=x onerror=alert(1)>'
    extra = f"labels: {{correct: 'Bravo {sneaky}', wrong: \"Raté <b>\"}}\n"
    errors: list[str] = []
    with card_notes(run_cli, write_bank, tmp_path, "fr", extra) as (col, notes):
        view = CardView(browser, errors, **PHONE)
        card = notes["one"].cards()[0]
        view.show(card.question()).locator(".qg-choices li", has_text="A").click()
        back = view.show(card.answer())
        assert back.inner_text(".qg-verdict") == f"Bravo {sneaky}."
        assert back.locator("img").count() == 0
        back = type_then_turn(col, browser, errors, notes["city"], "Lyon")
        assert back.inner_text(".qg-verdict") == "Raté <b>\u00a0: «\u00a0Lyon\u00a0» n’est pas une réponse acceptée."
        assert back.locator(".qg-verdict b, img").count() == 0
    assert errors == []


ARABIC_PROMPT = "السماء زرقاء (the sky is blue)."


def test_an_arabic_page_runs_right_to_left_with_no_axe_violations(run_cli, write_bank, tmp_path, open_quiz):
    from axe_playwright_python.sync_playwright import Axe

    quiz = open_quiz(build(run_cli, write_bank, tmp_path, "ar", "html", prompt=ARABIC_PROMPT) / "words-ar.html")
    html = quiz.page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    assert quiz.page.evaluate("getComputedStyle(document.querySelector('.question')).direction") == "rtl"
    # Mirrored: a question's title starts at the right.
    box = quiz.q("sky").locator(".qtitle").bounding_box()
    width = quiz.page.viewport_size["width"]
    assert box["x"] + box["width"] > width / 2
    axe = Axe()
    results = axe.run(quiz.page)
    assert results.violations_count == 0, results.generate_report()
    quiz.q("sky").get_by_label("صحيح", exact=True).check()
    quiz.q("sky").get_by_role("button", name="تحقّق من الإجابة").click()
    results = axe.run(quiz.page)
    assert results.violations_count == 0, results.generate_report()
    quiz.assert_clean()


@pytest.mark.pdf
def test_an_arabic_paper_is_mirrored_and_keeps_its_words(run_cli, write_bank, tmp_path):
    folder = build(run_cli, write_bank, tmp_path, "ar", "pdf", prompt=ARABIC_PROMPT)
    paper = folder / "words-ar-paper.pdf"
    text = pdf_text(paper)
    for word in ("التاريخ", "السماء", "زرقاء", "صحيح", "خطأ", "الصفحة"):
        assert word in text, word
    assert "the sky is blue" in text
    # Choices lettered أ ب, as Arabic exams letter them (the choice question; the true/false one
    # takes the initials of صحيح and خطأ, as on the answer sheet): the A and B left are the choice
    # question's own texts ("A?", choices A and B).
    # (A letter alone: not inside a word of its own script; pdftotext glues "ب" to "A".)
    script = {"أ": "\u0600-\u06ff", "ب": "\u0600-\u06ff", "A": "A-Za-z", "B": "A-Za-z"}
    alone = {letter: len(re.findall(f"(?<![{s}]){letter}(?![{s}])", text)) for letter, s in script.items()}
    assert alone == {"أ": 1, "ب": 1, "A": 2, "B": 1}, text
    # Mirrored: the question numbers stand at the right margin.
    bbox = subprocess.run(["pdftotext", "-bbox", str(paper), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox)[1])
    # The question numbers (1, 2, 3, their dot drawn apart) share one column, at the right margin.
    column = {
        digit: {x for x, d in re.findall(r'<word xMin="([\d.]+)"[^>]*>([123])</word>', bbox) if d == digit}
        for digit in "123"
    }
    shared = column["1"] & column["2"] & column["3"]
    assert shared and float(max(shared)) > width * 0.8, column


@pytest.mark.pdf
def test_a_bank_replaces_fixed_words_with_its_labels(run_cli, write_bank, tmp_path, open_quiz):
    extra = 'labels: {name: "Student <b>", "true": "Yes", "false": "No", check_answer: "Mark it 100%"}\n'
    folder = build(run_cli, write_bank, tmp_path, "fr", "pdf,html", extra=extra)
    paper = pdf_text(folder / "words-fr-paper.pdf")
    assert "Student <b>" in paper and "Yes" in paper and "No" in paper and not re.search(r"\bNom\b", paper)
    assert "Classe" in paper  # words the bank leaves alone stay in its language
    quiz = open_quiz(folder / "words-fr.html")
    assert quiz.q("sky").get_by_role("button", name="Mark it 100%").is_visible()
    assert quiz.q("sky").get_by_label("Yes", exact=True).count() == 1


def test_labels_reach_the_page_score_and_the_answer_sheet_bubbles(run_cli, write_bank, tmp_path, open_quiz):
    from quizgen.bank.load import load_bank
    from quizgen.present import answersheet

    extra = 'labels: {score: "Résultat", "true": "Oui", "false": "Non"}\n'
    folder = build(run_cli, write_bank, tmp_path, "fr", "html", extra=extra)
    quiz = open_quiz(folder / "words-fr.html")
    quiz.q("sky").get_by_label("Oui", exact=True).check()
    quiz.q("sky").get_by_role("button", name="Vérifier la réponse").click()
    assert quiz.page.locator("#results").inner_text().count("Résultat\u00a0:") == 1
    bank = load_bank(tmp_path / "fr.yaml").bank
    [sheet] = answersheet.sheets(bank, 0, 1, "a4")
    rows = {row.printed.question.id: [b.label for b in row.bubbles] for page in sheet.pages for row in page.rows}
    assert rows["sky"] == ["O", "N"]  # the bank's words, where French letters would be V and F
    plain = load_bank(write_bank(BANK.format(language="fr", extra="", prompt="x"), "plain.yaml")).bank
    [sheet] = answersheet.sheets(plain, 0, 1, "a4")
    assert [[b.label for b in row.bubbles] for page in sheet.pages for row in page.rows][0] == ["V", "F"]


def test_a_language_without_words_warns_at_its_place_and_builds_in_english(run_cli, write_bank, tmp_path):
    bank = write_bank(BANK.format(language="fra", extra="", prompt="x"))
    result = run_cli("validate", bank)
    assert result.exit_code == 0  # a warning: the language may be on its way
    assert re.search(
        r"bank\.yaml:3:\d+: warning: quizgen has no words in 'fra', so its fixed words .* will be "
        rf"English; languages it has: {', '.join(i18n_shipped())}",
        result.stderr,
    ), result.stderr
    for language in ("pt-BR", "fr-CA", "en-GB"):  # a region of a language it has: that language's words
        assert (
            "warning"
            not in run_cli(
                "validate", write_bank(BANK.format(language=language, extra="", prompt="x"), f"{language}.yaml")
            ).stderr
        )


def test_an_unknown_label_is_a_located_error(run_cli, write_bank):
    bank = write_bank(BANK.format(language="en", extra="labels: {nmae: Student}\n", prompt="x"))
    result = run_cli("validate", bank)
    out = result.output + result.stderr
    assert result.exit_code != 0
    assert re.search(r"bank\.yaml:4:\d+: error: .*nmae", out), out
    assert "Traceback" not in out


def test_a_bank_chooses_its_own_letters_and_a_bad_choice_is_a_located_error(run_cli, write_bank):
    """`labels: {letters: ...}` letters a bank's choices its own way (an Arabic bank's default is
    أ ب ج د); letters given twice, or fewer than two, are an error at their place."""
    from quizgen.bank.load import load_bank
    from quizgen.present import versions

    bank = write_bank(BANK.format(language="ar", extra='labels: {letters: "a b c d"}\n', prompt="x"))
    printed = {p.question.id: p for p in versions.versions(load_bank(bank).bank, 0, 1)[0].questions}
    assert [o.label for o in printed["pick"].options] == ["a", "b"]
    assert [o.label for o in printed["sky"].options] == ["ص", "خ"]  # True and False keep their initials
    for letters in ('"a b a"', "a", '"a  b"'):
        bad = write_bank(BANK.format(language="en", extra=f"labels: {{letters: {letters}}}\n", prompt="x"))
        result = run_cli("validate", bad)
        out = result.output + result.stderr
        assert result.exit_code != 0
        assert re.search(r"\.yaml:4:\d+: error: 'labels.letters' value .* two letters or more, each once", out), out


def test_an_english_prompt_in_an_arabic_page_keeps_its_direction(run_cli, write_bank, tmp_path, open_quiz):
    quiz = open_quiz(build(run_cli, write_bank, tmp_path, "ar", "html", prompt="Is the sky blue?") / "words-ar.html")
    prompt = quiz.q("sky").locator(".prompt")
    assert prompt.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # The question mark stays at the end of the English sentence, on the right.
    assert quiz.q("pick").locator(".prompt").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert quiz.q("sky").locator(".question, .qtitle").first.evaluate("e => getComputedStyle(e).direction") == "rtl"


ENGLISH_IN_ARABIC = """\
id: mixed
title: أعداد
language: ar
questions:
  - {id: prime, type: single, prompt: "ما العدد الأولي؟", choices: [Seven., Nine.], answer: Seven.,
     explanation: "Seven has no divisors other than 1 and itself."}
  - {id: essay, type: essay, prompt: "اشرح.", answer: "A prime has two divisors.", notes: "One mark per divisor."}
  - {id: card, type: card, front: "سبعة", back: "Seven is prime."}
"""

# The left edge of the `at`-th character of `word` in an element, as drawn.
_CHAR_LEFT = """(element, [word, at]) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.data.indexOf(word);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(node, i + at); range.setEnd(node, i + at + 1);
        return range.getBoundingClientRect().left;
    }
    return null;
}"""


def test_english_answers_and_explanations_in_an_arabic_page_keep_their_direction(
    run_cli, write_bank, tmp_path, open_quiz
):
    """Each English text of a solution ends with its full stop on its right, after its last
    word, while the Arabic labels above it stay right to left."""
    out = tmp_path / "out"
    result = run_cli("build", "-f", "html", "-o", out, write_bank(ENGLISH_IN_ARABIC))
    assert result.exit_code == 0, result.output + result.stderr
    quiz = open_quiz(out / "mixed" / "mixed.html")
    quiz.q("prime").get_by_label("Seven.", exact=True).check()
    quiz.q("prime").locator("button.check").click()
    for qid in ("essay", "card"):
        quiz.q(qid).locator("button.reveal").click()

    def full_stop_last(block, first: str, last: str) -> None:
        start = block.evaluate(_CHAR_LEFT, [first, 0])
        stop = block.evaluate(_CHAR_LEFT, [last, len(last) - 1])
        assert start is not None and stop is not None and stop > start, (block, first, last, start, stop)

    solution = {qid: quiz.q(qid).locator(".solution") for qid in ("prime", "essay", "card")}
    full_stop_last(solution["prime"].locator(".explanation"), "Seven", "itself.")
    full_stop_last(solution["prime"].locator(".answer"), "Seven.", "Seven.")
    full_stop_last(solution["essay"].locator(".model-answer"), "A prime", "divisors.")
    full_stop_last(solution["essay"].locator(".marking-notes"), "One", "divisor.")
    full_stop_last(solution["card"].locator(".answer"), "Seven", "prime.")
    for label in quiz.page.locator(".solution .label").all():
        assert label.evaluate("e => getComputedStyle(e).direction") == "rtl", label.inner_text()
    quiz.assert_clean()


@pytest.mark.pdf
def test_english_answers_and_explanations_in_an_arabic_key_keep_their_direction(run_cli, write_bank, tmp_path):
    """In the key, the label "السبب:" (Why:) stands at the right margin, its colon at its left
    end (after it, right to left); the English explanation under it starts at the left margin
    and ends with its full stop; so do the model answer and the marking notes."""
    out = tmp_path / "out"
    result = run_cli("build", "-f", "pdf", "-o", out, write_bank(ENGLISH_IN_ARABIC))
    assert result.exit_code == 0, result.output + result.stderr
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(out / "mixed" / "mixed-key.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox)[1])
    pages = [
        [
            (float(x0), float(y0), float(x1), text)
            for x0, y0, x1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page
            )
        ]
        for page in bbox.split("<page ")[1:]
    ]
    words = [word for page in pages for word in page]

    def line_of(word: str) -> list[tuple[float, str]]:
        """The words drawn on the line of `word` (after the answer grid, on its page), left to right."""
        [page] = [page for page in pages if any(text == word for *_, text in page)][-1:]
        [y] = [y0 for _, y0, _, text in page if text == word][-1:]
        return [(x0, text) for x0, y0, _, text in sorted(page) if abs(y0 - y) < 2]

    # pdftotext writes a right-to-left word as drawn, its last letter first: ":ببسلا" is "السبب:".
    [(label_left, label_right, label)] = [(x0, x1, text) for x0, _, x1, text in words if "السبب"[::-1] in text]
    assert label.startswith(":") and label_right > width * 0.8, (label, label_right, width)
    for first, last in (("Seven", "itself."), ("A", "divisors."), ("One", "divisor.")):
        line = line_of(last)
        assert line[0][1] == first and line[-1][1] == last, line
        assert line[0][0] < width * 0.2, line


RTL_MATCH = """\
id: rtl
title: اتجاه
language: ar
questions:
  - {id: english, type: single, prompt: "Is B right?", choices: [نعم, لا], answer: نعم}
  - {id: pairs, type: match, prompt: صل كل كلمة بمعناها.,
     pairs: [{left: قط, right: حيوان}, {left: ورد, right: نبات}, {left: ذهب, right: معدن}]}
"""


@pytest.mark.anki
@pytest.mark.pdf
def test_arabic_cards_and_answers_run_each_text_its_own_way_and_point_to_the_partner(
    run_cli, write_bank, tmp_path, browser, open_quiz
):
    """In an Arabic deck an English prompt keeps left to right (its "?" after "B"), Arabic texts
    run right to left, and a match's answer points from each item to its partner, leftwards."""
    pytest.importorskip("anki")
    from tests.support.card_view import DESKTOP, CardView

    out = tmp_path / "out"
    result = run_cli("build", "-f", "anki,html,cards", "--card-answers", "-o", out, write_bank(RTL_MATCH))
    assert result.exit_code == 0, result.output + result.stderr
    with imported_deck(out / "rtl" / "rtl.apkg", tmp_path / "learner") as (_, notes):
        assert notes["english"]["Prompt"].startswith('<div dir="ltr">')  # English: no Arabic voice
        assert notes["pairs"]["Prompt"].startswith('<div lang="ar" dir="rtl">')
        errors: list[str] = []
        view = CardView(browser, errors, **DESKTOP)
        page = view.show(notes["pairs"].cards()[0].answer())
        arrows = page.evaluate("""() => Array.from(document.querySelectorAll('.qg-pairs td + td'))
            .map(td => getComputedStyle(td, '::before').content)""")
        assert arrows and all("←" in a for a in arrows), arrows
        # The front letters the options أ ب ج, as an Arabic exam does, again after its reshuffle.
        front = view.show(notes["pairs"].cards()[0].question())
        assert front.locator(".qg-rights .qg-letter").all_inner_texts() == ["أ.", "ب.", "ج."]
        assert not errors, errors
    quiz = open_quiz(out / "rtl" / "rtl.html")
    letters = quiz.q("pairs").locator(".match-options .letter")
    assert letters.all_inner_texts() == ["أ", "ب", "ج"]
    quiz.page.locator("#opt-shuffle").check()  # the options move; their letters are named again
    assert letters.all_inner_texts() == ["أ", "ب", "ج"]
    assert quiz.q("pairs").locator("select").first.locator("option").all_inner_texts()[1:] == ["أ", "ب", "ج"]
    quiz.q("pairs").get_by_role("button", name="تحقّق من الإجابة").click()
    answer = quiz.q("pairs").locator(".answer").inner_text()
    assert "قط ← حيوان" in answer and "→" not in answer, answer
    cards = pdf_text(out / "rtl" / "rtl-cards.pdf")  # the choice card's front, its back's key
    assert len(re.findall("(?<![\u0600-\u06ff])[أب](?![\u0600-\u06ff])", cards)) >= 4
    assert re.findall(r"\b[A-C]\b", cards) == ["B"]  # only the prompt's own "Is B right?"


# ------------------------------------------------------------------------- every fixed word

ROOT = Path(__file__).resolve().parent.parent


def _messages(catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


@pytest.mark.slow
def test_the_message_template_lists_every_fixed_word_of_the_code_and_templates(tmp_path):
    """quizgen.pot is what `pybabel extract` finds today (the command docs/languages.md gives): a
    word added to a template or the code without refreshing the catalogs fails here."""
    from babel.messages.pofile import read_po

    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "T",
            "-k",
            "N:1,2",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as new, (ROOT / "quizgen" / "locale" / "quizgen.pot").open("rb") as kept:
        found, listed = _messages(read_po(new)), _messages(read_po(kept))
    assert found == listed, {"not in quizgen.pot": found - listed, "no longer used": listed - found}


@pytest.mark.parametrize("language", sorted(set(i18n_shipped()) - {"en"}))
def test_every_catalog_translates_every_message_with_its_placeholders(language):
    from babel.messages.pofile import read_po

    with (ROOT / "quizgen" / "locale" / "quizgen.pot").open("rb") as kept:
        wanted = read_po(kept)
    path = ROOT / "quizgen" / "locale" / language / "LC_MESSAGES" / "quizgen.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    missing = []
    for message in wanted:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found and isinstance(found.string, tuple) else (found.string if found else "",)
        if not found or found.fuzzy or not all(strings):
            missing.append(message.id)
    assert not missing, missing
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalog.check()]
    assert not problems, problems


# A word and its colon, and a percentage, as each language writes them: French puts a no-break
# space before the colon and before %, as German and Spanish do before % (CLDR).
COLON = {"en": ":", "fr": "\u00a0:", "de": ":", "es": ":", "pt": ":", "ar": ":"}
PERCENT = {"en": "33.3%", "fr": "33,3\u00a0%", "de": "33,3\u00a0%", "es": "33,3\u00a0%", "pt": "33,3%", "ar": "33.3%"}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_the_page_writes_a_percentage_as_the_language_does(run_cli, write_bank, tmp_path, open_quiz, language):
    *_, true, false, check, _correct, _number = EXPECTED[language]
    quiz = open_quiz(build(run_cli, write_bank, tmp_path, language, "html") / f"words-{language}.html")
    quiz.q("sky").get_by_label(true, exact=True).check()
    quiz.q("pi").locator("input").fill("2")
    quiz.q("pick").get_by_label("B", exact=True).check()
    for qid in ("sky", "pi", "pick"):
        quiz.q(qid).get_by_role("button", name=check).click()
    assert f"({PERCENT[language]})" in quiz.score, quiz.score  # 1 of 3 points
    bar = quiz.page.locator("#bars .bar-value").inner_text()
    assert bar.endswith(f"({PERCENT[language].replace('33,3', '33').replace('33.3', '33')})"), bar
    quiz.assert_clean()


COLONS_BANK = """\
id: colons
title: Deux points
language: fr
labels: {score: Résultat}
source: {title: Un article}
questions:
  - {id: pi, type: numeric, prompt: "π ?", answer: 3.14, tolerance: 0.01, unit: cm,
     source: {section: Début, paragraph: 1}}
  - {id: flash, type: card, front: "Eau ?", back: Liquide.}
  - {id: steps, type: order, prompt: Dans l’ordre., items: [un, deux, trois]}
  - {id: pairs, type: match, prompt: Associez.,
     pairs: [{left: chat, right: animal}, {left: rose, right: fleur}, {left: fer, right: métal}]}
"""


@pytest.mark.anki
@pytest.mark.pdf
def test_a_word_before_a_colon_takes_the_french_no_break_space(run_cli, write_bank, tmp_path, open_quiz):
    """French writes "Réponse :" (a no-break space before the colon) where English writes
    "Answer:": in the paper, the key, the page and the cards, with a bank's label for the word."""
    bank = write_bank(COLONS_BANK, "colons.yaml")
    out = tmp_path / "out"
    formats = "pdf,html,anki" if importlib.util.find_spec("anki") else "pdf,html"
    result = run_cli("build", "-f", formats, "-o", out, bank)
    assert result.exit_code == 0, result.output + result.stderr
    folder = out / "colons"
    # pypdf keeps a no-break space (pdftotext writes a space); white space made single spaces.
    paper, key = (
        re.sub("[ \t\r\n]+", " ", "".join(page.extract_text() for page in pypdf.PdfReader(path).pages))
        for path in (folder / "colons-paper.pdf", folder / "colons-key.pdf")
    )
    assert "réponse\u00a0:" in paper.lower() and "Résultat\u00a0:" in paper  # the bank's label, then the colon
    assert "réponse\u00a0: 3,14" in key.lower() and "Source\u00a0: section" in key
    assert key.lower().count("réponse\u00a0:") == 2  # the number's and the card's
    assert not re.search(r"\w:", paper + key.replace("https:", "")), "a colon right after a word"
    pdf_title = pypdf.PdfReader(folder / "colons-key.pdf").metadata.title
    assert pdf_title == "Corrigé\u00a0: Deux points", pdf_title

    quiz = open_quiz(folder / "colons.html")
    assert quiz.page.locator(".bank-source").inner_text().startswith("Source\u00a0: Un article")
    move = quiz.q("steps").locator("button.move").first
    assert move.get_attribute("aria-label").startswith(("Monter\u00a0: ", "Descendre\u00a0: "))
    letter = quiz.q("pairs").locator(".match-options li .letter").first.inner_text()
    quiz.q("pairs").locator("select").first.select_option(label=letter)
    assert f"{letter}\u00a0: " in quiz.q("pairs").locator(".match-pick").first.inner_text()
    quiz.q("pi").locator("input").fill("3,14")
    quiz.q("pi").get_by_role("button", name="Vérifier la réponse").click()
    assert "Source\u00a0: section" in quiz.q("pi").locator(".feedback").inner_text()
    quiz.assert_clean()

    if "anki" in formats:
        with imported_deck(folder / "colons.apkg", tmp_path / "learner") as (_, notes):
            assert "Source\u00a0: Un article, section" in notes["pi"].cards()[0].answer()


def test_french_words_follow_french_typography():
    """A no-break space before : ; ! ? and inside « », so a colon never starts a line, and curly
    apostrophes, in every French message (the checks a French proofreader makes first)."""
    from babel.messages.pofile import read_po

    with (ROOT / "quizgen" / "locale" / "fr" / "LC_MESSAGES" / "quizgen.po").open("rb") as po:
        catalog = read_po(po, locale="fr")
    wrong = []
    for message in catalog:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            if message.id and re.search(r" [:;!?»]|« |[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]", text or ""):
                wrong.append(text)
    assert not wrong, wrong


ARABIC_BANK = """\
id: kalimat
title: اختبار الكلمات
language: ar
instructions: لديك ثلاثون دقيقة.
source: {title: مقال عن النهر}
sections:
  - title: الجزء الأول
    questions:
      - {id: sky, type: truefalse, prompt: السماء زرقاء., answer: true, explanation: لأن الضوء يتشتت.,
         source: {section: المقدمة, paragraph: 1, evidence: [الضوء]}}
      - {id: pick, type: single, prompt: ما لون العشب؟, choices: [أخضر, أحمر, أزرق], answer: أخضر}
      - {id: many, type: multiple, prompt: أيها فواكه؟, choices: [تفاح, موز, حجر], answer: [تفاح, موز]}
      - {id: word, type: short, prompt: عاصمة مصر؟, answer: [القاهرة, مدينة القاهرة]}
      - {id: num, type: numeric, prompt: كم المسافة؟, answer: 3.5, tolerance: 0.5, unit: كم}
      - {id: gap, type: cloze, text: "النهر {{c1::طويل::صفة}} جدا و{{c2::عميق}}."}
      - {id: steps, type: order, prompt: رتب الأرقام., items: [واحد, اثنان, ثلاثة]}
      - {id: pairs, type: match, prompt: صل كل كلمة بمعناها.,
         pairs: [{left: قط, right: حيوان}, {left: ورد, right: نبات}, {left: ذهب, right: معدن}]}
      - {id: flash, type: card, front: ما هو الماء؟, back: سائل.}
  - title: الجزء الثاني
    intro: نص مشترك عن النهر.
    questions:
      - {id: essay, type: essay, prompt: اشرح سبب الفيضان., answer: ذوبان الثلج., notes: نقطة لكل سبب., points: 2}
"""
# Words in Latin letters: two or more, so the choice letters (A, B) and version letters pass.
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]+")


def english_words(text: str, *, allowed=("kalimat",)) -> set[str]:
    return set(LATIN_WORD.findall(text)) - set(allowed)


@pytest.mark.anki
@pytest.mark.pdf
def test_an_arabic_bank_leaves_no_english_word_in_any_output(run_cli, write_bank, tmp_path, open_quiz):
    """Every text of this bank is Arabic, so a word in Latin letters in an output is one of
    quizgen's own words left in English: on the papers, keys, flashcards and answer sheets (read
    with pdftotext), on the page (what Chromium shows before and after each question is checked,
    and what it reads to screen readers), and on every Anki card as Anki renders it."""
    pytest.importorskip("segno")
    out = tmp_path / "out"
    result = run_cli(
        "build",
        "-f",
        "pdf,cards,sheets,html,anki",
        "--versions",
        "2",
        "--card-answers",
        "-o",
        out,
        write_bank(ARABIC_BANK, "ar.yaml"),
    )
    assert result.exit_code == 0, result.output + result.stderr
    folder = out / "kalimat"
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == 7  # paper and key A and B, flashcards, sheets A and B
    for pdf in pdfs:
        assert not english_words(pdf_text(pdf)), (pdf.name, english_words(pdf_text(pdf)))

    quiz = open_quiz(folder / "kalimat.html")
    shown = [quiz.page.locator("body").inner_text()]
    quiz.q("steps").locator("button.move:not([disabled])").first.click()  # what a screen reader hears
    expect(quiz.page.locator("#announcer")).to_contain_text("3")  # said 50 ms after the move
    shown.append(quiz.page.locator("#announcer").inner_text())
    for question in quiz.page.locator("fieldset.question").all():
        reveal = question.locator("button.reveal")
        if reveal.count() and reveal.first.is_visible():
            reveal.first.click()
        for box in question.locator("input[type=radio]:visible, input[type=checkbox]:visible").all()[:1]:
            box.check()
        for field in question.locator("input[type=text], textarea").all():
            field.fill("س")
        check = question.locator("button.check")
        if check.count():
            check.first.click()
    shown.append(quiz.page.locator("body").inner_text())
    shown += quiz.page.evaluate("""() => Array.from(document.querySelectorAll('[aria-label],[title],[placeholder],[alt]'))
        .map(e => ['aria-label', 'title', 'placeholder', 'alt'].map(a => e.getAttribute(a) || '').join(' '))""")
    assert not english_words("\n".join(shown)), english_words("\n".join(shown))
    quiz.assert_clean()

    pytest.importorskip("anki")
    with imported_deck(folder / "kalimat.apkg", tmp_path / "learner") as (col, _):
        left = {}
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            for side in (card.question(), card.answer()):
                # What a learner reads: no script or style, and not the place Anki puts its own
                # typing box ([[type:Answer]]).
                text = re.sub(r"<(script|style)\b.*?</\1>|\[\[type:[^\]]*\]\]|<[^>]+>", " ", side, flags=re.S)
                if english_words(text):
                    left[card.note()["Id"]] = english_words(text)
        assert len(col.find_cards("")) >= 10 and not left, left


# Per language: the answer sheet's title, the key's "Total" row and essay label, and "page 1 of 1"
# (in Arabic a word of each that pdftotext reads back whole: see EXPECTED).
LATER_WORDS = {
    "en": ("Answer sheet", "Total", "Model answer:", "page 1 of 1"),
    "fr": ("Feuille de réponses", "Total", "Réponse modèle :", "page 1 sur 1"),
    "de": ("Antwortbogen", "Summe", "Musterlösung:", "Seite 1 von 1"),
    "es": ("Hoja de respuestas", "Total", "Respuesta modelo:", "página 1 de 1"),
    "pt": ("Folha de respostas", "Total", "Resposta modelo:", "página 1 de 1"),
    "ar": ("ورقة", "المجموع", "النموذجية", "الصفحة"),  # words pdftotext reads back in order
}
SECTIONED = """\
id: parts-{language}
title: Parts
language: {language}
sections:
  - title: One
    questions:
      - {{id: sky, type: truefalse, prompt: "The sky is blue.", answer: true}}
  - title: Two
    questions:
      - {{id: why, type: essay, prompt: "Why?", answer: "Light scatters."}}
"""


@pytest.mark.pdf
@pytest.mark.parametrize("language", sorted(LATER_WORDS))
def test_sheets_flashcards_sections_and_essays_speak_the_bank_language(run_cli, write_bank, tmp_path, language):
    pytest.importorskip("segno")
    sheet_title, total, model_answer, page = LATER_WORDS[language]
    *_, true, _false, _check, _correct, _number = EXPECTED[language]
    bank = write_bank(SECTIONED.format(language=language), f"{language}.yaml")
    out = tmp_path / "out"
    result = run_cli("build", "-f", "pdf,sheets,cards", "--card-answers", "-o", out, bank)
    assert result.exit_code == 0, result.output + result.stderr
    folder = out / f"parts-{language}"
    sheet, key = pdf_text(folder / f"parts-{language}-sheet.pdf"), pdf_text(folder / f"parts-{language}-key.pdf")
    assert sheet_title in sheet and page in sheet
    assert total in key and model_answer.lower() in key.lower()  # the label is set in capitals
    assert true in pdf_text(folder / f"parts-{language}-cards.pdf")  # the true/false card's back
    if language != "en":
        for english in ("answer sheet", "student number", "marked by hand", "model answer", "in total", "page 1 of"):
            assert english not in (sheet + key).lower(), (language, english)
