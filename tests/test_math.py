"""Math in bank texts (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`) in every output, each read
back with its real client: Chromium for the page, pdftotext for the PDF, Anki's backend for the
deck; and TeX mistakes reported where they are."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

WORD_BOX = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'


def readable_words(pdf: Path) -> list[str]:
    """The words a reader sees in a PDF: taller than 3 pt (a formula's TeX rides along as
    invisible 1 pt text, for extraction and copying: issue 28)."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [w for _, y0, _, y1, w in re.findall(WORD_BOX, bbox) if float(y1) - float(y0) > 3]


MATH_BANK = r"""
id: math
title: Math
questions:
  - id: square
    type: single
    prompt: "What is $x^2$ when $x = 3$? It costs $5 and $2.\n\n$$\\int_0^1 x\\,dx = \\frac{1}{2}$$"
    choices: ["$9$", "$6$", "\\(3^2 + 1\\)"]
    answer: "$9$"
    explanation: "Because \\[3 \\times 3 = 9\\] always."
  - id: circle
    type: cloze
    text: "The area of a circle is $\\pi r^2$, so with r = 1 it is {{c1::3.14}}."
  - id: roots
    type: order
    prompt: Smallest first.
    items: ["$1$", "$\\sqrt{2}$", "$2$"]
  - id: trig
    type: match
    prompt: Match the values.
    pairs: [{left: "$\\sin 0$", right: "$0$"}, {left: "$\\cos 0$", right: "$1$"}, {left: "$e^0 + 1$", right: "$2$"}]
  - id: derivative
    type: card
    front: "$\\frac{d}{dx} x^n$"
    back: "$n x^{n-1}$"
  - id: typed-delimiters
    type: card
    front: "In Anki, `\\(x\\)` in a field is math."
    back: Yes.
"""


def test_tex_mistakes_are_located_errors(write_bank, run_cli):
    bank = write_bank(
        MATH_BANK.replace("when $x = 3$", "when $x = 3}$")
        .replace(r"$\\sqrt{2}$", r"$\\sqroot{2}$")
        .replace(r"\\frac{d}{dx}", r"\\frac{d}{dx")
    )
    result = run_cli("validate", bank)
    assert result.exit_code != 0
    out = result.output + result.stderr
    assert re.search(r"bank\.yaml:7:\d+: error: formula 'x = 3\}' in 'prompt' has a '\}' without its '\{'", out), out
    assert re.search(
        r"bank\.yaml:17:\d+: error: formula '\\sqroot\{2\}' in 'items\[1\]' uses the unknown command '\\sqroot'", out
    ), out
    assert re.search(
        r"bank\.yaml:\d+:\d+: error: formula '\\frac\{d\}\{dx x\^n' in 'front' has a '\{' without its '\}'", out
    ), out
    assert "Traceback" not in out


def refused(write_bank, run_cli, *questions: str) -> str:
    """What `quizgen validate` says of a bank of these question lines (its first on line 4),
    which it must refuse."""
    result = run_cli("validate", write_bank("id: m\ntitle: M\nquestions:\n" + "".join(f"  - {q}\n" for q in questions)))
    assert result.exit_code != 0
    return result.output + result.stderr


def test_commands_that_make_links_or_html_attributes_are_located_errors(write_bank, run_cli):
    r"""`\href`, `\style`, `\class` (and `\url`, `\cssId`) do nothing on the page, but Anki and
    Moodle hand the TeX to MathJax, which makes the link or sets the attribute: refused where
    they are, even where latex2mathml knows them or they hide inside `\text`."""
    commands = [
        "href{https://evil.example}{x}",
        "url{https://evil.example}",
        "style{color:red}{x}",
        "class{a}{x}",
        "cssId{a}{x}",
        "data{a=b}{x}",
        "htmlClass{a}{x}",
        "htmlId{a}{x}",
        "htmlStyle{color:red}{x}",
        "htmlData{a=b}{x}",
        "mmlToken{mi}[href='https://evil.example']{x}",
        "bbox[background:url(https://evil.example)]{x}",
        "includegraphics{https://evil.example/a.png}",
        "require{html}",
    ]
    questions = [
        f'{{id: q{n}, type: card, front: "Front", back: "$1 + \\\\{command}$"}}' for n, command in enumerate(commands)
    ]
    questions.append('{id: hidden, type: card, front: "$\\\\text{\\\\href{https://evil.example}{x}}$", back: B}')
    out = refused(write_bank, run_cli, *questions)
    for n, command in enumerate(commands):
        name = command.split("{")[0].split("[")[0]
        assert re.search(
            rf"bank\.yaml:{4 + n}:\d+: error: formula '1 \+ \\{name}.*' in 'back' uses '\\{name}', "
            r"which [^:]+ where the TeX itself is typeset \(MathJax in Anki and Moodle\): not "
            r"allowed in a formula",
            out,
        ), (name, out)
    assert re.search(
        rf"bank\.yaml:{4 + len(commands)}:\d+: error: formula '\\text\{{\\href.*' in 'front' uses "
        r"'\\href', which makes a link",
        out,
    ), out
    assert "Traceback" not in out


def test_formulas_that_only_look_like_those_commands_are_fine():
    from quizgen.text.formulas import problem

    for tex in (r"a \\ href", r"\frac{\mathrm{href}}{2}", r"\text{class} + \mathrm{style}", "x"):
        assert problem(tex) is None, tex
    assert problem(r"\hrefx") == "uses the unknown command '\\hrefx'"
    assert problem(r"\style{color:red}{x}").startswith("uses '\\style', which sets HTML attributes")


def test_a_formula_inside_a_blank_or_its_hint_is_a_located_error_but_around_it_is_fine(write_bank, run_cli):
    out = refused(
        write_bank,
        run_cli,
        '{id: a, type: cloze, text: "So $y = x^2$ is {{c1::a parabola::a curve}}."}',
        '{id: b, type: cloze, text: "The square is {{c1::$x^2$}}."}',
        '{id: c, type: cloze, text: "Speed in {{c1::m/s::unit, $m \\\\cdot s^{-1}$}}."}',
        '{id: d, type: cloze, text: "In {{c1::m::$\\\\mathrm{m}}$}} and {{c2::$5}}."}',
    )
    assert re.search(
        r"bank\.yaml:5:\d+: error: the answer of blank c1 holds the formula 'x\^2', which cannot be "
        r"typed",
        out,
    ), out
    assert re.search(
        r"bank\.yaml:6:\d+: error: the hint of blank c1 holds the formula 'm \\cdot s\^\{-1\}': a "
        r"hint is shown as plain text",
        out,
    ), out
    assert re.search(
        r"bank\.yaml:7:\d+: error: blank c1 ends inside a formula \('\$\\mathrm\{m'\): the '\}\}' of "
        r"its TeX ended the blank; keep formulas out of blanks",
        out,
    ), out
    assert ":4:" not in out and "blank c2" not in out and "Traceback" not in out  # a price in a blank is fine


def test_tex_in_double_quotes_that_yaml_turns_into_escapes_is_a_located_error_with_the_fix(write_bank, run_cli):
    """In double quotes YAML reads `\\f` as a form feed and `\\t` as a tab, so "$\\frac12$" and
    "$3 \\times 3$" would lose their commands; single quotes or a doubled backslash are right."""
    out = refused(
        write_bank,
        run_cli,
        '{id: a, type: truefalse, prompt: "Is $\\frac{1}{2}$ half?", answer: true}',
        '{id: b, type: truefalse, prompt: "Is $3 \\times 3$ nine?", answer: true}',
        '{id: c, type: truefalse, prompt: "Is $3 \\\\times 3$ nine?\\nYes.", answer: true}',
        "{id: d, type: truefalse, prompt: 'Is $3 \\times 3$ nine?', answer: true}",
        '{id: e, type: truefalse, prompt: "Is $\\theta$ an angle?", answer: true}',
        '{id: f, type: truefalse, prompt: "Is $\\Lambda$ a letter?", answer: true}',
        '{id: g, type: truefalse, prompt: "It costs $5\\nThen $6 more?", answer: true}',
    )
    assert re.search(
        r"bank\.yaml:4:\d+: error: 'prompt' contains the control character U\+000C, which YAML makes "
        r"of \\f in double quotes: write \\\\f",
        out,
    ), out
    assert re.search(r"bank\.yaml:5:\d+: error: 'prompt' has a formula in double quotes, where YAML reads \\t", out), (
        out
    )
    for line in (8, 9):  # a command right after the `$`, and \L (a line separator)
        assert re.search(rf"bank\.yaml:{line}:\d+: error: 'prompt' has a formula in double quotes", out), out
    assert ":6:" not in out and ":7:" not in out and ":10:" not in out and "Traceback" not in out
    # A backslash YAML has no escape for stops the parser: the hint says the same.
    out = refused(write_bank, run_cli, '{id: a, type: truefalse, prompt: "Is $\\sqrt{2}$ real?", answer: true}')
    assert re.search(r"bank\.yaml:4:\d+: error: YAML syntax error: found unknown escape character", out), out
    assert "doubles each backslash" in out and "single quotes" in out


def test_prices_stay_prose_and_formulas_become_mathml_with_their_tex():
    from quizgen.text import markup

    assert "<math" not in markup.block("It costs $5 and $2, or $10 to $20.")
    assert markup.plain("It costs $5 and $2.") == "It costs $5 and $2."
    for text in ("$x^2$ costs 2", r"\(x^2\) costs 2", "$$x^2$$", r"\[x^2\]"):
        rendered = str(markup.block(text))
        assert rendered.count("<math") == 1 and "<msup><mi>x</mi><mn>2</mn></msup>" in rendered, text
        assert '<annotation encoding="application/x-tex">x^2</annotation>' in rendered
    # Nothing of MathML beyond the allowlist: no links, styles or handlers.
    rendered = str(markup.block(r"$\href{javascript:alert(1)}{x} \color{red}{y}$"))
    tags = re.findall(r"<[^>]*>", rendered.split("<annotation")[0])
    assert tags and not [t for t in tags if re.search(r"\b(href|style|on\w+)=", t)], tags


def test_the_page_shows_typeset_mathml(write_bank, build_html, open_quiz):
    quiz = open_quiz(build_html(write_bank(MATH_BANK)))
    prompt = quiz.q("square").locator(".prompt")
    assert "It costs $5 and $2." in prompt.inner_text()
    formulas = prompt.locator("math")
    assert formulas.count() == 3
    for i in range(3):
        box = formulas.nth(i).bounding_box()
        assert box and box["width"] > 5 and box["height"] > 5
    # Display math on a line of its own, wider than an inline formula.
    assert formulas.nth(2).get_attribute("display") == "block"
    for qid in ("roots", "trig", "circle"):
        assert quiz.q(qid).locator("math").count() >= 1, qid
    assert "\\frac" not in quiz.page.locator("main").inner_text()
    quiz.assert_clean()


def test_a_function_name_is_set_apart_from_its_argument_on_the_page(write_bank, build_html, open_quiz):
    """`\\sin x` read "sinx" in Chromium (two identifiers side by side); now a thin space and the
    invisible function application stand between them, and not before a bracket."""
    quiz = open_quiz(
        build_html(
            write_bank(
                "id: f\ntitle: F\nquestions:\n  - {id: s, type: truefalse, prompt: '$\\sin x + \\cos(y)$', answer: true}\n"
            )
        )
    )
    gaps = (
        quiz.q("s")
        .locator(".prompt math")
        .evaluate("""math => {
        const box = name => Array.from(math.querySelectorAll('mi')).find(e => e.textContent === name).getBoundingClientRect();
        return [box('x').left - box('sin').right, math.querySelector('mo[stretchy]').getBoundingClientRect().left - box('cos').right];
    }""")
    )
    assert gaps[0] > 2 and gaps[1] < 1, gaps
    quiz.assert_clean()


@pytest.mark.pdf
def test_the_paper_key_and_flashcards_draw_formulas_and_print_no_tex(write_bank, run_cli, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "-f", "pdf,cards", "--card-answers", "-o", out, write_bank(MATH_BANK))
    assert result.exit_code == 0, result.output
    for name in ("math-paper.pdf", "math-key.pdf", "math-cards.pdf"):
        text = subprocess.run(
            ["pdftotext", str(out / "math" / name), "-"], capture_output=True, text=True, check=True
        ).stdout
        if name != "math-cards.pdf":  # small cards wrap the sentence where pdftotext splits it
            assert "It costs $5 and $2." in text
        # The TeX is found in the text, but never printed at a readable size.
        shown = " ".join(readable_words(out / "math" / name))
        for tex in ("x^2", "\\frac", "\\sqrt", "\\sin", "\\pi", "$9$", "r^2", "n-1"):
            assert tex not in shown, (name, tex)
        assert "x^2" in text
    # The formula takes room between "is" and "when", where its TeX used to be printed.
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(out / "math" / "math-paper.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [(x0, x1, w) for x0, y0, x1, y1, w in re.findall(WORD_BOX, bbox) if float(y1) - float(y0) > 3]
    at = next(i for i, w in enumerate(words) if w[2] == "is" and words[i + 1][2] == "when")
    assert float(words[at + 1][0]) - float(words[at][1]) > 10


def test_pdf_html_embeds_each_formula_as_an_svg_on_the_baseline():
    from quizgen.text import formulas, markup

    html = formulas.as_svg_images(str(markup.block(r"A $x_i^2$ and $$\frac12$$")))
    inline, display = re.findall(r"<img [^>]*>", html)
    assert 'class="math-inline"' in inline and "data:image/svg+xml;base64," in inline
    assert re.search(r"vertical-align:-0\.[1-9]\d*em", inline)  # a subscript reaches below the line
    assert 'class="math-display"' in display
    assert "<math" not in html


@pytest.mark.anki
def test_anki_fields_use_anki_mathjax_delimiters(write_bank, run_cli, tmp_path):
    pytest.importorskip("anki")
    from tests.support.anki_deck import imported_deck

    out = tmp_path / "out"
    result = run_cli("build", "-f", "anki", "-o", out, write_bank(MATH_BANK))
    assert result.exit_code == 0, result.output
    with imported_deck(out / "math" / "math.apkg", tmp_path / "learner") as (_, notes):
        prompt = notes["square"]["Prompt"]
        assert r"\(x^2\)" in prompt and r"\[\int_0^1 x\,dx = \frac{1}{2}\]" in prompt
        assert "It costs $5 and $2." in prompt and "<math" not in prompt
        assert r"\(\pi r^2\)" in notes["circle"]["Text"] and "{{c1::3.14}}" in notes["circle"]["Text"]
        assert r"\(n x^{n-1}\)" in notes["derivative"]["Back"]
        # Delimiters the bank typed as text (here in code) are not Anki's math.
        front = notes["typed-delimiters"]["Front"]
        assert "&#92;(x\\)" in front and "\\(x\\)" not in front
        card = notes["circle"].cards()[0]
        assert r"\(\pi r^2\)" in card.question()  # what Anki hands to its MathJax


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_qti_items_hold_mathml_in_its_namespace_and_pyslet_reads_them(write_bank, run_cli, tmp_path):
    import xml.etree.ElementTree as ET
    import zipfile

    pyslet_xml = pytest.importorskip("pyslet.qtiv2.xml")
    out = tmp_path / "out"
    assert run_cli("build", "-f", "qti", "-o", out, write_bank(MATH_BANK)).exit_code == 0
    with zipfile.ZipFile(out / "math" / "math-qti.zip") as archive:
        archive.extractall(tmp_path / "qti")
    item = tmp_path / "qti" / "items" / "Q-square.xml"
    mathml = "{http://www.w3.org/1998/Math/MathML}"
    root = ET.parse(item).getroot()
    formulas = list(root.iter(f"{mathml}math"))
    assert len(formulas) >= 6  # prompt (3), choices (3), explanation
    assert [a.text for a in root.iter(f"{mathml}annotation")][:2] == ["x^2", "x = 3"]
    assert "<m:math" in item.read_text(encoding="utf-8")
    document = pyslet_xml.QTIDocument(base_uri=str(item))
    document.read()
    assert document.root.identifier == "Q-square"


def test_moodle_xml_and_gift_carry_tex_in_moodles_mathjax_delimiters(write_bank, run_cli, tmp_path):
    """Moodle's HTML cleaning drops MathML, and its MathJax filter typesets `\\(...\\)` and
    `\\[...\\]`: both exports read back (XML as Moodle's importer reads it, GIFT through a port of
    Moodle's GIFT importer) hold each formula's TeX between those delimiters."""
    import xml.etree.ElementTree as ET

    from tests.support import moodle_gift_reader
    from tests.support.moodle_reader import moodle_cloze

    out = tmp_path / "out"
    result = run_cli("build", "-f", "moodle,gift", "-o", out, write_bank(MATH_BANK))
    assert result.exit_code == 0, result.output
    root = ET.parse(out / "math" / "math-moodle.xml").getroot()
    xml = {q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"}
    gift = {q["name"]: q for q in moodle_gift_reader.read((out / "math" / "math.gift").read_text("utf-8"))[1:]}

    prompts = {"xml": xml["square"].findtext("questiontext/text"), "gift": gift["square"]["text"]}
    for where, prompt in prompts.items():
        assert r"\(x^2\)" in prompt and r"\[\int_0^1 x\,dx = \frac{1}{2}\]" in prompt, where
        assert "It costs $5 and $2." in prompt and "<math" not in prompt, where
    assert [a.findtext("text") for a in xml["square"].findall("answer")] == [r"\(9\)", r"\(6\)", r"\(3^2 + 1\)"]
    assert sorted(a for _, a in gift["square"]["answers"]) == sorted([r"\(9\)", r"\(6\)", r"\(3^2 + 1\)"])
    assert r"\[3 \times 3 = 9\]" in xml["square"].findtext("generalfeedback/text")
    assert r"\[3 \times 3 = 9\]" in gift["square"]["generalfeedback"]
    # The cloze keeps its blank, and the formula's braces open none.
    text, blanks = moodle_cloze(xml["circle"].findtext("questiontext/text"))
    assert r"\(\pi r^2\)" in html.unescape(text) and "{#1}" in text
    assert [b["answers"][0][1] for b in blanks] == ["3.14"]
    assert r"\(n x^{n-1}\)" in xml["derivative"].findtext("generalfeedback/text") + "".join(
        a.findtext("text") or "" for a in xml["derivative"].iter("answer")
    )
    assert "<math" not in (out / "math" / "math-moodle.xml").read_text("utf-8")


def test_canvas_items_hold_formulas_as_canvas_equation_images(write_bank, run_cli, tmp_path):
    """Canvas's HTML cleaning keeps no MathML; its editor writes a formula as an image its
    `/equation_images/` service draws from the TeX (URL-quoted twice), the TeX in its data."""
    import xml.etree.ElementTree as ET
    import zipfile
    from urllib.parse import unquote

    out = tmp_path / "out"
    result = run_cli("build", "-f", "canvas", "-o", out, write_bank(MATH_BANK))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "math" / "math-canvas.zip") as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".xml") and "/" in n and "meta" not in n]
        root = ET.fromstring(archive.read(name))
    texts = "\n".join(m.text or "" for m in root.iter("{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}mattext"))
    assert "<math" not in texts and "$x^2$" not in texts
    images = re.findall(r'<img class="equation_image"[^>]*>', texts)
    found = {html.unescape(re.search(r'data-equation-content="([^"]*)"', i)[1]) for i in images}
    assert {"x^2", r"\int_0^1 x\,dx = \frac{1}{2}", "9", r"\pi r^2", r"3 \times 3 = 9"} <= found, found
    for image in images:
        tex = html.unescape(re.search(r'data-equation-content="([^"]*)"', image)[1])
        assert unquote(unquote(re.search(r'src="/equation_images/([^"]*)"', image)[1])) == tex
        assert f'alt="LaTeX: {html.escape(tex)}"' in image


FORMULA_CONTROLS_BANK = r"""
id: controls
title: Formules
language: {language}
questions:
  - {{id: square, type: single, prompt: "?", choices: ["$9$", "$6$", "\\(3^2 + 1\\)"], answer: "$9$"}}
  - {{id: some, type: multiple, prompt: "?", choices: ["$x^2$", "$\\frac{{1}}{{3}}$", "$y$ {word}"], answer: ["$y$ {word}"]}}
  - {{id: roots, type: order, prompt: "?", items: ["$1$", "$\\frac{{1}}{{3}}$", "$2$"]}}
  - id: trig
    type: match
    prompt: "?"
    pairs: [{{left: "$\\sin 0$", right: "$0$"}}, {{left: "$\\cos 0$", right: "$1$"}}, {{left: "$e^0 + 1$", right: "$2$"}}]
"""


def chromium_names(page, selector: str) -> list[str]:
    """The accessible names Chromium itself computes (its accessibility tree, through the
    DevTools protocol) for the elements `selector` finds: what a screen reader is told.
    Playwright's own name computation reads MathML as text, so it cannot tell."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        names = []
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
            [ax] = [
                n
                for n in cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
                if not n.get("ignored")
            ][:1]
            names.append(ax.get("name", {}).get("value", ""))
        return names
    finally:
        cdp.detach()


@pytest.mark.parametrize("language,word", [("fr", "seul"), ("ar", "وحده")])
def test_controls_labelled_by_a_formula_are_named_by_its_tex(write_bank, build_html, open_quiz, language, word):
    """Chromium gives MathML no text (nor reads `alttext`): a radio, a checkbox, a drop-down or a
    button whose label is a formula is named by its TeX, without `$` signs; the MathML stays on
    the page and in the accessibility tree for screen readers that read it."""
    from axe_playwright_python.sync_playwright import Axe

    quiz = open_quiz(build_html(write_bank(FORMULA_CONTROLS_BANK.format(language=language, word=word))))
    results = Axe().run(quiz.page)
    assert results.violations_count == 0, results.generate_report()
    assert sorted(chromium_names(quiz.page, "#q-square input")) == ["3^2 + 1", "6", "9"]
    assert sorted(chromium_names(quiz.page, "#q-some input")) == sorted(["x^2", r"\frac{1}{3}", f"y {word}"])
    assert chromium_names(quiz.page, "#q-trig select") == [r"\sin 0", r"\cos 0", "e^0 + 1"]
    moves = chromium_names(quiz.page, "#q-roots .move")
    assert len(moves) == 6 and all(not name.endswith(":") and "$" not in name for name in moves), moves
    assert {name.split(": ")[-1] for name in moves} == {"1", r"\frac{1}{3}", "2"}, moves
    # The formulas themselves are still there, as MathML, beside their controls.
    assert quiz.q("square").locator(".choice math").count() == 3
    assert quiz.q("trig").locator(".match-left math").count() == 3
    assert "MathMLMath" in {
        n.get("role", {}).get("value")
        for n in quiz.page.context.new_cdp_session(quiz.page).send("Accessibility.getFullAXTree")["nodes"]
    }
    # Once checked, a choice's name also says it was the answer, as a text choice's label does.
    quiz.q("square").get_by_role("radio", name="9", exact=True).check()
    quiz.q("square").locator("button.check").click()
    [named] = [name for name in chromium_names(quiz.page, "#q-square input") if name.startswith("9")]
    assert named == "9 " + quiz.q("square").locator(".mark").inner_text().strip(), named
    results = Axe().run(quiz.page)
    assert results.violations_count == 0, results.generate_report()
    # A printout shows the option picked, typeset, not its MathML and TeX run together.
    pair_row = quiz.q("trig").locator(".match-row").first
    pair_row.locator("select").select_option(index=1)
    assert pair_row.locator(".match-pick math").count() == 1
    quiz.assert_clean()


DECIMAL_COMMA_BANK = r"""
id: comma
title: Virgule
language: fr
questions:
  - {id: g, type: numeric, prompt: "Avec $g \\approx 9{,}81$ et $(a, b)$, combien ?", answer: 9.81}
"""


@pytest.mark.pdf
def test_a_braced_decimal_comma_makes_one_number(write_bank, build_html, open_quiz, run_cli, tmp_path):
    """`9{,}81` is how French TeX writes 9,81: one number, no space after its comma, on the page
    as in the PDF; a comma between terms, `(a, b)`, keeps its space."""
    from quizgen.text import formulas

    mathml = formulas.to_mathml(r"g \approx 9{,}81", False)
    assert "<mn>9,81</mn>" in mathml and "<mo>&#x0002C;</mo>" not in mathml
    assert r'<annotation encoding="application/x-tex">g \approx 9{,}81</annotation>' in mathml
    assert "<mn>1,000,5</mn>" in formulas.to_mathml("1{,}000{,}5", False)

    quiz = open_quiz(build_html(write_bank(DECIMAL_COMMA_BANK)))
    gaps = (
        quiz.q("g")
        .locator(".prompt math")
        .evaluate_all("""formulas => formulas.map(math => {
        // Each character's box, in the order drawn (the TeX annotation is not drawn).
        const boxes = [];
        const walker = document.createTreeWalker(math.querySelector('semantics > :first-child'), NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i); range.setEnd(node, i + 1);
            boxes.push([node.data[i], range.getBoundingClientRect()]);
          }
        const comma = boxes.findIndex(([c]) => c === ',');
        return [boxes.map(([c]) => c).join(''), boxes[comma + 1][1].left - boxes[comma][1].right];
    })""")
    )
    (number, number_gap), (pair, pair_gap) = gaps
    assert number == "g≈9,81" and pair == "(a,b)", gaps
    assert abs(number_gap) < 0.5 < pair_gap, gaps
    quiz.assert_clean()

    # The PDF draws the formula from its TeX: the braced comma takes no more room than a point.
    assert formulas.to_svg("9{,}81", False)[1] == pytest.approx(formulas.to_svg("9.81", False)[1])
    assert formulas.to_svg("9{,}81", False)[1] < formulas.to_svg("9,81", False)[1]
    out = tmp_path / "pdf"
    assert run_cli("build", "-f", "pdf", "-o", out, write_bank(DECIMAL_COMMA_BANK)).exit_code == 0
    shown = readable_words(out / "comma" / "comma-paper.pdf")  # not the TeX riding along in 1 pt text
    assert "Avec" in shown and not any("9{,}81" in word for word in shown)
