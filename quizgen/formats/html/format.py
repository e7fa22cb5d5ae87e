"""`-f html`: one self-contained, self-grading quiz page per bank (`<bank-id>.html`).

Everything the page needs is inside the file: the stylesheet and the script (from
`templates/html/quiz.css` and `quiz.js`, which joins the parts in `templates/html/quiz/`), images
as `data:` URLs (each once, however often it is used), and the answer key. The page makes no
network request and works from `file://`; a Content-Security-Policy with the hashes of our own
style and script blocks anything else, as a second wall behind the sanitiser.

The answer key (and each question's solution: correct answer, explanation, source) is XOR-ed
with a per-page key and base64-encoded, so answers are not readable in the page source. This is
against casual peeking only: the key is in the page too (docs/html.md says so).

Bank text reaches the page only as sanitised `Markup` (quizgen.text.markup) or through autoescaping;
the data for the script goes in with `|tojson`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable, ClassVar

import jinja2
from markupsafe import Markup, escape

from quizgen import grading
from quizgen.bank.dispatch import QuestionTypes
from quizgen.bank.model import (
    DEFAULT_LINES,
    Bank,
    Card,
    Cloze,
    Essay,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from quizgen.formats import Format, read_image
from quizgen.present import citations, i18n
from quizgen.present.answers import numeric_answer
from quizgen.present.data import bank_to_data
from quizgen.present.shuffle import drawn_sections, scrambled, shuffled
from quizgen.present.templating import environment, source_with_includes, template_error
from quizgen.runtime.output import write_atomic
from quizgen.text import cloze, markup
from quizgen.text.numbers import number_text

PAGE_TEMPLATE = "page.html"
SCRIPT = "quiz.js"  # the parts in templates/html/quiz/, joined by its include markers
STYLE = "quiz.css"
BLANK_MIN_CHARS, BLANK_MAX_CHARS = 6, 40  # a cloze blank's width, in characters
_SCRIPT_BREAK = re.compile(r"<(?=!--|/?script)", re.IGNORECASE)
_IMAGE_SENTINEL = "quizgen-image:"
_IMAGE_SRC = re.compile(r'src="' + re.escape(_IMAGE_SENTINEL) + r'(\d+)"')


class _Page:
    """Turns one bank into the values page.html needs. One instance per build."""

    def __init__(self, bank: Bank, seed: int, env):
        self.bank = bank
        self.seed = seed
        self.env = env
        self.words = i18n.translations(bank)  # the fixed words, in the bank's language
        content = json.dumps(bank_to_data(bank), sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(f"{seed}\x1f{content}".encode("utf-8")).hexdigest()
        self.content_hash = digest[:16]
        self.key = hashlib.sha256(f"quizgen-html-key\x1f{digest}".encode()).digest()[:16]
        self._image_numbers: dict[str, int] = {}
        self._data_urls: list[str] = []

    # -- text ---------------------------------------------------------------------------------

    def _images(self, html: Markup, where) -> Markup:
        """Each `<img>` names its image (`data-image="N"`); the image itself is written once, in
        image_style(). A 100 KB picture used on every question would otherwise be copied into
        the page at every use."""
        if "<img" not in html:
            return html

        def image_name(src: str) -> str:
            if src not in self._image_numbers:
                image = read_image(self.bank, src, where)
                self._image_numbers[src] = len(self._data_urls)
                self._data_urls.append(f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}")
            return f"{_IMAGE_SENTINEL}{self._image_numbers[src]}"

        # Image sources are relative paths inside the bank's folder (a scheme such as the
        # sentinel's is refused by validation), so only this rewrite can produce the sentinel.
        named = str(markup.map_image_sources(html, image_name))
        return Markup(_IMAGE_SRC.sub(r'data-image="\1"', named))

    def image_style(self) -> str:
        """One CSS rule per image: `content: url(data:...)` draws it in every `<img>` that names
        it (alt text and all), without JavaScript and within the page's CSP (img-src data:)."""
        return "".join(f'img[data-image="{n}"]{{content:url("{url}")}}\n' for n, url in enumerate(self._data_urls))

    def block(self, text: str, where) -> Markup:
        return self._images(markup.block(text), where)

    def inline(self, text: str, where) -> Markup:
        return self._images(markup.inline(text), where)

    # -- answers ------------------------------------------------------------------------------

    def token(self, question: Question, kind: str, index: int) -> str:
        """An opaque value for a choice, item or match option: its position does not leak."""
        raw = f"{self.key.hex()}\x1f{question.id}\x1f{kind}\x1f{index}".encode()
        return hashlib.sha256(raw).hexdigest()[:10]

    def encode(self, value: object, salt: str) -> str:
        """JSON → UTF-8 → XOR with the page key (offset by a per-question salt) → base64."""
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        offset = sum(salt.encode("utf-8")) % len(self.key)  # quiz.js computes the same
        stream = (self.key * (len(data) // len(self.key) + 2))[offset : offset + len(data)]
        mixed = (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")
        return base64.b64encode(mixed).decode("ascii")

    # -- questions ----------------------------------------------------------------------------

    def question(self, q: Question) -> tuple[dict, dict]:
        """(entry for the page's data, key for the script) of one question.

        The entry is all the page script needs to draw the question (templates/html/quiz/draw.js
        builds its elements when it nears the screen), in short keys, since a bank of 10,000
        questions carries 10,000 of them: `i` id, `t` type, `p` points, `g` tags, `d` difficulty,
        `x` prompt (a card's front, a cloze's text with its blanks), then the type's own fields
        (handlers below). Texts are sanitised HTML. Empty fields are left out."""
        at = q.where
        entry: dict = {"i": q.id, "t": q.type, "p": number_text(q.points)}
        if q.tags:
            entry["g"] = list(q.tags)
        if q.difficulty:
            entry["d"] = q.difficulty
        # The type's own fields go into the entry (and a shown list's places into the key: `_shown`);
        # the correct answer comes back, for the solution.
        key: dict = {}
        answer = self.TYPES.handler(q)(self, q, entry, key)
        # How the script grades it: the grading model's settings, choices named by their tokens;
        # what the solution shows (draw.js lays it out): `a` the answer, `e` the explanation, `n`
        # an essay's marking notes, `s` the source.
        key["g"] = grading.spec(q, self.bank, lambda kind, i: self.token(q, kind, i))
        key["a"] = str(answer)
        if q.explanation:
            key["e"] = str(self.block(q.explanation, at("explanation")))
        if isinstance(q, Essay) and q.notes:
            key["n"] = str(self.block(q.notes, at("notes")))
        if q.source:
            key["s"] = citations.describe(q.source, self.words, evidence=True)
        return entry, key

    def cloze(self, q: Cloze) -> tuple[Markup, Markup]:
        # A nested deletion is one blank, as Anki reveals it (the grading model counts alike).
        html = self.block(cloze.flatten_nested(q.text), q.where("text"))
        shown: list[Markup] = []

        def blank(deletion: cloze.Deletion, index: int) -> str:
            # The deletion here is already HTML (rendered and sanitised): its text is the answer.
            text = markup.text_of(deletion.answer)
            shown.append(Markup(deletion.answer))
            hint = markup.spoken(deletion.hint)
            label = self.words.gettext("Blank %(n)s") % {"n": index + 1} + (
                " (" + self.words.gettext("hint: %(hint)s") % {"hint": hint} + ")" if hint else ""
            )
            # Wide enough for the answer (as the paper's blanks are), within bounds; CSS caps it
            # at the width of the question.
            size = min(max(len(text), len(hint), BLANK_MIN_CHARS - 2) + 2, BLANK_MAX_CHARS)
            return str(
                Markup(
                    '<input type="text" class="blank" data-blank="{}" aria-label="{}"'
                    ' placeholder="{}" size="{}" autocomplete="off" spellcheck="false">'
                ).format(index, label, hint or "…", size)
            )

        text = Markup(cloze.replace(str(html), blank))
        answer = Markup("; ").join(Markup("{}. {}").format(i + 1, s) for i, s in enumerate(shown))
        return text, answer

    def _shown(self, q: Question, kind: str, texts: list[str], field: Callable[[int], str], order, key: dict) -> list:
        """A choice, item or match side list as drawn: `[token, html]`, plus the spoken name a
        formula needs (`_spoken`), in the order `order` gives the bank's places (`field(i)` names
        the i-th text's place in the bank file). The places go in the key (`i`): the attempts the
        page saves name choices, items and sides by place, as the grading model's own responses
        do (grading.spec's default), so that `quizgen report` can grade them (docs/html.md)."""
        items = []
        for i, text in enumerate(texts):
            html = self.inline(text, q.where(field(i)))
            spoken = _spoken(html)
            items.append([self.token(q, kind, i), str(html), *([spoken] if spoken else [])])
        key["i"] = order(list(range(len(items))))
        return [items[i] for i in key["i"]]

    # -- each question type: its fields in the entry, its correct answer as Markup -------------

    def _prompt(self, q, entry: dict) -> None:
        entry["x"] = str(self.block(q.prompt, q.where("prompt")))
        if getattr(q, "shuffle", False):
            entry["s"] = 1

    def _choices(self, q: SingleChoice | MultipleChoice, entry: dict, key: dict) -> Markup:
        self._prompt(q, entry)
        seed, bank = self.seed, self.bank.id
        entry["c"] = self._shown(
            q,
            "choice",
            list(q.choices),
            lambda i: f"choices[{i}]",
            lambda places: shuffled(places, seed, bank, q.id, "choices") if q.shuffle else places,
            key,
        )
        correct = [self.inline(text, q.where(f"choices[{i}]")) for i, text in enumerate(q.choices) if text in q.correct]
        return Markup("; ").join(correct)

    def _truefalse(self, q: TrueFalse, entry: dict, key: dict) -> Markup:
        self._prompt(q, entry)
        return escape(self.words.gettext("True") if q.answer else self.words.gettext("False"))

    def _short(self, q: ShortAnswer, entry: dict, key: dict) -> Markup:
        self._prompt(q, entry)
        return (
            Markup(" {} ").format(self.words.gettext("or")).join(Markup("<q>{}</q>").format(text) for text in q.answer)
        )

    def _numeric(self, q: Numeric, entry: dict, key: dict) -> Markup:
        self._prompt(q, entry)
        if q.unit:
            entry["u"] = q.unit
        shown = numeric_answer(q, self.words)
        if q.other_decimal == "accept":  # which forms count: the other decimal mark too
            shown = self.words.gettext("%(answer)s, with either decimal mark") % {"answer": shown}
        return escape(shown)

    def _cloze(self, q: Cloze, entry: dict, key: dict) -> Markup:
        text, answer = self.cloze(q)
        entry["x"] = str(text)
        return answer

    def _card(self, q: Card, entry: dict, key: dict) -> Markup:
        entry["x"] = str(self.block(q.front, q.where("front")))
        return self.block(q.back, q.where("back"))

    def _essay(self, q: Essay, entry: dict, key: dict) -> Markup:
        self._prompt(q, entry)
        entry["l"] = q.lines or DEFAULT_LINES["essay"]
        return self.block(q.answer, q.where("answer"))

    def _order(self, q: Order, entry: dict, key: dict) -> Markup:
        self._prompt(q, entry)
        seed, bank = self.seed, self.bank.id
        # Never in the right order, whatever `shuffle` says: that would be the answer.
        entry["o"] = self._shown(
            q,
            "item",
            list(q.items),
            lambda i: f"items[{i}]",
            lambda places: scrambled(places, seed, bank, q.id, "items"),
            key,
        )
        items = [self.inline(text, q.where(f"items[{i}]")) for i, text in enumerate(q.items)]
        return Markup("<ol>{}</ol>").format(Markup("").join(Markup("<li>{}</li>").format(item) for item in items))

    def _match(self, q: Match, entry: dict, key: dict) -> Markup:
        self._prompt(q, entry)
        seed, bank = self.seed, self.bank.id
        rights = [markup.plain(pair.right).casefold() for pair in q.pairs]
        # Listed as wrapped text under letters (draw.js letters them); the drop-downs show only
        # the letters, so a long right-hand text never makes a drop-down wider than a phone.
        entry["m"] = self._shown(
            q,
            "right",
            [pair.right for pair in q.pairs],
            lambda i: f"pairs[{i}].right",
            lambda places: (
                shuffled(places, seed, bank, q.id, "rights") if q.shuffle else sorted(places, key=rights.__getitem__)
            ),
            key,
        )
        lefts = []
        for i, pair in enumerate(q.pairs):
            html = self.inline(pair.left, q.where(f"pairs[{i}].left"))
            spoken = _spoken(html)
            lefts.append([str(html), *([spoken] if spoken else [])])
        entry["L"] = lefts
        arrow = i18n.arrow(self.bank.language)
        return Markup("<ul>{}</ul>").format(
            Markup("").join(
                Markup("<li>{} {} {}</li>").format(
                    Markup(left[0]), arrow, self.inline(pair.right, q.where(f"pairs[{i}].right"))
                )
                for i, (left, pair) in enumerate(zip(lefts, q.pairs))
            )
        )

    TYPES: ClassVar[QuestionTypes[Callable[..., Markup]]] = QuestionTypes(
        "html",
        {
            (SingleChoice, MultipleChoice): _choices,
            TrueFalse: _truefalse,
            ShortAnswer: _short,
            Numeric: _numeric,
            Cloze: _cloze,
            Card: _card,
            Essay: _essay,
            Order: _order,
            Match: _match,
        },
    )


def _spoken(html: Markup) -> str:
    """The accessible name a control labelled by `html` needs, or "" when its label names it: a
    formula (MathML) names nothing in Chromium, so a label holding one gets its text spoken with
    the TeX (quizgen.text.markup.spoken) as an aria-label; the MathML stays for screen readers."""
    return markup.spoken(html) if "<math" in html else ""


def render_page(bank: Bank, seed: int = 0, templates: Path | None = None, draw: bool = False) -> str:
    """The page. With `draw`, a practice page of the questions each section draws (`draw: N`),
    drawn with the seed as a printed version draws them."""
    env = environment("html", templates)
    page = _Page(bank, seed, env)
    entries: list[dict] = []
    keys: dict[str, str] = {}
    sections = drawn_sections(bank, seed, "", reorder=False) if draw else bank.parts()
    if draw:
        kept = {q.id for _, questions in sections for q in questions}
        bank = replace(bank, questions=tuple(q for q in bank.questions if q.id in kept))
    for section, questions in sections:
        for i, question in enumerate(questions):
            entry, key = page.question(question)
            if i == 0 and (section.title or section.intro):  # `h`: the section's heading, before it
                entry["h"] = {
                    "t": section.title,
                    "i": str(page.block(section.intro, section.where("intro"))) if section.intro else "",
                    **({"s": 0} if not section.shuffle else {}),
                }
            entries.append(entry)
            keys[question.id] = page.encode(key, question.id)
    # The grading model is quizgen's own (quizgen/grading/grading.js, the twin of grading.py), not a
    # template's: a --templates folder cannot change how answers are judged.
    try:
        script = grading.SCRIPT.read_text(encoding="utf-8") + "\n" + source_with_includes(env, SCRIPT)
    except jinja2.TemplateError as error:  # an include that a --templates folder got wrong
        raise template_error(error, bank, "page script") from error
    style = env.loader.get_source(env, STYLE)[0]
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("the page's script or style contains a closing tag")
    data = {
        "bank": bank.id,
        "hash": page.content_hash,
        "key": base64.b64encode(page.key).decode("ascii"),
        "answers": keys,
        "questions": entries,
        **i18n.script_words(script, bank),
    }
    images = page.image_style()
    return env.get_template(PAGE_TEMPLATE).render(
        **i18n.bank_context(bank),
        description=page.block(bank.description, bank.where("description")) if bank.description else "",
        instructions=page.block(bank.instructions, bank.where("instructions")) if bank.instructions else "",
        count=len(entries),
        data=Markup(script_json(data)),
        script=Markup(script),
        style=Markup(style),
        script_hash=_csp_hash(script),
        style_hash=_csp_hash(style),
        image_style=Markup(images),
        image_style_hash=_csp_hash(images) if images else "",
    )


def script_json(value: object) -> str:
    """`value` as JSON to sit inside a `<script>` element. Only `</script`, `<!--` and `<script`
    change how the element's text is read (HTML's script data states), and a `<` can only appear
    inside a JSON string, where `\\u003c` means the same. Jinja's `tojson` escapes every `<`, `>`,
    `&` and `'`, and adds spaces: that made the questions' HTML twice as long."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return _SCRIPT_BREAK.sub(r"\\u003c", text)


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


class HtmlFormat(Format):
    name = "html"
    question_types = _Page.TYPES

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        text = render_page(bank, self.options.seed, self.options.templates, self.options.draw)
        return [write_atomic(out_dir / f"{bank.id}.html", text)]


FORMAT = HtmlFormat
