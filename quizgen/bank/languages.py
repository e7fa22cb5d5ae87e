"""The languages quizgen has words for, and the words a bank may replace.

A bank's `language:` is checked against the catalogs quizgen ships (`quizgen/locale/`) and its
`labels:` against `LABELS`; the words themselves are read by `quizgen.present.i18n`.
"""

from __future__ import annotations

from pathlib import Path

LOCALE_FOLDER = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "quizgen"

# The words a bank may replace (`labels:` in the bank), by the key it uses, and the message each
# key stands for.
LABELS = {
    "name": "Name",
    "class": "Class",
    "date": "Date",
    "score": "Score",
    "version": "Version",
    "answer_key": "Answer key",
    "answer": "Answer",
    "answer_grid": "Answer grid",
    "answers_and_explanations": "Answers and explanations",
    "why": "Why:",
    "source": "Source",
    "question": "Question",
    "true": "True",
    "false": "False",
    "check_answer": "Check answer",
    "your_answer": "Your answer",
    "your_score": "Your score",
    "correct_answer": "Correct answer",
    "explanation": "Explanation",
    "submit": "Submit all answers",
    "correct": "Correct",
    "partly_right": "Partly right",
    "wrong": "Not quite",
    "not_answered": "Not answered",
    "mode": "Mode",
    "practice": "Practice: check each answer as you go",
    "exam": "Exam: answer everything, then submit once",
    "start_over": "Start over",
    "show_answer": "Show the answer",
    # Not a word: the letters of choices, order items and match options, separated by spaces.
    "letters": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z",
}


def shipped() -> list[str]:
    """The languages with a catalog, as folder names (`pt_BR` style)."""
    return sorted(p.parent.parent.name for p in LOCALE_FOLDER.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def candidates(language: str) -> list[str]:
    """`pt-BR` → pt_BR, pt: the most specific catalog first."""
    parts = language.replace("_", "-").split("-")
    names = []
    for end in range(len(parts), 0, -1):
        first, rest = parts[0].lower(), [p.upper() if len(p) == 2 else p.title() for p in parts[1:end]]
        names.append("_".join([first, *rest]))
    return names


def po_path(name: str) -> Path:
    """Where the catalog of one language folder (`pt_BR` style) is."""
    return LOCALE_FOLDER / name / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_catalog(language: str) -> bool:
    """Whether quizgen has words in this language (its own catalog or its base language's)."""
    return any(po_path(name).is_file() for name in candidates(language))
