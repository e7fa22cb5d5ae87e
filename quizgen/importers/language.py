"""The language of an imported bank, when its text tells: most of its letters in one script
other than Latin, and letters that only one language of that script uses (`ы` is Russian, `ї`
Ukrainian). Latin-script text says nothing here (English, French and Spanish share it), nor does
a script several languages share without such letters: then the import suggests `language:`."""

from __future__ import annotations

import unicodedata
from collections import Counter

# script (as Unicode names a letter's first word) -> [(letters only this language uses, tag)],
# the last entry with no letters being the script's one language, if it has one.
_LANGUAGES = {
    # Belarusian shares ы, э, ё with Russian and і with Ukrainian, so ў is asked first;
    # Bulgarian has no letter of its own here, and is suggested, not guessed.
    "CYRILLIC": [("ў", "be"), ("їєґ", "uk"), ("ђјљњћџ", "sr"), ("ѓќѕ", "mk"), ("ыэё", "ru")],
    "GREEK": [("", "el")],
    "ARMENIAN": [("", "hy")],
    "GEORGIAN": [("", "ka")],
    "HEBREW": [("", "he")],
    "ARABIC": [("پچژگ", "fa"), ("ٹڈڑ", "ur")],
    "HIRAGANA": [("", "ja")],
    "KATAKANA": [("", "ja")],
    "HANGUL": [("", "ko")],
    "CJK": [("", "zh")],
    "THAI": [("", "th")],
    "DEVANAGARI": [],
}
# The languages a script's text is most often in, most used first, to suggest when no letter tells.
_SUGGESTED = {"CYRILLIC": "ru, uk, bg, sr", "ARABIC": "ar, fa, ur", "DEVANAGARI": "hi, mr, ne"}
_SHOWN = {"CJK": "Chinese characters", "HANGUL": "Hangul"}


def script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else ""


def guess(texts: list[str]) -> tuple[str, str]:
    """(language tag or "", why): the tag when the text tells, else "" and, when most of it is in
    a script of several languages, a sentence suggesting what to write."""
    letters = [c for text in texts for c in text if c.isalpha()]
    if not letters:
        return "", ""
    scripts = Counter(script_of(c) for c in letters)
    if "HIRAGANA" in scripts or "KATAKANA" in scripts:  # Japanese mixes kana with Chinese characters
        scripts["HIRAGANA"] += scripts.pop("CJK", 0) + scripts.pop("KATAKANA", 0)
    script, count = scripts.most_common(1)[0]
    if script in ("LATIN", "") or count * 10 < len(letters) * 6 or script not in _LANGUAGES:
        return "", ""
    shown = _SHOWN.get(script, script.title())
    present = set("".join(texts).lower())
    for own, tag in _LANGUAGES[script]:
        if not own or present & set(own):
            return tag, f"most of the text is in {shown}" + (f", with letters only '{tag}' uses" if own else "")
    examples = f" (such as {_SUGGESTED[script]})" if script in _SUGGESTED else ""
    return "", f"most of the text is in {shown}: set `language:` to its language tag{examples}"
