"""`quizgen import` on real files: question files written by teachers and other tools, kept in
tests/roots/import/ with their sources (SOURCE.md there). Every one imports; every question
either arrives, validated, or is named in a located note or error and kept in the bank as a
comment; the values asserted here were checked by reading each source file. Then small files
made by hand for each dialect of GIFT that the real ones show.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from quizgen.bank.load import load_bank

REAL = Path(__file__).resolve().parent / "roots" / "import"


def imported(run_cli, tmp_path: Path, name: str, exit_code: int = 0, *args: str):
    """Import the real file `name` (copied into tmp_path) and check the bank with `quizgen
    validate`; returns (bank, result, bank text, source path)."""
    source = tmp_path / Path(name).name
    shutil.copyfile(REAL / name, source)
    target = tmp_path / "bank.yaml"
    result = run_cli("import", source, "-o", target, *args)
    assert result.exit_code == exit_code, result.output + result.stderr
    assert "Traceback" not in result.stderr
    check = run_cli("validate", target)
    assert check.exit_code == 0, check.stderr
    return load_bank(target).bank, result, target.read_text(encoding="utf-8"), source


def by_id(bank):
    return {q.id: q for q in bank.questions}


def comes_back(run_cli, tmp_path: Path, bank_path: Path, bank) -> None:
    """The bank exported to GIFT and to Moodle XML and imported back validates, with the same
    questions and keys."""
    for fmt, suffix in (("gift", "*.gift"), ("moodle", "*.xml")):
        out = tmp_path / f"out-{fmt}"
        assert run_cli("build", bank_path, "-f", fmt, "-o", out).exit_code == 0
        exported = next((out / bank.id).glob(suffix))
        back_path = tmp_path / f"back-{fmt}.yaml"
        result = run_cli("import", exported, "-o", back_path)
        assert result.exit_code == 0, result.stderr
        assert run_cli("validate", back_path).exit_code == 0
        back = by_id(load_bank(back_path).bank)
        assert set(back) == {q.id for q in bank.questions}, fmt
        for q in bank.questions:
            assert back[q.id].type == q.type, (fmt, q.id)
            for key in ("answer", "choices", "range", "tolerance"):
                if hasattr(q, key):
                    assert getattr(back[q.id], key) == getattr(q, key), (fmt, q.id, key)
            if q.type == "match":
                assert [(p.left, p.right) for p in back[q.id].pairs] == [(p.left, p.right) for p in q.pairs]
            if q.type == "cloze":  # each blank accepts the same answers (an export may order them)
                assert blanks(back[q.id]) == blanks(q), (fmt, q.id)


def blanks(cloze) -> dict[str, set[str]]:
    found = {f"c{n}": {answer} for n, answer in re.findall(r"\{\{c(\d+)::(.*?)\}\}", cloze.text)}
    for name, more in cloze.accept.items():
        found[name] |= set(more)
    return found


def roundtrip(run_cli, tmp_path: Path, name: str, exit_code: int = 0) -> None:
    bank, _, _, _ = imported(run_cli, tmp_path, name, exit_code)
    comes_back(run_cli, tmp_path, tmp_path / "bank.yaml", bank)


# -- each real file -------------------------------------------------------------------------------


def test_tilde_equals_choices_and_a_category_with_a_comma(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "gift/gold-b2-verb-patterns.gift")
    q = by_id(bank)
    assert len(bank.questions) == 11 and "note:" not in result.stderr
    assert bank.title == "Verb patterns"  # $course$/top/Gold B2, Unit 2/Grammar/Verb patterns
    match = q["u2-p22-3-verb-patterns-ing"]
    assert match.type == "match" and len(match.pairs) == 5
    assert (match.pairs[0].left, match.pairs[0].right) == (
        "It took me ages to have the confidence",
        "to be on my own with him.",
    )
    # {~=making~to make}: the right answer written after a tilde
    assert (q["u2-p22-6-1a-verb-patterns"].type, q["u2-p22-6-1a-verb-patterns"].answer) == ("single", "making")
    assert q["u2-p22-6-1a-verb-patterns"].choices == ("making", "to make")
    assert q["u2-p22-6-5a-verb-patterns"].answer == "giving"  # {~to give~=giving}
    assert q["u2-p22-6-1a-verb-patterns"].prompt == r"My mother stopped \_\_\_\_\_ lunch because the phone rang."


def test_descriptions_become_sections_and_two_blanks_a_cloze(run_cli, tmp_path):
    bank, result, _, source = imported(run_cli, tmp_path, "gift/em-u5-expressions-of-quantity.gift")
    q = by_id(bank)
    assert len(bank.questions) == 16
    first, second = bank.sections
    assert (first.title, first.intro) == (
        "EM U5 p34 Gra1.0 Expressions of quantity some/many/much/+",
        "Choose the correct words in italics to complete the sentences.",
    )
    assert len(first.questions) == 8 and len(second.questions) == 8
    assert second.intro == "Complete sentences with _few_, _a few_, _little_ or _a little_."  # [markdown]
    assert q["em-u5-p34-gra1-1"].answer == "some"  # {~=some~a few}
    two = q["em-u5-p34-gra1-4"]  # I drink {~=hardly any~a few} coffee, if I drink too {~many~=much}, ...
    assert two.type == "cloze"
    assert two.text == "I drink {{c1::hardly any}} coffee, if I drink too {{c2::much}}, I can't sleep"
    assert f"{source}:9:1: note: the other choices of each blank are not carried over" in result.stderr
    assert q["em-u5-p34-gra2-2"].answer == "A few"  # {~Few~=A few~Little~A little} of us ...


def test_short_answer_variants_and_instructions(run_cli, tmp_path):
    bank, _, _, _ = imported(run_cli, tmp_path, "gift/u5-passive-reporting.gift")
    q = by_id(bank)
    assert len(bank.questions) == 5
    assert bank.instructions == "Rewrite the sentences using passive reporting verbs."
    claimed = q["u5-p54-gr4-2-passive-reporting"]  # It {=is claimed ...='s claimed ...=...}.
    assert claimed.type == "cloze"
    assert claimed.text == "People claim that the money was stolen.\nIt {{c1::is claimed that the money was stolen}}."
    assert claimed.accept == {
        "c1": (
            "'s claimed that the money was stolen",
            "is claimed that the money was stolen.",
            "'s claimed that the money was stolen.",
        )
    }


def test_embedded_answers_in_gift_make_one_cloze(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "gift/u3-ed-adjectives-embedded.gift")
    assert bank.instructions == "Choose the correct preposition."
    (cloze,) = bank.questions
    assert cloze.type == "cloze"
    assert (
        cloze.text.splitlines()[0] == "What sports do you get excited {{c1::about}}? What sports do you find exciting?"
    )
    assert cloze.text.count("{{c") == 5 and "{{c5::by}}" in cloze.text and "{{c2::with}}" in cloze.text
    assert result.stderr.count("each MC blank (a menu of choices) becomes a blank to type its right answer in") == 1


def test_no_blank_line_between_questions(run_cli, tmp_path):
    bank, result, text, source = imported(run_cli, tmp_path, "gift/gl02-no-blank-lines.gift")
    q = by_id(bank)
    assert list(q) == ["question-1", "question-2", "question-5"]
    assert q["question-1"].answer == "Bleu" and q["question-2"].answer is True and q["question-5"].answer == 42
    for line in (6, 9, 10, 11):  # each ::Question n:: right after the line above
        assert f"{source}:{line}:1: note: no blank line between this question and the one above" in result.stderr
    assert "a second '{'" not in result.stderr
    # ::Question 4:: has no answers: a description, the intro of the questions after it; ::Question 6::
    # has none and nothing after it: kept as a comment.
    assert bank.sections[1].title == "Question 4"
    assert bank.sections[1].intro == r"Le soleil se lève à l'\[Est\] et se couche à l'\[Ouest\]."
    assert "#     ::Question 6::Décrivez l'importance de la photosynthèse dans la nature.\n" in text


def test_moodle_export_with_weights_feedback_and_categories(run_cli, tmp_path):
    bank, result, text, source = imported(run_cli, tmp_path, "gift/moodle-history.gift")
    q = by_id(bank)
    assert len(bank.questions) == 17
    assert bank.instructions.startswith("This is an example of a description question type")
    assert q["h1"].type == "match" and [p.right for p in q["h1"].pairs] == ["Moodle 2.3", "Moodle 1.9", "Moodle 2.0"]
    assert f"{source}:7:1: note: the extra answer 'Moodle 2.5' (a distractor without a question)" in result.stderr
    # The second ::h1:: keeps its own id; ~%33.33333% three times: three right answers of equal weight.
    assert q["h1-2"].type == "multiple" and len(q["h1-2"].answer) == 3
    assert q["mc2"].type == "multiple" and len(q["mc2"].answer) == 3 and len(q["mc2"].choices) == 6
    assert (
        f"{source}:94:1: note: the negative weights of wrong answers (penalties) are not carried over" in result.stderr
    )
    assert q["h3"].answer == ("Crete",)  # =%100%Crete ... =%0%Greece
    assert q["mc1"].answer == "November 2015" and q["mc1"].explanation.startswith("Remember - the developer docs")
    assert (q["q01-numeric-solve-a-quadratic-with"].answer, q["q02-numeric"].answer) == (7, 3.14159)
    assert q["q02-numeric"].tolerance == 0.0005
    assert q["q06-missing-word"].answer == "2nd"
    assert q["tour-stage-04-q1-tf"].answer is True
    assert q["Capital1"].answer == ("London",) and q["capitals-5"].answer == ("Newport",)
    # Categories below the root become tags, the deeper ones as Anki's hierarchy.
    assert q["h3"].tags == ("default-for-moodle-history",)
    assert q["capitals-5"].tags == ("default-for-qe::capitals",)
    # =%100%*manually*: Moodle's wildcard; no answer left that quizgen can hold: kept as a comment.
    assert f"{source}:146:1: note: no answer quizgen can hold is worth full marks" in result.stderr
    assert "#     ::(tour stage 08) Q5 SA::[html]<p>And the final behaviour" in text
    assert "Score3.jpg" in result.stderr and "Variation_1.mp3" in result.stderr


def test_cyrillic_moodle_export_with_a_missing_blank_line(run_cli, tmp_path):
    bank, result, _, source = imported(run_cli, tmp_path, "gift/db-basics-ru.gift")
    q = by_id(bank)
    assert len(bank.questions) == 21
    assert bank.title == "По умолчанию для БД" and bank.language == "ru"
    assert q["1."].answer.startswith("совокупность взаимосвязанных данных")
    assert q["21."].type == "multiple" and len(q["21."].answer) == 2  # ~%50% twice
    assert q["7."].type == "short" and q["7."].answer == ("реляционная",)  # written twice, kept once
    assert f"{source}:159:1: note: no blank line between this question and the one above" in result.stderr
    assert f"{source}:156:1: note: the image '1.png' is not in the GIFT file" in result.stderr


def test_one_bad_question_does_not_refuse_the_file(run_cli, tmp_path):
    bank, result, text, source = imported(run_cli, tmp_path, "gift/informatics-ru.gift", exit_code=1)
    q = by_id(bank)
    assert len(bank.questions) == 7
    assert bank.title == "По умолчанию для ПИвАЭ"
    assert q["4"].answer is False and q["5."].answer is True
    assert [(p.left, p.right) for p in q["10."].pairs][0] == ("Звуковая", "Раскат грома")
    assert q["1."].answer == "zxc"  # {~asd~qwe=zxc}аппапапап: a missing word
    assert f"{source}:59:1: error: '(' is not a number, a number:tolerance or a range low..high" in result.stderr
    assert "Error: 1 question could not be read: each is kept as a comment in" in result.stderr
    assert (
        "  # not imported (informatics-ru.gift:59:1): '(' is not a number, a number:tolerance or a range low..high\n"
        "  # the question as written there:\n"
        "  #     ::100.::When was Ulysses S. Grant born? {#\n"
        "  #     (\n"
    ) in text


def test_fifty_russian_questions_with_crlf_and_weights(run_cli, tmp_path):
    bank, result, _, source = imported(run_cli, tmp_path, "gift/pmbok7-ru.gift")
    q = by_id(bank)
    assert len(bank.questions) == 50 and result.stderr.count("note:") == 1
    assert bank.language == "ru"  # Cyrillic, with ы, э, ё: Russian
    assert (
        f"{source}: note: language: ru (most of the text is in Cyrillic, with letters only 'ru' uses)" in result.stderr
    )
    # ~%100% on one answer, no '=': Moodle makes it a question of several answers; so does quizgen.
    assert q["Q1"].type == "multiple"
    assert q["Q1"].answer == ("C) Принципиальный подход, ориентированный на создание ценности",)
    assert (q["Q2"].answer, q["Q7"].answer, q["Q47"].answer) == (False, True, False)  # {\nFALSE\n}
    assert q["Q50"].prompt.startswith("Сценарий: Несколько проектов используют общие ресурсы")


def test_moodle_xml_nested_categories(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "moodle/nested-categories.xml")
    q = by_id(bank)
    assert bank.title == "Iota"
    assert sorted(q) == ["iota-question", "kappa-question", "lambda-question", "mu-question"]
    assert q["iota-question"].tags == () and q["kappa-question"].tags == ("kappa",)
    assert q["lambda-question"].tags == ("kappa::lambda",) and q["mu-question"].tags == ("mu",)
    assert all(x.answer is True for x in bank.questions)
    # Kappa Essay Question has no model answer: commented out, with one note that says why.
    assert result.stderr.count("note:") == 1 and "55:3: note: the essay has no model answer" in result.stderr


def test_korean_csv_with_korean_headers(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "sheet/os-questions-ko.csv")
    assert len(bank.questions) == 38 and bank.language == "ko"  # 문제 (question), 정답 (answer); Hangul
    first = bank.questions[0]
    assert (first.type, first.prompt) == ("short", "운영체제가 관리하는것 네가지를 적으시오.")
    assert first.answer == ("기억장치, 중앙처리장치, 입출력장치, 파일시스템",)  # a quoted cell with commas
    assert bank.questions[-1].answer == ("에이징",)


def test_anki_text_without_a_header(run_cli, tmp_path):
    bank, _, _, _ = imported(run_cli, tmp_path, "text/molbiol-ru-anki.txt")
    assert [q.type for q in bank.questions] == ["card"] * 3 and bank.language == "ru"
    assert bank.questions[1].front == r"\*\*Нерегулярный полимер\*\*"  # plain text: its stars shown as written
    assert bank.questions[1].back == "соединение из мономеров, в котором не видна закономерность."
    assert bank.questions[0].id == "molekulyarnaya-biologiya-0b0dd9"  # Cyrillic spelled in ASCII


def test_chinese_sheet_with_lettered_options_and_its_own_type_names(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "sheet/p5-quiz-zh.csv")
    first, second, third, fourth = bank.questions
    # optionA..optionD are the options; `choice` is a choice, `fill` a short answer; no column is
    # left out.
    assert (first.type, first.choices, first.answer) == (
        "single",
        ("設置背景", "設置顏色", "設置文字", "設置邊框"),
        "設置背景",
    )
    assert (second.type, second.answer) == ("single", "按鈕名稱")
    assert (third.type, third.answer, fourth.answer) == ("short", ("30",), ("50",))
    assert "left out" not in result.stderr and "error" not in result.stderr
    assert first.id == "qing-wen-background-bgimage-shi-shen-add6ed"  # 請問 ... 是甚麼: pinyin, readable


def test_options_in_one_cell_and_a_camel_case_header(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "sheet/course-quiz-zh.csv")
    assert bank.language == "zh" and len(bank.questions) == 4
    first, last = bank.questions[0], bank.questions[-1]
    # options: 教學原理與策略;程式設計與實習;...  correctAnswer: 程式設計與實習
    assert first.choices == ("教學原理與策略", "程式設計與實習", "2D繪圖與動畫製作", "數位視訊編輯與實習")
    assert (first.type, first.answer) == ("single", "程式設計與實習")
    assert (last.choices, last.answer) == (("102", "105", "110", "101"), "110")  # the text, not the 110th
    assert "correctAnswer" not in result.stderr


def test_number_options_answered_by_their_text_and_rows_to_type_in(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "sheet/arithmetic-zh.csv")
    assert len(bank.questions) == 8 and "error" not in result.stderr
    two = bank.questions[1]  # 請問2+2=?,2,3,4,5,4: the option 4, not the fourth option (5)
    assert (two.type, two.choices, two.answer) == ("single", ("2", "3", "4", "5"), "4")
    assert bank.questions[4].answer == "10"  # 7,8,9,10 answered 10: its text
    assert [(q.type, q.answer) for q in bank.questions[5:]] == [
        ("short", ("25",)),
        ("short", ("36",)),
        ("short", ("49",)),
    ]
    assert "counting from" not in result.stderr  # every answer is an option's text: nothing to guess


def test_quizlet_export_with_a_custom_separator(run_cli, tmp_path):
    bank, result, _, _ = imported(run_cli, tmp_path, "text/quizlet-idioms.txt")
    assert len(bank.questions) == 281 and {q.type for q in bank.questions} == {"card"}
    assert (bank.questions[0].front, bank.questions[0].back) == ("a bad apple", "a trouble maker")
    # hit the sheets/sack/hay/////go to bed: slashes in the term stay in it
    assert any((q.front, q.back) == ("hit the sheets/sack/hay", "go to bed") for q in bank.questions)
    assert "note:" not in result.stderr


def test_anki_text_with_pipes_named_csv(run_cli, tmp_path):
    # Named .csv, read as a spreadsheet it has no header row: the error says how to import it.
    source = tmp_path / "lingualeo-ru-anki.csv"
    shutil.copyfile(REAL / "text/lingualeo-ru-anki.csv", source)
    result = run_cli("import", source, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1 and "imports with --format anki or --format quizlet" in result.stderr
    bank, result, _, source = imported(run_cli, tmp_path, "text/lingualeo-ru-anki.csv", 0, "--format", "anki")
    # '|' between the fields, as Anki guesses it (tab, pipe, semicolon, ... in that order), not
    # the commas inside them.
    first, second = bank.questions
    assert (first.front, first.back) == ("through", "через, сквозь, с помощью, по, в течение")
    assert second.front == "window" and bank.language == "ru"
    assert f"{source}:1:1: note: fields after the second are not carried over" in result.stderr


@pytest.mark.parametrize(
    "name, exit_code",
    [
        ("gift/gold-b2-verb-patterns.gift", 0),
        ("gift/em-u5-expressions-of-quantity.gift", 0),
        ("gift/u5-passive-reporting.gift", 0),
        ("gift/u3-ed-adjectives-embedded.gift", 0),
        ("gift/gl02-no-blank-lines.gift", 0),
        ("gift/moodle-history.gift", 0),
        ("gift/db-basics-ru.gift", 0),
        ("gift/informatics-ru.gift", 1),
        ("gift/pmbok7-ru.gift", 0),
        ("moodle/nested-categories.xml", 0),
        ("sheet/os-questions-ko.csv", 0),
        ("sheet/p5-quiz-zh.csv", 0),
        ("sheet/course-quiz-zh.csv", 0),
        ("sheet/arithmetic-zh.csv", 0),
    ],
)
def test_real_files_come_back_from_gift_and_moodle_xml(run_cli, tmp_path, name, exit_code):
    roundtrip(run_cli, tmp_path, name, exit_code)


# -- each dialect, made by hand ------------------------------------------------------------------


def gift(run_cli, tmp_path: Path, text: str, exit_code: int = 0):
    source = tmp_path / "hand.gift"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "hand.yaml"
    result = run_cli("import", source, "-o", target, "--force")
    assert result.exit_code == exit_code, result.stderr
    assert run_cli("validate", target).exit_code == 0
    return load_bank(target).bank, result, source


def test_right_answer_after_a_tilde(run_cli, tmp_path):
    bank, result, _ = gift(
        run_cli,
        tmp_path,
        "::diet::A diet without meat is {~high-fat~=vegetarian~vitamins}.\n\n"
        "::two::Pick the even ones {~%50%~two ~%50%four ~=six? ~one}\n",
    )
    q = by_id(bank)
    assert (q["diet"].type, q["diet"].choices, q["diet"].answer) == (
        "single",
        ("high-fat", "vegetarian", "vitamins"),
        "vegetarian",
    )
    assert "must not be empty" not in result.stderr


def test_weights_and_feedback(run_cli, tmp_path):
    bank, result, source = gift(
        run_cli,
        tmp_path,
        "::w::Which are prime? {~%50%two#yes ~%50%three ~%-100%four#no}\n\n"
        "::tf::The sky is green.{F#Look up.#Right.####It is blue.}\n\n"
        "::num::Pi? {#\n=3.14:0.01#close enough\n~#not pi\n}\n",
    )
    q = by_id(bank)
    assert (q["w"].type, q["w"].answer) == ("multiple", ("two", "three"))
    assert q["tf"].answer is False and q["tf"].explanation == "It is blue."
    assert (q["num"].answer, q["num"].tolerance) == (3.14, 0.01)
    for line, message in (
        (1, "the feedback of each answer (GIFT '#') is not carried over"),
        (1, "the negative weights of wrong answers (penalties) are not carried over"),
        (3, "the feedback of each answer (GIFT '#') is not carried over"),
        (5, "the feedback for a wrong answer (GIFT '~#') is not carried over"),
    ):
        assert f"{source}:{line}:1: note: {message}" in result.stderr


def test_case_variants_of_a_short_answer_are_kept_once(run_cli, tmp_path):
    bank, result, _ = gift(
        run_cli,
        tmp_path,
        "::gold::The symbol of gold? {=Au =au =AU}\n\n"
        "::word::The symbol of gold is {=Au =au} in the table.\n\n::bare::The capital of France? {Paris}\n",
    )
    q = by_id(bank)
    assert q["gold"].type == "short" and q["gold"].answer == ("Au",)
    assert q["word"].type == "cloze" and q["word"].text == "The symbol of gold is {{c1::Au}} in the table."
    assert q["bare"].answer == ("Paris",)  # an answer without '=', as Moodle reads it
    assert "duplicate" not in result.stderr and "left out" not in result.stderr


def test_non_latin_categories_stay_apart_and_titles_give_readable_ids(run_cli, tmp_path):
    text = (
        "$CATEGORY: $course$/top/PMBOK/РУКОВОДСТВО_PMBOK_3_АДАПТАЦИЯ\n\n::Закон Ома::Ток? {=I ~U}\n\n"
        "$CATEGORY: $course$/top/PMBOK/РУКОВОДСТВО_PMBOK_3_ИНИЦИАЦИЯ\n\n::Θεώρημα Πυθαγόρα::a²+b²? {=c² ~c}\n\n"
        "::問題一::一? {=1 ~2}\n\n::قانون أوم::؟ {=I ~U}\n\n::חוק אוהם::? {=I ~U}\n\n::ओम का नियम::? {=I ~U}\n\n"
        "::★★★::? {=I ~U}\n"
    )
    bank, _, _ = gift(run_cli, tmp_path, text)
    q = by_id(bank)
    assert bank.title == "PMBOK"
    assert q["zakon-oma"].tags == ("руководство-pmbok-3-адаптация",)
    assert q["theorima-pythagora"].tags == ("руководство-pmbok-3-инициация",)
    # Other scripts are spelled in ASCII too (anyascii), a Chinese character as a word of its own;
    # a title with no letters at all gives q- and a hash of it.
    assert [x.id for x in bank.questions[2:-1]] == ["wen-ti-yi", "qnwn-wm", "hvk-vhm", "om-ka-niym"]
    assert re.fullmatch(r"q-[0-9a-f]{6}", bank.questions[-1].id)
    again, _, _ = gift(run_cli, tmp_path, text)
    assert [x.id for x in again.questions] == [x.id for x in bank.questions]  # stable


def test_a_missing_blank_line_is_named_not_a_brace(run_cli, tmp_path):
    bank, result, source = gift(
        run_cli, tmp_path, "::a::First? {=x ~y}\n$CATEGORY: $course$/top/Other\n::b::Second? {=x ~y}\nThird? {=x ~y}\n"
    )
    assert [q.id for q in bank.questions][:2] == ["a", "b"] and len(bank.questions) == 3
    assert (
        f"{source}:2:1: note: no blank line before this $CATEGORY line: read as a change of category" in result.stderr
    )
    assert f"{source}:4:1: note: no blank line between this question and the one above" in result.stderr
    assert "a second '{'" not in result.stderr and "write \\{" not in result.stderr
    # Several sets on one line that are not blanks: the question cannot be read; the message
    # names the brace, and the question is kept as a comment.
    bank, result, source = gift(run_cli, tmp_path, "::c::Half {=x ~y} and {#3}\n\n::d::Fine {=x ~y}\n", exit_code=1)
    assert [q.id for q in bank.questions] == ["d"]
    assert f"{source}:1:23: error: a second '{{': a GIFT question has one set of answers" in result.stderr
    # A title inside answers never closed: the '}' is missing, and the next question is read.
    bank, result, source = gift(run_cli, tmp_path, "::e::Open {=x ~y\n::f::Next {=x ~y}\n", exit_code=1)
    assert [q.id for q in bank.questions] == ["f"]
    assert (
        f"{source}:1:11: error: the answers are not closed: a '}}' is missing before the question on line 2"
        in result.stderr
    )


def test_an_unclosed_title_is_read_without_one(run_cli, tmp_path):
    bank, result, source = gift(run_cli, tmp_path, "::Title without end Which? {=x ~y}\n")
    (q,) = bank.questions
    assert q.answer == "x" and q.prompt == "Title without end Which?"
    assert f"{source}:1:1: note: the title is not closed" in result.stderr


def test_every_unreadable_question_is_counted_and_kept(run_cli, tmp_path):
    bank, result, _ = gift(
        run_cli, tmp_path, "::a::A {#x}\n\n::b::B {=x ~y}\n\n::c::C {~x ~y}\n\n::d::D }\n", exit_code=1
    )
    assert [q.id for q in bank.questions] == ["b"]
    assert "Error: 3 questions could not be read" in result.stderr
    text = (tmp_path / "hand.yaml").read_text(encoding="utf-8")
    for line in ("  #     ::a::A {#x}", "  #     ::c::C {~x ~y}", "  #     ::d::D }"):
        assert line + "\n" in text


# -- separators of text files ---------------------------------------------------------------------


def test_separators_are_guessed_or_given_for_every_text_format(run_cli, tmp_path):
    def cards(name: str, text: str, *args: str):
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        target = tmp_path / (source.stem + ".yaml")
        result = run_cli("import", source, "-o", target, "--force", *args)
        assert result.exit_code == 0, result.stderr
        assert run_cli("validate", target).exit_code == 0
        return [(q.front, q.back) for q in load_bank(target).bank.questions]

    pairs = [("house", "la maison"), ("cat", "le chat")]
    assert cards("slashes.txt", "house/////la maison\ncat/////le chat\n", "--format", "quizlet") == pairs
    assert cards("dashes.txt", "house - la maison\ncat - le chat\n", "--format", "quizlet") == pairs
    assert cards("semi.txt", "house;la maison\ncat;le chat\n", "--format", "anki") == pairs  # no header
    assert (
        cards(
            "given.txt", "#separator:tab\nhouse | la maison\ncat | le chat\n", "--format", "anki", "--separator", " | "
        )
        == pairs
    )
    source = tmp_path / "q.csv"
    source.write_text("type|prompt|answer\ncard|house|la maison\n", encoding="utf-8")
    assert run_cli("import", source, "--separator", "|", "-o", tmp_path / "csv.yaml").exit_code == 0
    assert load_bank(tmp_path / "csv.yaml").bank.questions[0].back == "la maison"


def test_a_file_without_a_separator_gets_one_error_not_one_per_row(run_cli, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("".join(f"word {n}\n" for n in range(300)), encoding="utf-8")
    result = run_cli("import", source, "--format", "quizlet")
    assert result.exit_code == 1
    assert result.stderr.count("error:") == 1
    assert "cannot tell what separates term and definition (300 rows have no tab): pass the separator" in result.stderr
    assert "--separator" in result.stderr


def test_language_from_the_source_or_its_script(run_cli, tmp_path):
    bank, result, _ = gift(run_cli, tmp_path, "::q::Ποια είναι η πρωτεύουσα της Ελλάδας; {=Αθήνα ~Σπάρτη}\n")
    assert bank.language == "el" and "note: language: el (most of the text is in Greek)" in result.stderr
    bank, result, _ = gift(run_cli, tmp_path, "::q::Коя е столицата на България? {=София ~Пловдив}\n")
    assert bank.language == "en"  # not set: Cyrillic, but no letter only one language uses
    assert (
        "most of the text is in Cyrillic: set `language:` to its language tag (such as ru, uk, bg, sr)" in result.stderr
    )
    # The suggestion names the script's languages: an Arabic bank was offered ru and bg first.
    bank, result, _ = gift(run_cli, tmp_path, "::q::ما هي عاصمة مصر؟ {=القاهرة ~الإسكندرية}\n")
    assert bank.language == "en"
    assert "most of the text is in Arabic: set `language:` to its language tag (such as ar, fa, ur)" in result.stderr
    bank, result, _ = gift(run_cli, tmp_path, "::q::What is the capital of France? {=Paris ~Lyon}\n")
    assert bank.language == "en" and "language" not in result.stderr
    # English words for Russian pupils: the questions are in Latin letters, the teacher's
    # categories in Russian, which is what the class reads.
    bank, result, source = gift(
        run_cli, tmp_path, "$CATEGORY: $course$/top/Английский язык/Глаголы\n\n::q::Choose the verb. {=run ~table}\n"
    )
    assert bank.language == "ru"
    assert (
        f"{source}: note: language: ru (the categories' names are in Cyrillic, with letters only 'ru' uses)"
        in result.stderr
    )
    source = tmp_path / "lang.xml"
    source.write_text(
        '<?xml version="1.0"?>\n<quiz><question type="truefalse"><name><text>Q</text></name>'
        '<questiontext format="html"><text><![CDATA[<p><span lang="de">Ist das so?</span></p>]]>'
        '</text></questiontext><answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question></quiz>\n',
        encoding="utf-8",
    )
    assert run_cli("import", source, "-o", tmp_path / "lang.yaml").exit_code == 0
    assert load_bank(tmp_path / "lang.yaml").bank.language == "de"  # the file's one lang


# -- spreadsheets in other tools' layouts ----------------------------------------------------------


def sheet(run_cli, tmp_path: Path, text: str, *args: str, exit_code: int = 0):
    source = tmp_path / "sheet.csv"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "sheet.yaml"
    result = run_cli("import", source, "-o", target, "--force", *args)
    assert result.exit_code == exit_code, result.stderr
    if exit_code == 0:
        assert run_cli("validate", target).exit_code == 0
        return load_bank(target).bank.questions, result
    return None, result


def test_option_columns_with_an_index_from_zero_or_one_or_a_letter(run_cli, tmp_path):
    questions, _ = sheet(
        run_cli,
        tmp_path,
        "question,option1,option2,option3,correct_index\n"
        "Capital of France?,Lyon,Paris,Nice,1\nCapital of Italy?,Rome,Milan,Turin,0\n",
    )
    assert [(q.type, q.answer) for q in questions] == [("single", "Paris"), ("single", "Rome")]  # a 0: from 0
    questions, _ = sheet(
        run_cli,
        tmp_path,
        'Question,Option 1,Option 2,Option 3,Answer\nCapital of France?,Lyon,Paris,Nice,3\nPrimes?,2,4,5,"1,3"\n',
    )
    assert [(q.type, q.answer) for q in questions] == [("single", "Nice"), ("multiple", ("2", "5"))]  # a 3: from 1
    questions, _ = sheet(
        run_cli,
        tmp_path,
        "question,choice_a,choice_b,correct\nSky?,green,blue,B\n".replace("choice_a,choice_b", "choice1,choice2"),
    )
    assert questions[0].answer == "blue"
    questions, result = sheet(run_cli, tmp_path, "question,option1,option2,correct_index\nSky?,green,blue,1\n")
    assert questions[0].answer == "blue"  # no row tells: an index column counts from 0, and says so
    assert "the answers number the options counting from 0" in result.stderr


def test_question_answer_term_definition_and_other_languages(run_cli, tmp_path):
    questions, _ = sheet(run_cli, tmp_path, "question,answer\nCapital of France?,Paris\n")
    assert (questions[0].type, questions[0].answer) == ("short", ("Paris",))
    questions, _ = sheet(run_cli, tmp_path, "term,definition\nhouse,la maison\n")
    assert (questions[0].type, questions[0].front, questions[0].back) == ("card", "house", "la maison")
    questions, _ = sheet(run_cli, tmp_path, "Frage;Lösung\nHauptstadt von Frankreich?;Paris\n")
    assert questions[0].answer == ("Paris",)
    questions, _ = sheet(run_cli, tmp_path, "Вопрос,Ответ\nСтолица России?,Москва\n")
    assert questions[0].answer == ("Москва",)


def test_columns_names_any_layout_and_a_missing_column_is_named(run_cli, tmp_path):
    _, result = sheet(run_cli, tmp_path, "Q text,Resp\nWhat?,This\n", exit_code=1)
    assert (
        "sheet.csv:1: error: no column holds the questions: name it 'prompt' (or question, term, front), "
        "or say which it is with --columns prompt=COLUMN (the columns are: Q text, Resp)" in result.stderr
    )
    questions, _ = sheet(run_cli, tmp_path, "Q text,Resp\nWhat?,This\n", "--columns", "prompt=Q text,answer=Resp")
    assert (questions[0].prompt, questions[0].answer) == ("What?", ("This",))
    _, result = sheet(run_cli, tmp_path, "Q text,Resp\nWhat?,This\n", "--columns", "prompt=Nope", exit_code=1)
    assert "--columns prompt=Nope: the header row has no column 'Nope' (its columns are: Q text, Resp)" in result.stderr
    _, result = sheet(run_cli, tmp_path, "question,option1,option2\nSky?,green,blue\n", exit_code=1)
    assert "option columns but no column with the right answer" in result.stderr


def test_columns_names_option_columns_and_unread_options_are_an_error(run_cli, tmp_path):
    text = "Q text;Opt1;Opt2;Opt3;Right\nCapital of France?;Lyon;Paris;Nice;2\nSky?;green;red;blue;C\n"
    questions, _ = sheet(run_cli, tmp_path, text, "--columns", "prompt=Q text,answer=Right")
    assert [(q.type, q.answer) for q in questions] == [("single", "Paris"), ("single", "blue")]
    text = "Q text;Option A text;Option B text;Right\nCapital of France?;Lyon;Paris;B\n"
    _, result = sheet(run_cli, tmp_path, text, "--columns", "prompt=Q text,answer=Right", exit_code=1)
    assert (
        "sheet.csv:1: error: the answers are letters or numbers and the columns Option A text, Option B text "
        "look like options, but quizgen does not know they are: say so with --columns "
        "choices=Option A text+Option B text" in result.stderr
    )
    for mapping in ("choices=Option A text+Option B text", "option1=Option A text,option2=Option B text"):
        questions, _ = sheet(run_cli, tmp_path, text, "--columns", f"prompt=Q text,answer=Right,{mapping}")
        assert [(q.type, q.choices, q.answer) for q in questions] == [("single", ("Lyon", "Paris"), "Paris")]
    # Answers written out are short answers, whatever the other columns are called.
    questions, _ = sheet(
        run_cli, tmp_path, "Q;Option notes;A\nCapital of France?;easy;Paris\n", "--columns", "prompt=Q,answer=A"
    )
    assert (questions[0].type, questions[0].answer) == ("short", ("Paris",))
    # Options come two or more: one notes column beside a number answer is a short question.
    text = "Q;Answer notes;A\nLegs of a spider?;count them;8\n"
    questions, _ = sheet(run_cli, tmp_path, text, "--columns", "prompt=Q,answer=A")
    assert (questions[0].type, questions[0].answer) == ("short", ("8",))


def test_other_tools_type_names_and_lettered_options(run_cli, tmp_path):
    questions, result = sheet(
        run_cli,
        tmp_path,
        "Type,Question,Option A,Option B,Option C,Correct Answer\n"
        'mc,Primes?,2,4,5,"A,C"\nTF,The sky is blue.,,,,true\nfill_in,Capital of France?,,,,Paris\n'
        "matching,Pair them,a -> 1,b -> 2,c -> 3,\n",
    )
    assert [(q.type, getattr(q, "answer", None)) for q in questions] == [
        ("multiple", ("2", "5")),
        ("truefalse", True),
        ("short", ("Paris",)),
        ("match", None),
    ]
    assert "left out" not in result.stderr  # Option A..C are the options, Correct Answer the answer
