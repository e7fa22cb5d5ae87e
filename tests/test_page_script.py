"""The page script's parts (templates/html/quiz/*.js): how quiz.js joins them, and the parts
that need no page (words, key, store, shuffle) run alone in a blank Chromium page and checked
against the Python that writes what they read. The whole page is driven in tests/test_html.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from quizgen.formats.html import format as html
from quizgen.present import i18n
from quizgen.present.templating import INCLUDE, environment, source_with_includes

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "html"
PARTS = TEMPLATES / "quiz"
PURE = ("words", "key", "store", "shuffle")  # the parts that load without the page's elements


def joined_script() -> str:
    return source_with_includes(environment("html"), html.SCRIPT)


# ------------------------------------------------------------------------------ joining


def test_quiz_js_includes_every_part_once_and_each_says_what_it_holds():
    included = INCLUDE.findall((TEMPLATES / "quiz.js").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(TEMPLATES).as_posix() for p in PARTS.glob("*.js"))
    # babel.cfg extracts every .js file there: one left out of quiz.js would be translated for nothing.
    assert sorted(included) == on_disk and len(set(included)) == len(included)
    # words reads the quiz-data block every part uses; events starts the page once all is defined.
    assert included[0] == "quiz/words.js" and included[-1] == "quiz/events.js"
    for name in included:
        first = (TEMPLATES / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"// {Path(name).stem}: "), (name, first)
    script = joined_script()
    assert "<!-- include" not in script
    # What i18n.script_words reads (the joined script) holds every part's words.
    for name in included:
        for word in re.findall(r'\bT\("((?:[^"\\]|\\.)*)"', (TEMPLATES / name).read_text(encoding="utf-8")):
            assert f'T("{word}"' in script


def test_includes_are_read_through_the_templates_folder(tmp_path):
    import jinja2

    folder = tmp_path / "t"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.js").write_text("a\n<!-- include sub/b.js -->\n<!-- include own.js -->\nz\n", encoding="utf-8")
    (folder / "sub" / "b.js").write_text("b\n<!-- include sub/c.js -->\n", encoding="utf-8")
    (folder / "sub" / "c.js").write_text("c\n\n", encoding="utf-8")
    (folder / "own.js").write_text("a template's own.js, never read\n", encoding="utf-8")
    (tmp_path / "quizgen.js").write_text("quizgen's\n", encoding="utf-8")
    (folder / "loop.js").write_text("<!-- include sub/loop.js -->", encoding="utf-8")
    (folder / "sub" / "loop.js").write_text("<!-- include loop.js -->", encoding="utf-8")
    (folder / "missing.js").write_text("<!-- include sub/nothing.js -->", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)))
    assert source_with_includes(env, "a.js", own={"own.js": tmp_path / "quizgen.js"}) == "a\nb\nc\nquizgen's\nz\n"
    with pytest.raises(jinja2.TemplateError, match="an include loop: loop.js includes sub/loop.js includes loop.js"):
        source_with_includes(env, "loop.js")
    with pytest.raises(jinja2.TemplateNotFound, match="missing.js includes sub/nothing.js, which is not a template"):
        source_with_includes(env, "missing.js")


EXAMPLE = """\
id: parts
title: Parts
questions:
  - {id: sky, type: truefalse, prompt: Is the sky blue?, answer: true}
"""


def _page_script(page: Path) -> str:
    return re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)[0]


def test_one_part_can_be_overridden_and_each_part_is_a_build_input(run_cli, write_bank, tmp_path):
    bank = write_bank(EXAMPLE)
    overrides = tmp_path / "templates"
    (overrides / "html" / "quiz").mkdir(parents=True)
    words = overrides / "html" / "quiz" / "words.js"
    words.write_text((PARTS / "words.js").read_text(encoding="utf-8") + "// first edit\n", encoding="utf-8")
    out = tmp_path / "out"

    def build():
        result = run_cli("build", "-f", "html", "-o", out, "--templates", overrides, bank)
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "1 written" in build()
    page = out / "parts" / "parts.html"
    assert "// first edit" in _page_script(page) and "function applyShuffle()" in _page_script(page)
    assert "up to date: " in build()
    words.write_text(words.read_text(encoding="utf-8").replace("first edit", "second edit"), encoding="utf-8")
    assert "1 written" in build()
    assert "// second edit" in _page_script(page)


def test_a_missing_part_is_a_located_build_error(run_cli, write_bank, tmp_path):
    bank = write_bank(EXAMPLE)
    overrides = tmp_path / "templates"
    (overrides / "html").mkdir(parents=True)
    (overrides / "html" / "quiz.js").write_text(
        (TEMPLATES / "quiz.js").read_text(encoding="utf-8").replace("quiz/key.js", "quiz/keys.js"), encoding="utf-8"
    )
    result = run_cli("build", "-f", "html", "-o", tmp_path / "out", "--templates", overrides, bank)
    assert result.exit_code != 0
    assert re.search(
        r"bank\.yaml:\d+:\d+: error: page script: quiz\.js includes quiz/keys\.js, which is not a "
        r"template",
        result.output,
    ), result.output


# What writes the state: an assignment into it (or into an alias of a part of it), a delete, a push.
_STATE_WRITE = re.compile(
    r"\bstate(\.\w+|\[[^\]]+\])*\s*=(?!=)|\be(\.\w+|\[[^\]]+\])+\s*=(?!=)"
    r"|\bstore\(q\)\[[^\]]+\]\s*=(?!=)|\bdelete state\b|\b(state|e)(\.\w+)+\.push\("
)


def _change_spans(text: str) -> list[tuple[int, int]]:
    """Where the functions handed to update() are, from their `{` to the matching `}`."""
    spans = []
    for match in re.finditer(r"\bupdate\(function \(\) \{", text):
        depth, at = 0, match.end() - 1
        while True:
            depth += {"{": 1, "}": -1}.get(text[at], 0)
            if depth == 0:
                break
            at += 1
        spans.append((match.start(), at))
    return spans


def test_every_change_of_the_state_is_saved_and_drawn_by_update():
    """One path from a change to the page: update(change, scope, q) saves the state and draws what
    the change can alter. The state is written nowhere else (store.js builds it), and only update
    saves, so an action cannot change the state and forget to save it or to show it."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(PARTS.glob("*.js"))}
    saves = [(name, m.start()) for name, text in texts.items() for m in re.finditer(r"(?<!function )\bsave\(\)", text)]
    assert [name for name, _ in saves] == ["actions.js"]
    assert re.search(r"function update\(change, scope, q\) \{\n  change\(\);\n  save\(\);", texts["actions.js"])
    outside = []
    for name, text in texts.items():
        if name == "store.js":
            continue
        spans = _change_spans(text)
        for write in _STATE_WRITE.finditer(text):
            if not any(start < write.start() < end for start, end in spans):
                line = text.count("\n", 0, write.start()) + 1
                outside.append(f"{name}:{line}: {text.splitlines()[line - 1].strip()}")
    assert outside == []
    assert len(_change_spans(texts["actions.js"])) >= 10  # the check itself finds the actions' changes


# ------------------------------------------------------------------------------ parts alone


@pytest.fixture
def parts(browser):
    """A blank page with the quiz-data block and just the named parts, each run in strict mode as
    the page runs it; returns the page (call the parts' functions with page.evaluate)."""
    pages = []

    def load(*names: str, data: dict | None = None):
        page = browser.new_page()
        pages.append(page)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        block = json.dumps(
            {"bank": "parts", "hash": "0123456789abcdef", "key": "AAAA", "answers": {}, **(data or {})}
        ).replace("</", "<\\/")
        page.set_content(
            f'<!doctype html><title>parts</title><script type="application/json" id="quiz-data">{block}</script>'
        )
        for name in names:
            page.add_script_tag(content='"use strict";\n' + (PARTS / f"{name}.js").read_text(encoding="utf-8"))
        assert errors == []
        return page

    yield load
    for page in pages:
        page.close()


def test_the_pure_parts_load_alone_in_a_blank_page(parts):
    for name in PURE:
        parts(*dict.fromkeys(["words", name]))  # none needs the page's elements, nor any part but words (data)
    page = parts(*PURE)
    assert page.evaluate("typeof T + typeof key + typeof migrated + typeof shuffledCopy") == "function" * 4


def test_words_fill_messages_and_plurals_as_python_does(parts):
    """T and N against the catalogs: the words come from i18n.script_words for the real script,
    and each count's form from the language's own plural rule (Arabic has six)."""
    script = joined_script()
    bank = SimpleNamespace(language="ar", labels={"score": "100% Score"})
    page = parts("words", data=i18n.script_words(script, bank))
    words = i18n.translations(bank)
    counts = list(range(0, 230)) + [1000, 1001, 1002, 1011, 1099, 123456]
    assert page.evaluate('ns => ns.map(n => N("%(num)s question", "%(num)s questions", n))', counts) == [
        words.ngettext("%(num)s question", "%(num)s questions", n) % {"num": n} for n in counts
    ]
    assert page.evaluate('T("%(done)s of %(questions)s answered", {done: 3, questions: "x"})') == words.gettext(
        "%(done)s of %(questions)s answered"
    ) % {"done": 3, "questions": "x"}
    assert page.evaluate('T("Score")') == "100% Score"  # a label is text: its % stays a percent sign
    assert page.evaluate('T("%(number)s%%", {number: numberText("58.3")})') == words.gettext("%(number)s%%") % {
        "number": "58" + i18n.script_words(script, bank)["decimal"] + "3"
    }


def test_words_without_a_catalog_are_the_english_text(parts):
    page = parts("words", data={"words": {}})
    assert page.evaluate("""[T("Correct"), T("%(a)s and %(b)s, 100%%", {a: 1}), N("%(num)s point", "%(num)s points", 1),
                             N("%(num)s point", "%(num)s points", 2, {num: "2,5"}), numberText("2.5")]""") == [
        "Correct",
        "1 and %(b)s, 100%",
        "1 point",
        "2,5 points",
        "2.5",
    ]


def test_key_decodes_what_the_build_encodes(parts):
    secret = bytes(range(7, 23))
    builder = SimpleNamespace(key=secret)  # html._Page.encode needs only the page's key
    values = {
        "sky": {"g": {"type": "truefalse", "answer": True}, "h": "<p>Blue</p>"},
        "größe-1": {"g": {"answer": ["Zürich", "東京", "😀"]}, "h": ""},
        "q" * 60: [1, 2.5, None, "x" * 100],
    }
    answers = {qid: html._Page.encode(builder, value, qid) for qid, value in values.items()}
    import base64

    page = parts("words", "key", data={"key": base64.b64encode(secret).decode("ascii"), "answers": answers})
    assert page.evaluate("ids => ids.map(key)", list(values)) == list(values.values())
    assert page.evaluate("key('sky') === key('sky')")  # decoded once, then kept


def test_store_migrates_what_earlier_pages_saved(parts):
    page = parts("words", "store")
    fresh = page.evaluate("fresh()")
    assert fresh == {
        "v": 2,
        "mode": "practice",
        "shuffle": None,
        "exam": page.evaluate("freshExam()"),
        "attempts": [],
        "practice": {"answers": {}, "checked": {}, "revealed": {}, "only": None, "texts": {}, "at": None},
    }
    practice_v1 = {
        "v": 1,
        "mode": "practice",
        "shuffle": 7,
        "answers": {"a": "x"},
        "checked": {"a": True},
        "revealed": {"c": True},
        "submitted": False,
        "only": ["a"],
    }
    exam_v1 = {"v": 1, "mode": "exam", "shuffle": None, "answers": {"a": "x"}, "submitted": True, "only": None}
    retried_v1 = {**exam_v1, "only": ["a"]}  # a v1 retry reopened the exam: not submitted
    migrated = page.evaluate("saved => saved.map(migrated)", [practice_v1, exam_v1, retried_v1])
    assert migrated[0] == {
        **fresh,
        "shuffle": 7,
        "practice": {
            "answers": {"a": "x"},
            "checked": {"a": True},
            "revealed": {"c": True},
            "only": None,
            "texts": {},
            "at": None,
        },
    }
    assert migrated[1] == {**fresh, "mode": "exam", "exam": {**fresh["exam"], "answers": {"a": "x"}, "submitted": True}}
    assert migrated[2]["exam"]["submitted"] is False

    current = {
        **fresh,
        "mode": "exam",
        "shuffle": 0,
        "attempts": [{"earned": 1000000, "points": 9000000}],
        "exam": {
            "answers": {"a": ["1"]},
            "submitted": True,
            "rounds": [{"count": 1, "earned": 0, "points": 1}],
            "retry": {"ids": ["a"], "answers": {}, "submitted": False},
            "showAll": True,
            "texts": {"e": "Exam essay."},
            "at": "2026-12-06T10:00:00.000Z",
        },
        "practice": {
            "answers": {"b": "y"},
            "checked": {"b": True},
            "revealed": {},
            "only": ["b"],
            "texts": {"e": "Practice essay."},
            "at": "2026-12-06T10:05:00.000Z",
        },
    }
    partial = {
        "v": 2,
        "mode": "party",
        "practice": {"answers": {"b": "y"}, "extra": 1},
        "exam": {"submitted": True},
        "attempts": "not a list",
    }
    # A page from before attempts, essay texts and times were kept: theirs start empty, the rest is kept.
    older = {
        **current,
        "exam": {k: v for k, v in current["exam"].items() if k not in ("texts", "at")},
        "practice": {k: v for k, v in current["practice"].items() if k not in ("texts", "at")},
    }
    del older["attempts"]
    kept = page.evaluate("saved => saved.map(migrated)", [current, partial, older])
    assert kept[0] == current
    assert kept[1] == {
        **fresh,
        "practice": {**fresh["practice"], "answers": {"b": "y"}},
        "exam": {**fresh["exam"], "submitted": True},
    }
    assert kept[2] == {
        **current,
        "attempts": [],
        "exam": {**current["exam"], "texts": {}, "at": None},
        "practice": {**current["practice"], "texts": {}, "at": None},
    }
    # Anything else starts afresh: no progress, another version, a version 2 without its parts.
    assert (
        page.evaluate("saved => saved.map(migrated)", [None, 3, "x", [], {"v": 3}, {"v": 2}, {"v": 2, "practice": {}}])
        == [fresh] * 7
    )


def test_every_word_the_page_script_asks_for_is_in_the_message_template():
    """The build gives the script the translation of each `T("...")` it finds (i18n.script_words),
    but `pybabel extract` misses a call nested in another's arguments: such a word would stay
    English in every language. So every word the script asks for must be in quizgen.pot."""
    from babel.messages.pofile import read_po

    with (ROOT / "quizgen" / "locale" / "quizgen.pot").open("rb") as kept:
        listed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(kept) if m.id}
    script = joined_script()
    asked = set(i18n._SCRIPT_MESSAGE.findall(script)) | {s for s, _ in i18n._SCRIPT_PLURAL.findall(script)}
    assert asked - listed == set()


def test_store_saves_under_this_builds_key_and_reads_it_back(parts):
    page = parts("words", "store")
    assert page.evaluate("state") == page.evaluate("fresh()")
    saved = page.evaluate("""() => {
        const kept = {};
        storage = { getItem: k => k in kept ? kept[k] : null, setItem: (k, v) => { kept[k] = v; } };
        state.mode = "exam"; state.exam.answers.a = "x";
        save();
        const back = loadState();
        kept[storeKey] = '{"v": 2, "practice": "not an object", "exam": {}}';
        const unreadable = loadState();
        kept[storeKey] = "{not json";
        const broken = loadState();
        storage.setItem = () => { throw new Error("QuotaExceededError"); };
        save();  // a full storage is not an error: the page keeps going
        return [Object.keys(kept), back, unreadable, broken];
    }""")
    assert saved[0] == ["quizgen:parts:0123456789abcdef"]
    assert saved[1]["mode"] == "exam" and saved[1]["exam"]["answers"] == {"a": "x"}
    assert saved[2] == saved[3] == page.evaluate("fresh()")


M32 = 0xFFFFFFFF


def _mulberry32(seed: int):
    t = seed & M32

    def next_() -> float:
        nonlocal t
        t = (t + 0x6D2B79F5) & M32
        r = ((t ^ (t >> 15)) * (1 | t)) & M32
        r = ((r + (((r ^ (r >> 7)) * (61 | r)) & M32)) & M32) ^ r
        return ((r ^ (r >> 14)) & M32) / 4294967296

    return next_


def _fnv1a(text: str) -> int:
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):  # JavaScript strings are UTF-16 code units
        h = ((h ^ int.from_bytes(data[i : i + 2], "little")) * 16777619) & M32
    return h


def test_shuffles_are_mulberry32_and_fnv1a_so_saved_seeds_keep_their_order(parts):
    """A learner's saved shuffle is a seed: the same seed must lay the page out the same way
    after any update of quizgen, so the generator and the salt are pinned here."""
    page = parts("words", "shuffle")
    seeds = [0, 1, 12345, 2**31, 2**32 - 1]
    assert page.evaluate("seeds => seeds.map(s => { const r = rng(s); return [r(), r(), r()]; })", seeds) == [
        [r(), r(), r()] for s in seeds for r in [_mulberry32(s)]
    ]
    assert page.evaluate("rng(0)()") == 0.26642920868471265  # mulberry32's published first value
    texts = ["", "a", "sky/0", "größe/12", "東京/3", "😀/1"]
    assert page.evaluate("texts => texts.map(hash)", texts) == [_fnv1a(t) for t in texts]
    assert page.evaluate("shuffledCopy([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], rng(12345))") == [6, 4, 8, 0, 1, 7, 5, 3, 2, 9]
    same, untouched, sizes = page.evaluate("""() => {
        const list = Array.from({length: 50}, (_, i) => i);
        const a = shuffledCopy(list, rng(99)), b = shuffledCopy(list, rng(99));
        return [JSON.stringify(a) === JSON.stringify(b), list.every((v, i) => v === i),
                [0, 1, 2, 7].map(n => shuffledCopy(Array.from({length: n}, (_, i) => i), rng(5)).sort((x, y) => x - y).join())];
    }""")
    assert same and untouched and sizes == ["", "0", "0,1", "0,1,2,3,4,5,6"]


def test_match_letters_are_the_ones_the_build_writes(parts):
    from quizgen.present import i18n
    from quizgen.present.i18n import lettered

    page = parts("words", "shuffle")
    assert page.evaluate("Array.from({length: 800}, (_, n) => letter(n))") == [lettered(n) for n in range(800)]
    # An Arabic bank's letters (the build gives them in the quiz data), named again the same way.
    arabic = i18n.choice_letters(i18n._translations("ar", ()))
    page = parts("words", "shuffle", data={"letters": list(arabic)})
    assert page.evaluate("Array.from({length: 60}, (_, n) => letter(n))") == [lettered(n, arabic) for n in range(60)]
