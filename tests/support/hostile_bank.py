"""A bank of every question type whose text is built to break exporters: GIFT's and Moodle's
special characters (`~ = # { } : \\ / "`), `]]>`, markup, a leading `[html]` or `%50%`, an
answer with `}` inside a cloze blank, non-ASCII text, and an image. Used by the LMS format tests.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import yaml

# Text with every character the formats escape, and some they must leave alone.
NASTY = [
    "a = b",
    "{c}",
    "~d",
    "#e",
    "f: g",
    "back\\slash",
    "[html] not a marker",
    "%50% odd",
    "x -> y",
    "]]> end",
    '"quoted" / slashed',
    "Ωmega café 中文",
    "star*wild",
    "&amp; literal",
]


def png(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (3, 2), colour).save(data, format="PNG")
    return data.getvalue()


def hostile_data() -> dict:
    return {
        "id": "hostile",
        "title": "Tricky / titles: ]]> & <b>bold</b> ~ = # { }",
        "description": 'Every special character: ~ = # { } : \\ / " ]]> & <script>',
        "questions": [
            {
                "id": "single",
                "type": "single",
                "tags": ["chars", "images"],
                "prompt": "Which one? ]]> <script>alert(1)</script> `{code}` é 中 ![a red dot](pic.png)",
                "choices": NASTY[:10],
                "answer": NASTY[0],
                "points": 2,
                "explanation": "Because **a = b** {always}: see ![the dot again](pic.png).",
            },
            {
                "id": "multiple",
                "type": "multiple",
                "tags": ["chars"],
                "prompt": "Pick the letters A.",
                "choices": ["A1 ~", "A2 =", "A3 #", "B1 {", "B2 }", "B3 :", "B4 \\"],
                "answer": ["A1 ~", "A2 =", "A3 #"],
            },
            {
                "id": "multiple-strict",
                "type": "multiple",
                "prompt": "Pick both.",
                "choices": ["yes = 1", "yes {2}", "no"],
                "answer": ["yes = 1", "yes {2}"],
                "partial_credit": False,
            },
            {"id": "tf", "type": "truefalse", "prompt": "Is {this} = true? : # ~", "answer": True},
            {
                "id": "short",
                "type": "short",
                "prompt": "Type one of them.",
                "case_sensitive": True,
                "answer": [
                    "x = {y}",
                    "C:\\path\\n",
                    "a*b",
                    "50% ~ half",
                    '"quoted" / slash',
                    "Ωmega",
                    "T",
                    "[moodle] kept",
                    "]]>",
                ],
            },
            {"id": "short-accents", "type": "short", "prompt": "Where?", "answer": ["Café Señor"], "accents": "ignore"},
            {"id": "num-range", "type": "numeric", "prompt": "Pi, roughly?", "range": [3.14, 3.15], "unit": "km/s"},
            {"id": "num-tolerance", "type": "numeric", "prompt": "Minus two?", "answer": -2, "tolerance": 0.5},
            {"id": "num-tiny", "type": "numeric", "prompt": "Tiny?", "answer": 0.00001},
            {"id": "num-money", "type": "numeric", "prompt": "How much?", "answer": 14.3, "unit": "billion USD"},
            {
                "id": "cloze-one",
                "type": "cloze",
                "text": 'The answer is {{c1::a}b#c~d/e"f\\g=h:i::a hint {x}}} here, not {1:SA:=fake}.',
            },
            {
                "id": "cloze-multi",
                "type": "cloze",
                "case_sensitive": True,
                "partial_credit": False,
                "text": "First {{c1::x = 1}}, then {{c2::{y} & z}} and {{c3::Ωmega]]>}}.",
                "accept": {"c1": ["x=1"], "c3": ["omega"]},
            },
            {
                "id": "match",
                "type": "match",
                "prompt": "Match them.",
                "pairs": [
                    {"left": "x -> y", "right": "= {z}: ~"},
                    {"left": "é # 1", "right": "\\ back"},
                    {"left": "[plain] 3", "right": "-> arrow"},
                ],
            },
            {
                "id": "match-strict",
                "type": "match",
                "prompt": "All or nothing.",
                "partial_credit": False,
                "pairs": [
                    {"left": "one", "right": "1"},
                    {"left": "two", "right": "2"},
                    {"left": "three", "right": "3"},
                ],
            },
            {"id": "order", "type": "order", "prompt": "In order.", "items": ["one {1}", "two = 2", "three ~"]},
            {"id": "card", "type": "card", "front": "Front ]]> {x}", "back": "Back = ~ #"},
            {
                "id": "essay",
                "type": "essay",
                "points": 3,
                "lines": 12,
                "prompt": "Explain {x} = ~y # z: ]]> <b>not bold</b> and $x^2$",
                "answer": "Model = {answer} ~ # : \\ ]]> é 中 and $y_1$",
                "notes": "One = {point} per idea ~ # ]]>",
                "explanation": "Why = {because} #",
            },
            {"id": "essay-plain", "type": "essay", "prompt": "Say more.", "answer": "More."},
        ],
    }


def write_hostile(folder: Path, data: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pic.png").write_bytes(png())
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data or hostile_data(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def random_answers(count: int, seed: int = 17) -> list[str]:
    """Distinct answers made of the characters GIFT and Moodle treat specially, for round trips."""
    rng = random.Random(seed)
    alphabet = "~=#{}:\\/\"'&<>[]%*-> aéΩ中1"
    found: dict[str, None] = {}
    while len(found) < count:
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).strip()
        if any(c.isalnum() for c in text):  # something a reader would type
            found[text] = None
    return list(found)
