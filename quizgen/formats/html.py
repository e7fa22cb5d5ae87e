"""`-f html`: one self-contained, self-grading quiz page per bank (`<bank-id>.html`).

Everything the page needs is inside the file: the stylesheet and the script (from
`templates/html/quiz.css` and `quiz.js`), images as `data:` URLs, and the answer key. The page
makes no network request and works from `file://`; a Content-Security-Policy with the hashes of
our own style and script blocks anything else, as a second wall behind the sanitiser.

The answer key (and each question's solution: correct answer, explanation, source) is XOR-ed
with a per-page key and base64-encoded, so answers are not readable in the page source. This is
against casual peeking only: the key is in the page too (docs/html.md says so).

Bank text reaches the page only as sanitised `Markup` (quizgen.markup) or through autoescaping;
the data for the script goes in with `|tojson`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
from pathlib import Path

from markupsafe import Markup, escape

from quizgen import assets, citations, cloze, markup
from quizgen.answers import number_text, numeric_answer
from quizgen.formats import BuildError, Format
from quizgen.formats.json import bank_to_data
from quizgen.model import (Bank, Card, Cloze, Match, MultipleChoice, Numeric, Order, Question,
                           ShortAnswer, SingleChoice, TrueFalse)
from quizgen.output import write_atomic
from quizgen.shuffle import scrambled, shuffled
from quizgen.templating import environment

PAGE_TEMPLATE = "page.html"
SOLUTION_TEMPLATE = "solution.html"
SCRIPT = "quiz.js"
STYLE = "quiz.css"


class _Page:
    """Turns one bank into the values page.html needs. One instance per build."""

    def __init__(self, bank: Bank, seed: int, env):
        self.bank = bank
        self.seed = seed
        self.env = env
        content = json.dumps(bank_to_data(bank), sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(f"{seed}\x1f{content}".encode("utf-8")).hexdigest()
        self.content_hash = digest[:16]
        self.key = hashlib.sha256(f"quizgen-html-key\x1f{digest}".encode()).digest()[:16]
        self._data_urls: dict[str, str] = {}
        self._solution = env.get_template(SOLUTION_TEMPLATE)

    # -- text ---------------------------------------------------------------------------------

    def _images(self, html: Markup, where) -> Markup:
        if "<img" not in html:
            return html

        def data_url(src: str) -> str:
            if src not in self._data_urls:
                try:
                    data = assets.read(self.bank.folder, src)
                except assets.AssetError as problem:
                    raise BuildError(where, f"image '{src}' {problem}") from problem
                mime = mimetypes.guess_type(src)[0] or "application/octet-stream"
                if not mime.startswith("image/"):
                    raise BuildError(where, f"image '{src}' is not an image file ({mime})")
                self._data_urls[src] = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
            return self._data_urls[src]

        return markup.map_image_sources(html, data_url)

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
        stream = (self.key * (len(data) // len(self.key) + 2))[offset:offset + len(data)]
        mixed = (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")
        return base64.b64encode(mixed).decode("ascii")

    # -- questions ----------------------------------------------------------------------------

    def question(self, q: Question, number: int) -> tuple[dict, dict]:
        """(view for the template, key for the script) of one question."""
        at = q.where
        view: dict = {"id": q.id, "dom": f"q-{q.id}", "number": number, "type": q.type,
                      "points": q.points, "points_text": number_text(q.points), "tags": list(q.tags),
                      "difficulty": q.difficulty, "shuffle": getattr(q, "shuffle", False)}
        key: dict = {}
        answer = ""  # the correct answer for the solution, as Markup
        if isinstance(q, (SingleChoice, MultipleChoice)):
            view["prompt"] = self.block(q.prompt, at("prompt"))
            choices = [{"value": self.token(q, "choice", i), "html": self.inline(text, at(f"choices[{i}]")),
                        "text": text} for i, text in enumerate(q.choices)]
            shown = shuffled(choices, self.seed, self.bank.id, q.id, "choices") if q.shuffle else choices
            view["choices"] = shown
            correct = [c for c in choices if c["text"] in q.correct]
            key["a"] = [c["value"] for c in correct]
            if isinstance(q, MultipleChoice):
                key["p"] = q.partial_credit
            answer = Markup("; ").join(c["html"] for c in correct)
        elif isinstance(q, TrueFalse):
            view["prompt"] = self.block(q.prompt, at("prompt"))
            key["a"] = "true" if q.answer else "false"
            answer = Markup("True" if q.answer else "False")
        elif isinstance(q, ShortAnswer):
            view["prompt"] = self.block(q.prompt, at("prompt"))
            key["a"] = sorted({form for text in q.answer for form in (text.strip(), markup.plain(text))})
            key["cs"] = q.case_sensitive
            answer = Markup(" or ").join(Markup("<q>{}</q>").format(text) for text in q.answer)
        elif isinstance(q, Numeric):
            view["prompt"] = self.block(q.prompt, at("prompt"))
            view["unit"] = q.unit
            low, high = q.bounds
            key["lo"], key["hi"] = low, high
            answer = escape(numeric_answer(q))
        elif isinstance(q, Cloze):
            view["text"], key["a"], answer = self.cloze(q)
        elif isinstance(q, Card):
            view["front"] = self.block(q.front, at("front"))
            answer = self.block(q.back, at("back"))
        elif isinstance(q, Order):
            view["prompt"] = self.block(q.prompt, at("prompt"))
            items = [{"value": self.token(q, "item", i), "html": self.inline(text, at(f"items[{i}]")),
                      "text": markup.plain(text)} for i, text in enumerate(q.items)]
            # Never in the right order, whatever `shuffle` says: that would be the answer.
            view["order_items"] = scrambled(items, self.seed, self.bank.id, q.id, "items")
            key["a"] = [item["value"] for item in items]
            answer = Markup("<ol>{}</ol>").format(Markup("").join(Markup("<li>{}</li>").format(i["html"])
                                                                    for i in items))
        elif isinstance(q, Match):
            view["prompt"] = self.block(q.prompt, at("prompt"))
            rights = [{"value": self.token(q, "right", i), "text": markup.plain(pair.right)}
                      for i, pair in enumerate(q.pairs)]
            view["options"] = shuffled(rights, self.seed, self.bank.id, q.id, "rights") if q.shuffle \
                else sorted(rights, key=lambda r: r["text"].casefold())
            view["lefts"] = [self.inline(pair.left, at(f"pairs[{i}].left")) for i, pair in enumerate(q.pairs)]
            key["a"] = [r["value"] for r in rights]
            answer = Markup("<ul>{}</ul>").format(Markup("").join(
                Markup("<li>{} → {}</li>").format(left, self.inline(pair.right, at(f"pairs[{i}].right")))
                for i, (left, pair) in enumerate(zip(view["lefts"], q.pairs))))
        else:  # pragma: no cover - a new question type must be taught to this format
            raise BuildError(at(), f"the html format does not know question type '{q.type}'")
        solution = self._solution.render(
            question=q, answer=answer, card=isinstance(q, Card),
            explanation=self.block(q.explanation, at("explanation")) if q.explanation else "",
            source=citations.describe(q.source, evidence=True))
        key["h"] = solution.strip()
        return view, key

    def cloze(self, q: Cloze) -> tuple[Markup, list, Markup]:
        html = self.block(q.text, q.where("text"))
        sources = cloze.deletions(q.text)
        blanks: list[list[str]] = []
        shown: list[Markup] = []

        def blank(deletion: cloze.Deletion, index: int) -> str:
            # The deletion here is already HTML (rendered and sanitised): its text is the answer.
            text = markup.text_of(deletion.answer)
            accepted = {text}
            if len(sources) > index:
                accepted |= {sources[index].answer.strip(), markup.plain(sources[index].answer)}
            blanks.append(sorted(a for a in accepted if a))
            shown.append(Markup(deletion.answer))
            hint = markup.text_of(deletion.hint)
            label = f"Blank {index + 1}" + (f" (hint: {hint})" if hint else "")
            return str(Markup('<input type="text" class="blank" data-blank="{}" aria-label="{}"'
                              ' placeholder="{}" autocomplete="off" spellcheck="false">')
                       .format(index, label, hint or "…"))

        text = Markup(cloze.replace(str(html), blank))
        answer = Markup("; ").join(Markup("{}. {}").format(i + 1, s) for i, s in enumerate(shown))
        return text, blanks, answer


def render_page(bank: Bank, seed: int = 0, templates: Path | None = None) -> str:
    env = environment("html", templates)
    page = _Page(bank, seed, env)
    views, keys = [], {}
    for number, question in enumerate(bank.questions, start=1):
        view, key = page.question(question, number)
        views.append(view)
        keys[question.id] = page.encode(key, question.id)
    script = env.loader.get_source(env, SCRIPT)[0]
    style = env.loader.get_source(env, STYLE)[0]
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("the page's script or style contains a closing tag")
    tags = sorted({tag for q in bank.questions for tag in q.tags})
    data = {"bank": bank.id, "hash": page.content_hash, "key": base64.b64encode(page.key).decode("ascii"),
            "answers": keys, "total": sum(q.points for q in bank.questions)}
    return env.get_template(PAGE_TEMPLATE).render(
        bank=bank, description=page.block(bank.description, bank.where("description"))
        if bank.description else "", questions=views, tags=tags, data=data,
        script=Markup(script), style=Markup(style),
        script_hash=_csp_hash(script), style_hash=_csp_hash(style))


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


class HtmlFormat(Format):
    name = "html"
    description = "a self-grading quiz page: one offline HTML file"

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        text = render_page(bank, self.options.seed, self.options.templates)
        return [write_atomic(out_dir / f"{bank.id}.html", text)]


FORMAT = HtmlFormat
